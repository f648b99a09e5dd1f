/**
 * The entries of a ZIP container as SheetJS will read them, checked without inflating anything, so
 * a workbook whose headers lie is refused before SheetJS (which inflates every entry at once, into
 * buffers of the size the headers claim) sees it.
 *
 * SheetJS (`parse_zip` of its CFB reader) takes the last end-of-central-directory signature in the
 * file, reads as many central entries as the record's "entries on this disk" says, and for each one
 * reads the local file header at the offset the entry gives: it uses the local header's name, and
 * inflates into a buffer of the uncompressed size that the local header says, unless a ZIP64 extra
 * field (0x0001) in the local header or in the central entry says another; a data descriptor's sizes
 * are read after the data and only compared. So every one of those fields must say the same thing:
 * any ZIP64 field, any disagreement between the central directory, the local header and the data
 * descriptor is refused. Whether the data really inflates to the size they agree on is checked by
 * `inspectXlsx`, which inflates each entry itself within the limits.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const ZIP64_EXTRA = 0x0001;
/** General purpose flags: encrypted (bit 0), strong encryption (bit 6), encrypted central directory (bit 13): SheetJS refuses them. */
const ENCRYPTED = 0x2041;
/** General purpose flag bit 3: the sizes and the CRC follow the data, in a data descriptor. */
const HAS_DATA_DESCRIPTOR = 0x0008;

/** One entry of the container, its headers checked against each other. */
export interface ZipEntry {
  /** Its name (the local header's, which is what SheetJS uses; the central directory's is the same). */
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  /** Where its data starts in the file. */
  readonly dataStart: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

export type ZipDirectory =
  | {
      readonly ok: true;
      readonly entries: readonly ZipEntry[];
      /** The sum of what the entries say they unzip to. */
      readonly expandedBytes: number;
    }
  | { readonly ok: false; readonly problem: ZipProblem };

/** Why a container is refused, with what the person who uploaded it is told about where. */
export type ZipProblem =
  /** Cut off, or a header is not where the directory says: `detail` says which. */
  | { readonly kind: 'damaged'; readonly detail: string }
  /** A ZIP64 record or field (over 65,535 entries or 4 GB): no list of ours needs it. `detail` says where. */
  | { readonly kind: 'zip64'; readonly detail: string }
  /** Two headers of one entry disagree (the file is damaged or forged): `detail` says what they say. */
  | { readonly kind: 'disagreement'; readonly detail: string }
  | { readonly kind: 'encrypted'; readonly entry: string }
  /** A compression method SheetJS does not read (only stored and deflated). */
  | { readonly kind: 'method'; readonly entry: string; readonly method: number };

export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const fail = (problem: ZipProblem): ZipDirectory => ({ ok: false, problem });
  // A central directory entry repeats its local header's fields, in the same order, from the flags to
  // the extra field's length (APPNOTE 4.3.7 and 4.3.12): `at` is where the flags are.
  const headerFields = (at: number) => ({
    flags: u16(at),
    method: u16(at + 2),
    crc: u32(at + 8),
    compressedSize: u32(at + 12),
    uncompressedSize: u32(at + 16),
    nameLength: u16(at + 20),
    extraLength: u16(at + 22),
  });

  // The last signature in the file, as SheetJS finds it (it looks no further than that).
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = content.lastIndexOf(signatureBytes(END_OF_CENTRAL_DIRECTORY));
  if (end < 0 || end + 22 > bytes.length) return fail({ kind: 'damaged', detail: 'it has no end of central directory record' });
  const entriesHere = u16(end + 8);
  const entriesTotal = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryOffset = u32(end + 16);
  if (entriesHere === 0xffff || entriesTotal === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    return fail({ kind: 'zip64', detail: 'its end of central directory record defers to a ZIP64 one' });
  }
  if (end >= 20 && u32(end - 20) === ZIP64_END_LOCATOR)
    return fail({ kind: 'zip64', detail: 'it has a ZIP64 end of central directory record' });
  // SheetJS reads the entries "on this disk"; a container of ours is on one disk, so both counts are the same.
  if (entriesHere !== entriesTotal || u16(end + 4) !== 0 || u16(end + 6) !== 0) {
    return fail({ kind: 'damaged', detail: 'its end of central directory record describes several disks' });
  }
  if (directoryOffset + directorySize > end) return fail({ kind: 'damaged', detail: 'its central directory is cut off' });

  const entries: ZipEntry[] = [];
  let expandedBytes = 0;
  let at = directoryOffset;
  for (let i = 0; i < entriesHere; i++) {
    if (at + 46 > end || u32(at) !== CENTRAL_DIRECTORY_ENTRY) {
      return fail({ kind: 'damaged', detail: `its central directory holds ${i} of the ${entriesHere} entries it should` });
    }
    const central = { ...headerFields(at + 8), commentLength: u16(at + 32), offset: u32(at + 42) };
    const next = at + 46 + central.nameLength + central.extraLength + central.commentLength;
    if (next > end) return fail({ kind: 'damaged', detail: 'its central directory is cut off' });
    const centralName = content.toString('latin1', at + 46, at + 46 + central.nameLength);
    const entry = JSON.stringify(centralName);
    if (central.compressedSize === 0xffffffff || central.uncompressedSize === 0xffffffff || central.offset === 0xffffffff) {
      return fail({ kind: 'zip64', detail: `the central directory defers to a ZIP64 field for the sizes of ${entry}` });
    }
    if (hasZip64Field(bytes, at + 46 + central.nameLength, central.extraLength)) {
      return fail({ kind: 'zip64', detail: `the central directory has a ZIP64 field for ${entry}` });
    }

    const local = central.offset;
    if (local + 30 > bytes.length || u32(local) !== LOCAL_FILE_HEADER) {
      return fail({ kind: 'damaged', detail: `the local header of ${entry} is not where the central directory says` });
    }
    const header = headerFields(local + 6);
    const dataStart = local + 30 + header.nameLength + header.extraLength;
    if (dataStart > bytes.length) return fail({ kind: 'damaged', detail: `the local header of ${entry} is cut off` });
    const name = content.toString('latin1', local + 30, local + 30 + header.nameLength);
    if (name !== centralName) {
      return fail({
        kind: 'disagreement',
        detail: `the central directory names an entry ${entry} whose local header names it ${JSON.stringify(name)}`,
      });
    }
    if ((header.flags | central.flags) & ENCRYPTED) return fail({ kind: 'encrypted', entry: name });
    if (hasZip64Field(bytes, local + 30 + header.nameLength, header.extraLength)) {
      return fail({ kind: 'zip64', detail: `the local header of ${entry} has a ZIP64 field` });
    }
    if (header.method !== central.method) {
      return fail({
        kind: 'disagreement',
        detail: `${entry} is compressed with method ${central.method} or ${header.method}, depending on the header`,
      });
    }
    if (central.method !== 0 && central.method !== 8) return fail({ kind: 'method', entry: name, method: central.method });
    const described = (header.flags & HAS_DATA_DESCRIPTOR) !== 0;
    if (described !== ((central.flags & HAS_DATA_DESCRIPTOR) !== 0)) {
      return fail({ kind: 'disagreement', detail: `only one of the headers of ${entry} says a data descriptor follows its data` });
    }
    // A streaming writer's local header says 0 and leaves the sizes to the data descriptor; SheetJS then
    // inflates into a buffer that grows. Any other size in the local header is the size of SheetJS's buffer.
    const deferred = described && central.method === 8 && header.compressedSize === 0 && header.uncompressedSize === 0;
    if (!deferred) {
      const disagreement = sizesDisagree(entry, 'the local header', central, header);
      if (disagreement) return fail(disagreement);
    }
    if (central.method === 0 && central.compressedSize !== central.uncompressedSize) {
      return fail({ kind: 'disagreement', detail: `${entry} is stored uncompressed, yet its sizes differ` });
    }
    const dataEnd = dataStart + central.compressedSize;
    if (dataEnd > bytes.length) return fail({ kind: 'damaged', detail: `the data of ${entry} is cut off` });
    if (described) {
      // After the data: an optional signature, the CRC, the compressed and the uncompressed size.
      const descriptor = dataEnd + 4 <= bytes.length && u32(dataEnd) === DATA_DESCRIPTOR ? dataEnd + 4 : dataEnd;
      if (descriptor + 12 > bytes.length) return fail({ kind: 'damaged', detail: `the data descriptor of ${entry} is cut off` });
      const trailer = { crc: u32(descriptor), compressedSize: u32(descriptor + 4), uncompressedSize: u32(descriptor + 8) };
      const disagreement = sizesDisagree(entry, 'its data descriptor', central, trailer);
      if (disagreement) return fail(disagreement);
    }
    entries.push({
      name,
      method: central.method,
      dataStart,
      compressedSize: central.compressedSize,
      uncompressedSize: central.uncompressedSize,
    });
    expandedBytes += central.uncompressedSize;
    at = next;
  }
  return { ok: true, entries, expandedBytes };
}

interface Sizes {
  readonly crc: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

function sizesDisagree(entry: string, other: string, central: Sizes, said: Sizes): ZipProblem | null {
  for (const [field, what] of [
    ['uncompressedSize', 'unzips to'],
    ['compressedSize', 'takes'],
  ] as const) {
    if (central[field] !== said[field]) {
      return {
        kind: 'disagreement',
        detail: `the central directory says ${entry} ${what} ${formatSize(central[field])}, ${other} ${formatSize(said[field])}`,
      };
    }
  }
  if (central.crc !== said.crc)
    return { kind: 'disagreement', detail: `the central directory and ${other} give ${entry} different checksums` };
  return null;
}

/** Whether an extra field holds a ZIP64 field, read as SheetJS reads it (its loop, its bounds). */
function hasZip64Field(bytes: Uint8Array, start: number, length: number): boolean {
  const end = Math.min(start + length, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = start; at + 4 <= end; at += 4 + view.getUint16(at + 2, true)) {
    if (view.getUint16(at, true) === ZIP64_EXTRA) return true;
  }
  return false;
}

function signatureBytes(signature: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(signature);
  return bytes;
}

/** Sizes in ZIP headers, exact: `283 bytes`, `262,144,000 bytes`. */
function formatSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}
