import { isUtf8 } from 'node:buffer';
import { withoutTextMark } from './csv-writer.js';
import type { CellContent, SheetCell, Spreadsheet } from './spreadsheet.js';

/**
 * CSV read as a stream (issue 13): the bytes are decoded 64 KB at a time and scanned twice, once to
 * count the records (`lastRow`, for the row limit and progress) and once to read the first field of
 * each record, so no more than a piece of the text and a chunk of cells is ever held (a 100 MB file
 * used to be one string of 100 to 200 MB, then SheetJS's cells for every chunk).
 *
 * The scan is a port of SheetJS's own (`dsv_to_sheet_str` of @e965/xlsx 0.20.3, which read CSV
 * here before), so every file reads to the same cells: a field is quoted only when it starts with
 * `"` (a `"` anywhere else is text); a record ends at `\n`, `\r\n` or `\r` outside quotes; a field
 * loses one trailing `\r`, and its enclosing quotes when it both starts and ends with `"` (then `""`
 * is `"`). csv-parse reads `"ab"cd`, a stray quote or an unclosed one differently (or refuses them),
 * which would change the cells of files that import today.
 */

/** Bytes decoded at a time: big enough that a piece holds thousands of records, small enough to never matter. */
const PIECE_BYTES = 64 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** A field's first character, or where the next character is (the field starts at the end of a piece). */
const NEXT = -2;

/** How a CSV file's text reads: its encoding, its separator, and the characters before the first record (Excel's `sep=` line). */
interface CsvText {
  readonly separator: number;
  /** The text after the `sep=` line, a piece at a time. */
  pieces(): Generator<string>;
}

/** UTF-16 when it says so, UTF-8 when it is valid UTF-8, else Windows-1252 (what Excel on Windows saves as "CSV"). */
function encodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

function csvText(bytes: Uint8Array): CsvText {
  const encoding = encodingOf(bytes);
  // 8 KB decode to at least 2,048 characters: enough for the `sep=` line and `guessSeparator`.
  const head = new TextDecoder(encoding).decode(bytes.subarray(0, 8 * 1024));
  // Excel's `sep=;` first line names the separator and is not a row.
  const declared = /^sep=(.)(\r\n|\r|\n)/.exec(head);
  const separator = declared ? (declared[1] as string) : guessSeparator(head);
  const skip = declared ? declared[0].length : 0;
  return {
    separator: separator.charCodeAt(0),
    *pieces() {
      // The byte order mark is dropped by the decoder.
      const decoder = new TextDecoder(encoding);
      let skipped = 0;
      for (let at = 0; at <= bytes.length; at += PIECE_BYTES) {
        const end = at + PIECE_BYTES >= bytes.length;
        let piece = end ? decoder.decode(bytes.subarray(at)) : decoder.decode(bytes.subarray(at, at + PIECE_BYTES), { stream: true });
        if (skipped < skip) {
          const cut = Math.min(skip - skipped, piece.length);
          skipped += cut;
          piece = piece.slice(cut);
        }
        if (piece.length > 0) yield piece;
        if (end) return;
      }
    },
  };
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
 * The number of the last record that holds anything but separators, quotes and white space (0 for
 * none): one pass over the text, by the same record rules as the cells are read.
 */
async function lastRecordWithContent(text: CsvText): Promise<number> {
  const separator = text.separator;
  let record = 0;
  let lastRow = 0;
  let content = false;
  let quoted = false;
  let fieldStart = NEXT;
  let skipLineFeed = false;
  let pieces = 0;
  for (const piece of text.pieces()) {
    if (++pieces % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const length = piece.length;
    let i = 0;
    if (skipLineFeed && piece.charCodeAt(0) === LF) i = 1;
    skipLineFeed = false;
    for (; i < length; i++) {
      const c = piece.charCodeAt(i);
      if (fieldStart === NEXT) fieldStart = c;
      if (c === QUOTE) {
        if (fieldStart === QUOTE) quoted = !quoted;
        continue;
      }
      if (quoted) {
        content = true;
        continue;
      }
      if (c === separator) {
        fieldStart = NEXT;
      } else if (c === LF || c === CR) {
        if (c === CR) {
          if (i + 1 === length) skipLineFeed = true;
          else if (piece.charCodeAt(i + 1) === LF) i++;
        }
        record++;
        if (content) lastRow = record;
        content = false;
        fieldStart = NEXT;
      } else if (c > 0x20) {
        content = true;
      }
    }
  }
  if (content) lastRow = record + 1;
  return lastRow;
}

/**
 * A CSV file as a spreadsheet, read as a stream: its first column, in chunks of `chunkRows`
 * records. Row numbers are record numbers, as a spreadsheet program shows them.
 */
export function openCsv(bytes: Uint8Array, fileName: string, chunkRows: number): Spreadsheet {
  const text = csvText(bytes);
  let lastRow = 0;
  return {
    fileName,
    format: 'csv',
    get lastRow() {
      return lastRow;
    },
    async *chunks() {
      // Counted first, yielding now and then: a pass over 100 MB blocks the event loop for seconds on a busy machine (job lock renewals).
      lastRow = await lastRecordWithContent(text);
      const reader = new FirstColumnReader(text.separator, chunkRows);
      for (const piece of text.pieces()) {
        reader.read(piece);
        for (const chunk of reader.takeChunks()) if (chunk.firstRow <= lastRow) yield chunk.cells;
      }
      reader.end();
      for (const chunk of reader.takeChunks()) if (chunk.firstRow <= lastRow) yield chunk.cells;
    },
  };
}

/**
 * The scan of SheetJS's `dsv_to_sheet_str`, over pieces of text, keeping of each record only its first
 * field and whether another field holds anything but white space.
 */
class FirstColumnReader {
  /** Chunks whose last record was read, and the one being filled. */
  private ready: Array<{ firstRow: number; cells: SheetCell[] }> = [];
  private cells: SheetCell[] = [];
  /** The record being read (0-based) and its field. */
  private record = 0;
  private column = 0;
  private inQuotes = false;
  /** The first character of the current field (`NEXT` until it is read). */
  private fieldFirst = NEXT;
  /** The current field's text read in earlier pieces. */
  private carried = '';
  private first: string | null = null;
  private othersHoldText = false;
  private skipLineFeed = false;

  constructor(
    private readonly separator: number,
    private readonly chunkRows: number,
  ) {}

  read(piece: string): void {
    const separator = this.separator;
    const length = piece.length;
    let i = 0;
    if (this.skipLineFeed && piece.charCodeAt(0) === LF) i = 1;
    this.skipLineFeed = false;
    let start = i;
    for (; i < length; i++) {
      const c = piece.charCodeAt(i);
      if (this.fieldFirst === NEXT) this.fieldFirst = c;
      // The order of SheetJS's `switch`: a quote, then a carriage return, then the separator, then a line feed.
      if (c === QUOTE) {
        if (this.fieldFirst === QUOTE) this.inQuotes = !this.inQuotes;
      } else if (c === CR) {
        if (this.inQuotes) continue;
        this.field(piece, start, i, false);
        if (i + 1 === length) this.skipLineFeed = true;
        else if (piece.charCodeAt(i + 1) === LF) i++;
        start = i + 1;
      } else if (c === separator || c === LF) {
        if (this.inQuotes) continue;
        this.field(piece, start, i, c === separator);
        start = i + 1;
      }
    }
    if (this.wanted()) this.carried += piece.slice(start);
  }

  /** The end of the text: the last record, unless it is empty. */
  end(): void {
    if (this.carried.length > 0 || this.column > 0) this.field('', 0, 0, false);
    if (this.cells.length > 0) this.ready.push({ firstRow: this.record - (this.record % this.chunkRows) + 1, cells: this.cells });
    this.cells = [];
  }

  /** The chunks complete so far. */
  takeChunks(): Array<{ firstRow: number; cells: SheetCell[] }> {
    return this.ready.splice(0);
  }

  /** Whether the current field's text matters: the first field, or another while no other held text. */
  private wanted(): boolean {
    return this.column === 0 || !this.othersHoldText;
  }

  /** A field ends at `piece[end]` (a separator when `more`, else the end of the record). */
  private field(piece: string, start: number, end: number, more: boolean): void {
    if (this.wanted()) {
      let text = this.carried + piece.slice(start, end);
      if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1);
      if (text.charCodeAt(0) === QUOTE && text.charCodeAt(text.length - 1) === QUOTE) text = text.slice(1, -1).replace(/""/g, '"');
      if (this.column === 0) this.first = text;
      else if (text.trim() !== '') this.othersHoldText = true;
    }
    this.carried = '';
    this.fieldFirst = NEXT;
    if (more) {
      this.column++;
      return;
    }
    this.recordEnds();
  }

  private recordEnds(): void {
    const content = this.first ? csvCell(this.first) : undefined;
    if (content) this.cells.push({ row: this.record + 1, content });
    else if (this.othersHoldText) this.cells.push({ row: this.record + 1, content: { kind: 'value', value: '' } });
    this.record++;
    this.column = 0;
    this.first = null;
    this.othersHoldText = false;
    if (this.record % this.chunkRows === 0) {
      this.ready.push({ firstRow: this.record - this.chunkRows + 1, cells: this.cells });
      this.cells = [];
    }
  }
}

/**
 * A CSV cell is text; `="0123"` is Excel's way of writing text that looks like a number, anything
 * else after `=` a formula. A leading `'` marks text (`formulaSafe`): `'+14155550100` is that number,
 * `'=1+2` the text `=1+2`.
 */
function csvCell(raw: string): CellContent | undefined {
  if (raw.trim() === '') return undefined;
  const text = withoutTextMark(raw);
  if (text.trim() === '') return { kind: 'value', value: '' };
  if (text === raw && text.startsWith('=')) {
    const literal = /^="((?:[^"]|"")*)"$/.exec(text);
    return literal ? { kind: 'value', value: (literal[1] as string).replace(/""/g, '"') } : { kind: 'formula', formula: text };
  }
  return { kind: 'value', value: text };
}
