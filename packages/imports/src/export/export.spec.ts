import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { formulaSafe } from '../csv-writer.js';
import { ImportRefused } from '../errors.js';
import { RejectedRowsCsv } from '../rejected-csv.js';
import { readUpload } from '../validate.js';
import { exclusionCsv, exclusionCsvBytes } from './csv-export.js';
import { EXPORT_HEADER, type ExportedEntry, exportFileName, exportRow } from './export-rows.js';
import { exclusionXlsx } from './xlsx-export.js';

const ADDED_AT = new Date('2026-11-25T22:09:56.789Z');

const entry = (value: string, addedBy = 'admin@demo.test'): ExportedEntry => ({ entry: value, addedAt: ADDED_AT, addedBy });

/** Numbers of several area codes and exchanges, and area codes: every shape an entry has. */
const ENTRIES = [
  '+12125550123',
  '+13105550142',
  '+14155550100',
  '+16505550000',
  '+19895550100',
  '+18005550100',
  '+12015550123',
  '200',
  '415',
  '646',
  '999',
];

/** `count` distinct numbers from +1 415 200 0000, then the area codes of `ENTRIES`, in pages of `pageSize`. */
function bigList(count: number, pageSize: number): ExportedEntry[][] {
  const all = [...Array.from({ length: count }, (_, i) => entry(`+1415${2_000_000 + i}`)), ...['200', '415', '999'].map((e) => entry(e))];
  const pages: ExportedEntry[][] = [];
  for (let i = 0; i < all.length; i += pageSize) pages.push(all.slice(i, i + pageSize));
  return pages;
}

/** The CSV's text, its byte order mark kept. */
const csvText = async (pages: ExportedEntry[][]) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await exclusionCsvBytes(pages));

/** The first sheet's cells as SheetJS reads them, formulas included (never evaluated). */
function xlsxCells(bytes: Uint8Array): XLSX.CellObject[][] {
  const book = XLSX.read(bytes, { type: 'buffer', dense: true, cellFormula: true });
  expect(book.SheetNames).toEqual(['Exclusion list']);
  const sheet = book.Sheets[book.SheetNames[0] as string] as XLSX.WorkSheet;
  return (sheet['!data'] ?? []) as XLSX.CellObject[][];
}

const sorted = (entries: readonly string[]) => [...entries].sort();

describe('EXC-9: the export files', () => {
  it.each(['csv', 'xlsx'] as const)(
    'EXC-9: a %s export uploads again as exactly the same entries, its header row skipped',
    async (format) => {
      const pages = [ENTRIES.slice(0, 4).map((e) => entry(e)), [], ENTRIES.slice(4).map((e) => entry(e))];
      const bytes = format === 'csv' ? await exclusionCsvBytes(pages) : await exclusionXlsx(pages);

      const read = await readUpload(bytes, `list.${format}`);

      expect(read.header).toBe('Number');
      expect(sorted(read.entries.toArray())).toEqual(sorted(ENTRIES));
      expect(read).toMatchObject({ rows: ENTRIES.length, duplicates: 0, rejectedCount: 0 });
    },
  );

  it.each(['csv', 'xlsx'] as const)('EXC-9: a %s export of 30,003 entries in pages of 5,000 round-trips', async (format) => {
    const pages = bigList(30_000, 5_000);
    const bytes = format === 'csv' ? await exclusionCsvBytes(pages) : await exclusionXlsx(pages);
    const read = await readUpload(bytes, `list.${format}`);
    expect(sorted(read.entries.toArray())).toEqual(sorted(pages.flat().map((e) => e.entry)));
    expect(read).toMatchObject({ rows: 30_003, duplicates: 0, rejectedCount: 0 });
  });

  it('EXC-9: the CSV is UTF-8 with a byte order mark, comma separated, CRLF, numbers as the console shows them', async () => {
    const bytes = await exclusionCsvBytes([[entry('+14155550100', 'José Müller'), entry('646', 'demo seed')]]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(
      'Number,Kind,Added at,Added by\r\n' +
        '(415) 555-0100,number,2026-11-25T22:09:56Z,José Müller\r\n' +
        '646*,area-code,2026-11-25T22:09:56Z,demo seed\r\n',
    );
    // The importer reads the byte order mark away: the header is `Number`, not `\uFEFFNumber`.
    expect((await readUpload(bytes, 'list.csv')).header).toBe('Number');
  });

  it('EXC-9: the XLSX has one sheet, the header row, then one row of string cells per entry', async () => {
    const rows = xlsxCells(await exclusionXlsx([[entry('+14155550100'), entry('646', 'demo seed')]]));
    expect(rows.map((row) => row.map((cell) => cell.v))).toEqual([
      [...EXPORT_HEADER],
      ['(415) 555-0100', 'number', '2026-11-25T22:09:56Z', 'admin@demo.test'],
      ['646*', 'area-code', '2026-11-25T22:09:56Z', 'demo seed'],
    ]);
    for (const cell of rows.flat()) expect(cell).toMatchObject({ t: 's' });
  });

  it('EXC-9: an empty list is a blank template, the header row alone, in both formats', async () => {
    const text = await csvText([]);
    expect(text).toBe('\uFEFFNumber,Kind,Added at,Added by\r\n');
    expect(await csvText([[], []])).toBe(text);
    expect(xlsxCells(await exclusionXlsx([])).map((row) => row.map((cell) => cell.v))).toEqual([[...EXPORT_HEADER]]);
    // Uploaded as it is, the template changes nothing: it has no entries (EXC-8).
    for (const [bytes, name] of [
      [await exclusionCsvBytes([]), 'template.csv'],
      [await exclusionXlsx([]), 'template.xlsx'],
    ] as const) {
      await expect(readUpload(bytes, name)).rejects.toThrow(
        new ImportRefused(`"${name}" has no entries: its only row is the header "Number"`),
      );
    }
  });

  it('EXC-9: the CSV is written a page at a time, each page read only when the chunk before it is taken', async () => {
    const read: number[] = [];
    async function* pages() {
      for (let page = 0; page < 3; page++) {
        read.push(page);
        yield [entry(`+1415555010${page}`)];
      }
    }
    const chunks = exclusionCsv(pages());
    expect((await chunks.next()).value).toBe('\uFEFFNumber,Kind,Added at,Added by\r\n');
    expect(read).toEqual([]);
    expect((await chunks.next()).value).toBe('(415) 555-0100,number,2026-11-25T22:09:56Z,admin@demo.test\r\n');
    expect(read).toEqual([0]);
    // A reader that stops (the client went away) stops the pages too.
    await chunks.return();
    expect(read).toEqual([0]);
  });
});

describe('EXC-9: formula safety of the export files (OWASP, CSV injection)', () => {
  const FORMULAS = [
    '=HYPERLINK("http://evil.test","click")',
    "=cmd|' /C calc'!A0",
    '+1+2',
    '-2+3',
    '@SUM(A1:A2)',
    '\t=1+2',
    '\r=1+2',
    '  =1+2',
  ];

  it('EXC-9: no entry needs the apostrophe in the form it is written (the E.164 form would: hence the display form)', async () => {
    for (const value of ENTRIES) expect(formulaSafe(exportRow(entry(value))[0] as string)).toBe(exportRow(entry(value))[0]);
    const text = await csvText([ENTRIES.map((value) => entry(value))]);
    expect(text).not.toContain("'");
  });

  it('EXC-9: in the CSV, formula-looking "Added by" cells read back as text with the apostrophe, and the entries still round-trip', async () => {
    const pages = [FORMULAS.map((addedBy, i) => entry(`+1415555010${i}`, addedBy))];
    const bytes = await exclusionCsvBytes(pages);

    const sheet = XLSX.read(new TextDecoder().decode(bytes), { type: 'string', raw: true, dense: true, cellFormula: true });
    const rows = (sheet.Sheets[sheet.SheetNames[0] as string]?.['!data'] ?? []) as XLSX.CellObject[][];
    expect(rows.slice(1).map((row) => row[3]?.v)).toEqual(FORMULAS.map((text) => `'${text}`));
    for (const cell of rows.flat()) expect(cell.f).toBeUndefined();

    const read = await readUpload(bytes, 'list.csv');
    expect(sorted(read.entries.toArray())).toEqual(sorted(pages[0]?.map((e) => e.entry) ?? []));
    expect(read.rejectedCount).toBe(0);
  });

  it('EXC-9: in the XLSX, no cell has a formula and formula-looking text is defused the same way', async () => {
    const bytes = await exclusionXlsx([FORMULAS.map((addedBy, i) => entry(`+1415555010${i}`, addedBy))]);
    const rows = xlsxCells(bytes);
    for (const cell of rows.flat()) {
      expect(cell.f).toBeUndefined();
      expect(cell.t).toBe('s');
    }
    expect(rows.slice(1).map((row) => row[3]?.v)).toEqual(FORMULAS.map((text) => `'${text}`));
    expect((await readUpload(bytes, 'list.xlsx')).rows).toBe(FORMULAS.length);
  });

  it('EXC-9: the export and rejected.csv write any text alike: one writer, one rule', async () => {
    const texts = [...FORMULAS, '+1-1', '-1', '+14155550100', 'a,b', 'say "hi"', 'admin@demo.test', "O'Brien"];
    const exported = await csvText([texts.map((addedBy, i) => entry(`+1415555${String(1000 + i)}`, addedBy))]);
    const rejected = new RejectedRowsCsv();
    for (const [i, text] of texts.entries()) rejected.add({ row: i + 2, value: text, reason: text });

    const exportedCells = exported
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.slice(line.indexOf('Z,') + 2));
    const rejectedLines = rejected.toString().split('\r\n').slice(1, -1);
    expect(rejectedLines).toEqual(texts.map((_, i) => `${i + 2},${exportedCells[i]},${exportedCells[i]}`));
  });

  it('EXC-9: separators, quotes and line breaks in "Added by" are quoted: the file keeps its columns and its entries', async () => {
    const awkward = ['Smith, Ann', 'say "hi"', 'a;b|c\td', 'two\r\nlines', 'x\ny'];
    const pages = [awkward.map((addedBy, i) => entry(`+1415555010${i}`, addedBy))];
    const bytes = await exclusionCsvBytes(pages);

    const sheet = XLSX.read(new TextDecoder().decode(bytes), { type: 'string', raw: true, dense: true });
    const rows = (sheet.Sheets[sheet.SheetNames[0] as string]?.['!data'] ?? []) as XLSX.CellObject[][];
    expect(rows.slice(1).map((row) => row.map((cell) => cell.v))).toEqual(
      awkward.map((addedBy, i) => [`(415) 555-010${i}`, 'number', '2026-11-25T22:09:56Z', addedBy]),
    );
    const read = await readUpload(bytes, 'list.csv');
    expect(sorted(read.entries.toArray())).toEqual(sorted(pages[0]?.map((e) => e.entry) ?? []));
    expect(read).toMatchObject({ rows: awkward.length, rejectedCount: 0 });
  });
});

describe('EXC-9: the name of an export file', () => {
  it('names the account and the day (UTC)', () => {
    expect(exportFileName('demo', 'csv', new Date('2026-11-25T23:59:59Z'))).toBe('exclusion-list-demo-2026-11-25.csv');
    expect(exportFileName('Acme Co/West', 'xlsx', new Date('2026-01-02T00:00:00Z'))).toBe('exclusion-list-acme-co-west-2026-01-02.xlsx');
  });
});
