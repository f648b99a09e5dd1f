import { describe, expect, it } from 'vitest';
import { uploadFileName } from './upload-file-name.js';

describe('the name an upload is stored under', () => {
  it.each([
    ['do-not-record.csv', 'do-not-record.csv'],
    ['C:\\Users\\dana\\Desktop\\list.xlsx', 'list.xlsx'],
    ['../../etc/passwd', 'passwd'],
    ['tab\there.csv', 'tabhere.csv'],
    ['  ', 'upload'],
    [undefined, 'upload'],
    ['Numéros à exclure.csv', 'Numéros à exclure.csv'],
  ])('%j is %j', (raw, stored) => {
    expect(uploadFileName(raw)).toBe(stored);
  });

  it('shortens a long name in the middle and keeps its extension', () => {
    const name = uploadFileName(`${'n'.repeat(300)}.xlsx`);
    expect(name).toHaveLength(120);
    expect(name.endsWith('n….xlsx')).toBe(true);
  });
});
