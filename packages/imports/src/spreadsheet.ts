import * as XLSX from '@e965/xlsx';
import { withoutTextMark } from './csv-writer.js';
import { ImportRefused } from './errors.js';
import { MAX_UPLOAD_ROWS } from './limits.js';
import { type SpreadsheetFormat, sniffSpreadsheet } from './sniff.js';

/** What the first cell of a row holds, as far as an exclusion entry goes. */
export type CellContent =
  /** Text, or a number cell (a number that lost its formatting: 4155550100). */
  | { readonly kind: 'value'; readonly value: string | number }
  /** A formula (`=A2*2`): never evaluated (SheetJS does not evaluate), so refused. */
  | { readonly kind: 'formula'; readonly formula: string }
  /** A cell that cannot hold a number (true/false, an error value, a date), with the reason. */
  | { readonly kind: 'other'; readonly value: string; readonly reason: string };

/** The first cell of one row, with the row's number as the spreadsheet shows it (1-based, the header counted). */
export interface SheetCell {
  readonly row: number;
  readonly content: CellContent;
}

/** A file opened for reading: its first column, in chunks, so a million rows never sit in memory as cells at once. */
export interface Spreadsheet {
  readonly fileName: string;
  readonly format: SpreadsheetFormat;
  /** The number of the last row that holds anything (0 for none): an upper bound for progress and the row limit. */
  readonly lastRow: number;
  /** The first column's cells, blank rows left out, in order, a few thousand rows per chunk. */
  chunks(): Iterable<SheetCell[]>;
}

export interface OpenOptions {
  /** The most data rows accepted (default `MAX_UPLOAD_ROWS`); an XLSX sheet is read no further than that. */
  readonly maxRows?: number;
}

/** Rows per chunk: big enough that SheetJS's per-call cost vanishes, small enough to yield to the event loop often. */
const CHUNK_ROWS = 5_000;

/**
 * Opens an uploaded file as a spreadsheet: CSV (any text: UTF-8, Windows-1252 or UTF-16; comma,
 * semicolon, tab or pipe separated) or XLSX (its first sheet), both read by SheetJS. Throws
 * `ImportRefused` with the reason for anything else (see `sniffSpreadsheet`) or a workbook that
 * cannot be read. Values are read as stored: CSV cells stay text (so `(415)` is not read as -415),
 * XLSX number cells stay numbers, formulas are reported and never evaluated. An upload is read
 * through `readUpload`, which inspects a workbook (`inspectXlsx`) before SheetJS reads it.
 */
export function openSpreadsheet(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): Spreadsheet {
  const sniffed = sniffSpreadsheet(bytes, fileName);
  if (!sniffed.ok) throw new ImportRefused(sniffed.reason);
  return sniffed.format === 'csv' ? openCsv(bytes, fileName) : openXlsx(bytes, fileName, options.maxRows ?? MAX_UPLOAD_ROWS);
}

// ---------------------------------------------------------------------------------------------- CSV

/**
 * A CSV file, split into chunks of whole records by a scan that follows SheetJS's own rules (a field
 * is quoted only when it starts with `"`; a record ends at `\n`, `\r\n` or `\r` outside quotes), then
 * each chunk parsed by SheetJS. Row numbers are record numbers, as a spreadsheet program shows them.
 */
function openCsv(bytes: Uint8Array, fileName: string): Spreadsheet {
  let text = decodeText(bytes);
  // Excel's `sep=;` first line names the separator and is not a row.
  let separator: string;
  const declared = /^sep=(.)(\r\n|\r|\n)/.exec(text);
  if (declared) {
    separator = declared[1] as string;
    text = text.slice(declared[0].length);
  } else {
    separator = guessSeparator(text);
  }
  const { starts, lastRow } = splitRecords(text, separator.charCodeAt(0), CHUNK_ROWS);
  return {
    fileName,
    format: 'csv',
    lastRow,
    *chunks() {
      for (let i = 0; i < starts.length; i++) {
        const firstRow = i * CHUNK_ROWS + 1;
        if (firstRow > lastRow) return;
        const end = starts[i + 1] ?? text.length;
        // The `sep=` line makes SheetJS read the chunk as delimited text with our separator, whatever
        // its first characters look like (`<`, `ID`... would otherwise be taken for other formats).
        const sheet = firstSheet(XLSX.read(`sep=${separator}\n${text.slice(starts[i], end)}`, csvReadOptions()), fileName);
        yield firstColumn(sheet, 0, { from: 0, to: Number.POSITIVE_INFINITY, firstRow }, csvCell);
      }
    },
  };
}

/** A new object for every call: SheetJS writes into the options it is given. */
function csvReadOptions(): XLSX.ParsingOptions {
  return { type: 'string', raw: true, dense: true, cellText: false, cellHTML: false };
}

/** UTF-16 when it says so, UTF-8 when it is valid UTF-8, else Windows-1252 (what Excel on Windows saves as "CSV"). */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The separator used most in the first 1,024 characters outside quotes; a comma when there is none. */
function guessSeparator(text: string): string {
  const candidates = [',', ';', '\t', '|'];
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (let i = 0; i < Math.min(text.length, 1024); i++) {
    const char = text.charAt(i);
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const candidate of candidates) if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  return best;
}

/**
 * One pass over the text: where every chunk of `chunkRows` records starts, and the number of the last
 * record that holds anything but separators, quotes and white space.
 */
function splitRecords(text: string, separator: number, chunkRows: number): { starts: number[]; lastRow: number } {
  const starts = [0];
  let record = 0;
  let lastRow = 0;
  let content = false;
  let quoted = false;
  let fieldStart = text.charCodeAt(0);
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (fieldStart === 0x22) quoted = !quoted;
      continue;
    }
    if (quoted) {
      content = true;
      continue;
    }
    if (c === separator) {
      fieldStart = text.charCodeAt(i + 1);
    } else if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      record++;
      if (content) lastRow = record;
      content = false;
      fieldStart = text.charCodeAt(i + 1);
      if (record % chunkRows === 0 && i + 1 < length) starts.push(i + 1);
    } else if (c > 0x20) {
      content = true;
    }
  }
  if (content) lastRow = record + 1;
  return { starts, lastRow };
}

/**
 * A CSV cell is text; `="0123"` is Excel's way of writing text that looks like a number, anything
 * else after `=` a formula. A leading `'` marks text (`formulaSafe`): `'+14155550100` is that number,
 * `'=1+2` the text `=1+2`.
 */
function csvCell(cell: XLSX.CellObject): CellContent | undefined {
  const raw = typeof cell.v === 'string' ? cell.v : String(cell.v ?? '');
  if (raw.trim() === '') return undefined;
  const text = withoutTextMark(raw);
  if (text.trim() === '') return { kind: 'value', value: '' };
  if (text === raw && text.startsWith('=')) {
    const literal = /^="((?:[^"]|"")*)"$/.exec(text);
    return literal ? { kind: 'value', value: (literal[1] as string).replace(/""/g, '"') } : { kind: 'formula', formula: text };
  }
  return { kind: 'value', value: text };
}

// --------------------------------------------------------------------------------------------- XLSX

/**
 * An XLSX workbook's first sheet, read whole by SheetJS (a zipped sheet cannot be read in parts), but
 * no further than the row limit allows: a sheet with more rows is reported by its real size without
 * being read.
 */
function openXlsx(bytes: Uint8Array, fileName: string, maxRows: number): Spreadsheet {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      sheets: 0,
      // The header, the limit, and one more row to know the limit is passed.
      sheetRows: maxRows + 2,
      cellFormula: true,
      cellText: false,
      cellHTML: false,
      cellStyles: false,
      cellNF: false,
      cellDates: true,
      bookVBA: false,
    });
  } catch (error) {
    throw new ImportRefused(
      `${JSON.stringify(fileName)} cannot be read as an XLSX workbook (${(error as Error).message}): save it again as XLSX or CSV`,
    );
  }
  const sheet = firstSheet(workbook, fileName);
  const used = sheet['!fullref'] ?? sheet['!ref'];
  const range = used ? XLSX.utils.decode_range(used) : undefined;
  const readTo = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).e.r : -1;
  return {
    fileName,
    format: 'xlsx',
    lastRow: range ? range.e.r + 1 : 0,
    *chunks() {
      if (!range) return;
      for (let from = range.s.r; from <= readTo; from += CHUNK_ROWS) {
        yield firstColumn(sheet, range.s.c, { from, to: Math.min(from + CHUNK_ROWS, readTo + 1), firstRow: from + 1 }, xlsxCell);
      }
    },
  };
}

function xlsxCell(cell: XLSX.CellObject): CellContent | undefined {
  if (cell.f !== undefined || cell.F !== undefined) return { kind: 'formula', formula: `=${cell.f ?? ''}` };
  switch (cell.t) {
    case 'n':
      return { kind: 'value', value: cell.v as number };
    case 's': {
      const text = String(cell.v ?? '');
      // A leading `'` marks text, as the XLSX export writes it (`formulaSafe`).
      return text.trim() === '' ? undefined : { kind: 'value', value: withoutTextMark(text) };
    }
    case 'b': {
      const value = cell.v ? 'TRUE' : 'FALSE';
      return { kind: 'other', value, reason: `${JSON.stringify(value)} is a true/false cell, not a phone number` };
    }
    case 'd': {
      const value = cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
      return { kind: 'other', value, reason: `${JSON.stringify(value)} is a date, not a phone number` };
    }
    case 'e': {
      const value = cell.w ?? '#ERROR';
      return { kind: 'other', value, reason: `${JSON.stringify(value)} is an error value, not a phone number` };
    }
    default:
      return undefined;
  }
}

// ------------------------------------------------------------------------------------------- shared

function firstSheet(workbook: XLSX.WorkBook, fileName: string): XLSX.WorkSheet {
  const name = workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!sheet) throw new ImportRefused(`${JSON.stringify(fileName)} has no sheet: upload a CSV or XLSX file with one entry per row`);
  return sheet;
}

/**
 * The first cells of the rows `[from, to)` (0-based) of a dense sheet, the row at `from` numbered
 * `firstRow`. A row whose first cell is blank but which holds something elsewhere is kept as an empty
 * value, so it is reported rather than silently dropped; blank rows are left out.
 */
function firstColumn(
  sheet: XLSX.WorkSheet,
  column: number,
  range: { readonly from: number; readonly to: number; readonly firstRow: number },
  read: (cell: XLSX.CellObject) => CellContent | undefined,
): SheetCell[] {
  const data = (sheet['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  const cells: SheetCell[] = [];
  for (let r = range.from; r < Math.min(range.to, data.length); r++) {
    const row = data[r];
    if (!row) continue;
    const first = row[column];
    const content = first ? read(first) : undefined;
    const number = range.firstRow + (r - range.from);
    if (content) cells.push({ row: number, content });
    else if (row.some((cell, c) => c > column && cell !== undefined && read(cell) !== undefined)) {
      cells.push({ row: number, content: { kind: 'value', value: '' } });
    }
  }
  return cells;
}
