import { ExclusionExportSchema, type Orm } from '@ccp/db';
import { exclusionCsvBytes } from './csv-export.js';
import type { ExportedEntry, ExportPages } from './export-rows.js';
import { activeListPages, type ListPagesOptions } from './list-pages.js';
import { exclusionXlsx } from './xlsx-export.js';

/** How a build ended. Anything thrown (the database unavailable, `ListReplaced`) is worth a retry. */
export type ExportResult =
  /** Built now: the file and its row count are stored and the export is `done`, in one update. */
  | { readonly kind: 'done'; readonly format: 'csv' | 'xlsx'; readonly rows: number; readonly bytes: number }
  /** The export was finished before (or failed meanwhile): nothing was written. */
  | { readonly kind: 'finished'; readonly status: 'done' | 'failed' }
  /** No such export (deleted with its account, or expired). */
  | { readonly kind: 'missing' };

export interface BuildExportOptions extends ListPagesOptions {
  readonly now?: () => Date;
}

/** The states in which an export is still to be built; a build never touches a finished one. */
const unfinished = () => ({ $in: ['queued' as const, 'running' as const] });

/**
 * Builds a stored export of an account's exclusion list (EXC-9): marks it `running`, reads the active
 * list page by page, writes the file in the export's format, then stores the file, its row count and
 * `done` in one update. Running it again (a retry, a second worker after a stall) builds the same file
 * again; a finished export is left as it is.
 */
export async function buildExclusionExport(orm: Orm, exportId: string, options: BuildExportOptions = {}): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const em = orm.em.fork();
  const row = await em.findOne(ExclusionExportSchema, { id: exportId }, { fields: ['id', 'account', 'format', 'status'] });
  if (!row) return { kind: 'missing' };
  if (row.status === 'done' || row.status === 'failed') return { kind: 'finished', status: row.status };
  await em.nativeUpdate(ExclusionExportSchema, { id: exportId, status: unfinished() }, { status: 'running', error: null });

  let rows = 0;
  const pages = counting(activeListPages(em, row.account.id, options), (count) => {
    rows += count;
  });
  const content = row.format === 'xlsx' ? await exclusionXlsx(pages) : await exclusionCsvBytes(pages);
  const stored = await em.nativeUpdate(
    ExclusionExportSchema,
    { id: exportId, status: unfinished() },
    { status: 'done', rows, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength), error: null, finishedAt: now() },
  );
  if (stored !== 1) return { kind: 'finished', status: (await exportStatus(orm, exportId)) === 'done' ? 'done' : 'failed' };
  return { kind: 'done', format: row.format, rows, bytes: content.byteLength };
}

/** Marks an unfinished export `failed` with the reason; false when it was finished already (a `done` export stays done). */
export async function failExport(orm: Orm, exportId: string, reason: string, now: Date = new Date()): Promise<boolean> {
  const failed = await orm.em
    .fork()
    .nativeUpdate(ExclusionExportSchema, { id: exportId, status: unfinished() }, { status: 'failed', error: reason, finishedAt: now });
  return failed === 1;
}

/** The export's status now, or null when there is no such export. */
export async function exportStatus(orm: Orm, exportId: string): Promise<'queued' | 'running' | 'done' | 'failed' | null> {
  const row = await orm.em.fork().findOne(ExclusionExportSchema, { id: exportId }, { fields: ['status'] });
  return row?.status ?? null;
}

async function* counting(pages: ExportPages, count: (entries: number) => void): AsyncGenerator<readonly ExportedEntry[]> {
  for await (const page of pages) {
    count(page.length);
    yield page;
  }
}
