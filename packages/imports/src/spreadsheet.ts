import { inflateRawSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { openCsv } from './csv-reader.js';
import { withoutTextMark } from './csv-writer.js';
import { ImportRefused } from './errors.js';
import { MAX_UPLOAD_ROWS } from './limits.js';
import { type SpreadsheetFormat, sniffSpreadsheet } from './sniff.js';
import { openXlsxStream, type ReadCell, type XlsxParts } from './xlsx-reader.js';
import { readZipDirectory } from './zip-directory.js';

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
  /**
   * The number of the last row that holds anything (0 for none): an upper bound for progress and the
   * row limit. Known once the first chunk is read (a streamed workbook tells it then).
   */
  readonly lastRow: number;
  /** The first column's cells, blank rows left out, in order, a few thousand rows per chunk. */
  chunks(): Iterable<SheetCell[]> | AsyncIterable<SheetCell[]>;
}

export interface OpenOptions {
  /** The most data rows accepted (default `MAX_UPLOAD_ROWS`); an XLSX sheet is read no further than that. */
  readonly maxRows?: number;
  /**
   * A workbook whose sheet and shared strings unzip to more than this is read as a stream
   * (`openXlsxStream`), a smaller one by SheetJS (default `XLSX_STREAMING_FROM_BYTES`).
   */
  readonly xlsxStreamingFrom?: number;
}

/**
 * 8 MB: SheetJS holds about six times a sheet's XML (under 100 MB here), and has read every workbook
 * we ever imported; above it, the streamed reader (which reads the same cells, see `openXlsxStream`)
 * keeps an import of a million rows under 512 MB.
 */
export const XLSX_STREAMING_FROM_BYTES = 8 * 1024 * 1024;

/** Rows per chunk: big enough that SheetJS's per-call cost vanishes, small enough to yield to the event loop often. */
const CHUNK_ROWS = 1_000;

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
  if (sniffed.format === 'csv') return openCsv(bytes, fileName, CHUNK_ROWS);
  const maxRows = options.maxRows ?? MAX_UPLOAD_ROWS;
  const parts = xlsxParts(bytes);
  if (
    parts &&
    parts.sheet.uncompressedSize + (parts.sharedStrings?.uncompressedSize ?? 0) > (options.xlsxStreamingFrom ?? XLSX_STREAMING_FROM_BYTES)
  ) {
    // The header, the limit, and one more row to know the limit is passed (as SheetJS's `sheetRows` below).
    return openXlsxStream(bytes, fileName, parts, { sheetRows: maxRows + 2, chunkRows: CHUNK_ROWS, read: xlsxCell });
  }
  return openXlsx(bytes, fileName, maxRows);
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

/**
 * The parts of a workbook the streamed reader reads, found as SheetJS finds them: the first sheet of
 * the workbook through its relationships, the shared strings and the styles. Null when they cannot be
 * found that way (SheetJS then reads the workbook, and tells what is wrong with it).
 */
function xlsxParts(bytes: Uint8Array): XlsxParts | null {
  const directory = readZipDirectory(bytes);
  if (!directory.ok) return null;
  const entries = new Map(directory.entries.map((entry) => [entry.name.toLowerCase(), entry]));
  const text = (name: string): string | null => {
    const entry = entries.get(name);
    if (!entry || entry.uncompressedSize > 4 * 1024 * 1024) return null;
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    try {
      return (entry.method === 0 ? Buffer.from(data) : inflateRawSync(data, { maxOutputLength: entry.uncompressedSize })).toString('utf8');
    } catch {
      return null;
    }
  };
  const workbook = text('xl/workbook.xml');
  const relationships = text('xl/_rels/workbook.xml.rels');
  if (workbook === null || relationships === null) return null;
  const targets = new Map<string, { type: string; target: string }>();
  for (const [tag] of relationships.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = /\sId\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    const target = /\sTarget\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    const type = /\sType\s*=\s*"([^"]*)"/.exec(tag)?.[1] ?? '';
    if (id !== undefined && target !== undefined) {
      targets.set(id, { type, target: (target.startsWith('/') ? target.slice(1) : `xl/${target}`).toLowerCase() });
    }
  }
  const firstSheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook)?.[0];
  const sheetId = firstSheet && /\s\w+:id\s*=\s*"([^"]*)"/.exec(firstSheet)?.[1];
  const sheet = sheetId ? entries.get(targets.get(sheetId)?.target ?? '') : undefined;
  if (!sheet) return null;
  const byType = (suffix: string, fallback: string) => {
    const target = [...targets.values()].find((relationship) => relationship.type.endsWith(suffix))?.target ?? fallback;
    return entries.get(target) ?? null;
  };
  const workbookPr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbook)?.[0] ?? '';
  const date1904 = /\sdate1904\s*=\s*"(1|true)"/.test(workbookPr);
  return { sheet, sharedStrings: byType('/sharedStrings', 'xl/sharedstrings.xml'), styles: byType('/styles', 'xl/styles.xml'), date1904 };
}

function xlsxCell(cell: XLSX.CellObject | ReadCell): CellContent | undefined {
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
