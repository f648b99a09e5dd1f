import type { SqlEntityManager } from '@mikro-orm/sql';
import { ensurePartitionsFor, heldExpiry, lockAccountHistories } from './partitions.js';
import { DAY_MS, type Dialect, dialectOf, historyTransaction, msOf, queryRows, rawSql, runSql, type Sql, sql } from './sql.js';

/** HIS-4: how long calls are kept unless the account sets another period. */
export const DEFAULT_RETENTION_DAYS = 400;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/** An account's call history settings (`PUT /history-settings`). */
export interface HistorySettingsView {
  readonly retentionDays: number;
  /** Send as `If-Match` to change them: 0 while the account never changed them. */
  readonly revision: number;
}

/** `column = any(values)` on PostgreSQL, `column in (values)` on SQLite. */
export function inList(column: string, values: readonly unknown[], dialect: Dialect, pgType: string): Sql {
  return dialect === 'postgresql'
    ? sql`${rawSql(column)} = any(${[...values]}::${rawSql(pgType)}[])`
    : sql`${rawSql(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** What reads need to know of an account's retention. */
export interface RetentionState {
  /** The retention, in milliseconds. */
  readonly period: number;
  /** A change is being applied: calls kept before it may still have the expiry of an earlier period. */
  readonly pending: boolean;
}

export async function retentionState(em: SqlEntityManager, accountId: string): Promise<RetentionState> {
  const [row] = await queryRows<{ retention_days: number; reexpire_pending: boolean | number }>(
    em,
    sql`select retention_days, reexpire_pending from history_settings where account_id = ${accountId}`,
  );
  return { period: Number(row?.retention_days ?? DEFAULT_RETENTION_DAYS) * DAY_MS, pending: Boolean(row?.reexpire_pending) };
}

/**
 * The `expires_at` conditions of a read of one account's calls that started in [from, to): not
 * expired (`> now`), and, when no retention change is being applied (every call's expiry is then its
 * start + the account's retention, or its hold's 'infinity'), bounds that let PostgreSQL skip every
 * partition that cannot hold such a call: only the weeks from `from` + retention to `to` + retention
 * are planned and read, plus the held calls'. Without them every weekly partition would be, which
 * costs when another account keeps its calls for years. `to` defaults to now and a day (the clocks
 * of the replicas that stamped the calls).
 */
export function visibleExpiries(dialect: Dialect, retention: RetentionState, now: Date, range: { from?: Date; to?: Date } = {}): Sql {
  const notExpired = sql`expires_at > ${now}`;
  if (retention.pending) return notExpired;
  const until = new Date((range.to?.getTime() ?? now.getTime() + DAY_MS) + retention.period);
  const since = range.from ? sql` and expires_at >= ${new Date(range.from.getTime() + retention.period)}` : sql``;
  return sql`${notExpired}${since} and (expires_at < ${until} or expires_at = ${heldExpiry(dialect)})`;
}

/** The retention (days) of each of these accounts, the default for those that never set one. */
export async function retentionDaysOf(em: SqlEntityManager, accountIds: readonly string[]): Promise<Map<string, number>> {
  const days = new Map(accountIds.map((id) => [id, DEFAULT_RETENTION_DAYS]));
  if (accountIds.length === 0) return days;
  const rows = await queryRows<{ account_id: string; retention_days: number }>(
    em,
    sql`select account_id, retention_days from history_settings where ${inList('account_id', accountIds, dialectOf(em), 'uuid')}`,
  );
  for (const row of rows) days.set(row.account_id, Number(row.retention_days));
  return days;
}

/** HIS-4: the account's history settings (the defaults, revision 0, when it never changed them). */
export async function historySettings(em: SqlEntityManager, accountId: string): Promise<HistorySettingsView> {
  const [row] = await queryRows<{ retention_days: number; revision: number }>(
    em,
    sql`select retention_days, revision from history_settings where account_id = ${accountId}`,
  );
  return row
    ? { retentionDays: Number(row.retention_days), revision: Number(row.revision) }
    : { retentionDays: DEFAULT_RETENTION_DAYS, revision: 0 };
}

/**
 * HIS-4: sets the account's retention period when `expectedRevision` is the revision now (else
 * 'stale': someone changed it since it was read), and returns the new settings. Calls kept before
 * the change are re-expired afterwards, in batches, by `applyRetentionChanges` (the worker's upkeep):
 * on PostgreSQL that moves them between partitions, which is too much for one request at a million
 * calls. Calls written from now on take the new period at once. Throws a RangeError for a period
 * outside MIN_RETENTION_DAYS..MAX_RETENTION_DAYS (the api validates it first).
 */
export async function setRetention(
  em: SqlEntityManager,
  accountId: string,
  retentionDays: number,
  expectedRevision: number,
  updatedBy: string | null = null,
  now = new Date(),
): Promise<HistorySettingsView | 'stale'> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
    throw new RangeError(`retentionDays must be a whole number from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, not ${retentionDays}`);
  }
  return historyTransaction(em, async (tx) => {
    // After any batch of calls that read the old period commits, before any that would read it again.
    await lockAccountHistories(tx, [accountId]);
    const current = await historySettings(tx, accountId);
    if (current.revision !== expectedRevision) return 'stale';
    const changed = current.retentionDays !== retentionDays;
    const revision = expectedRevision + 1;
    if (expectedRevision === 0) {
      const inserted = await runSql(
        tx,
        sql`insert into history_settings (account_id, retention_days, revision, updated_at, updated_by, reexpire_pending, reexpire_cursor)
            values (${accountId}, ${retentionDays}, ${revision}, ${now}, ${updatedBy}, ${changed}, ${null})
            on conflict (account_id) do nothing`,
      );
      return inserted === 1 ? { retentionDays, revision } : 'stale';
    }
    // A new change restarts the re-expiry from the newest call; the same period again leaves a pending one as it is.
    const restart = changed ? sql`, reexpire_pending = ${true}, reexpire_cursor = ${null}` : sql``;
    const updated = await runSql(
      tx,
      sql`update history_settings set retention_days = ${retentionDays}, revision = ${revision}, updated_at = ${now},
          updated_by = ${updatedBy}${restart} where account_id = ${accountId} and revision = ${expectedRevision}`,
    );
    return updated === 1 ? { retentionDays, revision } : 'stale';
  });
}

/** What one batch of a retention change did. */
export interface RetentionBatch {
  /** Calls whose expiry moved (to the new period's), or that were deleted because the new period is already over for them. */
  readonly reExpired: number;
  /** No call of the account is left to look at. */
  readonly done: boolean;
}

/**
 * HIS-4: applies the account's latest retention change to up to `batch` of its calls kept before it,
 * newest first, from where the previous batch stopped, in one transaction: a call's expiry becomes its
 * start + the new period; a call for which that is already past is deleted (a shorter period must not
 * leave calls older than it). Held calls are left alone (their hold decides); calls already expired
 * stay expired (a longer period brings nothing back). A change made while batches run starts them
 * again from the newest call.
 */
export async function applyRetentionChange(
  em: SqlEntityManager,
  accountId: string,
  batch = 1_000,
  now = new Date(),
): Promise<RetentionBatch> {
  return historyTransaction(em, async (tx) => {
    const dialect = dialectOf(tx);
    const [settings] = await queryRows<{
      retention_days: number;
      revision: number;
      reexpire_pending: boolean | number;
      reexpire_cursor: string | null;
    }>(tx, sql`select retention_days, revision, reexpire_pending, reexpire_cursor from history_settings where account_id = ${accountId}`);
    if (!settings?.reexpire_pending) return { reExpired: 0, done: true };
    const period = Number(settings.retention_days) * DAY_MS;
    const after = parsePosition(settings.reexpire_cursor);
    const keys = await queryRows<{ call_id: string; started_ms: number }>(
      tx,
      sql`select call_id, ${msOf('started_at', dialect)} as started_ms from kept_calls
          where account_id = ${accountId} and expires_at > ${now} and hold_at is null
          ${after ? sql`and (started_at, call_id) < (${new Date(after.startedAt)}, ${after.callId})` : sql``}
          order by started_at desc, call_id desc limit ${batch}`,
    );
    let reExpired = 0;
    if (keys.length > 0) {
      const moving = keys.filter((key) => Number(key.started_ms) + period > now.getTime());
      await ensurePartitionsFor(
        tx,
        moving.map((key) => Number(key.started_ms) + period),
      );
      const inBatch = keysCondition(keys, dialect);
      // Exactly `period` milliseconds later, as keepCalls computes it: an interval in seconds, never days
      // (a day added to a timestamptz follows the session's time zone across a daylight saving change).
      const newExpiry = dialect === 'postgresql' ? sql`started_at + ${period / 1000} * interval '1 second'` : sql`started_at + ${period}`;
      const scope = sql`account_id = ${accountId} and ${inBatch} and hold_at is null and expires_at > ${now}`;
      reExpired += await runSql(tx, sql`delete from kept_calls where ${scope} and ${newExpiry} <= ${now}`);
      reExpired += await runSql(tx, sql`update kept_calls set expires_at = ${newExpiry} where ${scope} and expires_at <> ${newExpiry}`);
    }
    const last = keys.at(-1);
    const done = keys.length < batch || !last;
    const cursor = done || !last ? null : JSON.stringify([Number(last.started_ms), last.call_id]);
    // Only when no new change came meanwhile (it restarted the re-expiry: its cursor must stay).
    await runSql(
      tx,
      sql`update history_settings set reexpire_pending = ${!done}, reexpire_cursor = ${cursor}
          where account_id = ${accountId} and revision = ${Number(settings.revision)}`,
    );
    return { reExpired, done };
  });
}

function parsePosition(cursor: string | null): { startedAt: number; callId: string } | null {
  if (!cursor) return null;
  const [startedAt, callId] = JSON.parse(cursor) as [number, string];
  return { startedAt, callId };
}

/** `(call_id, started_at)` among these keys. */
function keysCondition(keys: ReadonlyArray<{ call_id: string; started_ms: number }>, dialect: Dialect): Sql {
  if (dialect === 'postgresql') {
    const ids = keys.map((key) => key.call_id);
    const starts = keys.map((key) => new Date(Number(key.started_ms)));
    return sql`(call_id, started_at) in (select * from unnest(${ids}::text[], ${starts}::timestamptz[]))`;
  }
  const pairs = JSON.stringify(keys.map((key) => [key.call_id, Number(key.started_ms)]));
  return sql`(call_id, started_at) in (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${pairs}))`;
}

export interface RetentionChangesOptions {
  /** Calls a batch (one transaction). */
  readonly batch?: number;
  /** Stops starting batches after this long; the rest waits for the next run. */
  readonly withinMs?: number;
  readonly now?: Date;
}

/**
 * HIS-4, for the worker's upkeep: applies every pending retention change, batch after batch, until
 * none is left or `withinMs` is spent. Returns how many calls it re-expired.
 */
export async function applyRetentionChanges(em: SqlEntityManager, options: RetentionChangesOptions = {}): Promise<number> {
  const { batch = 1_000, withinMs = 5 * 60_000, now = new Date() } = options;
  const deadline = Date.now() + withinMs;
  const pending = await queryRows<{ account_id: string }>(
    em,
    sql`select account_id from history_settings where reexpire_pending = ${true}`,
  );
  let total = 0;
  for (const { account_id: accountId } of pending) {
    for (;;) {
      if (Date.now() >= deadline) return total;
      const outcome = await applyRetentionChange(em.fork(), accountId, batch, now);
      total += outcome.reExpired;
      if (outcome.done) break;
    }
  }
  return total;
}
