import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { exclusionXlsx } from './export/xlsx-export.js';
import { openSpreadsheet } from './spreadsheet.js';
import { minimalXlsx } from './testing/workbooks.js';

/** An XLSX workbook made by SheetJS, as Excel would save it (`bookSST`: strings shared, as Excel writes them). */
function xlsx(rows: unknown[][], { sst = false, dates = false } = {}): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows, { cellDates: dates }), 'List');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', bookSST: sst, cellDates: dates });
}

/** What a workbook reads to: its last row and its first column's cells, by SheetJS or by the streamed reader. */
async function read(bytes: Uint8Array, streamed: boolean, maxRows?: number) {
  try {
    const sheet = openSpreadsheet(bytes, 'list.xlsx', { xlsxStreamingFrom: streamed ? 0 : Number.POSITIVE_INFINITY, maxRows });
    const chunks = sheet.chunks();
    // The streamed reader is the async one: a workbook it cannot find its way in would go to SheetJS unseen.
    expect(Symbol.asyncIterator in chunks).toBe(streamed);
    const cells = [];
    for await (const chunk of chunks) cells.push(...chunk);
    return { lastRow: sheet.lastRow, cells };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

const entry = (value: string, addedBy = 'admin@demo.test') => ({ entry: value, addedAt: new Date('2026-11-25T22:09:56Z'), addedBy });

const WORKBOOKS: Array<[string, () => Uint8Array | Promise<Uint8Array>, number?]> = [
  ['numbers, text and area codes', () => xlsx([['Exclusion'], [4155550100], [14155550101], [415], ['646*'], ['(212) 555-0123']])],
  [
    'shared strings, text marks, unicode and escapes',
    () =>
      xlsx([['Number'], ["'+14155550100"], ["'415"], ['a & b < c'], ['Zoë “x”'], ['line\r\nbreak'], ['  '], [''], ['=1+2']], { sst: true }),
  ],
  [
    'booleans, blanks beside text, a formula, an error',
    () => {
      const sheet = XLSX.utils.aoa_to_sheet([[4155550100], [true], ['hello'], [4155.5], [null, 'note only'], [false]]);
      sheet.A7 = { t: 'n', v: 8311100200, f: 'A1*2' };
      sheet.A8 = { t: 'e', v: 0x07 };
      sheet.B9 = { t: 'n', v: 0, f: 'A1' };
      sheet['!ref'] = 'A1:B9';
      const workbook = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(workbook, sheet, 'S');
      return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
    },
  ],
  [
    'dates, as typed cells and as numbers with a date format',
    () => xlsx([['Number'], [new Date('2024-03-05T00:00:00Z')], [4155550100]], { dates: true }),
  ],
  ['our own export', () => exclusionXlsx([[entry('+14155550100'), entry('646', '=HYPERLINK("x")'), entry('+12125550123', '@admin')]])],
  ['our own export, empty', () => exclusionXlsx([])],
  ['more rows than the limit', () => xlsx([['Number'], [4155550100], [4155550101], [4155550102], [4155550103], [4155550104]]), 3],
  [
    'no dimension, the data from column B, rows and cells without r',
    () =>
      minimalXlsx({
        sheetData:
          '<row r="2"><c r="B2" t="inlineStr"><is><t>Number</t></is></c><c r="C2"><v>1</v></c></row>' +
          '<row><c r="B3"><v>4155550100</v></c></row><row><c><v>7</v></c><c t="inlineStr"><is><t>x</t></is></c></row>' +
          '<row r="9"><c r="C9" t="s"><v>1</v></c></row><row r="10"><c r="B10" t="s"><v>0</v></c></row>' +
          '<row r="11"><c r="B11" t="s"><v>2</v></c><c r="C11" t="b"><v>1</v></c></row><row r="12"/>',
        sharedStrings:
          '<si><r><t>(415) </t></r><r><rPr><b/></rPr><t xml:space="preserve">555-0199</t></r><rPh><t>ignored</t></rPh></si>' +
          '<si><t>a&amp;b_x000D_</t></si><si><t/></si>',
      }),
  ],
  [
    'shared formulas, shifted to their cells; an array formula',
    () =>
      minimalXlsx({
        sheetData:
          '<row r="1"><c r="A1"><v>4155550100</v></c><c r="B1"><v>1</v></c></row>' +
          '<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">B2*2+$B$1</f><v>4</v></c></row>' +
          '<row r="3"><c r="A3"><f t="shared" si="0"/><v>6</v></c></row>' +
          '<row r="4"><c r="A4"><f t="array" ref="A4:A5">SUM(B1:B3)</f><v>8</v></c></row>' +
          '<row r="5"><c r="A5"><v>9</v></c></row><row r="6"><c r="A6" t="str"><f>_xlfn.CONCAT("4","1")</f><v>41</v></c></row>',
      }),
  ],
];

describe('issue 13: the streamed XLSX reader reads what SheetJS reads', () => {
  it.each(WORKBOOKS)('EXC-8: %s', async (_, make, maxRows) => {
    const bytes = await make();
    const bySheetJs = await read(bytes, false, maxRows);
    expect(await read(bytes, true, maxRows)).toEqual(bySheetJs);
  });
});
