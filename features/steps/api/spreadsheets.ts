/**
 * The files of EXC-8 and EXC-9, made and read with SheetJS as a spreadsheet program would: `{spreadsheet}`
 * is "CSV" or "XLSX" in the scenarios.
 */

import { defineParameterType } from '@cucumber/cucumber';
import * as XLSX from '@e965/xlsx';

export type SpreadsheetFormat = 'csv' | 'xlsx';

defineParameterType({
  name: 'spreadsheet',
  regexp: /CSV|XLSX/,
  transformer: (format: string): SpreadsheetFormat => (format === 'CSV' ? 'csv' : 'xlsx'),
});

/** A file as it is uploaded: its name and its bytes. */
export interface File {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The rows it holds, when the steps made it. */
  readonly rows?: number;
}

/** A spreadsheet of one column: one text cell per row. */
export function spreadsheet(format: SpreadsheetFormat, rows: readonly string[]): File {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows.map((row) => [row])), 'Numbers');
  return { name: `numbers.${format}`, bytes: XLSX.write(book, { bookType: format, type: 'buffer' }) as Uint8Array, rows: rows.length };
}

/** The rows of a downloaded file's first sheet, each cell as text (`raw`: "(212) 555-0123" stays text, not a number). */
export function rowsOf(bytes: Uint8Array): string[][] {
  const book = XLSX.read(bytes, { type: 'buffer', raw: true });
  const sheet = book.Sheets[book.SheetNames[0] ?? ''];
  if (!sheet) return [];
  return XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, blankrows: false });
}
