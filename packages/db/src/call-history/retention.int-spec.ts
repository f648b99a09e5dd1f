import { afterEach, describe, expect, it } from 'vitest';
import { createAccount } from '../accounts.js';
import { type Orm, openDatabase } from '../orm.js';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '../testing/databases.js';
import { searchCalls } from './call-search.js';
import { findKeptCall, holdCall, keepCalls, releaseCall } from './kept-calls.js';
import { dropExpiredHistory, ensureHistoryPartitions, partitionName, weekStart } from './partitions.js';
import { applyRetentionChange, applyRetentionChanges, historySettings, setRetention } from './retention.js';
import { sampleCall } from './sample-calls.js';

const DAY = 86_400_000;
/** A Wednesday. */
const NOW = new Date('2026-12-09T12:00:00.000Z');
const daysAfter = (days: number, from = NOW) => new Date(from.getTime() + days * DAY);

describe.each(TEST_DRIVERS)('call history retention on %s', (driver) => {
  const opened: Array<{ database: TestDatabase; orm: Orm }> = [];
  let slugs = 0;

  /** A database of its own: dropping expired history is for every account of a database. */
  async function fresh(): Promise<Orm> {
    const database = await createTestDatabase(driver);
    const orm = await openDatabase(database.url);
    opened.push({ database, orm });
    return orm;
  }

  afterEach(async () => {
    for (const { database, orm } of opened.splice(0)) {
      await orm.close();
      await database.drop();
    }
  });

  async function account(orm: Orm): Promise<string> {
    const slug = `retention-${driver}-${++slugs}`;
    return (await createAccount(orm.em.fork(), { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true })).id;
  }

  async function visible(orm: Orm, accountId: string, now: Date): Promise<string[]> {
    const page = await searchCalls(orm.em.fork(), accountId, {}, null, 1_000, now);
    return page.items.map((item) => item.callId);
  }

  async function count(orm: Orm, where = ''): Promise<number> {
    const [row] = await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ n: number | string }>>(`select count(*) as n from kept_calls ${where}`);
    return Number(row?.n);
  }

  it('HIS-4: the retention is 400 days until changed, and a change needs the revision it was read at', async () => {
    const orm = await fresh();
    const accountId = await account(orm);
    expect(await historySettings(orm.em.fork(), accountId)).toEqual({ retentionDays: 400, revision: 0 });
    expect(await setRetention(orm.em.fork(), accountId, 30, 1, 'Alice')).toBe('stale');
    expect(await setRetention(orm.em.fork(), accountId, 30, 0, 'Alice')).toEqual({ retentionDays: 30, revision: 1 });
    expect(await setRetention(orm.em.fork(), accountId, 60, 0, 'Bob')).toBe('stale');
    expect(await setRetention(orm.em.fork(), accountId, 60, 1, 'Bob')).toEqual({ retentionDays: 60, revision: 2 });
    expect(await historySettings(orm.em.fork(), accountId)).toEqual({ retentionDays: 60, revision: 2 });
    for (const days of [0, 3651, 1.5, Number.NaN])
      await expect(setRetention(orm.em.fork(), accountId, days, 2)).rejects.toThrow(RangeError);
    const other = await account(orm);
    expect(await historySettings(orm.em.fork(), other)).toEqual({ retentionDays: 400, revision: 0 });
    const racing = await Promise.all([setRetention(orm.em.fork(), other, 10, 0), setRetention(orm.em.fork(), other, 20, 0)]);
    expect(racing.filter((outcome) => outcome === 'stale')).toHaveLength(1);
  });

  it("HIS-4: a call is kept for its account's retention after it started, and one already past it is not written", async () => {
    const orm = await fresh();
    const [long, short] = [await account(orm), await account(orm)];
    await setRetention(orm.em.fork(), short, 7, 0);
    const startedAt = daysAfter(-2);
    const outcome = await keepCalls(
      orm.em.fork(),
      [
        sampleCall({ accountId: long, callId: 'kept', startedAt }),
        sampleCall({ accountId: short, callId: 'kept', startedAt }),
        sampleCall({ accountId: short, callId: 'too-old', startedAt: daysAfter(-8) }),
      ],
      NOW,
    );
    expect(outcome).toEqual({ kept: 2, already: 0, expired: 1 });
    expect(await findKeptCall(orm.em.fork(), short, 'kept', new Date(startedAt.getTime() + 7 * DAY - 1))).not.toBeNull();
    expect(await findKeptCall(orm.em.fork(), short, 'kept', daysAfter(7, startedAt))).toBeNull();
    expect(await findKeptCall(orm.em.fork(), long, 'kept', daysAfter(7, startedAt))).not.toBeNull();
    expect(await findKeptCall(orm.em.fork(), long, 'kept', daysAfter(400, startedAt))).toBeNull();
    // Written again after the account's retention changed (its expiry would differ): still kept once.
    await setRetention(orm.em.fork(), long, 30, 0);
    expect(await keepCalls(orm.em.fork(), [sampleCall({ accountId: long, callId: 'kept', startedAt })], NOW)).toEqual({
      kept: 0,
      already: 1,
      expired: 0,
    });
  });

  it('HIS-4: a retention change re-expires the calls kept before it, in batches; held calls keep their hold', async () => {
    const orm = await fresh();
    const [accountId, other] = [await account(orm), await account(orm)];
    const ages = [1, 2, 3, 4, 6, 8, 10, 20];
    const calls = ages.map((age) => sampleCall({ accountId, callId: `age-${age}`, startedAt: daysAfter(-age) }));
    await keepCalls(orm.em.fork(), [...calls, sampleCall({ accountId: other, callId: 'age-20', startedAt: daysAfter(-20) })], NOW);
    await holdCall(orm.em.fork(), accountId, 'age-20', { reason: 'audit', by: 'legal', at: NOW }, NOW);

    expect(await setRetention(orm.em.fork(), accountId, 5, 0)).toEqual({ retentionDays: 5, revision: 1 });
    // Nothing moved yet: the change is applied by batches.
    expect(await visible(orm, accountId, NOW)).toHaveLength(8);
    const batches = [];
    for (;;) {
      const batch = await applyRetentionChange(orm.em.fork(), accountId, 3, NOW);
      batches.push(batch);
      if (batch.done) break;
    }
    expect(batches.map((batch) => batch.done)).toEqual([false, false, true]);
    // 1..4 days old now expire 5 days after they started; 6, 8, 10 days old were past it: deleted. The held call stays.
    expect(batches.reduce((sum, batch) => sum + batch.reExpired, 0)).toBe(7);
    expect(await visible(orm, accountId, NOW)).toEqual(['age-1', 'age-2', 'age-3', 'age-4', 'age-20']);
    expect(await visible(orm, accountId, daysAfter(1.5))).toEqual(['age-1', 'age-2', 'age-3', 'age-20']);
    expect(await visible(orm, other, daysAfter(300))).toEqual(['age-20']);
    expect(await applyRetentionChange(orm.em.fork(), accountId, 3, NOW)).toEqual({ reExpired: 0, done: true });

    // A longer period moves every expiry later, and brings back none of the calls already gone.
    await setRetention(orm.em.fork(), accountId, 400, 1);
    expect(await applyRetentionChanges(orm.em.fork(), { batch: 2, now: NOW })).toBe(4);
    expect(await visible(orm, accountId, daysAfter(300))).toEqual(['age-1', 'age-2', 'age-3', 'age-4', 'age-20']);
    expect(await applyRetentionChanges(orm.em.fork(), { now: NOW })).toBe(0);
  });

  it('HIS-4: a change made while batches run starts them again from the newest call', async () => {
    const orm = await fresh();
    const accountId = await account(orm);
    await keepCalls(
      orm.em.fork(),
      [1, 2, 3, 4].map((age) => sampleCall({ accountId, callId: `c-${age}`, startedAt: daysAfter(-age) })),
      NOW,
    );
    await setRetention(orm.em.fork(), accountId, 100, 0);
    expect(await applyRetentionChange(orm.em.fork(), accountId, 2, NOW)).toEqual({ reExpired: 2, done: false });
    await setRetention(orm.em.fork(), accountId, 50, 1);
    expect(await applyRetentionChange(orm.em.fork(), accountId, 10, NOW)).toEqual({ reExpired: 4, done: true });
    expect(await visible(orm, accountId, daysAfter(49 - 1))).toEqual(['c-1']);
  });

  it('HIS-4: a held call survives the deletion of expired calls; released, it expires with the retention', async () => {
    const orm = await fresh();
    const accountId = await account(orm);
    await setRetention(orm.em.fork(), accountId, 30, 0);
    await keepCalls(
      orm.em.fork(),
      [
        sampleCall({ accountId, callId: 'held', startedAt: daysAfter(-10) }),
        sampleCall({ accountId, callId: 'plain', startedAt: daysAfter(-10) }),
      ],
      NOW,
    );
    await holdCall(orm.em.fork(), accountId, 'held', { reason: 'subpoena', by: 'legal', at: NOW }, NOW);
    const later = daysAfter(60);
    const dropped = await dropExpiredHistory(orm.em.fork(), later);
    expect(dropped.rowsDeleted).toBe(1);
    expect(dropped.partitionsDropped).toBe(driver === 'postgresql' ? 1 : 0);
    expect(await visible(orm, accountId, later)).toEqual(['held']);
    expect(await count(orm)).toBe(1);

    // Its retention ran out while it was held: released, it expires at once, and goes with the next deletion.
    const released = await releaseCall(orm.em.fork(), accountId, 'held', later);
    expect(released?.hold).toBeNull();
    expect(await visible(orm, accountId, later)).toEqual([]);
    expect(await dropExpiredHistory(orm.em.fork(), daysAfter(8, later))).toEqual({
      partitionsDropped: driver === 'postgresql' ? 1 : 0,
      rowsDeleted: 1,
    });
    expect(await count(orm)).toBe(0);
  });

  it('HIS-4: a call released before its retention ran out expires at its start + the retention', async () => {
    const orm = await fresh();
    const accountId = await account(orm);
    const startedAt = daysAfter(-1);
    await keepCalls(orm.em.fork(), [sampleCall({ accountId, callId: 'c', startedAt })], NOW);
    await holdCall(orm.em.fork(), accountId, 'c', { reason: 'check', by: 'legal', at: NOW }, NOW);
    expect(await visible(orm, accountId, daysAfter(1000))).toEqual(['c']);
    await releaseCall(orm.em.fork(), accountId, 'c', NOW);
    expect(await visible(orm, accountId, new Date(startedAt.getTime() + 400 * DAY - 1))).toEqual(['c']);
    expect(await visible(orm, accountId, daysAfter(400, startedAt))).toEqual([]);
  });

  it.runIf(driver === 'postgresql')('HIS-4: expired calls go as whole partitions, held calls live in kept_calls_held', async () => {
    const orm = await fresh();
    const accountId = await account(orm);
    await setRetention(orm.em.fork(), accountId, 7, 0);
    // Expiring in three different weeks.
    const calls = [-6, -5, 0, 1, 6, 7].map((day, i) => sampleCall({ accountId, callId: `w-${i}`, startedAt: daysAfter(day) }));
    await keepCalls(orm.em.fork(), calls, NOW);
    await holdCall(orm.em.fork(), accountId, 'w-0', { reason: 'hold', by: 'legal', at: NOW }, NOW);
    const partitions = async () => {
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute<Array<{ name: string; rows: string }>>(
          `select c.relname as name, (select count(*) from kept_calls k where k.tableoid = c.oid) as rows
           from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'kept_calls'::regclass order by 1`,
        );
      return Object.fromEntries(rows.map((row) => [row.name, Number(row.rows)]));
    };
    const weekOf = (days: number) => partitionName(weekStart(daysAfter(days + 7).getTime()));
    expect(await partitions()).toEqual({
      kept_calls_held: 1,
      [weekOf(-5)]: 1,
      [weekOf(0)]: 2,
      [weekOf(6)]: 2,
    });
    const [held] = await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ partition: string; expires: string }>>(
        `select tableoid::regclass::text as partition, expires_at::text as expires from kept_calls where call_id = 'w-0'`,
      );
    expect(held).toEqual({ partition: 'kept_calls_held', expires: 'infinity' });

    // The week of w-1 (expiring 2026-12-11) ends on Monday 2026-12-14.
    expect(await dropExpiredHistory(orm.em.fork(), new Date('2026-12-14T00:00:00Z'))).toEqual({ partitionsDropped: 1, rowsDeleted: 1 });
    const left = await partitions();
    expect(left).not.toHaveProperty(weekOf(-5));
    expect(left).toMatchObject({ kept_calls_held: 1, [weekOf(0)]: 2, [weekOf(6)]: 2 });
    expect(await dropExpiredHistory(orm.em.fork(), new Date('2026-12-14T00:00:00Z'))).toEqual({ partitionsDropped: 0, rowsDeleted: 0 });
    // A week's calls that expired before the week ended are no longer shown, though their partition is still there.
    expect(await visible(orm, accountId, daysAfter(8.5))).toEqual(['w-5', 'w-4', 'w-0']);
  });

  it.runIf(driver === 'postgresql')(
    'HIS-4: a write makes the partition it needs, also when another process dropped it meanwhile',
    async () => {
      const orm = await fresh();
      const second = await openDatabase(opened.at(-1)?.database.url as string);
      try {
        const accountId = await account(orm);
        const names = async () =>
          (
            await orm.em
              .fork()
              .getConnection()
              .execute<Array<{ name: string }>>(
                `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'kept_calls'::regclass`,
              )
          ).map((row) => row.name);
        expect(await names()).toEqual(['kept_calls_held']);
        const startedAt = daysAfter(-1);
        const week = partitionName(weekStart(daysAfter(400, startedAt).getTime()));
        // Two processes (two caches) writing the same new week at once.
        const outcomes = await Promise.all([
          keepCalls(orm.em.fork(), [sampleCall({ accountId, callId: 'a', startedAt })], NOW),
          keepCalls(second.em.fork(), [sampleCall({ accountId, callId: 'b', startedAt })], NOW),
        ]);
        expect(outcomes.map((outcome) => outcome.kept)).toEqual([1, 1]);
        expect((await names()).sort()).toEqual(['kept_calls_held', week]);
        // Dropped behind the first process's back (it believes the week is there): made again.
        await orm.em.fork().getConnection().execute(`alter table kept_calls detach partition ${week}`);
        await orm.em.fork().getConnection().execute(`drop table ${week}`);
        expect(await keepCalls(orm.em.fork(), [sampleCall({ accountId, callId: 'c', startedAt })], NOW)).toMatchObject({ kept: 1 });
        expect((await names()).sort()).toEqual(['kept_calls_held', week]);
      } finally {
        await second.close();
      }
    },
  );

  it('HIS-4: partitions are made ahead for the longest retention in use, once', async () => {
    const orm = await fresh();
    const accountId = await account(orm);
    const weeksAhead = Math.floor((weekStart(daysAfter(400 + 14).getTime()) - weekStart(NOW.getTime())) / (7 * DAY)) + 1;
    expect(await ensureHistoryPartitions(orm.em.fork(), NOW)).toBe(driver === 'postgresql' ? weeksAhead : 0);
    expect(await ensureHistoryPartitions(orm.em.fork(), NOW)).toBe(0);
    await setRetention(orm.em.fork(), accountId, 500, 0);
    const more = Math.floor((weekStart(daysAfter(500 + 14).getTime()) - weekStart(daysAfter(400 + 14).getTime())) / (7 * DAY));
    expect(await ensureHistoryPartitions(orm.em.fork(), NOW)).toBe(driver === 'postgresql' ? more : 0);
    // Making them ahead changes nothing the schema diff would see: kept_calls* is left out of it.
    expect(await orm.migrator.getPending()).toEqual([]);
  });
});
