import { crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { ImportRefused } from './errors.js';
import { MAX_XLSX_CELL_BYTES } from './limits.js';
import {
  changeEntry,
  deflatedRepeat,
  minimalXlsx,
  smallXlsx,
  XLSX_SHEET_ENTRY,
  xlsxWithHugeCell,
  xlsxWorkbook,
} from './testing/workbooks.js';
import { readUpload } from './validate.js';

const MB = 1024 * 1024;
const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Number</t></is></c></row>';

/** What reading the file as an upload came to: its reason when refused. */
async function refusal(bytes: Uint8Array, fileName: string): Promise<string> {
  const outcome = await readUpload(bytes, fileName).catch((error: unknown) => error);
  if (!(outcome instanceof ImportRefused)) throw new Error(`${fileName} was not refused: ${JSON.stringify(outcome)}`);
  return outcome.message;
}

describe('issue 13: one enormous cell is refused before SheetJS reads it, saying what and where', () => {
  it('a 280 MB inline-string cell in a 290 KB workbook', async () => {
    const bytes = xlsxWithHugeCell(280 * MB);
    expect(bytes.length).toBeLessThan(300 * 1024);
    expect(await refusal(bytes, 'huge.xlsx')).toBe(
      '"huge.xlsx" has a cell of 280 MB, cell B2 of sheet "List": a cell may hold at most 256 KB',
    );
  });

  it('a 280 MB shared string, told by the cell that shows it', async () => {
    expect(await refusal(xlsxWithHugeCell(280 * MB, { shared: true }), 'shared.xlsx')).toBe(
      '"shared.xlsx" has a cell of 280 MB, cell B2 of sheet "List": a cell may hold at most 256 KB',
    );
  });

  it('a shared string made of many short runs of rich text counts as a whole', async () => {
    const run = `<r><t>${'x'.repeat(100 * 1024)}</t></r>`;
    const bytes = minimalXlsx({
      sheetData: `${HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c></row><row r="3"><c r="A3" t="s"><v>1</v></c></row>`,
      sharedStrings: `<si><t>4155550100</t></si><si>${run.repeat(3)}</si>`,
    });
    expect(await refusal(bytes, 'runs.xlsx')).toBe(
      '"runs.xlsx" has a cell of 300 KB, cell A3 of sheet "List": a cell may hold at most 256 KB',
    );
  });

  it('a cell without a reference is placed as SheetJS places it', async () => {
    const bytes = minimalXlsx({
      sheetData: `${HEADER_ROW}<row r="7"><c><v>4155550100</v></c><c t="inlineStr"><is><t>${'x'.repeat(300 * 1024)}</t></is></c></row>`,
    });
    expect(await refusal(bytes, 'noref.xlsx')).toContain('has a cell of 300 KB, cell B7 of sheet "List"');
  });

  it('a shared string no cell uses, and text anywhere else, are refused too', async () => {
    const unused = minimalXlsx({ sheetData: HEADER_ROW, sharedStrings: `<si><t>${'x'.repeat(300 * 1024)}</t></si>` });
    expect(await refusal(unused, 'unused.xlsx')).toBe(
      '"unused.xlsx" has a cell of 300 KB, text 1 of xl/sharedStrings.xml, used by no cell: a cell may hold at most 256 KB',
    );
    const props = smallXlsx((entries) => [
      ...entries,
      {
        name: 'docProps/core.xml',
        content: deflatedRepeat('<cp:coreProperties><dc:title>', 'A', 280 * MB, '</dc:title></cp:coreProperties>'),
      },
    ]);
    expect(await refusal(props, 'props.xlsx')).toBe(
      '"props.xlsx" has 280 MB of text without a break in docProps/core.xml (from byte 29): a workbook\'s text may run at most 256 KB between tags',
    );
  });

  it('sizes consistent in every header but false: the entry inflates to more than they say', async () => {
    const bytes = minimalXlsx({
      sheetData: deflatedRepeat('<worksheet><sheetData>', ' ', 100 * MB, '</sheetData></worksheet>'),
      entries: (entries) =>
        changeEntry(entries, XLSX_SHEET_ENTRY, (entry) => ({
          ...entry,
          local: { uncompressedSize: 1_000 },
          central: { uncompressedSize: 1_000 },
        })),
    });
    expect(await refusal(bytes, 'liar.xlsx')).toBe(
      '"liar.xlsx" cannot be read as an XLSX workbook ("xl/worksheets/sheet1.xml" unzips to more than the 1000 bytes its ZIP headers say: ' +
        'it is damaged or forged): save it again as XLSX or CSV',
    );
  });

  it("data past the end of an entry's deflate stream is refused (SheetJS would not read what was checked)", async () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1"><v>4155550100</v></c></row></sheetData></worksheet>';
    const withTrailingByte = smallXlsx((entries) =>
      changeEntry(entries, XLSX_SHEET_ENTRY, (entry) => ({
        ...entry,
        content: { deflated: Buffer.concat([deflateRawSync(sheet), Buffer.from([0])]), size: Buffer.byteLength(sheet), crc: crc32(sheet) },
      })),
    );
    expect(await refusal(withTrailingByte, 'trailing.xlsx')).toBe(
      '"trailing.xlsx" cannot be read as an XLSX workbook (the data of "xl/worksheets/sheet1.xml" does not end where its ZIP headers say): ' +
        'save it again as XLSX or CSV',
    );
  });

  it('keeps every workbook Excel can save: a cell of 32,767 characters of any script imports', async () => {
    const longest = '界'.repeat(32_767);
    expect(Buffer.byteLength(longest)).toBeLessThan(MAX_XLSX_CELL_BYTES);
    const read = await readUpload(
      xlsxWorkbook([
        ['Number', 'Note'],
        [4155550100, longest],
        [4155550101, '&<>"'.repeat(8_000)],
      ]),
      'notes.xlsx',
    );
    expect(read).toMatchObject({ rows: 2, rejectedCount: 0 });
  });

  it('a workbook written with a data descriptor (a streaming writer) imports', async () => {
    const bytes = smallXlsx((entries) => entries.map((entry) => ({ ...entry, descriptor: {} })));
    expect((await readUpload(bytes, 'streamed.xlsx')).entries.toArray()).toEqual(['+14155550100']);
  });

  it('SheetJS reads what was inspected: the hand-made workbooks are real ones', async () => {
    const bytes = xlsxWithHugeCell(1_000);
    const book = XLSX.read(bytes, { type: 'buffer', dense: true });
    expect(book.SheetNames).toEqual(['List']);
    expect((await readUpload(bytes, 'small.xlsx')).entries.toArray()).toEqual(['+14155550100']);
  });
});
