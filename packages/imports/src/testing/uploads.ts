/**
 * Test helpers shared by the imports and worker tests: an upload stored the way the api stores it
 * (the row and the file first, `queued`), and reads of an account's list.
 */
import { randomUUID } from 'node:crypto';
import { activeExclusionListId, ExclusionEntrySchema, ExclusionListSchema, type Orm, type Upload, UploadSchema } from '@ccp/db';
import { insertUpload } from '../uploads.repository.js';

export interface StoredUpload {
  readonly accountId: string;
  readonly mode: 'add' | 'replace';
  readonly fileName: string;
  readonly content: Uint8Array;
  readonly createdAt?: Date;
  readonly createdBy?: string;
}

/** Stores an upload as `POST /exclusions/uploads` does, before its job is queued; returns its id. */
export async function storeUpload(orm: Orm, upload: StoredUpload): Promise<string> {
  const em = orm.em.fork();
  const id = randomUUID();
  insertUpload(em, { ...upload, id, createdBy: upload.createdBy ?? 'admin@test' });
  await em.flush();
  return id;
}

/** The upload row as stored now (the full rejected CSV included). */
export async function uploadRow(orm: Orm, uploadId: string): Promise<Omit<Upload, 'content'>> {
  const em = orm.em.fork();
  return em.findOneOrFail(UploadSchema, { id: uploadId }, { populate: ['rejectedCsv'], exclude: ['content'] }) as Promise<
    Omit<Upload, 'content'>
  >;
}

/** The entries of the account's active list, sorted. */
export async function activeEntries(orm: Orm, accountId: string): Promise<string[]> {
  const em = orm.em.fork();
  const listId = await activeExclusionListId(em, accountId);
  const rows = await em
    .createQueryBuilder(ExclusionEntrySchema)
    .select('entry')
    .where({ accountId, list: listId })
    .orderBy({ entry: 'asc' })
    .execute<Array<{ entry: string }>>('all', false);
  return rows.map((row) => row.entry);
}

/** The account's lists by state (`active` always one, the others only while an import runs). */
export async function listStates(orm: Orm, accountId: string): Promise<string[]> {
  const lists = await orm.em.fork().find(ExclusionListSchema, { account: accountId }, { fields: ['state'] });
  return lists.map((list) => list.state).sort();
}

/** Every entry row of the account, whatever its list: what is left after an import must be the active list alone. */
export async function entryRowCount(orm: Orm, accountId: string): Promise<number> {
  return orm.em.fork().count(ExclusionEntrySchema, { accountId });
}

/** A CSV file of `count` distinct valid numbers starting at +1 415 200 0000, with a header row. */
export function numbersCsv(count: number, { header = 'Number', first = 2_000_000 } = {}): Uint8Array {
  const lines = header ? [header] : [];
  for (let i = 0; i < count; i++) lines.push(`+1415${first + i}`);
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
