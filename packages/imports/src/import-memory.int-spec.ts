import { describe, expect, it } from 'vitest';
import { exclusionXlsx } from './export/xlsx-export.js';
import { MAX_UPLOAD_BYTES } from './limits.js';
import { hundredMegabyteCsv, millionEntryExport } from './testing/big-uploads.js';
import { readUploadInChildProcess } from './testing/child-process.js';
import { changeEntry, smallXlsx, XLSX_SHEET_ENTRY, xlsxWithHugeCell, xlsxWithZip64Claim } from './testing/workbooks.js';

/**
 * Issue 13: an import within the upload limits never takes a worker above 512 MB; anything beyond is
 * refused with a reason that says what and where. Each file is read as an import reads it, in a Node
 * process of its own (build first: `dist/testing/read-upload-child.js`), whose peak RSS is the
 * measure. A bare Node process that loaded @ccp/imports is about 100 MB of it.
 */
const MB = 1024 * 1024;
const WORKER_MEMORY = 512 * MB;

describe('issue 13: what reading an upload costs in memory', () => {
  it('a 290 KB workbook holding one 280 MB cell is refused, saying what and where, well under 512 MB', async () => {
    const read = await readUploadInChildProcess(xlsxWithHugeCell(280 * MB), 'huge.xlsx');
    expect(read).toMatchObject({
      ok: false,
      error: 'ImportRefused',
      message: '"huge.xlsx" has a cell of 280 MB, cell B2 of sheet "List": a cell may hold at most 256 KB',
    });
    expect(read.peakRssBytes).toBeLessThan(WORKER_MEMORY);
  });

  it('the same cell as a shared string: refused, under 512 MB', async () => {
    const read = await readUploadInChildProcess(xlsxWithHugeCell(280 * MB, { shared: true }), 'shared.xlsx');
    expect(read).toMatchObject({ ok: false, message: expect.stringContaining('has a cell of 280 MB, cell B2 of sheet "List"') });
    expect(read.peakRssBytes).toBeLessThan(WORKER_MEMORY);
  });

  it('a ZIP64 field claiming 3 GB, or a local header claiming 250 MB, is refused without the allocation', async () => {
    const zip64 = await readUploadInChildProcess(xlsxWithZip64Claim(3 * 1024 * MB), 'zip64.xlsx');
    expect(zip64).toMatchObject({ ok: false, message: expect.stringContaining('"zip64.xlsx" is a ZIP64 workbook') });
    expect(zip64.peakRssBytes).toBeLessThan(200 * MB);

    const local = smallXlsx((entries) =>
      changeEntry(entries, XLSX_SHEET_ENTRY, (entry) => ({ ...entry, local: { uncompressedSize: 250 * MB } })),
    );
    const disagreeing = await readUploadInChildProcess(local, 'local.xlsx');
    expect(disagreeing).toMatchObject({ ok: false, message: expect.stringContaining('its ZIP headers disagree') });
    expect(disagreeing.peakRssBytes).toBeLessThan(200 * MB);
  });

  it('EXC-9: our own XLSX export of 150,000 entries imports again, under 512 MB', async () => {
    const addedAt = new Date('2026-11-25T22:09:56Z');
    const pages = Array.from({ length: 15 }, (_, page) =>
      Array.from({ length: 10_000 }, (_, i) => ({ entry: `+1415${2_000_000 + page * 10_000 + i}`, addedAt, addedBy: 'admin@demo.test' })),
    );
    const read = await readUploadInChildProcess(await exclusionXlsx(pages), 'exclusion-list.xlsx');
    expect(read).toMatchObject({ ok: true, rows: 150_000, entries: 150_000, rejectedCount: 0 });
    expect(read.peakRssBytes).toBeLessThan(WORKER_MEMORY);
  });

  // Before the streamed readers (SheetJS, the CSV decoded whole): 648 MB and 1,271 MB here; in the worker 1,066 MB and 1,435 MB.
  it('a 100 MB CSV of 1,000,000 rows (1% of them bad) is read under 512 MB', async () => {
    const csv = hundredMegabyteCsv();
    expect(csv.length).toBeGreaterThan(0.95 * MAX_UPLOAD_BYTES);
    const read = await readUploadInChildProcess(csv, 'big.csv');
    expect(read).toMatchObject({ ok: true, rows: 1_000_000, entries: 990_000, rejectedCount: 10_000 });
    expect(read.peakRssBytes).toBeLessThan(WORKER_MEMORY);
  }, 120_000);

  it('EXC-9: our own XLSX export of 1,000,000 entries imports again, under 512 MB', async () => {
    const read = await readUploadInChildProcess(await millionEntryExport(), 'exclusion-list.xlsx');
    expect(read).toMatchObject({ ok: true, rows: 1_000_000, entries: 1_000_000, rejectedCount: 0 });
    expect(read.peakRssBytes).toBeLessThan(WORKER_MEMORY);
  }, 120_000);
});
