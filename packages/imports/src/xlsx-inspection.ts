import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { ImportRefused, throwIfAborted } from './errors.js';
import { formatBytes, MAX_XLSX_CELL_BYTES, MAX_XLSX_EXPANDED_BYTES } from './limits.js';
import { zipRefusal } from './sniff.js';
import { readZipDirectory, type ZipEntry } from './zip-directory.js';

/**
 * What SheetJS would allocate for a workbook, found out before it reads it, by inflating every entry
 * here (a stream, 64 KB at a time, so this costs no memory) and reading the XML as it goes:
 * - every entry must inflate to exactly the size its headers agree on (`readZipDirectory`), its
 *   deflate stream ending exactly where its data does: that is what SheetJS's buffers are sized by
 *   and what it inflates, so no header can lie about it;
 * - no cell (a sheet's `<c>`), shared string (`<si>`) or comment may take more than
 *   `MAX_XLSX_CELL_BYTES` of XML, and nowhere (whatever the entry, but for `.bin` ones, which SheetJS
 *   reads as binary if at all) may text or a tag run longer than that without a `<` or a `>`: SheetJS
 *   makes strings of many times the size of the largest of them (a cell of 280 MB took a worker to
 *   2.7 GB).
 * Throws `ImportRefused` saying what and where (`"big.xlsx" has a cell of 280 MB, cell B2 of sheet
 * "List": ...`). Takes about a second for a 1,000,000-row workbook (SheetJS takes thirty to read it).
 */
export async function inspectXlsx(bytes: Uint8Array, fileName: string, options: { readonly signal?: AbortSignal } = {}): Promise<void> {
  const name = JSON.stringify(fileName);
  const directory = readZipDirectory(bytes);
  if (!directory.ok) throw new ImportRefused(zipRefusal(name, directory.problem));
  if (directory.expandedBytes > MAX_XLSX_EXPANDED_BYTES) {
    // `sniffSpreadsheet` refuses it first, with the reason.
    throw new ImportRefused(`${name} expands to ${formatBytes(directory.expandedBytes)} once unzipped: upload it as CSV`);
  }
  for (const entry of directory.entries) {
    throwIfAborted(options.signal);
    const scanner = /\.bin$/i.test(entry.name) ? null : new XmlScanner(entry.name, MAX_XLSX_CELL_BYTES);
    const outcome = await readEntry(bytes, entry, scanner);
    if (outcome !== 'ok') throw new ImportRefused(`${name} cannot be read as an XLSX workbook (${outcome}): save it again as XLSX or CSV`);
    if (scanner?.found) throw new ImportRefused(await oversizedReason(name, scanner.found, bytes, directory.entries));
  }
}

// ------------------------------------------------------------------------------------- inflating

const CHUNK_BYTES = 64 * 1024;

/**
 * Inflates (or reads, when stored) one entry through `scanner`, stopping once it is done. 'ok', or
 * what is wrong with the entry's data.
 */
async function readEntry(bytes: Uint8Array, entry: ZipEntry, scanner: XmlScanner | null): Promise<string> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + entry.dataStart, entry.compressedSize);
  const part = JSON.stringify(entry.name);
  if (entry.method === 0) {
    if (!scanner) return 'ok';
    for (let at = 0; at < data.length && !scanner.done; at += CHUNK_BYTES) {
      scanner.write(data.subarray(at, at + CHUNK_BYTES));
      // A long stored entry: let timers (job lock renewals) run now and then.
      if (at % (64 * CHUNK_BYTES) === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    scanner.end();
    return 'ok';
  }
  const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflater.end(data);
  let size = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > entry.uncompressedSize) {
        return `${part} unzips to more than the ${formatBytes(entry.uncompressedSize)} its ZIP headers say: it is damaged or forged`;
      }
      scanner?.write(chunk);
      if (scanner?.done) return 'ok';
    }
  } catch (error) {
    return `${part} does not unzip: ${(error as Error).message}`;
  } finally {
    inflater.destroy();
  }
  if (size !== entry.uncompressedSize) {
    return `${part} unzips to ${formatBytes(size)}, not the ${formatBytes(entry.uncompressedSize)} its ZIP headers say: it is damaged or forged`;
  }
  // SheetJS inflates from where the data starts to the end of the deflate stream, whatever the sizes say.
  if (inflater.bytesWritten !== data.length) return `the data of ${part} does not end where its ZIP headers say`;
  scanner?.end();
  return 'ok';
}

// ------------------------------------------------------------------------------------ the XML scan

/** Something too big, where it is: what the reason tells. */
interface Oversized {
  readonly part: string;
  readonly bytes: number;
  readonly what: Where;
}

type Where =
  | { readonly kind: 'cell'; readonly ref: string }
  | { readonly kind: 'shared string'; readonly index: number }
  | { readonly kind: 'comment'; readonly ref: string | null }
  | { readonly kind: 'text'; readonly at: number };

/** The start of a tag (`<c r="B2" t="s"`), up to `HEAD_BYTES`, where it was read. */
interface Head {
  readonly chunk: Buffer;
  readonly from: number;
  readonly to: number;
}

/** The bytes of a tag kept to read its name and attributes (`<c r="XFD1048576" s="123" t="inlineStr">`). */
const HEAD_BYTES = 256;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** The elements the scan follows, by local name (any namespace prefix). */
const OTHER = 0;
const CELL = 1;
const VALUE = 2;
const ROW = 3;
const SHARED_STRING = 4;
const COMMENT = 5;

/**
 * Reads XML (or whatever an entry holds) a chunk at a time for its markup boundaries only: the
 * longest run of text or tag, and the size of each cell, shared string and comment. Finds the first
 * thing over the limit and reads on to its end, to tell its size: `found` is set then. Allocates
 * nothing per tag: a million-row sheet has twenty million of them.
 */
class XmlScanner {
  found: Oversized | null = null;
  /** When looking for the cell that uses a shared string (`wantedString`): that cell. */
  usedBy: string | null = null;
  /** Elements are followed in XML entries only: binary ones (images) hold `<c` by chance. */
  private readonly elements: boolean;

  private oversized: Where | null = null;
  private oversizedStart = 0;
  /** Bytes of the entry before the current chunk. */
  private offset = 0;
  private inTag = false;
  /** Where the current text run or tag started (a tag at its `<`). */
  private runStart = 0;
  /** The start of the current tag, when it began in an earlier chunk. */
  private tagPieces: string | null = null;
  private previousByte = 0;

  /** The open cell, shared string or comment, where it starts, its head and its row's (where they were read). */
  private element = OTHER;
  private elementStart = 0;
  private elementHead: Head | null = null;
  private elementRowHead: Head | null = null;
  private elementRow = 0;
  private elementColumn = 0;
  private elementIndex = 0;
  /** What places a cell that has no `r` attribute (SheetJS places it after the one before). */
  private rowChunk: Buffer | null = null;
  private rowFrom = 0;
  private rowTo = 0;
  private rows = 0;
  private cellsInRow = 0;
  private strings = -1;
  /** While finding a shared string: the shared-string cell being read, and the text of its value. */
  private stringCell: string | null = null;
  private valueText: string | null = null;

  /** A scan for sizes over `limit`, or (`wantedString`) for the first cell whose value is that shared string (`usedBy`). */
  constructor(
    readonly part: string,
    private readonly limit: number,
    private readonly wantedString: number | null = null,
  ) {
    this.elements = wantedString !== null || /\.xml$/i.test(part);
  }

  get done(): boolean {
    return this.found !== null || this.usedBy !== null;
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n && !this.done) {
      if (!this.inTag) {
        const lt = chunk.indexOf(LT, i);
        if (this.valueText !== null && this.valueText.length < 32)
          this.valueText += chunk.toString('latin1', i, Math.min(lt < 0 ? n : lt, i + 32));
        if (lt < 0) break;
        this.checkSize(this.offset + lt);
        this.runEnds(this.offset + lt);
        this.inTag = true;
        this.runStart = this.offset + lt;
        this.tagPieces = null;
        i = lt;
      }
      const gt = chunk.indexOf(GT, i);
      if (gt < 0) {
        const kept = this.tagPieces ?? '';
        this.tagPieces =
          this.elements && kept.length < HEAD_BYTES ? kept + chunk.toString('latin1', i, Math.min(n, i + HEAD_BYTES - kept.length)) : kept;
        break;
      }
      const end = this.offset + gt + 1;
      this.checkSize(end);
      if (this.elements) {
        const selfClosing = (gt > 0 ? chunk[gt - 1] : this.previousByte) === SLASH;
        if (this.tagPieces === null) this.tag(chunk, i, Math.min(gt, i + HEAD_BYTES), end, selfClosing);
        else {
          // A tag read across two chunks: its start, as bytes of its own.
          const head = Buffer.from((this.tagPieces + chunk.toString('latin1', 0, Math.min(gt, HEAD_BYTES))).slice(0, HEAD_BYTES), 'latin1');
          this.tag(head, 0, head.length, end, selfClosing);
        }
      }
      this.runEnds(end);
      this.inTag = false;
      this.runStart = end;
      i = gt + 1;
    }
    if (n > 0) this.previousByte = chunk[n - 1] as number;
    this.offset += n;
    this.checkSize(this.offset);
  }

  /** The entry's end: what is still open is as big as it got. */
  end(): void {
    if (this.oversized && !this.found) this.found = { part: this.part, bytes: this.offset - this.oversizedStart, what: this.oversized };
  }

  /** Over the limit in the middle of a bounded element, or of a run (text or tag) outside any: noted, its end read on. */
  private checkSize(at: number): void {
    if (this.oversized) return;
    if (this.element !== OTHER && at - this.elementStart > this.limit) {
      this.oversized = this.where();
      this.oversizedStart = this.elementStart;
    } else if (at - this.runStart > this.limit) {
      this.oversized = { kind: 'text', at: this.runStart };
      this.oversizedStart = this.runStart;
    }
  }

  /** A run of text or a tag ends at `at`. */
  private runEnds(at: number): void {
    if (this.oversized?.kind === 'text' && !this.found)
      this.found = { part: this.part, bytes: at - this.oversizedStart, what: this.oversized };
  }

  /** A tag ending at `end`, whose start (`<` on) is `chunk[from, to)`. */
  private tag(chunk: Buffer, from: number, to: number, end: number, selfClosing: boolean): void {
    const closing = chunk[from + 1] === SLASH;
    const name = elementName(chunk, from + (closing ? 2 : 1), to);
    if (name === OTHER) return;
    if (closing) {
      if (name === this.element) {
        if (this.oversized && !this.found) this.found = { part: this.part, bytes: end - this.oversizedStart, what: this.oversized };
        this.element = OTHER;
      }
      if (name === VALUE && this.valueText !== null) {
        if (this.stringCell !== null && this.valueText.trim() === String(this.wantedString)) this.usedBy = this.stringCell;
        this.valueText = null;
      }
      if (name === CELL) this.stringCell = null;
      return;
    }
    switch (name) {
      case ROW:
        this.rowChunk = chunk;
        this.rowFrom = from;
        this.rowTo = to;
        this.rows++;
        this.cellsInRow = 0;
        return;
      case CELL:
        this.cellsInRow++;
        if (selfClosing) return;
        this.open(CELL, chunk, from, to);
        if (this.wantedString !== null) this.stringCell = attribute(chunk.toString('latin1', from, to), 't') === 's' ? this.ref() : null;
        return;
      case VALUE:
        if (this.stringCell !== null && !selfClosing) this.valueText = '';
        return;
      case SHARED_STRING:
        this.strings++;
        if (!selfClosing) this.open(SHARED_STRING, chunk, from, to);
        return;
      case COMMENT:
        if (!selfClosing) this.open(COMMENT, chunk, from, to);
        return;
    }
  }

  private open(element: number, chunk: Buffer, from: number, to: number): void {
    this.element = element;
    this.elementStart = this.runStart;
    this.elementHead = { chunk, from, to };
    this.elementRowHead = this.rowChunk === null ? null : { chunk: this.rowChunk, from: this.rowFrom, to: this.rowTo };
    this.elementRow = this.rows;
    this.elementColumn = this.cellsInRow - 1;
    this.elementIndex = this.strings;
  }

  /** The open cell's reference: its `r`, else placed by its row and the cells before it. */
  private ref(): string {
    const ref = this.elementHead && attribute(headText(this.elementHead), 'r');
    if (ref) return ref;
    const row = this.elementRowHead && attribute(headText(this.elementRowHead), 'r');
    return cellRef(this.elementColumn, row ? Number(row) : this.elementRow);
  }

  private where(): Where {
    switch (this.element) {
      case CELL:
        return { kind: 'cell', ref: this.ref() };
      case SHARED_STRING:
        return { kind: 'shared string', index: this.elementIndex };
      default:
        return { kind: 'comment', ref: this.elementHead && attribute(headText(this.elementHead), 'ref') };
    }
  }
}

/** The element a tag opens or closes, by its local name (`x:c` is `c`), read from `from` (after `<` or `</`). */
function elementName(chunk: Buffer, from: number, to: number): number {
  let start = from;
  let end = from;
  for (; end < to; end++) {
    const c = chunk[end];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === SLASH || c === GT) break;
    if (c === 0x3a) start = end + 1;
  }
  switch (end - start) {
    case 1:
      return chunk[start] === 0x63 ? CELL : chunk[start] === 0x76 ? VALUE : OTHER;
    case 2:
      return chunk[start] === 0x73 && chunk[start + 1] === 0x69 ? SHARED_STRING : OTHER;
    case 3:
      return chunk[start] === 0x72 && chunk[start + 1] === 0x6f && chunk[start + 2] === 0x77 ? ROW : OTHER;
    case 7:
      return chunk.toString('latin1', start, end) === 'comment' ? COMMENT : OTHER;
    default:
      return OTHER;
  }
}

function headText(head: Head): string {
  return head.chunk.toString('latin1', head.from, head.to);
}

/** An attribute's value in a tag, or null. */
function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function cellRef(column: number, row: number): string {
  let letters = '';
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `${letters || 'A'}${row}`;
}

// --------------------------------------------------------------------------------------- the reason

/** The reason told, with where: the sheet by its name, a shared string by the cell using it. */
async function oversizedReason(name: string, found: Oversized, bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<string> {
  const size = formatBytes(found.bytes);
  const limit = formatBytes(MAX_XLSX_CELL_BYTES);
  const sheets = sheetNames(bytes, entries);
  const inPart = (part: string) => {
    const sheet = sheets.get(part.toLowerCase());
    return sheet === undefined ? part : `sheet ${JSON.stringify(sheet)}`;
  };
  const what = found.what;
  switch (what.kind) {
    case 'cell':
      return `${name} has a cell of ${size}, cell ${what.ref} of ${inPart(found.part)}: a cell may hold at most ${limit}`;
    case 'shared string': {
      const cell = await cellUsingString(bytes, entries, sheets, what.index);
      const where = cell ? `cell ${cell.ref} of ${inPart(cell.part)}` : `text ${what.index + 1} of ${found.part}, used by no cell`;
      return `${name} has a cell of ${size}, ${where}: a cell may hold at most ${limit}`;
    }
    case 'comment':
      return `${name} has a comment of ${size}${what.ref ? `, on cell ${what.ref}` : ''} (${found.part}): a comment may hold at most ${limit}`;
    case 'text':
      return `${name} has ${size} of text without a break in ${found.part} (from byte ${what.at.toLocaleString('en-US')}): a workbook's text may run at most ${limit} between tags`;
  }
}

/** The first cell (in the sheets, in ZIP order) whose value is shared string `index`. */
async function cellUsingString(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  sheets: ReadonlyMap<string, string>,
  index: number,
): Promise<{ part: string; ref: string } | null> {
  for (const entry of entries) {
    if (!sheets.has(entry.name.toLowerCase())) continue;
    const scanner = new XmlScanner(entry.name, Number.POSITIVE_INFINITY, index);
    const outcome = await readEntry(bytes, entry, scanner);
    if (outcome === 'ok' && scanner.usedBy) return { part: entry.name, ref: scanner.usedBy };
  }
  return null;
}

/** The sheets' names by their entry (lower case), read from the workbook and its relationships; empty when they cannot be read. */
function sheetNames(bytes: Uint8Array, entries: readonly ZipEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  const workbook = smallText(bytes, entries, 'xl/workbook.xml');
  const relationships = smallText(bytes, entries, 'xl/_rels/workbook.xml.rels');
  if (workbook === null || relationships === null) return names;
  const targets = new Map<string, string>();
  for (const [relationship] of relationships.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(relationship, 'Id');
    const target = attribute(relationship, 'Target');
    if (id !== null && target !== null) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const [sheet] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const id = /\s\w+:id\s*=\s*"([^"]*)"/.exec(sheet)?.[1];
    const name = attribute(sheet, 'name');
    const target = id === undefined ? undefined : targets.get(id);
    if (name !== null && target !== undefined) names.set(target.toLowerCase(), unescapeXml(name));
  }
  return names;
}

/** An entry's text, when it is small (the workbook, its relationships), else null. */
function smallText(bytes: Uint8Array, entries: readonly ZipEntry[], name: string): string | null {
  const entry = entries.find((candidate) => candidate.name.toLowerCase() === name);
  if (!entry || entry.uncompressedSize > 1024 * 1024) return null;
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  try {
    const text = entry.method === 0 ? Buffer.from(data) : inflateRawSync(data, { maxOutputLength: entry.uncompressedSize });
    return text.toString('utf8');
  } catch {
    return null;
  }
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity] ?? '',
  );
}
