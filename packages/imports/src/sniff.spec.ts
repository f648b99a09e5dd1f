import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from './limits.js';
import { sniffSpreadsheet } from './sniff.js';
import {
  changeEntry,
  smallXlsx,
  XLSX_SHEET_ENTRY,
  xlsxClaimingToUnzipTo,
  xlsxWithZip64Claim,
  xlsxWorkbook,
  zip64Extra,
} from './testing/workbooks.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('EXC-8: what an uploaded file is, by its content', () => {
  it('EXC-8: text is CSV and an XLSX workbook is XLSX, whatever their names say', () => {
    expect(sniffSpreadsheet(text('Number\n(415) 555-0100\n'), 'list.xlsx')).toEqual({ ok: true, format: 'csv' });
    expect(sniffSpreadsheet(xlsxWorkbook([['Number'], [4155550100]]), 'list.csv')).toEqual({ ok: true, format: 'xlsx' });
  });

  it('EXC-8: CSV saved by Excel on Windows (Windows-1252) or as Unicode text (UTF-16) is still CSV', () => {
    expect(sniffSpreadsheet(Uint8Array.from([0x54, 0xe9, 0x6c, 0x0a, 0x34, 0x31, 0x35]), 'a.csv')).toEqual({ ok: true, format: 'csv' });
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'415\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(sniffSpreadsheet(utf16, 'a.txt')).toEqual({ ok: true, format: 'csv' });
  });

  it.each([
    ['scan.pdf', text('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), '"scan.pdf" is a PDF document, not a spreadsheet: upload a CSV or XLSX file'],
    ['photo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), '"photo.png" is a PNG image, not a spreadsheet'],
    ['photo.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), '"photo.jpg" is a JPEG image, not a spreadsheet'],
    ['old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), '"old.xls" is an Excel 97-2003 workbook (.xls)'],
    ['list.zip', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x61]), '"list.zip" is a ZIP archive, not a spreadsheet'],
    ['tool.bin', Uint8Array.from([0x01, 0x02, 0x00, 0x00, 0x05, 0x06]), '"tool.bin" is not a spreadsheet (it holds binary data)'],
  ])('EXC-8: %s is refused with the reason', (name, bytes, reason) => {
    const sniffed = sniffSpreadsheet(bytes, name);
    expect(sniffed.ok).toBe(false);
    expect(sniffed.ok ? '' : sniffed.reason).toContain(reason);
  });

  it('EXC-8: an empty file, or one holding only blank lines, is refused as empty', () => {
    expect(sniffSpreadsheet(new Uint8Array(), 'empty.csv')).toEqual({
      ok: false,
      reason: '"empty.csv" is empty: upload a CSV or XLSX file with one entry per row',
    });
    expect(sniffSpreadsheet(text('\ufeff \r\n\r\n'), 'blank.csv').ok).toBe(false);
  });

  it('EXC-8: a file over the size limit is refused, naming the limit', () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x35);
    expect(sniffSpreadsheet(big, 'big.csv')).toEqual({
      ok: false,
      reason: '"big.csv" is 104,857,601 bytes: an upload may be at most 100 MB',
    });
    expect(sniffSpreadsheet(new Uint8Array(120 * 1024 * 1024), 'bigger.csv')).toEqual({
      ok: false,
      reason: '"bigger.csv" is 120 MB: an upload may be at most 100 MB',
    });
  });
});

describe('zip bombs', () => {
  it('EXC-8: a workbook that would unzip to more than 300 MB is refused before anything is inflated', () => {
    expect(sniffSpreadsheet(xlsxClaimingToUnzipTo(2_000_000_000), 'bomb.xlsx')).toEqual({
      ok: false,
      reason: '"bomb.xlsx" expands to 1907 MB once unzipped: a workbook may expand to at most 300 MB; upload it as CSV',
    });
    expect(sniffSpreadsheet(xlsxClaimingToUnzipTo(0xffffffff), 'huge.xlsx')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ZIP64'),
    });
    expect(sniffSpreadsheet(xlsxClaimingToUnzipTo(50 * 1024 * 1024), 'big-but-fine.xlsx')).toEqual({ ok: true, format: 'xlsx' });
  });

  it('EXC-8: a workbook whose ZIP directory is cut off is refused as damaged', () => {
    const bytes = xlsxWorkbook([['Number'], [4155550100]]);
    expect(sniffSpreadsheet(bytes.subarray(0, bytes.length - 30), 'cut.xlsx')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('its ZIP directory is damaged'),
    });
  });
});

describe('ZIP headers that lie about sizes (issue 13)', () => {
  const refusal = (bytes: Uint8Array, name = 'forged.xlsx') => {
    const sniffed = sniffSpreadsheet(bytes, name);
    return sniffed.ok ? 'accepted' : sniffed.reason;
  };
  const sheetEntry = (change: Parameters<typeof changeEntry>[2]) => smallXlsx((entries) => changeEntry(entries, XLSX_SHEET_ENTRY, change));

  it('the hand-made workbook the cases below forge is a workbook', () => {
    expect(sniffSpreadsheet(smallXlsx(), 'list.xlsx')).toEqual({ ok: true, format: 'xlsx' });
  });

  it('a ZIP64 extra field claiming 3 GB, which SheetJS sizes its buffer by, is refused, naming the entry', () => {
    expect(refusal(xlsxWithZip64Claim(3 * 1024 ** 3))).toBe(
      '"forged.xlsx" is a ZIP64 workbook (the central directory has a ZIP64 field for "xl/worksheets/sheet1.xml"): ' +
        'no list we import needs ZIP64; save it again as XLSX or CSV',
    );
    expect(refusal(xlsxWithZip64Claim(3 * 1024 ** 3, 'local'))).toBe(
      '"forged.xlsx" is a ZIP64 workbook (the local header of "xl/worksheets/sheet1.xml" has a ZIP64 field): ' +
        'no list we import needs ZIP64; save it again as XLSX or CSV',
    );
    // Even one claiming the truth: no workbook of a list needs ZIP64.
    expect(refusal(sheetEntry((entry) => ({ ...entry, central: { extra: zip64Extra(283, 200) } })))).toContain('ZIP64');
  });

  it('a local header saying another size than the central directory is refused, with both sizes', () => {
    expect(refusal(sheetEntry((entry) => ({ ...entry, local: { uncompressedSize: 250 * 1024 * 1024 } })))).toBe(
      '"forged.xlsx" cannot be read as an XLSX workbook (its ZIP headers disagree: the central directory says ' +
        '"xl/worksheets/sheet1.xml" unzips to 283 bytes, the local header 262,144,000 bytes; the file is damaged or forged): ' +
        'save it again as XLSX or CSV',
    );
    expect(refusal(sheetEntry((entry) => ({ ...entry, local: { compressedSize: 100_000 } })))).toContain(
      'the central directory says "xl/worksheets/sheet1.xml" takes',
    );
  });

  it("a data descriptor that disagrees is refused; one that agrees (a streaming writer's) is fine", () => {
    expect(refusal(sheetEntry((entry) => ({ ...entry, descriptor: {} })))).toBe('accepted');
    expect(refusal(sheetEntry((entry) => ({ ...entry, descriptor: { uncompressedSize: 200 * 1024 * 1024 } })))).toBe(
      '"forged.xlsx" cannot be read as an XLSX workbook (its ZIP headers disagree: the central directory says ' +
        '"xl/worksheets/sheet1.xml" unzips to 283 bytes, its data descriptor 209,715,200 bytes; the file is damaged or forged): ' +
        'save it again as XLSX or CSV',
    );
    // With a data descriptor, a local header may leave the sizes at 0, not say others.
    expect(refusal(sheetEntry((entry) => ({ ...entry, descriptor: {}, local: { uncompressedSize: 99 } })))).toContain(
      'the local header 99 bytes',
    );
  });

  it('a local header naming another entry than the central directory is refused (SheetJS uses the local name)', () => {
    const bytes = Buffer.from(smallXlsx());
    // The local header's copy of the name only: its first occurrence.
    bytes.set(Buffer.from('xl/worksheets/sheet9.xml'), bytes.indexOf('xl/worksheets/sheet1.xml'));
    expect(refusal(bytes)).toContain(
      'the central directory names an entry "xl/worksheets/sheet1.xml" whose local header names it "xl/worksheets/sheet9.xml"',
    );
  });

  it('entries that make SheetJS read another format, or no [Content_Types].xml, are refused', () => {
    const withEntry = (name: string) => smallXlsx((entries) => [...entries, { name, content: '<x/>' }]);
    expect(refusal(withEntry('META-INF/manifest.xml'))).toBe(
      '"forged.xlsx" is an OpenDocument file, not an XLSX workbook: save it as XLSX or CSV',
    );
    expect(refusal(withEntry('xl/objectdata.xml'))).toContain('is an OpenDocument file');
    expect(refusal(withEntry('Index/Document.iwa'))).toContain('is an Apple Numbers file');
    expect(refusal(smallXlsx((entries) => entries.filter((entry) => entry.name !== '[Content_Types].xml')))).toContain(
      'it has no [Content_Types].xml',
    );
  });
});
