import { activeExclusionListId, createAccount, ExclusionEntrySchema, openDatabase } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { useTestOrm } from '@ccp/db/testing/orm';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { ImportAborted, ImportRefused } from './errors.js';
import { importUpload } from './import-upload.js';
import { activeEntries, entryRowCount, listStates, numbersCsv, storeUpload, uploadRow } from './testing/uploads.js';
import { accountUpload, accountUploads, failUpload } from './uploads.repository.js';

const csv = (text: string) => new TextEncoder().encode(text);

function xlsx(rows: unknown[][]): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), 'List');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
}

describe.each(TEST_DRIVERS)('importing an upload on %s', (driver) => {
  const db = useTestOrm(driver);
  let slug = 0;

  /** An account whose list holds +1 212 555 0123 and the area code 646, like the demo tenant's. */
  async function account(): Promise<string> {
    const em = db.orm.em.fork();
    const created = await createAccount(em, { slug: `acct-${++slug}`, name: 'Acme', contactCenterPro: true, enterpriseHubNetwork: true });
    const list = await activeExclusionListId(em, created.id);
    for (const entry of ['+12125550123', '646']) {
      em.create(ExclusionEntrySchema, { accountId: created.id, list, entry, addedAt: new Date(), addedBy: 'seed' });
    }
    await em.flush();
    return created.id;
  }

  it('EXC-8: add imports the new entries, counts duplicates in the file and against the list once, reports bad rows', async () => {
    const accountId = await account();
    const file = csv('Phone number\n(415) 555-0100\n415.555.0100\n(212) 555-0123\nhello\n628*\n555-01\n');
    const uploadId = await storeUpload(db.orm, { accountId, mode: 'add', fileName: 'list.csv', content: file, createdBy: 'ann@acme.test' });

    const result = await importUpload(db.orm, uploadId);

    expect(result).toMatchObject({ kind: 'done', imported: 2, duplicates: 2, rejectedCount: 2, rows: 6 });
    expect(await activeEntries(db.orm, accountId)).toEqual(['+12125550123', '+14155550100', '628', '646']);
    const row = await uploadRow(db.orm, uploadId);
    expect(row).toMatchObject({ status: 'done', progress: 1, imported: 2, duplicates: 2, rejectedCount: 2, error: null, runId: null });
    expect(row.rejected).toEqual([
      { row: 5, value: 'hello', reason: '"hello" is not a phone number: not a number' },
      { row: 7, value: '555-01', reason: '"555-01" is not a phone number: too short' },
    ]);
    expect(row.rejectedCsv?.split('\r\n')[0]).toBe('row,value,reason');
    expect(row.finishedAt).toBeInstanceOf(Date);
    const added = await db.orm.em.fork().findOneOrFail(ExclusionEntrySchema, { accountId, entry: '+14155550100' });
    expect(added.addedBy).toBe('ann@acme.test');
    expect(await listStates(db.orm, accountId)).toEqual(['active']);
  });

  it("EXC-8: replace swaps in exactly the file's entries (XLSX, number cells) and leaves no other list behind", async () => {
    const accountId = await account();
    const file = xlsx([['Number'], [4155550100], [14155550101], [4155550100], ['415*'], [{ t: 'b', v: true }]]);
    const uploadId = await storeUpload(db.orm, { accountId, mode: 'replace', fileName: 'list.xlsx', content: file });

    const result = await importUpload(db.orm, uploadId);

    expect(result).toMatchObject({ kind: 'done', imported: 3, duplicates: 1, rejectedCount: 1 });
    expect(await activeEntries(db.orm, accountId)).toEqual(['+14155550100', '+14155550101', '415']);
    expect(await listStates(db.orm, accountId)).toEqual(['active']);
    expect(await entryRowCount(db.orm, accountId)).toBe(3);
  });

  it('EXC-8: an import paced to half of the database time (writeShare) applies the whole list all the same', async () => {
    const accountId = await account();
    const uploadId = await storeUpload(db.orm, { accountId, mode: 'replace', fileName: 'paced.csv', content: numbersCsv(3_000) });

    const result = await importUpload(db.orm, uploadId, { writeShare: 0.5, batchSize: 500 });

    expect(result).toMatchObject({ kind: 'done', imported: 3_000 });
    expect(await entryRowCount(db.orm, accountId)).toBe(3_000);
    expect(await listStates(db.orm, accountId)).toEqual(['active']);
  });

  it('EXC-8: the first 100 rejected rows are kept on the upload, all of them in its CSV', async () => {
    const accountId = await account();
    const lines = ['Number', ...Array.from({ length: 150 }, (_, i) => `bad ${i}`), '4155550100'];
    const uploadId = await storeUpload(db.orm, { accountId, mode: 'add', fileName: 'bad.csv', content: csv(lines.join('\n')) });

    await importUpload(db.orm, uploadId);

    const row = await uploadRow(db.orm, uploadId);
    expect(row).toMatchObject({ imported: 1, rejectedCount: 150 });
    expect(row.rejected).toHaveLength(100);
    expect(row.rejected[99]).toEqual({ row: 101, value: 'bad 99', reason: '"bad 99" is not a phone number: not a number' });
    expect(row.rejectedCsv?.trimEnd().split('\r\n')).toHaveLength(151);
  });

  it.each([
    ['add', 'scan.pdf', csv('%PDF-1.4\n1 0 obj'), '"scan.pdf" is a PDF document, not a spreadsheet: upload a CSV or XLSX file'],
    ['replace', 'empty.csv', csv(''), '"empty.csv" is empty: upload a CSV or XLSX file with one entry per row'],
    [
      'replace',
      'junk.csv',
      csv('Number\nhello\nworld\n'),
      'none of the 2 rows of "junk.csv" is a valid entry: replacing the list with it would empty the list',
    ],
  ] as const)('EXC-8: %s of %s is refused with the reason and changes nothing', async (mode, fileName, content, reason) => {
    const accountId = await account();
    const uploadId = await storeUpload(db.orm, { accountId, mode, fileName, content });

    const refused = await importUpload(db.orm, uploadId).catch((error: unknown) => error);
    expect(refused).toEqual(new ImportRefused(reason));
    // What the worker does with a permanent failure.
    expect(await failUpload(db.orm, uploadId, (refused as Error).message)).toBe(true);

    expect(await uploadRow(db.orm, uploadId)).toMatchObject({ status: 'failed', error: reason, imported: 0 });
    expect(await activeEntries(db.orm, accountId)).toEqual(['+12125550123', '646']);
    expect(await listStates(db.orm, accountId)).toEqual(['active']);
  });

  it.each(['add', 'replace'] as const)(
    'EXC-8: %s stopped half-way through writing leaves the list as it was; the next run imports it once',
    async (mode) => {
      const accountId = await account();
      const uploadId = await storeUpload(db.orm, { accountId, mode, fileName: 'big.csv', content: numbersCsv(20_000) });
      const stop = new AbortController();
      const progress: number[] = [];
      const watcher = await openDatabase(db.database.url);
      const watching = (async () => {
        while (!stop.signal.aborted) {
          const { progress: now } = await uploadRow(watcher, uploadId);
          progress.push(Number(now));
          if (Number(now) > 0.6) stop.abort('the worker is shutting down');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();

      const stopped = await importUpload(db.orm, uploadId, { signal: stop.signal, batchSize: 500, progressIntervalMs: 0 }).catch(
        (e: unknown) => e,
      );
      stop.abort();
      await watching;
      await watcher.close();

      expect(stopped).toBeInstanceOf(ImportAborted);
      expect(Math.max(...progress)).toBeGreaterThan(0.6);
      expect(await activeEntries(db.orm, accountId)).toEqual(['+12125550123', '646']);
      expect(await uploadRow(db.orm, uploadId)).toMatchObject({ status: 'queued', progress: 0, runId: null });

      const again = await importUpload(db.orm, uploadId, { batchSize: 500 });
      expect(again).toMatchObject({ kind: 'done', imported: 20_000, duplicates: 0 });
      expect(await activeEntries(db.orm, accountId)).toHaveLength(mode === 'add' ? 20_002 : 20_000);
      expect(await entryRowCount(db.orm, accountId)).toBe(mode === 'add' ? 20_002 : 20_000);
      expect(await listStates(db.orm, accountId)).toEqual(['active']);
    },
  );

  it('EXC-8: an upload already done is never applied again', async () => {
    const accountId = await account();
    const uploadId = await storeUpload(db.orm, { accountId, mode: 'add', fileName: 'list.csv', content: csv('4155550100\n') });
    await importUpload(db.orm, uploadId);

    expect(await importUpload(db.orm, uploadId)).toEqual({ kind: 'finished', status: 'done' });
    expect(await uploadRow(db.orm, uploadId)).toMatchObject({ status: 'done', imported: 1, duplicates: 0 });
    expect(await failUpload(db.orm, uploadId, 'too late')).toBe(false);
  });

  it('EXC-10: uploads of one account go in the order they were stored', async () => {
    const accountId = await account();
    const first = await storeUpload(db.orm, {
      accountId,
      mode: 'replace',
      fileName: 'a.csv',
      content: csv('4155550100\n'),
      createdAt: new Date(Date.now() - 1000),
    });
    const second = await storeUpload(db.orm, { accountId, mode: 'add', fileName: 'b.csv', content: csv('4155550101\n') });

    expect(await importUpload(db.orm, second)).toEqual({ kind: 'waiting', behind: first });
    expect((await importUpload(db.orm, first)).kind).toBe('done');
    expect((await importUpload(db.orm, second)).kind).toBe('done');
    expect(await activeEntries(db.orm, accountId)).toEqual(['+14155550100', '+14155550101']);
  });

  it('ACC-3: the api reads uploads only within their account, newest first, a page at a time', async () => {
    const owner = await account();
    const other = await account();
    const older = await storeUpload(db.orm, {
      accountId: owner,
      mode: 'add',
      fileName: 'a.csv',
      content: csv('4155550100\n'),
      createdAt: new Date(Date.now() - 1000),
    });
    const newer = await storeUpload(db.orm, { accountId: owner, mode: 'add', fileName: 'b.csv', content: csv('4155550101\n') });

    expect(await accountUpload(db.orm.em.fork(), other, newer)).toBeNull();
    expect(await accountUploads(db.orm.em.fork(), other, { limit: 10 })).toEqual([]);
    expect(await accountUpload(db.orm.em.fork(), owner, newer)).toMatchObject({ id: newer, fileName: 'b.csv', status: 'queued' });
    const [first] = await accountUploads(db.orm.em.fork(), owner, { limit: 1 });
    expect(first?.id).toBe(newer);
    const next = await accountUploads(db.orm.em.fork(), owner, { limit: 10, after: first });
    expect(next.map((upload) => upload.id)).toEqual([older]);
  });

  it('EXC-8: two runs of one upload at once (a stalled run waking up) apply it once', async () => {
    const accountId = await account();
    const uploadId = await storeUpload(db.orm, { accountId, mode: 'add', fileName: 'big.csv', content: numbersCsv(10_000) });

    const runs = await Promise.allSettled([
      importUpload(db.orm, uploadId, { batchSize: 500 }),
      importUpload(db.orm, uploadId, { batchSize: 500 }),
    ]);

    const kinds = runs.map((run) => (run.status === 'fulfilled' ? run.value.kind : 'error'));
    expect(kinds.filter((kind) => kind === 'done')).toHaveLength(1);
    expect(await uploadRow(db.orm, uploadId)).toMatchObject({ status: 'done', imported: 10_000, duplicates: 0 });
    expect(await activeEntries(db.orm, accountId)).toHaveLength(10_002);
    // The superseded run left no staging list behind, whichever run finished first.
    expect(await entryRowCount(db.orm, accountId)).toBe(10_002);
    expect(await listStates(db.orm, accountId)).toEqual(['active']);
  });
});
