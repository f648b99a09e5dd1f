import * as XLSX from '@e965/xlsx';

/** An XLSX workbook of one sheet holding `rows`, as the console's users make them. */
export function xlsxWorkbook(rows: unknown[][]): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), 'List');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
}

/**
 * A zip bomb's directory on a real workbook: its sheet's entry says it unzips to `size` bytes. Small
 * to send, and refused before anything is inflated.
 */
export function xlsxClaimingToUnzipTo(size: number): Uint8Array {
  const bytes = xlsxWorkbook([['Number'], [4155550100]]).slice();
  const view = new DataView(bytes.buffer);
  const name = new TextEncoder().encode('xl/worksheets/sheet1.xml');
  for (let at = 0; at < bytes.length - 46; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (nameLength === name.length && name.every((byte, i) => bytes[at + 46 + i] === byte)) {
      view.setUint32(at + 24, size, true);
      return bytes;
    }
  }
  throw new Error('no sheet entry in the workbook');
}
