import { csvLine, UTF8_BOM } from '../csv-writer.js';
import { EXPORT_HEADER, type ExportPages, exportRow } from './export-rows.js';

/**
 * The list as CSV (EXC-9), one chunk of text per page, so the caller streams it with flat memory:
 * the header row first (alone, for an empty list: the blank template), then the entries in the order
 * of the pages. UTF-8 with a byte order mark, comma separated, CRLF line ends (RFC 4180), every cell
 * formula-safe (`csvLine`). A page is read only when the chunk before it has been taken.
 */
export async function* exclusionCsv(pages: ExportPages): AsyncGenerator<string, void, undefined> {
  yield UTF8_BOM + csvLine(EXPORT_HEADER);
  for await (const page of pages) {
    if (page.length === 0) continue;
    let chunk = '';
    for (const entry of page) chunk += csvLine(exportRow(entry));
    yield chunk;
  }
}

/** The whole CSV in memory (the worker stores the file in the export row). */
export async function exclusionCsvBytes(pages: ExportPages): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of exclusionCsv(pages)) chunks.push(Buffer.from(chunk, 'utf8'));
  return Buffer.concat(chunks);
}
