import * as XLSX from '@e965/xlsx';
import { formulaSafe } from '../csv-writer.js';
import { EXPORT_HEADER, EXPORT_SHEET_NAME, type ExportedEntry, type ExportPages, exportRow } from './export-rows.js';

/**
 * The list as an XLSX workbook (EXC-9): one sheet, the header row, then one row per entry; an empty
 * list gives the header row alone. Every cell is a string cell holding formula-safe text (`formulaSafe`,
 * the rule of the CSV writer) and none has a formula, so nothing in it ever runs. SheetJS zips a
 * workbook in one synchronous call (about 7 µs a row), so a large list blocks the event loop for
 * seconds: the api builds only small ones and leaves the rest to the worker.
 */
export async function exclusionXlsx(pages: ExportPages): Promise<Uint8Array> {
  const sheet = XLSX.utils.aoa_to_sheet([[...EXPORT_HEADER]], { dense: true });
  for await (const page of pages) {
    // Rows go in page by page, so only the cells (not a second copy of the list) stay in memory.
    if (page.length > 0) XLSX.utils.sheet_add_aoa(sheet, page.map(xlsxRow), { origin: -1, dense: true });
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, EXPORT_SHEET_NAME);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

function xlsxRow(entry: ExportedEntry): string[] {
  return exportRow(entry).map(formulaSafe);
}
