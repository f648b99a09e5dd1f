import { createInflateRaw, inflateRawSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { ImportRefused } from './errors.js';
import type { SheetCell, Spreadsheet } from './spreadsheet.js';
import type { ZipEntry } from './zip-directory.js';

/**
 * The first column of an XLSX workbook's first sheet, read as a stream over the inflated sheet XML
 * (issue 13): SheetJS holds about six times a sheet's XML while it reads it (1.3 GB for our own
 * 1,000,000-entry export); this holds a row of XML at a time, the shared strings as one buffer of
 * UTF-8 (`SharedStrings`) and a chunk of cells.
 *
 * It reads the sheet as SheetJS (@e965/xlsx 0.20.3, `parse_ws_xml` and `parse_ws_xml_data` with the
 * options `openSpreadsheet` gives it) does, on the same latin1 text and with the same steps, so that a
 * workbook reads to the same cells either way: the range is the `<dimension>` when it has one, else
 * the rows and the cells with a value; a row is split at `</row>`, its cells at `<c`; values are
 * unescaped (`&amp;`, `_x000D_`) and decoded from UTF-8 where SheetJS does it; shared and inline
 * strings are the text of their `<t>` elements (phonetic runs left out); number cells with a date
 * format are dates; formulas are reported with their text (shared ones shifted to their cell).
 * Not followed (Excel does not write them): rows out of order (they are read in the order of the
 * file, where SheetJS sorts them) and cells placed in another row than their `<row>`.
 */

/** Cells read per chunk: as for CSV. */
export interface XlsxParts {
  readonly sheet: ZipEntry;
  readonly sharedStrings: ZipEntry | null;
  readonly styles: ZipEntry | null;
  readonly date1904: boolean;
}

/** A cell as SheetJS gives it (the fields `xlsxCell` reads). */
export interface ReadCell {
  t: string;
  v?: unknown;
  f?: string;
  F?: string;
  w?: string;
}

type CellReader = (cell: ReadCell) => SheetCell['content'] | undefined;

interface Range {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Opens the first sheet for a streamed read. `lastRow` is known once the first chunk is read (the
 * dimension is at the start of the sheet; a sheet without one is read twice).
 */
export function openXlsxStream(
  bytes: Uint8Array,
  fileName: string,
  parts: XlsxParts,
  options: { readonly sheetRows: number; readonly chunkRows: number; readonly read: CellReader },
): Spreadsheet {
  let lastRow = 0;
  return {
    fileName,
    format: 'xlsx',
    get lastRow() {
      return lastRow;
    },
    async *chunks() {
      const name = JSON.stringify(fileName);
      const strings = parts.sharedStrings ? await SharedStrings.read(bytes, parts.sharedStrings) : new SharedStrings();
      const dates = dateStyles(bytes, parts.styles);
      const context = { strings, dates, date1904: parts.date1904, sheetRows: options.sheetRows };
      let dimension = await readDimension(bytes, parts.sheet);
      if (!dimension) {
        // No dimension: the range is what SheetJS guesses from the rows and the cells with a value.
        const guess: Range = { s: { r: 2_000_000, c: 2_000_000 }, e: { r: 0, c: 0 } };
        const rows = new RowReader(context, guess);
        await eachRow(bytes, parts.sheet, (row) => rows.read(row, () => undefined));
        if (guess.e.c >= guess.s.c && guess.e.r >= guess.s.r) dimension = guess;
      }
      if (!dimension) return;
      const range = dimension;
      // `!fullref` when the sheet has more rows than are read: the last row is the real one.
      lastRow = range.e.r + 1;
      const readTo = Math.min(range.e.r, options.sheetRows - 1);
      const column = range.s.c;
      let cells: SheetCell[] = [];
      let chunkEnd = range.s.r + options.chunkRows;
      const ready: SheetCell[][] = [];
      const guess: Range = { s: { r: 2_000_000, c: 2_000_000 }, e: { r: 0, c: 0 } };
      const rows = new RowReader(context, guess);
      const emit = (row: number, first: ReadCell | undefined, others: boolean) => {
        if (row < range.s.r || row > readTo) return;
        while (row >= chunkEnd) {
          ready.push(cells);
          cells = [];
          chunkEnd += options.chunkRows;
        }
        const content = first ? options.read(first) : undefined;
        if (content) cells.push({ row: row + 1, content });
        else if (others) cells.push({ row: row + 1, content: { kind: 'value', value: '' } });
      };
      try {
        for await (const _ of eachRowAsync(bytes, parts.sheet, (row) => rows.read(row, emit, column, options.read))) {
          yield* ready.splice(0);
        }
      } catch (error) {
        if (error instanceof ImportRefused) throw error;
        throw new ImportRefused(`${name} cannot be read as an XLSX workbook (${(error as Error).message}): save it again as XLSX or CSV`);
      }
      yield* ready.splice(0);
      if (cells.length > 0) yield cells;
    },
  };
}

// ----------------------------------------------------------------------------------- the sheet's XML

/** The inflated text of an entry, as latin1 (one character a byte, as SheetJS reads XML), a piece at a time. */
async function* entryText(bytes: Uint8Array, entry: ZipEntry): AsyncGenerator<string> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + entry.dataStart, entry.compressedSize);
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.toString('latin1', at, Math.min(data.length, at + CHUNK_BYTES));
    return;
  }
  const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflater.end(data);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) yield chunk.toString('latin1');
  } finally {
    inflater.destroy();
  }
}

const SHEET_DATA_OPEN = /<(?:\w+:)?sheetData\b[^<>]*>/;
const DIMENSION = /<(?:\w*:)?dimension/;

/** The sheet's `<dimension>` as SheetJS reads it (the first 50 characters of the tag, a range with a colon), or null. */
async function readDimension(bytes: Uint8Array, entry: ZipEntry): Promise<Range | null> {
  let head = '';
  for await (const piece of entryText(bytes, entry)) {
    head += piece;
    const open = SHEET_DATA_OPEN.exec(head);
    if (open) {
      head = head.slice(0, open.index);
      break;
    }
    // No sheet data in the first 4 MB: the dimension, if any, is in them.
    if (head.length > 4 * 1024 * 1024) break;
  }
  const at = head.search(DIMENSION);
  if (at <= 0) return null;
  const ref = /"(\w*:\w*)"/.exec(head.slice(at, at + 50));
  if (!ref) return null;
  const range = XLSX.utils.decode_range(ref[1] as string);
  return range.s.r <= range.e.r && range.s.c <= range.e.c && range.s.r >= 0 && range.s.c >= 0 ? range : null;
}

const ROW_END = /<\/(?:\w+:)?row>/g;
const SHEET_DATA_END = /<\/(?:\w+:)?sheetData>/g;

/**
 * Calls `row` with the text of each row of the sheet data (split at `</row>` as SheetJS splits it),
 * yielding after each piece of the entry so the caller can hand on what the rows gave.
 */
async function* eachRowAsync(bytes: Uint8Array, entry: ZipEntry, row: (text: string) => void): AsyncGenerator<void> {
  let buffer = '';
  let inData = false;
  let searchFrom = 0;
  for await (const piece of entryText(bytes, entry)) {
    buffer = buffer.length === 0 ? piece : buffer + piece;
    if (!inData) {
      const open = SHEET_DATA_OPEN.exec(buffer);
      if (!open) {
        buffer = buffer.slice(-1024);
        continue;
      }
      inData = true;
      buffer = buffer.slice(open.index + open[0].length);
      searchFrom = 0;
    }
    let pos = 0;
    SHEET_DATA_END.lastIndex = searchFrom;
    const dataEnd = SHEET_DATA_END.exec(buffer);
    for (;;) {
      ROW_END.lastIndex = searchFrom;
      const end = ROW_END.exec(buffer);
      if (dataEnd && (!end || dataEnd.index < end.index)) {
        row(buffer.slice(pos, dataEnd.index));
        yield;
        return;
      }
      if (!end) break;
      row(buffer.slice(pos, end.index));
      pos = end.index + end[0].length;
      searchFrom = pos;
    }
    buffer = buffer.slice(pos);
    // A closing tag may be cut by the piece's end: search again from a little before it.
    searchFrom = Math.max(0, buffer.length - 16);
    yield;
  }
  if (inData && buffer.length > 0) row(buffer);
  yield;
}

async function eachRow(bytes: Uint8Array, entry: ZipEntry, row: (text: string) => void): Promise<void> {
  for await (const _ of eachRowAsync(bytes, entry, row)) {
    // Rows are handed to `row` as they are read.
  }
}

// ---------------------------------------------------------------------------------------- the rows

interface Context {
  readonly strings: SharedStrings;
  readonly dates: ReadonlySet<number>;
  readonly date1904: boolean;
  readonly sheetRows: number;
}

const CELL_SPLIT = /<(?:\w+:)?c[ />]/;
const CELL_REF = /r=["']([^"']*)["']/;
const REF_ATTRIBUTE = /ref=["']([^"']*)["']/;

/** SheetJS's `parse_ws_xml_data`, one row at a time, for the cells `xlsxCell` reads. */
class RowReader {
  private rowNumber = 0;
  private readonly sharedFormulas: Array<[string, string] | undefined> = [];
  private readonly arrayFormulas: Array<[Range, string]> = [];

  constructor(
    private readonly context: Context,
    private readonly guess: Range,
  ) {}

  /**
   * Reads one row's text; `emit` gets (0-based row, the cell at `column`, whether a cell right of it
   * holds something), unless no column is asked for (the pass that only finds the range).
   */
  read(
    text: string,
    emit: (row: number, first: ReadCell | undefined, others: boolean) => void,
    column?: number,
    reader?: CellReader,
  ): void {
    const x = text.trim();
    const length = x.length;
    if (length === 0) return;
    let start = 0;
    let i = 0;
    outer: for (; i < length; ++i) {
      switch (x[i]) {
        case '>':
          if (x[i - 1] !== '/') {
            ++i;
            break outer;
          }
          break;
        case '<':
          start = i;
          break;
      }
    }
    if (start >= i) return;
    const rowRef = attribute(x.slice(start, i), 'r');
    this.rowNumber = rowRef !== null ? Number.parseInt(rowRef, 10) : this.rowNumber + 1;
    let cellColumn = -1;
    if (this.context.sheetRows < this.rowNumber) return;
    if (this.guess.s.r > this.rowNumber - 1) this.guess.s.r = this.rowNumber - 1;
    if (this.guess.e.r < this.rowNumber - 1) this.guess.e.r = this.rowNumber - 1;

    let first: ReadCell | undefined;
    let firstRow = this.rowNumber - 1;
    let others = false;
    let cells = x.slice(i).split(CELL_SPLIT);
    let skip = 0;
    while (skip < cells.length && (cells[skip] as string).trim().charAt(0) === '<') skip++;
    cells = cells.slice(skip);
    for (let index = 0; index < cells.length; index++) {
      let cellText = (cells[index] as string).trim();
      if (cellText.length === 0) continue;
      const ref = CELL_REF.exec(cellText);
      cellText = `<c ${cellText.slice(0, 1) === '<' ? '>' : ''}${cellText}`;
      if (ref) {
        let c = 0;
        const letters = ref[1] as string;
        for (let k = 0; k < letters.length; k++) {
          const code = letters.charCodeAt(k) - 64;
          if (code < 1 || code > 26) break;
          c = 26 * c + code;
        }
        cellColumn = c - 1;
      } else cellColumn++;
      const tagEnd = cellText.indexOf('>') + 1;
      const tag = cellText.slice(0, tagEnd);
      const r = attribute(tag, 'r') || XLSX.utils.encode_cell({ r: this.rowNumber - 1, c: cellColumn });
      const at = XLSX.utils.decode_cell(r);
      // Once a cell right of the first column holds something, the others only matter for their formulas.
      if (column !== undefined && others && at.c > column && !cellText.includes('<f')) continue;
      const cell = this.cell(tag, cellText.slice(tagEnd), r, cellColumn);
      if (!cell) continue;
      if (column === undefined || !reader) continue;
      firstRow = at.r;
      if (at.c === column) first = cell;
      else if (at.c > column && !others && reader(cell) !== undefined) others = true;
    }
    if (column !== undefined) emit(firstRow, first, others);
  }

  /** One cell as SheetJS makes it, or undefined when it makes none (no value). */
  private cell(tag: string, body: string, ref: string, column: number): ReadCell | undefined {
    const p: ReadCell = { t: '' };
    const value = element(body, 'v');
    if (value !== null && value !== '') p.v = unescapeXml(value);
    // Formulas as SheetJS reads them with `cellFormula`: the text of `<f>`, a shared formula's master shifted, an array's range.
    const formula = matchElement(body, 'f');
    if (formula && formula.content !== '') {
      p.f = unescapeXml(utf8(formula.content), true).replace(/_xlfn\./g, '');
      if (formula.opening.includes('t="array"')) {
        p.F = REF_ATTRIBUTE.exec(body)?.[1];
        if (p.F?.includes(':')) this.arrayFormulas.push([XLSX.utils.decode_range(p.F), p.F]);
      } else if (formula.opening.includes('t="shared"')) {
        const si = attribute(formula.opening, 'si');
        this.sharedFormulas[Number.parseInt(si ?? '', 10)] = [unescapeXml(utf8(formula.content)).replace(/_xlfn\./g, ''), ref];
      }
    } else if (formula) {
      if (formula.opening.includes('t="shared"')) this.sharedFormula(formula.opening, ref, p);
    } else {
      const selfClosing = /<f[^<>]*\/>/.exec(body);
      if (selfClosing) this.sharedFormula(selfClosing[0], ref, p);
    }
    if (this.arrayFormulas.length > 0) {
      const at = XLSX.utils.decode_cell(ref);
      for (const [range, text] of this.arrayFormulas) {
        if (at.r >= range.s.r && at.r <= range.e.r && at.c >= range.s.c && at.c <= range.e.c) p.F = text;
      }
    }
    const type = attribute(tag, 't');
    if (type === null && p.v === undefined) {
      if (p.f || p.F) {
        p.v = 0;
        p.t = 'n';
      } else return undefined;
    } else p.t = type || 'n';
    if (this.guess.s.c > column) this.guess.s.c = column;
    if (this.guess.e.c < column) this.guess.e.c = column;
    switch (p.t) {
      case 'n':
        // `0 == ""` in SheetJS's test: a formula cell without a cached value is no cell.
        if (p.v === '' || p.v === undefined || p.v === 0) return undefined;
        p.v = Number.parseFloat(p.v as string);
        break;
      case 's': {
        if (p.v === undefined) return undefined;
        const index = Number.parseInt(p.v as string, 10);
        const text = this.context.strings.at(index);
        if (text === undefined) throw new Error(`cell ${ref} names shared string ${index}, which the workbook does not have`);
        p.v = text === null ? undefined : text;
        break;
      }
      case 'str':
        p.t = 's';
        p.v = p.v !== undefined ? unescapeXml(utf8(p.v as string), true) : '';
        break;
      case 'inlineStr': {
        const inline = element(body, 'is');
        p.t = 's';
        p.v = inline !== null ? (sharedStringText(inline) ?? undefined) : '';
        break;
      }
      case 'b':
        p.v = p.v === '1' || p.v === 'true';
        break;
      case 'd':
        p.v = parseDate(p.v as string, this.context.date1904);
        break;
      case 'e':
        p.v = undefined;
        break;
    }
    const style = attribute(tag, 's');
    if (p.t === 'n' && style !== null && this.context.dates.has(Number.parseInt(style, 10))) {
      const serial = (p.v as number) + (this.context.date1904 ? 1462 : 0);
      if (!(serial >= 60 && serial < 61)) {
        p.v = new Date((serial > 60 ? serial : serial + 1) * 86_400_000 + Date.UTC(1899, 11, 30));
        p.t = 'd';
      }
    }
    return p;
  }

  private sharedFormula(opening: string, ref: string, p: ReadCell): void {
    const master = this.sharedFormulas[Number.parseInt(attribute(opening, 'si') ?? '', 10)];
    if (master) p.f = shiftFormula(master[0], master[1], ref);
  }
}

const openings = new Map<string, RegExp>();
const closings = new Map<string, RegExp>();
const attributes = new Map<string, RegExp>();

/** A regular expression made once per name (`attribute` and `element` run for every cell of a million rows). */
function pattern(cache: Map<string, RegExp>, name: string, make: (name: string) => RegExp): RegExp {
  let made = cache.get(name);
  if (!made) {
    made = make(name);
    cache.set(name, made);
  }
  return made;
}

/** The first `<name>` element of `xml` with its closing tag (SheetJS's `str_match_xml_ns`): its opening tag and its text, or null. */
function matchElement(xml: string, name: string): { opening: string; content: string } | null {
  const open = pattern(openings, name, (n) => new RegExp(`<(?:\\w+:)?${n}\\b[^<>]*>`, 'g'));
  open.lastIndex = 0;
  const match = open.exec(xml);
  if (!match) return null;
  const close = pattern(closings, name, (n) => new RegExp(`</(?:\\w+:)?${n}>`, 'g'));
  close.lastIndex = open.lastIndex;
  const end = close.exec(xml);
  return end ? { opening: match[0], content: xml.slice(open.lastIndex, end.index) } : null;
}

/** The text of the first `<name>` element of `xml` (any namespace prefix), or null. */
function element(xml: string, name: string): string | null {
  return matchElement(xml, name)?.content ?? null;
}

/** An attribute of a tag by its local name, or null. */
function attribute(tag: string, name: string): string | null {
  const match = pattern(attributes, name, (n) => new RegExp(`[\\s<](?:\\w+:)?${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)).exec(tag);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };

/** SheetJS's `unescapexml`: entities, `_xHHHH_` escapes, CDATA; `\r\n` to `\n` in cell text. */
function unescapeXml(text: string, cellText = false): string {
  const raw = (s: string): string => {
    const cdata = s.indexOf('<![CDATA[');
    if (cdata === -1) {
      return s
        .replace(/&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi, (entity, code: string | undefined) => {
          return ENTITIES[entity] || String.fromCharCode(Number.parseInt(code as string, entity.indexOf('x') > -1 ? 16 : 10)) || entity;
        })
        .replace(/_x([\da-fA-F]{4})_/gi, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)));
    }
    const end = s.indexOf(']]>');
    return raw(s.slice(0, cdata)) + s.slice(cdata + 9, end) + raw(s.slice(end + 3));
  };
  const out = raw(text);
  return cellText ? out.replace(/\r\n/g, '\n') : out;
}

/** Latin1 text (the XML's bytes) decoded as UTF-8. */
function utf8(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

/** SheetJS's `parse_si`: the text of a shared or inline string, or null when it has none. */
function sharedStringText(xml: string): string | null {
  if (xml === '') return '';
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(xml)) {
    return unescapeXml(utf8(xml.slice(xml.indexOf('>') + 1).split(/<\/(?:\w+:)?t>/)[0] || ''), true);
  }
  if (/<(?:\w+:)?r\b[^<>]*>/.test(xml)) {
    const withoutPhonetic = xml.replace(/<(?:\w+:)?rPh\b[^<>]*>[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
    const runs = withoutPhonetic.match(/<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g) ?? [];
    return unescapeXml(utf8(runs.join('').replace(/<[^<>]*>/g, '')), true);
  }
  return null;
}

const CELL_REFERENCE = /(^|[^._A-Z0-9])(\$?)([A-Z]{1,2}|[A-W][A-Z]{2}|X[A-E][A-Z]|XF[A-D])(\$?)(\d{1,7})(?![_.(A-Za-z0-9])/g;

/** SheetJS's `shift_formula_xlsx`: a shared formula as written for `ref`, from its master cell. */
function shiftFormula(formula: string, master: string, ref: string): string {
  const from = XLSX.utils.decode_cell(master);
  const to = XLSX.utils.decode_cell(ref);
  return formula.replace(
    CELL_REFERENCE,
    (_, before: string, columnFixed: string, column: string, rowFixed: string, row: string) =>
      before +
      (columnFixed === '$' ? columnFixed + column : XLSX.utils.encode_col(XLSX.utils.decode_col(column) + to.c - from.c)) +
      (rowFixed === '$' ? rowFixed + row : XLSX.utils.encode_row(XLSX.utils.decode_row(row) + to.r - from.r)),
  );
}

/** SheetJS's `parseDate` for `t="d"` cells. */
function parseDate(text: string, date1904: boolean): Date {
  let m = /^(\d+):(\d+)(:\d+)?(\.\d+)?$/.exec(text);
  if (m) {
    const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 31);
    const seconds = (Number.parseInt(m[1] as string, 10) * 60 + Number.parseInt(m[2] as string, 10)) * 60;
    return new Date(
      base +
        (seconds + (m[3] ? Number.parseInt(m[3].slice(1), 10) : 0)) * 1000 +
        (m[4] ? Number.parseInt(`${m[4]}000`.slice(1, 4), 10) : 0),
    );
  }
  m = /^(\d+)-(\d+)-(\d+)$/.exec(text);
  if (m) return new Date(Date.UTC(+(m[1] as string), +(m[2] as string) - 1, +(m[3] as string)));
  m = /^(\d+)-(\d+)-(\d+)[T ](\d+):(\d+)(:\d+)?(\.\d+)?$/.exec(text);
  if (m) {
    return new Date(
      Date.UTC(
        +(m[1] as string),
        +(m[2] as string) - 1,
        +(m[3] as string),
        +(m[4] as string),
        +(m[5] as string),
        (m[6] && Number.parseInt(m[6].slice(1), 10)) || 0,
        (m[7] && Number.parseInt(`${m[7]}0000`.slice(1, 4), 10)) || 0,
      ),
    );
  }
  return new Date(text);
}

// --------------------------------------------------------------------------- shared strings, styles

/**
 * The shared strings as one buffer of UTF-8 and their offsets (issue 13): a million strings as
 * JS strings would take ten times their text, and each would keep the piece of XML it was cut from.
 */
export class SharedStrings {
  private text = Buffer.alloc(64 * 1024);
  private used = 0;
  /** Where string i starts; -1 for a string with no text (`parse_si` gave none). */
  private starts = new Float64Array(1_024);
  private count = 0;

  /** String `index`: its text, null when it has none, undefined when there is no such string. */
  at(index: number): string | null | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const start = this.starts[index] as number;
    if (start < 0) return null;
    let end = this.used;
    for (let next = index + 1; next < this.count; next++) {
      const at = this.starts[next] as number;
      if (at >= 0) {
        end = at;
        break;
      }
    }
    return this.text.toString('utf8', start, end);
  }

  private add(text: string | null): void {
    if (this.count === this.starts.length) {
      const grown = new Float64Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    if (text === null) {
      this.starts[this.count++] = -1;
      return;
    }
    const length = Buffer.byteLength(text);
    if (this.used + length > this.text.length) {
      const grown = Buffer.alloc(Math.max(this.text.length * 2, this.used + length));
      this.text.copy(grown, 0, 0, this.used);
      this.text = grown;
    }
    this.starts[this.count++] = this.used;
    this.used += this.text.write(text, this.used);
  }

  /** SheetJS's `parse_sst_xml`, streamed: the `<sst>` split at `</si>`, each part read by `parse_si`. */
  static async read(bytes: Uint8Array, entry: ZipEntry): Promise<SharedStrings> {
    const strings = new SharedStrings();
    const end = /<\/(?:\w+:)?(?:si|sstItem)>/g;
    const sstEnd = /<\/(?:\w+:)?sst>/g;
    let buffer = '';
    let inside = false;
    let done = false;
    let searchFrom = 0;
    const part = (text: string) => strings.add(sharedStringText(text.replace(/<(?:\w+:)?(?:si|sstItem)>/g, '').trim()));
    for await (const piece of entryText(bytes, entry)) {
      if (done) break;
      buffer += piece;
      if (!inside) {
        const open = /<(?:\w+:)?sst\b[^<>]*>/.exec(buffer);
        if (!open) {
          buffer = buffer.slice(-1024);
          continue;
        }
        inside = true;
        buffer = buffer.slice(open.index + open[0].length);
        searchFrom = 0;
      }
      let pos = 0;
      sstEnd.lastIndex = searchFrom;
      const last = sstEnd.exec(buffer);
      for (;;) {
        end.lastIndex = searchFrom;
        const next = end.exec(buffer);
        if (last && (!next || last.index < next.index)) {
          part(buffer.slice(pos, last.index));
          done = true;
          break;
        }
        if (!next) break;
        part(buffer.slice(pos, next.index));
        pos = next.index + next[0].length;
        searchFrom = pos;
      }
      buffer = buffer.slice(pos);
      searchFrom = Math.max(0, buffer.length - 16);
    }
    strings.text = strings.text.subarray(0, strings.used);
    return strings;
  }
}

/** The cell styles (`s`, their index in `cellXfs`) whose number format is a date: SheetJS reads their numbers as dates (`cellDates`). */
function dateStyles(bytes: Uint8Array, entry: ZipEntry | null): Set<number> {
  const dates = new Set<number>();
  if (!entry) return dates;
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const xml = (entry.method === 0 ? Buffer.from(data) : inflateRawSync(data, { maxOutputLength: entry.uncompressedSize })).toString(
    'latin1',
  );
  const formats = new Map<number, string>();
  const table = XLSX.SSF.get_table() as Record<number, string>;
  for (const [id, code] of Object.entries(table)) formats.set(Number(id), code);
  for (const [numFmt] of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = attribute(numFmt, 'numFmtId');
    const code = attribute(numFmt, 'formatCode');
    if (id !== null && code !== null) formats.set(Number.parseInt(id, 10), unescapeXml(utf8(code)));
  }
  const cellXfs = element(xml, 'cellXfs');
  if (cellXfs === null) return dates;
  let index = 0;
  for (const [xf] of cellXfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number.parseInt(attribute(xf, 'numFmtId') ?? '0', 10);
    const code = formats.get(id);
    if (code !== undefined && XLSX.SSF.is_date(code)) dates.add(index);
    index++;
  }
  return dates;
}
