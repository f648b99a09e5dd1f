import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { ImportRefused } from './errors.js';
import { readUpload } from './validate.js';

const csv = (text: string) => new TextEncoder().encode(text);

/** An XLSX workbook made by SheetJS, as Excel would save it: cells typed by their JS values, `{ f }` a formula. */
function xlsx(rows: unknown[][]): Uint8Array {
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, 'Exclusions');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
}

describe('EXC-8: reading an uploaded list', () => {
  it('EXC-1: CSV with a header row: every form of a number and of an area code', async () => {
    const result = await readUpload(
      csv('Phone number,Name\n(415) 555-0100,Ann\n415.555.0101\n14155550102\n+1 415 555 0103\n415*\n(646)\n212\n'),
      'list.csv',
    );
    expect(result.header).toBe('Phone number');
    expect(result.entries.toArray()).toEqual(['212', '415', '646', '+14155550100', '+14155550101', '+14155550102', '+14155550103']);
    expect(result).toMatchObject({ rows: 7, duplicates: 0, rejectedCount: 0, rejected: [] });
  });

  it('EXC-1: CSV without a header row starts with the first entry', async () => {
    const result = await readUpload(csv('4155550100\r\n212*\r\n'), 'list.csv');
    expect(result.header).toBeNull();
    expect(result.entries.toArray()).toEqual(['212', '+14155550100']);
  });

  it('EXC-8: rejected rows come back by their spreadsheet row number, header counted, with the value and the reason', async () => {
    const result = await readUpload(csv('Number\n(415) 555-0100\n\n"hello"\n555-01\n=1+2\n,Bob\n911\n'), 'list.csv');
    expect(result.entries.toArray()).toEqual(['+14155550100']);
    expect(result.rejected).toEqual([
      { row: 4, value: 'hello', reason: '"hello" is not a phone number: not a number' },
      { row: 5, value: '555-01', reason: '"555-01" is not a phone number: too short' },
      { row: 6, value: '=1+2', reason: '"=1+2" is a formula, which is not evaluated: write the number itself' },
      { row: 7, value: '', reason: 'is empty: expected a phone number' },
      { row: 8, value: '911', reason: '"911" is not an area code: 911 is a service code' },
    ]);
    expect(result.rejectedCount).toBe(5);
    expect(result.rows).toBe(6);
    expect(result.rejectedCsv).toBe(
      [
        'row,value,reason',
        '4,hello,"""hello"" is not a phone number: not a number"',
        '5,555-01,"""555-01"" is not a phone number: too short"',
        '6,\'=1+2,"""=1+2"" is a formula, which is not evaluated: write the number itself"',
        '7,,is empty: expected a phone number',
        '8,911,"""911"" is not an area code: 911 is a service code"',
        '',
      ].join('\r\n'),
    );
  });

  it('EXC-8: no value or reason of rejected.csv starts as a formula, signed arithmetic included (OWASP, CSV injection)', async () => {
    const cells = ['-2+3', '=1+1', '@SUM(A1)', '+1-1', '\t=1', '\r=1', ' -1', '+1415555010', '+44 20 7946 0958'];
    const upload = `Number\r\n${cells.map((cell) => `"${cell}"`).join('\r\n')}\r\n`;
    const result = await readUpload(csv(upload), 'list.csv');
    expect(result.rejected.map((rejected) => rejected.value)).toEqual(cells);

    // Read back as a spreadsheet program reads the download: every cell text, none a formula.
    const book = XLSX.read(result.rejectedCsv, { type: 'string', raw: true, dense: true, cellFormula: true });
    const rows = (book.Sheets[book.SheetNames[0] as string]?.['!data'] ?? []) as XLSX.CellObject[][];
    expect(rows.map((row) => row.length)).toEqual(rows.map(() => 3));
    for (const cell of rows.flat()) {
      expect(cell.f).toBeUndefined();
      expect(String(cell.v)).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
    }
    // The value as uploaded, behind the apostrophe: `+1415555010` is still there to read and fix.
    expect(rows.slice(1).map((row) => row[1]?.v)).toEqual(cells.map((cell) => `'${cell}`));
  });

  it("EXC-8: a leading apostrophe (a spreadsheet's text mark, as the exports write it) is not part of the entry", async () => {
    const marked = ["'+14155550100", "'415", "'646*", "'(212) 555-0123"];
    const fromCsv = await readUpload(csv(`Number\n${marked.join('\n')}\n`), 'list.csv');
    expect(fromCsv.entries.toArray()).toEqual(['415', '646', '+12125550123', '+14155550100']);
    expect(fromCsv.rejectedCount).toBe(0);
    const fromXlsx = await readUpload(xlsx([['Number'], ...marked.map((text) => [text])]), 'list.xlsx');
    expect(fromXlsx.entries.toArray()).toEqual(['415', '646', '+12125550123', '+14155550100']);
    // Behind the mark a formula is text, and refused as text: it is no phone number.
    const text = await readUpload(csv("'=1+2\n"), 'list.csv');
    expect(text.rejected).toEqual([{ row: 1, value: '=1+2', reason: '"=1+2" is not a phone number: not a number' }]);
  });

  it('EXC-8: duplicates within the file are imported once and counted', async () => {
    const result = await readUpload(csv('(415) 555-0100\n415.555.0100\n+14155550100\n415\n415*\n'), 'dupes.csv');
    expect(result.entries.toArray()).toEqual(['415', '+14155550100']);
    expect(result.duplicates).toBe(3);
  });

  it('EXC-8: quoted fields, semicolons and Excel\'s sep= line and ="…" text are read as a spreadsheet program does', async () => {
    const result = await readUpload(csv('sep=;\nNumber;Note\n"(415) 555-0100";"two\nlines"\n="2125550123";x\n646;"a;b"\n'), 'list.csv');
    expect(result.entries.toArray()).toEqual(['646', '+12125550123', '+14155550100']);
    expect(result.rejected).toEqual([]);
  });

  it('EXC-8: row numbers stay right across chunks of a long CSV', async () => {
    const lines = ['Number'];
    for (let i = 0; i < 45_000; i++) lines.push(i === 41_999 ? 'oops' : `+1415${String(2_000_000 + i)}`);
    const result = await readUpload(csv(lines.join('\n')), 'long.csv');
    expect(result.entries.size).toBe(44_999);
    expect(result.rejected).toEqual([{ row: 42_001, value: 'oops', reason: '"oops" is not a phone number: not a number' }]);
  });

  it('EXC-1: XLSX number cells that lost their formatting are numbers; area codes with or without *', async () => {
    const result = await readUpload(xlsx([['Exclusion'], [4155550100], [14155550101], [415], ['646*'], ['(212) 555-0123']]), 'list.xlsx');
    expect(result.header).toBe('Exclusion');
    expect(result.entries.toArray()).toEqual(['415', '646', '+12125550123', '+14155550100', '+14155550101']);
  });

  it('EXC-8: XLSX without a header; formulas, booleans and bad numbers are refused by row', async () => {
    const rows: unknown[][] = [[4155550100], [true], ['hello'], [4155.5], [null, 'note only']];
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    sheet.A6 = { t: 'n', v: 8311100200, f: 'A1*2' };
    sheet['!ref'] = 'A1:B6';
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, sheet, 'S');
    const result = await readUpload(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }), 'list.xlsx');
    expect(result.header).toBeNull();
    expect(result.entries.toArray()).toEqual(['+14155550100']);
    expect(result.rejected).toEqual([
      { row: 2, value: 'TRUE', reason: '"TRUE" is a true/false cell, not a phone number' },
      { row: 3, value: 'hello', reason: '"hello" is not a phone number: not a number' },
      { row: 4, value: '4155.5', reason: '4155.5 is not a phone number' },
      { row: 5, value: '', reason: 'is empty: expected a phone number' },
      { row: 6, value: '=A1*2', reason: '"=A1*2" is a formula, which is not evaluated: write the number itself' },
    ]);
  });

  it('EXC-8: too many rows refuse the whole file, naming the limit (the header not counted)', async () => {
    const rows = ['Number', '4155550100', '4155550101', '4155550102'].join('\n');
    await expect(readUpload(csv(rows), 'three.csv', { maxRows: 3 })).resolves.toMatchObject({ rows: 3 });
    await expect(readUpload(csv(`${rows}\n4155550103`), 'four.csv', { maxRows: 3 })).rejects.toThrow(
      new ImportRefused('"four.csv" has 4 rows: an upload may have at most 3 rows; split the file'),
    );
    const sheet = xlsx([['Number'], [4155550100], [4155550101], [4155550102], [4155550103], [4155550104]]);
    await expect(readUpload(sheet, 'five.xlsx', { maxRows: 3 })).rejects.toThrow(
      '"five.xlsx" has 5 rows: an upload may have at most 3 rows',
    );
  });

  it('EXC-8: a PDF, an empty file, a header alone and a broken workbook are refused with the reason', async () => {
    await expect(readUpload(csv('%PDF-1.4\n'), 'scan.pdf')).rejects.toThrow(
      new ImportRefused('"scan.pdf" is a PDF document, not a spreadsheet: upload a CSV or XLSX file'),
    );
    await expect(readUpload(csv(''), 'empty.csv')).rejects.toThrow('"empty.csv" is empty');
    await expect(readUpload(csv('Number\n\n'), 'header.csv')).rejects.toThrow(
      '"header.csv" has no entries: its only row is the header "Number"',
    );
    await expect(readUpload(xlsx([]), 'blank.xlsx')).rejects.toThrow('"blank.xlsx" has no entries');
    const broken = xlsx([['Number'], [4155550100]]).slice(0, 400);
    await expect(readUpload(broken, 'broken.xlsx')).rejects.toBeInstanceOf(ImportRefused);
  });

  it('EXC-10: reports its progress as it reads', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `+1415${String(2_000_000 + i)}`);
    const seen: number[] = [];
    await readUpload(csv(lines.join('\n')), 'long.csv', { onProgress: (fraction) => seen.push(fraction) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((fraction, i) => i === 0 || fraction > (seen[i - 1] as number))).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });
});
