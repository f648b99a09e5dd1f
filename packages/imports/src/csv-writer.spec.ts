import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { csvLine, formulaSafe, withoutTextMark } from './csv-writer.js';
import { readUpload } from './validate.js';

/** What a spreadsheet program may run as a formula (OWASP, CSV injection). */
const FORMULAS = [
  '=HYPERLINK("http://evil.test","click")',
  "=cmd|' /C calc'!A0",
  '=1+1',
  '+1+2',
  '+1-1',
  '-2+3',
  '-1',
  '@SUM(A1:A2)',
  '\t=1+2',
  '\r=1+2',
  '  =1+2',
  ' -1',
  '+14155550100',
];

describe('the CSV writer and its formula rule (OWASP, CSV injection)', () => {
  it.each(FORMULAS)('%j is written with a leading apostrophe', (text) => {
    expect(formulaSafe(text)).toBe(`'${text}`);
    // Once is enough: the rule changes nothing the second time.
    expect(formulaSafe(formulaSafe(text))).toBe(`'${text}`);
  });

  it.each(['admin@demo.test', 'API key "Telephony"', 'demo seed', "O'Brien", '1+1', '(415) 555-0100', '415*', '415', 'Zoë = admin', ''])(
    '%j is left as it is',
    (text) => {
      expect(formulaSafe(text)).toBe(text);
    },
  );

  it('a line is RFC 4180 with CRLF, every cell formula-safe, quoted when it holds a quote, a line break or a separator', () => {
    expect(csvLine(['2', '-2+3', 'a,b', 'say "hi"', 'a;b', 'x|y', 'tab\there', 'two\r\nlines', '\r=1'])).toBe(
      `2,'-2+3,"a,b","say ""hi""","a;b","x|y","tab\there","two\r\nlines","'\r=1"\r\n`,
    );
  });

  it('a spreadsheet reads every written cell back as the text with its apostrophe, never as a formula', () => {
    const book = XLSX.read(FORMULAS.map((text) => csvLine([text, 'x'])).join(''), {
      type: 'string',
      raw: true,
      dense: true,
      cellFormula: true,
    });
    const rows = (book.Sheets[book.SheetNames[0] as string]?.['!data'] ?? []) as XLSX.CellObject[][];
    expect(rows.map((row) => row.map((cell) => cell.v))).toEqual(FORMULAS.map((text) => [`'${text}`, 'x']));
    for (const cell of rows.flat()) expect(cell.f).toBeUndefined();
  });

  it('the importer reads the apostrophe away: entries written in any form, E.164 and area codes included, upload again', async () => {
    const entries = ['+14155550100', '415', '415*', '(212) 555-0123', '+1 646 555 0199', '2125550124'];
    const file = csvLine(['Number']) + entries.map((entry) => csvLine([entry])).join('');
    expect(file).toContain("\r\n'+14155550100\r\n");
    const read = await readUpload(new TextEncoder().encode(file), 'list.csv');
    expect(read.entries.toArray()).toEqual(['415', '+12125550123', '+12125550124', '+14155550100', '+16465550199']);
    expect(read).toMatchObject({ header: 'Number', rows: entries.length, duplicates: 1, rejectedCount: 0 });
    for (const text of [...FORMULAS, '415', "O'Brien"]) expect(withoutTextMark(formulaSafe(text))).toBe(text);
  });
});
