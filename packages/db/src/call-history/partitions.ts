import type { SqlEntityManager } from '@mikro-orm/sql';
import { DAY_MS, type Dialect, dialectOf, queryRows, rawSql, runSql, type Sql, sql } from './sql.js';

/**
 * The partitions of `kept_calls` on PostgreSQL (HIS-4). The table is partitioned by RANGE on
 * `expires_at`, the moment a call may be deleted (its start plus its account's retention), one
 * partition per ISO week (`kept_calls_w20261207` holds [Mon 2026-12-07, Mon 2026-12-14) UTC), and one,
 * `kept_calls_held`, for calls under a legal hold (`expires_at` = 'infinity'). Retention then drops
 * whole partitions whose week has passed, never deleting row by row; accounts with different
 * retention periods share partitions, because a call's partition is chosen by when it expires.
 *
 * Partitions are made ahead (`ensureHistoryPartitions`, run by the worker's upkeep) and on demand for
 * a week a write needs. They are made without blocking readers or writers: a plain table is created,
 * then attached (ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on `kept_calls`; CREATE TABLE …
 * PARTITION OF would take ACCESS EXCLUSIVE and wait for, then hold up, every query). They are dropped
 * the same way: DETACH PARTITION … CONCURRENTLY (PostgreSQL 14 or later), then DROP TABLE.
 * On SQLite there is one table and retention deletes rows.
 */

export const KEPT_CALLS = 'kept_calls';
/** SQLite's `expires_at` of a held call: the largest time a Date holds (PostgreSQL has 'infinity'). */
export const HELD_EXPIRY_MS = 8_640_000_000_000_000;

/** `expires_at` of a held call. */
export function heldExpiry(dialect: Dialect): Sql {
  return dialect === 'postgresql' ? sql`'infinity'::timestamptz` : sql`${HELD_EXPIRY_MS}`;
}
export const HELD_PARTITION = 'kept_calls_held';
const WEEK_MS = 7 * DAY_MS;
const WEEKLY = /^kept_calls_w(\d{4})(\d{2})(\d{2})$/;

/** Serializes the history's DDL across processes: pg_advisory_xact_lock(HISTORY_LOCKS, PARTITIONS_LOCK). */
export const HISTORY_LOCKS = 0x4b43; // "KC"
const PARTITIONS_LOCK = 0;
/** pg_advisory_xact_lock(ACCOUNT_LOCKS, hashtext(account id)): writes of one account's history that must not interleave. */
const ACCOUNT_LOCKS = 0x4b44;
/** A partition change gives up after this rather than queue behind a long lock holder. */
const DDL_LOCK_TIMEOUT = '5s';

/**
 * PostgreSQL: serializes, until the end of the transaction of `em`, the writes of these accounts'
 * history that read before writing (a batch of calls checking which it has; a retention change and
 * the calls written under the retention it replaces). In one order, so two batches never deadlock.
 * SQLite has one writer at a time already.
 */
export async function lockAccountHistories(em: SqlEntityManager, accountIds: Iterable<string>): Promise<void> {
  if (dialectOf(em) !== 'postgresql') return;
  for (const accountId of [...new Set(accountIds)].sort()) {
    await queryRows(em, sql`select pg_advisory_xact_lock(${ACCOUNT_LOCKS}, hashtext(${accountId}))`);
  }
}

/** Midnight UTC of the Monday of the ISO week holding `ms`. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 (day 0) was a Thursday: Monday is 3 days before it.
  return (day - ((((day + 3) % 7) + 7) % 7)) * DAY_MS;
}

/** `kept_calls_w20261207` for the week starting on Monday 2026-12-07. */
export function partitionName(weekStartMs: number): string {
  return `${KEPT_CALLS}_w${new Date(weekStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The week (its Monday, ms) of a weekly partition's name, or null for any other table. */
export function weekOfPartition(name: string): number | null {
  const match = WEEKLY.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** Per database (its connection), the weekly partitions known to be attached: a write needing one of them does not ask. */
const known = new WeakMap<object, Set<string>>();

function knownPartitions(em: SqlEntityManager): Set<string> {
  const key = em.getConnection();
  let names = known.get(key);
  if (!names) {
    names = new Set();
    known.set(key, names);
  }
  return names;
}

/** Forgets the known partitions (a write found one missing: another process dropped it). */
export function forgetPartitions(em: SqlEntityManager): void {
  knownPartitions(em).clear();
}

async function attachedPartitions(em: SqlEntityManager): Promise<Array<{ name: string; detachPending: boolean }>> {
  const rows = await queryRows<{ relname: string; inhdetachpending: boolean }>(
    em,
    sql`select c.relname, i.inhdetachpending from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = ${KEPT_CALLS}::regclass`,
  );
  return rows.map((row) => ({ name: row.relname, detachPending: row.inhdetachpending }));
}

/**
 * Makes sure the weekly partitions holding these expiry times exist (PostgreSQL; nothing on SQLite),
 * each created in a short transaction of its own, outside any transaction of `em`. Concurrent callers
 * (other workers) wait for each other and never fail for it. Returns how many were created.
 */
export async function ensurePartitionsFor(em: SqlEntityManager, expiries: Iterable<number>): Promise<number> {
  if (dialectOf(em) !== 'postgresql') return 0;
  const names = knownPartitions(em);
  const weeks = new Map<string, number>();
  for (const expiry of expiries) {
    if (!Number.isFinite(expiry)) continue;
    const week = weekStart(expiry);
    const name = partitionName(week);
    if (!names.has(name)) weeks.set(name, week);
  }
  if (weeks.size === 0) return 0;
  const own = em.fork();
  for (const { name, detachPending } of await attachedPartitions(own)) if (!detachPending) names.add(name);
  let created = 0;
  for (const [name, week] of weeks) {
    if (names.has(name)) continue;
    if (await createPartition(own, name, week)) created++;
    names.add(name);
  }
  return created;
}

async function createPartition(em: SqlEntityManager, name: string, week: number): Promise<boolean> {
  return em.transactional(async (tx) => {
    const db = tx as SqlEntityManager;
    await runSql(db, rawSql(`set local lock_timeout = '${DDL_LOCK_TIMEOUT}'`));
    await queryRows(db, sql`select pg_advisory_xact_lock(${HISTORY_LOCKS}, ${PARTITIONS_LOCK})`);
    const [attached] = await queryRows(
      db,
      sql`select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = ${KEPT_CALLS}::regclass and c.relname = ${name}`,
    );
    if (attached) return false;
    const from = new Date(week).toISOString();
    const to = new Date(week + WEEK_MS).toISOString();
    // A plain table attached afterwards: the indexes of kept_calls are built on it as it is attached (empty: at once).
    await runSql(db, rawSql(`create table if not exists "${name}" (like "${KEPT_CALLS}" including defaults including constraints)`));
    await runSql(db, rawSql(`alter table "${KEPT_CALLS}" attach partition "${name}" for values from ('${from}') to ('${to}')`));
    return true;
  });
}

/**
 * HIS-4, PostgreSQL: the weekly partitions from this week up to `now` + the longest retention any
 * account has (at least the default) + 2 weeks, made ahead so that writes seldom make one. The
 * worker runs it on a schedule. Returns how many were created (always 0 on SQLite).
 */
export async function ensureHistoryPartitions(em: SqlEntityManager, now = new Date(), defaultRetentionDays = 400): Promise<number> {
  if (dialectOf(em) !== 'postgresql') return 0;
  const [row] = await queryRows<{ days: number | null }>(em, sql`select max(retention_days) as days from history_settings`);
  const longest = Math.max(defaultRetentionDays, Number(row?.days ?? 0));
  const first = weekStart(now.getTime());
  const last = weekStart(now.getTime() + (longest + 14) * DAY_MS);
  const weeks: number[] = [];
  for (let week = first; week <= last; week += WEEK_MS) weeks.push(week);
  return ensurePartitionsFor(em, weeks);
}

export interface DroppedHistory {
  /** PostgreSQL: partitions whose week has passed, dropped whole. */
  readonly partitionsDropped: number;
  /** The calls they held (PostgreSQL), or the rows deleted (SQLite). */
  readonly rowsDeleted: number;
}

/** SQLite deletes at most this many rows a statement, so the writer lock is never held long. */
const SQLITE_DELETE_CHUNK = 5_000;

/**
 * HIS-4: deletes the calls whose retention is over. PostgreSQL drops every weekly partition whose
 * upper bound is <= `now` (its calls all expired), detaching it concurrently first, so neither
 * readers nor writers wait; held calls are in `kept_calls_held` and never dropped. Calls that expired
 * earlier in the current week stay until their week is dropped, but no query returns them
 * (every read asks for `expires_at > now`). SQLite deletes the expired rows in chunks.
 */
export async function dropExpiredHistory(em: SqlEntityManager, now = new Date()): Promise<DroppedHistory> {
  // Outside any transaction of the caller: DETACH … CONCURRENTLY cannot run in one.
  const own = em.fork();
  if (dialectOf(own) === 'sqlite') {
    let rowsDeleted = 0;
    for (;;) {
      const deleted = await runSql(
        own,
        sql`delete from kept_calls where rowid in (select rowid from kept_calls where expires_at <= ${now} limit ${SQLITE_DELETE_CHUNK})`,
      );
      rowsDeleted += deleted;
      if (deleted < SQLITE_DELETE_CHUNK) return { partitionsDropped: 0, rowsDeleted };
    }
  }
  const names = knownPartitions(own);
  const expired = (name: string) => {
    const week = weekOfPartition(name);
    return week !== null && week + WEEK_MS <= now.getTime();
  };
  let partitionsDropped = 0;
  let rowsDeleted = 0;
  for (const { name, detachPending } of await attachedPartitions(own)) {
    if (!expired(name)) continue;
    names.delete(name);
    try {
      // A detach that was interrupted (its connection lost) is finished instead of started again.
      await runSql(own, rawSql(`alter table "${KEPT_CALLS}" detach partition "${name}" ${detachPending ? 'finalize' : 'concurrently'}`));
    } catch (error) {
      // Another run detached it meanwhile (dropped below if it has not been yet), or is detaching it (it drops it).
      const partition = (await attachedPartitions(own)).find((attached) => attached.name === name);
      if (partition && !partition.detachPending) throw error;
      if (partition) continue;
    }
    const dropped = await dropDetached(own, name);
    if (dropped !== null) {
      partitionsDropped++;
      rowsDeleted += dropped;
    }
  }
  // Tables detached by a run that stopped before dropping them.
  const leftovers = await queryRows<{ relname: string }>(
    own,
    sql`select relname from pg_class where relkind = 'r' and not relispartition and relname like 'kept\\_calls\\_w%'`,
  );
  for (const { relname } of leftovers) {
    if (!expired(relname)) continue;
    const dropped = await dropDetached(own, relname);
    if (dropped !== null) {
      partitionsDropped++;
      rowsDeleted += dropped;
    }
  }
  return { partitionsDropped, rowsDeleted };
}

/** Drops a detached weekly table; returns the calls it held, or null when another run dropped it first. */
async function dropDetached(em: SqlEntityManager, name: string): Promise<number | null> {
  return em.transactional(async (tx) => {
    const db = tx as SqlEntityManager;
    await runSql(db, rawSql(`set local lock_timeout = '${DDL_LOCK_TIMEOUT}'`));
    await queryRows(db, sql`select pg_advisory_xact_lock(${HISTORY_LOCKS}, ${PARTITIONS_LOCK})`);
    const [table] = await queryRows<{ attached: boolean }>(
      db,
      sql`select relispartition as attached from pg_class where relname = ${name}`,
    );
    if (!table || table.attached) return null;
    const [count] = await queryRows<{ rows: string }>(db, rawSql(`select count(*) as rows from "${name}"`));
    await runSql(db, rawSql(`drop table "${name}"`));
    return Number(count?.rows ?? 0);
  });
}
