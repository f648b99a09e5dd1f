/**
 * What a ZIP container says it expands to, read from its central directory without inflating
 * anything, so a zip bomb is refused before SheetJS (which inflates every entry at once) sees it.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_RECORD_SEARCH = 22 + 0xffff;

export type ZipExpansion =
  | { readonly ok: true; readonly bytes: number; readonly entries: number }
  | { readonly ok: false; readonly reason: 'unreadable' | 'zip64' };

export function zipExpansion(bytes: Uint8Array): ZipExpansion {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - END_RECORD_SEARCH); at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return { ok: false, reason: 'unreadable' };
  const entries = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // ZIP64 (over 65,535 entries or 4 GB): no spreadsheet of ours needs it.
  if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return { ok: false, reason: 'zip64' };
  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_DIRECTORY_ENTRY) return { ok: false, reason: 'unreadable' };
    const uncompressed = view.getUint32(at + 24, true);
    if (uncompressed === 0xffffffff) return { ok: false, reason: 'zip64' };
    total += uncompressed;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { ok: true, bytes: total, entries };
}
