import { formatBytes, formatCount, MAX_UPLOAD_BYTES, MAX_XLSX_EXPANDED_BYTES } from './limits.js';
import { readZipDirectory, type ZipProblem } from './zip-directory.js';

/** The formats an upload may have (EXC-8). */
export type SpreadsheetFormat = 'csv' | 'xlsx';

/** What a file is: a spreadsheet of a known format, or refused with the reason (said to the person who uploaded it). */
export type Sniffed = { readonly ok: true; readonly format: SpreadsheetFormat } | { readonly ok: false; readonly reason: string };

const UPLOAD_ADVICE = 'upload a CSV or XLSX file';

/** Formats recognized by their first bytes, none of them a spreadsheet we read. */
const SIGNATURES: ReadonlyArray<{ readonly bytes: readonly number[]; readonly offset?: number; readonly what: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' }, // %PDF-
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' }, // GIF8
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, what: 'a WebP image' }, // RIFF....WEBP
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, what: 'an image or a video' }, // ....ftyp (HEIC, MP4)
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an Excel 97-2003 workbook (.xls) or another old Office file: save it as XLSX or CSV and',
  },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' }, // Rar!
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' }, // {\rtf
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' }, // ELF
];

/** ZIP containers that are not XLSX workbooks, by a file they hold. */
const ZIP_KINDS: ReadonlyArray<{ readonly marker: string; readonly what: string }> = [
  { marker: 'xl/workbook.bin', what: 'an Excel binary workbook (.xlsb): save it as XLSX or CSV and' },
  { marker: 'word/document.xml', what: 'a Word document' },
  { marker: 'ppt/presentation.xml', what: 'a PowerPoint presentation' },
  { marker: 'application/vnd.oasis.opendocument.spreadsheet', what: 'an OpenDocument spreadsheet (.ods): save it as XLSX or CSV and' },
  { marker: 'application/vnd.oasis.opendocument', what: 'an OpenDocument file' },
];

/**
 * Tells by its content, never by its name, whether an uploaded file is a CSV (any text) or an XLSX
 * workbook, and refuses anything else with the reason: empty files, files over `MAX_UPLOAD_BYTES`,
 * PDFs, images, archives, old `.xls` workbooks, workbooks that would unzip to more than
 * `MAX_XLSX_EXPANDED_BYTES` (zip bombs), workbooks whose ZIP headers disagree or use ZIP64 (forged
 * sizes: `readZipDirectory`) and other binaries (EXC-8). Cheap: it reads the signature, the ZIP
 * headers and looks for control characters; it inflates nothing and does not parse the sheet. What an
 * XLSX workbook really unzips to, and its largest cell, are found out by `inspectXlsx` (the worker,
 * before SheetJS reads it).
 */
export function sniffSpreadsheet(bytes: Uint8Array, fileName: string): Sniffed {
  const name = JSON.stringify(fileName);
  if (bytes.length > MAX_UPLOAD_BYTES) {
    const limit = formatBytes(MAX_UPLOAD_BYTES);
    const size = formatBytes(bytes.length) === limit ? `${formatCount(bytes.length)} bytes` : formatBytes(bytes.length);
    return refuse(`${name} is ${size}: an upload may be at most ${limit}`);
  }
  if (isBlank(bytes)) return refuse(`${name} is empty: ${UPLOAD_ADVICE} with one entry per row`);
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.bytes, signature.offset ?? 0)) {
      return refuse(`${name} is ${signature.what}, not a spreadsheet: ${UPLOAD_ADVICE}`);
    }
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(bytes, name);
  if (isText(bytes)) return { ok: true, format: 'csv' };
  return refuse(`${name} is not a spreadsheet (it holds binary data): ${UPLOAD_ADVICE}`);
}

function refuse(reason: string): Sniffed {
  return { ok: false, reason };
}

function sniffZip(bytes: Uint8Array, name: string): Sniffed {
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (content.includes('xl/workbook.xml')) {
    const directory = readZipDirectory(bytes);
    if (!directory.ok) return refuse(zipRefusal(name, directory.problem));
    const names = new Set(directory.entries.map((entry) => entry.name.toLowerCase()));
    const other = SHEETJS_OTHER_FORMATS.find((format) => format.has(names));
    if (other) return refuse(`${name} is ${other.what}, not an XLSX workbook: save it as XLSX or CSV`);
    if (!names.has('[content_types].xml')) {
      return refuse(`${name} cannot be read as an XLSX workbook (it has no [Content_Types].xml): save it again as XLSX or CSV`);
    }
    if (directory.expandedBytes > MAX_XLSX_EXPANDED_BYTES) {
      return refuse(
        `${name} expands to ${formatBytes(directory.expandedBytes)} once unzipped: a workbook may expand to at most ${formatBytes(MAX_XLSX_EXPANDED_BYTES)}; upload it as CSV`,
      );
    }
    return { ok: true, format: 'xlsx' };
  }
  const kind = ZIP_KINDS.find((candidate) => content.includes(candidate.marker));
  return refuse(`${name} is ${kind?.what ?? 'a ZIP archive'}, not a spreadsheet: ${UPLOAD_ADVICE}`);
}

/**
 * Entries that make SheetJS read a ZIP container as another format than XLSX, whatever else it holds
 * (its `parse_zip` looks for them first; `objectdata.xml` in any folder).
 */
const SHEETJS_OTHER_FORMATS: ReadonlyArray<{ readonly what: string; has(names: ReadonlySet<string>): boolean }> = [
  {
    what: 'an OpenDocument file',
    has: (names) => names.has('meta-inf/manifest.xml') || [...names].some((n) => /(^|\/)objectdata\.xml$/.test(n)),
  },
  { what: 'an Apple Numbers file', has: (names) => names.has('index/document.iwa') },
];

/** The reason a workbook whose ZIP container is damaged, forged or ZIP64 is refused with (`sniffSpreadsheet`, `inspectXlsx`). */
export function zipRefusal(name: string, problem: ZipProblem): string {
  switch (problem.kind) {
    case 'zip64':
      return `${name} is a ZIP64 workbook (${problem.detail}): no list we import needs ZIP64; save it again as XLSX or CSV`;
    case 'damaged':
      return `${name} cannot be read as an XLSX workbook (its ZIP directory is damaged: ${problem.detail}): save it again as XLSX or CSV`;
    case 'disagreement':
      return `${name} cannot be read as an XLSX workbook (its ZIP headers disagree: ${problem.detail}; the file is damaged or forged): save it again as XLSX or CSV`;
    case 'encrypted':
      return `${name} is encrypted (${JSON.stringify(problem.entry)}): save it again without a password, as XLSX or CSV`;
    case 'method':
      return `${name} cannot be read as an XLSX workbook (${JSON.stringify(problem.entry)} is compressed with method ${problem.method}, which we do not read): save it again as XLSX or CSV`;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((byte, i) => bytes[offset + i] === byte);
}

/** Nothing but a byte order mark and white space. */
function isBlank(bytes: Uint8Array): boolean {
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  const start = utf16 ? 2 : startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    // space, \t \n \v \f \r, and the zero halves of UTF-16 characters
    if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d) && !(utf16 && byte === 0)) return false;
  }
  return true;
}

/**
 * Text in any encoding a spreadsheet program writes as "CSV" (UTF-8, Windows-1252, UTF-16 with its
 * byte order mark): no NUL bytes and almost no control characters in the first 64 KB.
 */
function isText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    // \t \n \v \f \r are text; 0x1a is the end-of-file mark old DOS programs append.
    if (byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1a) control++;
  }
  return control <= sample.length / 100;
}
