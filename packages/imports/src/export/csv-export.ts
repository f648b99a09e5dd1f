import { EXPORT_HEADER, type ExportPages, exportRow } from './export-rows.js';

/**
 * Excel opens a CSV without a byte order mark in the machine's legacy code page, which garbles any
 * non-ASCII `Added by`; the importer decodes with `TextDecoder`, which drops the mark.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * The list as CSV (EXC-9), one chunk of text per page, so the caller streams it with flat memory:
 * the header row first (alone, for an empty list: the blank template), then the entries in the order
 * of the pages. UTF-8 with a byte order mark, comma separated, CRLF line ends (RFC 4180). A page is
 * read only when the chunk before it has been taken.
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

/** One CSV row (RFC 4180, CRLF). The cells must be formula-safe already (`formulaSafe`). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * A field is quoted when it holds a quote, a line break or any separator the importer might guess
 * (`guessSeparator` counts `,` `;` tab and `|` outside quotes), so the file always reads as comma
 * separated with the same cells.
 */
function csvField(text: string): string {
  return /[",;\t|\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
