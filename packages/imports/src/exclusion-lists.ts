import { ExclusionListSchema, type Orm, UploadSchema } from '@ccp/db';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * The bulk statements of an import, on the exclusion list's tables, in plain SQL: a batch of thousands
 * of entries is one statement with one JSON parameter (no per-row parameters, no entities), which is
 * what makes a million rows a matter of seconds.
 */

export type Dialect = 'postgresql' | 'sqlite';

/** Which SQL the ORM speaks. */
export function dialectOf(orm: Orm): Dialect {
  return orm.config.get('driver')?.name === 'PostgreSqlDriver' ? 'postgresql' : 'sqlite';
}

export interface EntryBatch {
  readonly accountId: string;
  readonly listId: string;
  readonly entries: readonly string[];
  readonly addedAt: Date;
  readonly addedBy: string;
}

/** Inserts the entries a list does not have yet (`on conflict do nothing`); returns how many were new. */
export async function insertEntries(em: SqlEntityManager, dialect: Dialect, batch: EntryBatch): Promise<number> {
  const sql =
    dialect === 'postgresql'
      ? 'insert into exclusion_entries (account_id, list_id, entry, added_at, added_by) ' +
        'select ?::uuid, ?::uuid, e.value, ?::timestamptz, ? from jsonb_array_elements_text(?::jsonb) as e(value) ' +
        'on conflict do nothing'
      : 'insert into exclusion_entries (account_id, list_id, entry, added_at, added_by) ' +
        'select ?, ?, value, ?, ? from json_each(?) where true on conflict do nothing';
  const params = [batch.accountId, batch.listId, batch.addedAt, batch.addedBy, JSON.stringify(batch.entries)];
  const result = await em.execute<{ affectedRows: number }>(sql, params, 'run');
  return result.affectedRows;
}

/** Copies the entries of one list into another, keeping the ones it has; returns how many were new. */
export async function copyEntries(em: SqlEntityManager, dialect: Dialect, accountId: string, from: string, to: string): Promise<number> {
  const cast = dialect === 'postgresql' ? '::uuid' : '';
  const result = await em.execute<{ affectedRows: number }>(
    'insert into exclusion_entries (account_id, list_id, entry, added_at, added_by) ' +
      `select account_id, ?${cast}, entry, added_at, added_by from exclusion_entries where account_id = ? and list_id = ? ` +
      'on conflict do nothing',
    [to, accountId, from],
    'run',
  );
  return result.affectedRows;
}

/** Creates an empty `staging` list for an import to fill (its id chosen by the run, so a retry knows it). */
export async function createStagingList(em: SqlEntityManager, accountId: string, listId: string, now: Date): Promise<void> {
  await em.insert(ExclusionListSchema, { id: listId, account: accountId, state: 'staging', createdAt: now });
}

/**
 * Makes the staging list the account's list: the active one is retired and the staging one activated,
 * in the caller's transaction, so a reader sees the old list or the new one, never both or none.
 * False when the staging list is not there any more (another run cleaned it up).
 */
export async function swapIn(em: SqlEntityManager, accountId: string, stagingId: string): Promise<boolean> {
  const activated = await em.nativeUpdate(
    ExclusionListSchema,
    { id: stagingId, account: accountId, state: 'staging' },
    { state: 'active' },
  );
  if (activated !== 1) return false;
  await em.nativeUpdate(ExclusionListSchema, { account: accountId, state: 'active', id: { $ne: stagingId } }, { state: 'retired' });
  return true;
}

/** Rows deleted per statement on SQLite: short writes, so its single writer is never held for long. */
const DELETE_BATCH = 20_000;

/**
 * Deletes an account's lists that no decision reads: retired lists, and staging lists left by runs
 * that died (a staging list is named after its run; the run an upload row names is alive and keeps
 * its list). Each is retired first, and only a list this call retired or found retired is emptied, so
 * a list swapped in meanwhile is never touched; then it is emptied, then removed. Returns how many.
 */
export async function removeUnusedLists(orm: Orm, accountId: string): Promise<number> {
  const em = orm.em.fork();
  const dialect = dialectOf(orm);
  const runs = await em.find(UploadSchema, { account: accountId, status: 'running', runId: { $ne: null } }, { fields: ['runId'] });
  const alive = runs.map((run) => run.runId).filter((id): id is string => id !== null);
  const lists = await em.find(
    ExclusionListSchema,
    { account: accountId, state: { $in: ['staging', 'retired'] }, ...(alive.length > 0 ? { id: { $nin: alive } } : {}) },
    { fields: ['id'] },
  );
  let removed = 0;
  for (const { id } of lists) {
    // Retired stays retired: nothing activates a list that is not `staging`.
    const retired = await em.nativeUpdate(ExclusionListSchema, { id, state: { $in: ['staging', 'retired'] } }, { state: 'retired' });
    if (retired !== 1) continue;
    await deleteEntries(em, dialect, accountId, id);
    await em.nativeDelete(ExclusionListSchema, { id, state: 'retired' });
    removed++;
  }
  return removed;
}

/**
 * Empties a list. PostgreSQL: one statement walking the primary key's (account, list) prefix (MVCC:
 * nobody waits for it). SQLite: `DELETE_BATCH` rows per statement, by rowid.
 */
export async function deleteEntries(em: SqlEntityManager, dialect: Dialect, accountId: string, listId: string): Promise<void> {
  if (dialect === 'postgresql') {
    await em.execute('delete from exclusion_entries where account_id = ? and list_id = ?', [accountId, listId], 'run');
    return;
  }
  for (;;) {
    const result = await em.execute<{ affectedRows: number }>(
      'delete from exclusion_entries where rowid in ' +
        `(select rowid from exclusion_entries where account_id = ? and list_id = ? limit ${DELETE_BATCH})`,
      [accountId, listId],
      'run',
    );
    if (result.affectedRows === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
