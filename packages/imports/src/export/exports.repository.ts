import { type ExclusionExport, ExclusionExportSchema, type ExportStatus, type Orm } from '@ccp/db';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * The `exclusion_exports` table, for the api (which stores an export and reads it back, always within
 * its account: ACC-3) and for the build (which the worker runs). An export is `queued` (stored by the
 * api) → `running` → `done` (with its file and row count, in one update) or `failed` (with the reason);
 * a finished export is never written again.
 */

/** The states in which an export is still to be built. */
const unfinished = () => ({ $in: ['queued' as const, 'running' as const] });

/** An export as the api stores it, before its build is queued. */
export interface NewExport {
  readonly id: string;
  readonly accountId: string;
  readonly format: 'csv' | 'xlsx';
  readonly createdBy: string;
  readonly createdAt?: Date;
}

/** Adds the export's row, `queued`, to the caller's unit of work. */
export function insertExport(em: SqlEntityManager, created: NewExport): void {
  em.create(ExclusionExportSchema, {
    id: created.id,
    account: created.accountId,
    format: created.format,
    status: 'queued',
    rows: null,
    content: null,
    error: null,
    createdBy: created.createdBy,
    ...(created.createdAt ? { createdAt: created.createdAt } : {}),
    finishedAt: null,
  });
}

/** Deletes the account's exports asked for before `before`, files and all. */
export async function deleteExportsBefore(em: SqlEntityManager, accountId: string, before: Date): Promise<void> {
  await em.nativeDelete(ExclusionExportSchema, { account: accountId, createdAt: { $lt: before } });
}

/** Every column of an export but the file. */
const EXPORT_FIELDS = ['id', 'format', 'status', 'rows', 'error', 'createdAt', 'finishedAt'] as const;

/** An export as the api shows it. */
export type ExportRecord = Pick<ExclusionExport, (typeof EXPORT_FIELDS)[number]>;

/** One export of the account, with its file when asked; null when the account has no such export. */
export async function accountExport(
  em: SqlEntityManager,
  accountId: string,
  exportId: string,
  options: { readonly withContent?: boolean } = {},
): Promise<(ExportRecord & Partial<Pick<ExclusionExport, 'content'>>) | null> {
  const fields = options.withContent ? [...EXPORT_FIELDS, 'content' as const] : [...EXPORT_FIELDS];
  return em.findOne(ExclusionExportSchema, { id: exportId, account: accountId }, { fields });
}

/** What a build needs to know about its export; null when there is no such export. */
export async function exportToBuild(
  em: SqlEntityManager,
  exportId: string,
): Promise<{ readonly accountId: string; readonly format: 'csv' | 'xlsx'; readonly status: ExportStatus } | null> {
  const row = await em.findOne(ExclusionExportSchema, { id: exportId }, { fields: ['id', 'account', 'format', 'status'] });
  return row ? { accountId: row.account.id, format: row.format, status: row.status } : null;
}

/** Marks an unfinished export `running`. */
export async function markExportRunning(em: SqlEntityManager, exportId: string): Promise<void> {
  await em.nativeUpdate(ExclusionExportSchema, { id: exportId, status: unfinished() }, { status: 'running', error: null });
}

/** Stores the file, its row count and `done` in one update; false when the export was finished meanwhile. */
export async function completeExport(
  em: SqlEntityManager,
  exportId: string,
  built: { readonly rows: number; readonly content: Uint8Array; readonly finishedAt: Date },
): Promise<boolean> {
  const { content } = built;
  const stored = await em.nativeUpdate(
    ExclusionExportSchema,
    { id: exportId, status: unfinished() },
    {
      status: 'done',
      rows: built.rows,
      content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
      error: null,
      finishedAt: built.finishedAt,
    },
  );
  return stored === 1;
}

/**
 * Marks an unfinished export `failed` with the reason, within its account when the api names it;
 * false when it was finished already (a `done` export stays done).
 */
export async function failExport(
  orm: Orm,
  exportId: string,
  reason: string,
  options: { readonly accountId?: string; readonly now?: Date } = {},
): Promise<boolean> {
  const failed = await orm.em
    .fork()
    .nativeUpdate(
      ExclusionExportSchema,
      { id: exportId, status: unfinished(), ...(options.accountId === undefined ? {} : { account: options.accountId }) },
      { status: 'failed', error: reason, finishedAt: options.now ?? new Date() },
    );
  return failed === 1;
}

/** The export's status now, or null when there is no such export. */
export async function exportStatus(orm: Orm, exportId: string): Promise<ExportStatus | null> {
  const row = await orm.em.fork().findOne(ExclusionExportSchema, { id: exportId }, { fields: ['status'] });
  return row?.status ?? null;
}
