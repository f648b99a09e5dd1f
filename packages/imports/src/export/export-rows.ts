import { displayExclusion, exclusionKind } from '@ccp/policy-core';

/** One entry of the list as an export reads it from the database. */
export interface ExportedEntry {
  /** Normalized: E.164 or the 3-digit area code. */
  readonly entry: string;
  readonly addedAt: Date;
  readonly addedBy: string;
}

/** The entries of a list, a page at a time, in the order the file lists them. */
export type ExportPages = AsyncIterable<readonly ExportedEntry[]> | Iterable<readonly ExportedEntry[]>;

/**
 * The header row of an export (EXC-9). The importer reads the first column and takes a first row of
 * text that is no entry for the header (`validateSpreadsheet`), so `Number` is skipped on upload and
 * the other columns are only for people.
 */
export const EXPORT_HEADER: readonly string[] = ['Number', 'Kind', 'Added at', 'Added by'];

/** The name of the one sheet of an XLSX export. */
export const EXPORT_SHEET_NAME = 'Exclusion list';

/**
 * The cells of one entry, as text; the writers make them formula-safe (`formulaSafe`: `csvLine`
 * for CSV, `exclusionXlsx`), since `Added by` is free text (an API key's name, say) and a value like
 * `=HYPERLINK(…)` must open as text. The number is written as the console shows it,
 * `(415) 555-0100` or `415*`: EXC-1 reads that form back to the same entry, and it starts with
 * neither a sign nor `=`, so it never needs the `'` and a spreadsheet program keeps it as text (the
 * E.164 form `+14155550100` would be written `'+14155550100`, which the importer reads back too).
 */
export function exportRow(entry: ExportedEntry): string[] {
  return [
    displayExclusion(entry.entry),
    exclusionKind(entry.entry),
    // Seconds are enough for people, and every byte counts: a million rows have to fit an upload again.
    entry.addedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    entry.addedBy,
  ];
}

/** The file name of an export: `exclusion-list-<account slug>-<yyyy-mm-dd>.<format>` (the date in UTC). */
export function exportFileName(accountSlug: string, format: 'csv' | 'xlsx', date: Date): string {
  const slug = accountSlug.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `exclusion-list-${slug}-${date.toISOString().slice(0, 10)}.${format}`;
}

/** The media type of each export format. */
export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
