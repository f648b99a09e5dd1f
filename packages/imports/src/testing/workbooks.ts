import { constants, crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';

/** An XLSX workbook of one sheet holding `rows`, as the console's users make them. */
export function xlsxWorkbook(rows: unknown[][]): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), 'List');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
}

/**
 * A zip bomb's headers on a real workbook: its sheet's entry says (in the central directory and in its
 * local header alike) it unzips to `size` bytes. Small to send, and refused before anything is inflated.
 */
export function xlsxClaimingToUnzipTo(size: number): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([['Number'], [4155550100]]), 'List');
  // Deflated, as zip bombs are: a stored entry's sizes cannot differ.
  const bytes = new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }));
  const view = new DataView(bytes.buffer);
  const name = new TextEncoder().encode('xl/worksheets/sheet1.xml');
  for (let at = 0; at < bytes.length - 46; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (nameLength === name.length && name.every((byte, i) => bytes[at + 46 + i] === byte)) {
      view.setUint32(at + 24, size, true);
      view.setUint32(view.getUint32(at + 42, true) + 22, size, true);
      return bytes;
    }
  }
  throw new Error('no sheet entry in the workbook');
}

// ------------------------------------------------------------------------------ hand-made workbooks

/** Content already deflated (raw deflate, as a ZIP holds it), with what it inflates to. */
export interface Deflated {
  readonly deflated: Uint8Array;
  readonly size: number;
  readonly crc: number;
}

/** What a header of one entry says, when a test wants it to say something else than the truth. */
export interface HeaderFields {
  readonly compressedSize?: number;
  readonly uncompressedSize?: number;
  /** The extra field, as bytes (`zip64Extra`); none unless given. */
  readonly extra?: Uint8Array;
}

export interface ZipEntry {
  readonly name: string;
  /** Text or bytes (deflated here), or a deflate stream made elsewhere (`deflatedRepeat`). */
  readonly content: string | Uint8Array | Deflated;
  /** Stored as is (method 0) instead of deflated. */
  readonly stored?: boolean;
  /** What the local file header says, over the truth. */
  readonly local?: HeaderFields;
  /** What the central directory says, over the truth. */
  readonly central?: HeaderFields;
  /**
   * A data descriptor after the data (flag bit 3), as streaming writers make them: the local header
   * then says 0 for the sizes (unless `local` says otherwise) and the descriptor says these (the
   * truth unless given).
   */
  readonly descriptor?: { readonly compressedSize?: number; readonly uncompressedSize?: number };
}

/** A ZIP archive of `entries`, written by hand so that tests can make its headers lie. */
export function zipArchive(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const data = entryData(entry);
    const flags = entry.descriptor ? 0x08 : 0;
    const method = entry.stored ? 0 : 8;
    const localSizes = entry.descriptor ? { compressedSize: 0, uncompressedSize: 0, crc: 0 } : data;
    const local = header(0x04034b50, 30, name, { ...localSizes, ...entry.local }, { flags, method });
    const central = header(0x02014b50, 46, name, { ...data, ...entry.central }, { flags, method, offset });
    const parts = [local, data.bytes];
    if (entry.descriptor) {
      const descriptor = new DataView(new ArrayBuffer(16));
      descriptor.setUint32(0, 0x08074b50, true);
      descriptor.setUint32(4, data.crc, true);
      descriptor.setUint32(8, entry.descriptor.compressedSize ?? data.compressedSize, true);
      descriptor.setUint32(12, entry.descriptor.uncompressedSize ?? data.uncompressedSize, true);
      parts.push(new Uint8Array(descriptor.buffer));
    }
    for (const part of parts) {
      locals.push(part);
      offset += part.length;
    }
    centrals.push(central);
  }
  const directorySize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...locals, ...centrals, new Uint8Array(end.buffer)]);
}

/** A ZIP64 extended information extra field (0x0001) saying the entry holds these sizes. */
export function zip64Extra(uncompressedSize: number, compressedSize: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(20));
  view.setUint16(0, 0x0001, true);
  view.setUint16(2, 16, true);
  view.setBigUint64(4, BigInt(uncompressedSize), true);
  view.setBigUint64(12, BigInt(compressedSize), true);
  return new Uint8Array(view.buffer);
}

/**
 * `prefix`, then `count` times the character `repeated`, then `suffix`, deflated as zlib at level 9
 * would, without ever holding the whole text: 1 MB of one character deflates to about 1 KB, so a
 * 280 MB run costs 280 KB (each megabyte is deflated once and its stream repeated).
 */
export function deflatedRepeat(prefix: string, repeated: string, count: number, suffix: string): Deflated {
  const options = { level: 9, finishFlush: constants.Z_SYNC_FLUSH };
  const block = Buffer.alloc(1024 * 1024, repeated);
  const head = Buffer.from(prefix);
  const tail = Buffer.from(suffix);
  const rest = Buffer.alloc(count % block.length, repeated);
  const blockDeflated = deflateRawSync(block, options);
  const parts: Uint8Array[] = [deflateRawSync(head, options)];
  let crc = crc32(head);
  for (let i = 0; i < Math.floor(count / block.length); i++) {
    parts.push(blockDeflated);
    crc = crc32(block, crc);
  }
  // (Node's crc32 of an empty buffer that went through deflateRawSync is 0, whatever the start value.)
  if (rest.length > 0) {
    crc = crc32(rest, crc);
    parts.push(deflateRawSync(rest, options));
  }
  parts.push(deflateRawSync(tail, { level: 9 }));
  crc = crc32(tail, crc);
  return { deflated: Buffer.concat(parts), size: head.length + count + tail.length, crc };
}

const SPREADSHEET_ML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface MinimalWorkbook {
  /** The `<sheetData>` of the one sheet (`<row r="1"><c r="A1"><v>1</v></c></row>...`), or its whole XML deflated. */
  readonly sheetData: string | Deflated;
  /** The shared strings part: its `<si>` elements, or its whole XML deflated. None unless given. */
  readonly sharedStrings?: string | Deflated;
  /** The sheet's name. */
  readonly sheetName?: string;
  /** Changes to the entries before they are zipped (lies in their headers, say). */
  readonly entries?: (entries: ZipEntry[]) => ZipEntry[];
}

/** A workbook as small as Excel opens (content types, relationships, workbook, one sheet), zipped by hand. */
export function minimalXlsx(workbook: MinimalWorkbook): Uint8Array {
  const sheet =
    typeof workbook.sheetData === 'string'
      ? `${XML_DECLARATION}<worksheet xmlns="${SPREADSHEET_ML}"><sheetData>${workbook.sheetData}</sheetData></worksheet>`
      : workbook.sheetData;
  const shared =
    typeof workbook.sharedStrings === 'string'
      ? `${XML_DECLARATION}<sst xmlns="${SPREADSHEET_ML}">${workbook.sharedStrings}</sst>`
      : workbook.sharedStrings;
  const main = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      content:
        `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${main}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${main}.worksheet+xml"/>` +
        (shared ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${main}.sharedStrings+xml"/>` : '') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      content:
        `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      content:
        `${XML_DECLARATION}<workbook xmlns="${SPREADSHEET_ML}" xmlns:r="${RELATIONSHIPS}">` +
        `<sheets><sheet name="${workbook.sheetName ?? 'List'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content:
        `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (shared ? `<Relationship Id="rId2" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        '</Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', content: sheet },
    ...(shared ? [{ name: 'xl/sharedStrings.xml', content: shared }] : []),
  ];
  return zipArchive(workbook.entries ? workbook.entries(entries) : entries);
}

/**
 * A workbook of a few hundred KB whose sheet "List" holds, in cell B2 (beside the number in A2),
 * `size` bytes of text, as an inline string or as shared string 1 (`shared`): it compresses a
 * thousand to one, and SheetJS turns it into strings many times its size.
 */
export function xlsxWithHugeCell(size: number, { shared = false } = {}): Uint8Array {
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Number</t></is></c></row>';
  if (shared) {
    return minimalXlsx({
      sheetData: `${header}<row r="2"><c r="A2"><v>4155550100</v></c><c r="B2" t="s"><v>1</v></c></row>`,
      sharedStrings: deflatedRepeat(
        `${XML_DECLARATION}<sst xmlns="${SPREADSHEET_ML}" count="2" uniqueCount="2"><si><t>Note</t></si><si><t>`,
        'A',
        size,
        '</t></si></sst>',
      ),
    });
  }
  return minimalXlsx({
    sheetData: deflatedRepeat(
      `${XML_DECLARATION}<worksheet xmlns="${SPREADSHEET_ML}"><sheetData>${header}<row r="2"><c r="A2"><v>4155550100</v></c><c r="B2" t="inlineStr"><is><t>`,
      'A',
      size,
      '</t></is></c></row></sheetData></worksheet>',
    ),
  });
}

/** The entry `name` of `entries` changed by `change`. */
export function changeEntry(entries: ZipEntry[], name: string, change: (entry: ZipEntry) => ZipEntry): ZipEntry[] {
  if (!entries.some((entry) => entry.name === name)) throw new Error(`no entry ${name}`);
  return entries.map((entry) => (entry.name === name ? change(entry) : entry));
}

function entryData(entry: ZipEntry): { bytes: Uint8Array; compressedSize: number; uncompressedSize: number; crc: number } {
  if (typeof entry.content === 'string' || entry.content instanceof Uint8Array) {
    const raw = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
    const bytes = entry.stored ? raw : deflateRawSync(raw, { level: 9 });
    return { bytes, compressedSize: bytes.length, uncompressedSize: raw.length, crc: crc32(raw) };
  }
  if (entry.stored) throw new Error(`${entry.name}: deflated content cannot be stored`);
  const { deflated, size, crc } = entry.content;
  return { bytes: deflated, compressedSize: deflated.length, uncompressedSize: size, crc };
}

/** A local file header (30 bytes) or a central directory entry (46 bytes), with the name and the extra field. */
function header(
  signature: number,
  length: 30 | 46,
  name: Uint8Array,
  fields: { compressedSize: number; uncompressedSize: number; crc: number; extra?: Uint8Array },
  { flags, method, offset = 0 }: { flags: number; method: number; offset?: number },
): Uint8Array {
  const extra = fields.extra ?? new Uint8Array();
  const bytes = new Uint8Array(length + name.length + extra.length);
  const view = new DataView(bytes.buffer);
  // The central entry has "version made by" before the fields the two share.
  const at = length === 46 ? 2 : 0;
  view.setUint32(0, signature, true);
  view.setUint16(at + 4, 20, true);
  view.setUint16(at + 6, flags, true);
  view.setUint16(at + 8, method, true);
  view.setUint32(at + 14, fields.crc, true);
  view.setUint32(at + 18, fields.compressedSize, true);
  view.setUint32(at + 22, fields.uncompressedSize, true);
  view.setUint16(at + 26, name.length, true);
  view.setUint16(at + 28, extra.length, true);
  if (length === 46) view.setUint32(42, offset, true);
  bytes.set(name, length);
  bytes.set(extra, length + name.length);
  return bytes;
}

/** The sheet's entry in `minimalXlsx` (and in the workbooks SheetJS and Excel write). */
export const XLSX_SHEET_ENTRY = 'xl/worksheets/sheet1.xml';

/** A valid list of one number under a header, zipped by `minimalXlsx`; `change` makes its headers lie. */
export function smallXlsx(change?: (entries: ZipEntry[]) => ZipEntry[]): Uint8Array {
  return minimalXlsx({
    sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>Number</t></is></c></row><row r="2"><c r="A2"><v>4155550100</v></c></row>',
    ...(change ? { entries: change } : {}),
  });
}

/**
 * A small workbook whose sheet's ZIP64 extra field claims it unzips to `size` (its 32-bit sizes say
 * the truth, which the zip-bomb check read): SheetJS sizes its buffer by the ZIP64 field. In the
 * central directory and the local header (`central`), or in the local header alone (`local`).
 */
export function xlsxWithZip64Claim(size: number, where: 'central' | 'local' = 'central'): Uint8Array {
  return smallXlsx((entries) =>
    changeEntry(entries, XLSX_SHEET_ENTRY, (entry) => ({
      ...entry,
      local: { extra: zip64Extra(size, 1_000) },
      ...(where === 'central' ? { central: { extra: zip64Extra(size, 1_000) } } : {}),
    })),
  );
}
