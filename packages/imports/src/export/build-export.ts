import type { Orm } from '@ccp/db';
import { exclusionCsvBytes } from './csv-export.js';
import type { ExportedEntry, ExportPages } from './export-rows.js';
import { completeExport, exportStatus, exportToBuild, markExportRunning } from './exports.repository.js';
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

/**
 * Builds a stored export of an account's exclusion list (EXC-9): marks it `running`, reads the active
 * list page by page, writes the file in the export's format, then stores the file, its row count and
 * `done` in one update. Running it again (a retry, a second worker after a stall) builds the same file
 * again; a finished export is left as it is.
 */
export async function buildExclusionExport(orm: Orm, exportId: string, options: BuildExportOptions = {}): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const em = orm.em.fork();
  const row = await exportToBuild(em, exportId);
  if (!row) return { kind: 'missing' };
  if (row.status === 'done' || row.status === 'failed') return { kind: 'finished', status: row.status };
  await markExportRunning(em, exportId);

  let rows = 0;
  const pages = counting(activeListPages(em, row.accountId, options), (count) => {
    rows += count;
  });
  const content = row.format === 'xlsx' ? await exclusionXlsx(pages) : await exclusionCsvBytes(pages);
  if (!(await completeExport(em, exportId, { rows, content, finishedAt: now() }))) {
    return { kind: 'finished', status: (await exportStatus(orm, exportId)) === 'done' ? 'done' : 'failed' };
  }
  return { kind: 'done', format: row.format, rows, bytes: content.byteLength };
}

async function* counting(pages: ExportPages, count: (entries: number) => void): AsyncGenerator<readonly ExportedEntry[]> {
  for await (const page of pages) {
    count(page.length);
    yield page;
  }
}
