/**
 * The limits of one upload (EXC-8). The api refuses a larger file before storing it; the worker
 * refuses a file with more rows, naming the limit. A 1,000,000-row list fits in either format.
 */

/**
 * The largest file accepted: 100 MB. A million formatted numbers in CSV are about 16 MB, but our own
 * export of a million entries (with its Added at and Added by columns) is about 75 MB, and it must
 * upload again unchanged (EXC-9).
 */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/**
 * The most an XLSX workbook may expand to once unzipped: 300 MB. A million rows of numbers with a few
 * more columns (our own export: 212 MB of sheet XML) are under it; a zip bomb is far over it. What a
 * workbook really unzips to is checked entry by entry (`inspectXlsx`), whatever its headers say. Note:
 * SheetJS holds about six times a sheet's XML while it reads it (1.3 GB for that million-row export).
 */
export const MAX_XLSX_EXPANDED_BYTES = 300 * 1024 * 1024;

/**
 * The most XML one cell, shared string or comment of an XLSX workbook may take, and the longest run of
 * text or tag anywhere in it: 256 KB. Excel holds at most 32,767 characters in a cell, which its XML
 * writes in at most 7 bytes each (`_x000D_`), so no workbook Excel saves comes near it; the longest
 * cell of our own export is its Added by (at most 255 characters). SheetJS makes strings of many
 * times a cell's size (one of 280 MB took a worker to 2.7 GB), so one cell must stay small.
 */
export const MAX_XLSX_CELL_BYTES = 256 * 1024;

/** The most rows a file may hold, not counting its header row. */
export const MAX_UPLOAD_ROWS = 1_000_000;

/** How many rejected rows an upload keeps in its row (and the api answers); the full list is a CSV download. */
export const REJECTED_ROWS_SHOWN = 100;

/** `104857600` as people read it: `100 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** `1000000` as people read it: `1,000,000`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
