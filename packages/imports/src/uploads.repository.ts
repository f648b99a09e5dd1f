import { bumpPolicyRevision, type Orm, type RejectedRow, type Upload, UploadSchema } from '@ccp/db';
import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { ImportSuperseded } from './errors.js';

/**
 * The `uploads` table, for the api (which stores an upload and reads it back, always within its
 * account: ACC-3) and for the import (which runs it).
 *
 * The upload row's life: `queued` (stored by the api) → `running` (a run claimed it, with its run id)
 * → `done` (in the same transaction as the data change) or `failed` (with the reason, no data change).
 * Every write by a run names its run id: a run that stalled and woke up after another took over
 * changes nothing.
 */

/** An upload as the api stores it, before its import is queued. */
export interface NewUpload {
  readonly id: string;
  readonly accountId: string;
  readonly mode: 'add' | 'replace';
  readonly fileName: string;
  readonly content: Uint8Array;
  readonly createdBy: string;
  readonly createdAt?: Date;
}

/** Adds the upload's row, `queued`, to the caller's unit of work (the api flushes it with its audit row). */
export function insertUpload(em: SqlEntityManager, upload: NewUpload): void {
  em.create(UploadSchema, {
    id: upload.id,
    account: upload.accountId,
    mode: upload.mode,
    status: 'queued',
    progress: 0,
    fileName: upload.fileName,
    content: Buffer.isBuffer(upload.content) ? upload.content : Buffer.from(upload.content),
    imported: 0,
    duplicates: 0,
    rejectedCount: 0,
    rejected: [],
    error: null,
    createdBy: upload.createdBy,
    ...(upload.createdAt ? { createdAt: upload.createdAt } : {}),
    finishedAt: null,
  });
}

/** Every column of an upload but the file (which only the import reads) and the full rejected CSV. */
const UPLOAD_FIELDS = [
  'id',
  'fileName',
  'mode',
  'status',
  'progress',
  'imported',
  'duplicates',
  'rejectedCount',
  'rejected',
  'error',
  'createdAt',
  'createdBy',
  'finishedAt',
] as const;

/** An upload as the api shows it. */
export type UploadRecord = Pick<Upload, (typeof UPLOAD_FIELDS)[number]>;

/** One upload of the account, with its full rejected CSV when asked; null when the account has no such upload. */
export async function accountUpload(
  em: SqlEntityManager,
  accountId: string,
  uploadId: string,
  options: { readonly withRejectedCsv?: boolean } = {},
): Promise<(UploadRecord & Pick<Upload, 'rejectedCsv'>) | null> {
  const fields = options.withRejectedCsv ? [...UPLOAD_FIELDS, 'rejectedCsv' as const] : [...UPLOAD_FIELDS];
  const row = await em.findOne(UploadSchema, { id: uploadId, account: accountId }, { fields });
  return row as (UploadRecord & Pick<Upload, 'rejectedCsv'>) | null;
}

/** Where a page of uploads starts: after this one, newest first. */
export interface UploadPosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** Up to `limit` uploads of the account, newest first, after `after` when given. */
export async function accountUploads(
  em: SqlEntityManager,
  accountId: string,
  page: { readonly limit: number; readonly after?: UploadPosition | undefined },
): Promise<UploadRecord[]> {
  const where: FilterQuery<Upload> = { account: accountId };
  const { after } = page;
  if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
  return em.find(UploadSchema, where, { fields: [...UPLOAD_FIELDS], orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: page.limit });
}

/** What an import needs to know about its upload (the file is read separately). */
export interface UploadTicket {
  readonly id: string;
  readonly accountId: string;
  readonly mode: 'add' | 'replace';
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly fileName: string;
  /** The size of its file in bytes. */
  readonly size: number;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export async function findUpload(em: SqlEntityManager, uploadId: string): Promise<UploadTicket | null> {
  const upload = await em.findOne(
    UploadSchema,
    { id: uploadId },
    { fields: ['id', 'account', 'mode', 'status', 'fileName', 'createdBy', 'createdAt'] },
  );
  if (!upload) return null;
  const { id, mode, status, fileName, createdBy, createdAt } = upload;
  const size = await contentSize(em, id);
  return size === null ? null : { id, accountId: upload.account.id, mode, status, fileName, size, createdBy, createdAt };
}

/** The size of an upload's file in bytes, without reading it; null when the upload is gone. */
async function contentSize(em: SqlEntityManager, uploadId: string): Promise<number | null> {
  const [row] = await em.execute<Array<{ size: number | string | bigint }>>('select length(content) as size from uploads where id = ?', [
    uploadId,
  ]);
  return row ? Number(row.size) : null;
}

/** How much of an upload's file is read at a time (`uploadContent`): 2 MB slices left a 100 MB file at 160 MB over the process, 8 MB ones at 260 MB. */
const CONTENT_SLICE_BYTES = 2 * 1024 * 1024;

/**
 * The file of an upload, as stored, in one buffer, read 2 MB at a time (issue 13): the pg driver
 * receives a `bytea` as hex text and decodes it, so reading a 100 MB file in one go took a 200 MB
 * string on top of the file (and the ORM's copy of it).
 */
export async function uploadContent(em: SqlEntityManager, uploadId: string): Promise<Uint8Array> {
  const size = await contentSize(em, uploadId);
  if (size === null) throw new Error(`upload ${uploadId} is gone`);
  const content = Buffer.allocUnsafe(size);
  for (let at = 0; at < size; at += CONTENT_SLICE_BYTES) {
    const [slice] = await em.execute<Array<{ part: Uint8Array }>>(
      'select substr(content, cast(? as integer), cast(? as integer)) as part from uploads where id = ?',
      [at + 1, CONTENT_SLICE_BYTES, uploadId],
    );
    const part = slice?.part;
    if (!part || part.length !== Math.min(CONTENT_SLICE_BYTES, size - at)) throw new Error(`upload ${uploadId} changed while it was read`);
    content.set(part, at);
  }
  return content;
}

/** The oldest upload of the same account that was stored before this one and is not finished: it goes first. */
export async function olderUnfinishedUpload(em: SqlEntityManager, upload: UploadTicket): Promise<string | null> {
  const older = await em.findOne(
    UploadSchema,
    {
      account: upload.accountId,
      status: { $in: ['queued', 'running'] },
      $or: [{ createdAt: { $lt: upload.createdAt } }, { createdAt: upload.createdAt, id: { $lt: upload.id } }],
    },
    { fields: ['id'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return older?.id ?? null;
}

/** Marks the upload `running` for this run, unless it is finished. True when this run holds it now. */
export async function claimUpload(em: SqlEntityManager, uploadId: string, runId: string): Promise<boolean> {
  const claimed = await em.nativeUpdate(
    UploadSchema,
    { id: uploadId, status: { $in: ['queued', 'running'] } },
    { status: 'running', runId, progress: 0, error: null },
  );
  return claimed === 1;
}

/**
 * Takes the upload's row for the final transaction of this run (its write lock on SQLite, its row lock
 * on PostgreSQL), or throws `ImportSuperseded` (rolling the transaction back) when another run holds it.
 */
export async function lockForCompletion(tx: SqlEntityManager, uploadId: string, runId: string): Promise<void> {
  const held = await tx.nativeUpdate(UploadSchema, { id: uploadId, runId, status: 'running' }, { progress: 1 });
  if (held !== 1) throw new ImportSuperseded(uploadId);
}

export interface Outcome {
  readonly imported: number;
  readonly duplicates: number;
  readonly rejectedCount: number;
  readonly rejected: RejectedRow[];
  readonly rejectedCsv: string;
}

/**
 * Marks the upload `done` with its outcome, in the transaction that changed the list, and moves the
 * account's policy revision with it (so no crash can leave a changed list that no policy build knows
 * of); returns the new revision. Throws `ImportSuperseded` if the upload is not this run's.
 */
export async function completeUpload(
  tx: SqlEntityManager,
  upload: { readonly id: string; readonly accountId: string },
  runId: string,
  outcome: Outcome,
  now: Date,
): Promise<number> {
  const done = await tx.nativeUpdate(
    UploadSchema,
    { id: upload.id, runId, status: 'running' },
    { ...outcome, status: 'done', progress: 1, error: null, finishedAt: now, runId: null },
  );
  if (done !== 1) throw new ImportSuperseded(upload.id);
  return bumpPolicyRevision(tx, upload.accountId, { exclusions: true });
}

/** Records how far this run is (0..1), outside any data transaction, so the api shows it while the import runs (EXC-10). */
export async function recordProgress(orm: Orm, uploadId: string, runId: string, progress: number): Promise<void> {
  await orm.em
    .fork()
    .nativeUpdate(UploadSchema, { id: uploadId, runId, status: 'running' }, { progress: Math.round(progress * 1000) / 1000 });
}

/**
 * Marks an unfinished upload `failed` with the reason; the list is not touched. False when it was
 * finished already (a `done` upload stays done).
 */
export async function failUpload(orm: Orm, uploadId: string, reason: string, now: Date = new Date()): Promise<boolean> {
  const failed = await orm.em
    .fork()
    .nativeUpdate(
      UploadSchema,
      { id: uploadId, status: { $in: ['queued', 'running'] } },
      { status: 'failed', error: reason, finishedAt: now, runId: null },
    );
  return failed === 1;
}

/** Gives an upload this run holds back to the queue (`queued`, progress 0): the run stopped and changed nothing. */
export async function releaseUpload(orm: Orm, uploadId: string, runId: string): Promise<void> {
  await orm.em
    .fork()
    .nativeUpdate(UploadSchema, { id: uploadId, runId, status: 'running' }, { status: 'queued', progress: 0, runId: null });
}

/** An upload that is stored but not finished, as the reconciler sees it. */
export interface UnfinishedUpload {
  readonly id: string;
  readonly accountId: string;
  readonly accountSlug: string;
  readonly fileName: string;
  readonly status: 'queued' | 'running';
}

/** Uploads `queued` or `running` that were stored before `storedBefore`, oldest first. */
export async function unfinishedUploads(orm: Orm, storedBefore: Date, limit = 500): Promise<UnfinishedUpload[]> {
  const uploads = await orm.em
    .fork()
    .find(
      UploadSchema,
      { status: { $in: ['queued', 'running'] }, createdAt: { $lt: storedBefore } },
      { fields: ['id', 'fileName', 'status', 'account.slug'], orderBy: { createdAt: 'asc', id: 'asc' }, limit },
    );
  return uploads.map((upload) => ({
    id: upload.id,
    accountId: upload.account.id,
    accountSlug: upload.account.slug,
    fileName: upload.fileName,
    status: upload.status as 'queued' | 'running',
  }));
}

/** The upload's status now, or null when there is no such upload. */
export async function uploadStatus(orm: Orm, uploadId: string): Promise<UploadTicket['status'] | null> {
  const upload = await orm.em.fork().findOne(UploadSchema, { id: uploadId }, { fields: ['status'] });
  return upload?.status ?? null;
}
