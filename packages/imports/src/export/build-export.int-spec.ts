import { randomUUID } from 'node:crypto';
import { activeExclusionListId, createAccount, ExclusionEntrySchema, ExclusionExportSchema } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { useTestOrm } from '@ccp/db/testing/orm';
import { describe, expect, it } from 'vitest';
import { importUpload } from '../import-upload.js';
import { numbersCsv, storeUpload } from '../testing/uploads.js';
import { readUpload } from '../validate.js';
import { buildExclusionExport } from './build-export.js';
import { accountExport, failExport, insertExport } from './exports.repository.js';
import { activeListPages, activeListSize, ListReplaced } from './list-pages.js';

describe.each(TEST_DRIVERS)('EXC-9: reading and exporting the list on %s', (driver) => {
  const db = useTestOrm(driver);
  let slug = 0;

  /** An account whose active list holds `entries`. */
  async function account(entries: readonly string[]): Promise<string> {
    const em = db.orm.em.fork();
    const created = await createAccount(em, { slug: `export-${++slug}`, name: 'Acme', contactCenterPro: true, enterpriseHubNetwork: true });
    const list = await activeExclusionListId(em, created.id);
    const addedAt = new Date('2026-11-25T10:00:00Z');
    for (let i = 0; i < entries.length; i += 1_000) {
      const rows = entries.slice(i, i + 1_000).map((entry) => ({ accountId: created.id, list, entry, addedAt, addedBy: 'ann@acme.test' }));
      await em.insertMany(ExclusionEntrySchema, rows);
    }
    return created.id;
  }

  async function storeExport(accountId: string, format: 'csv' | 'xlsx'): Promise<string> {
    const em = db.orm.em.fork();
    const id = randomUUID();
    insertExport(em, { id, accountId, format, createdBy: 'ann@acme.test' });
    await em.flush();
    return id;
  }

  const exportRow = (id: string) => db.orm.em.fork().findOneOrFail(ExclusionExportSchema, { id }, { populate: ['content'] });

  const numbers = (count: number, first = 2_000_000) => Array.from({ length: count }, (_, i) => `+1415${first + i}`);

  it('EXC-9: the active list comes in pages in entry order, every entry once, none of another account', async () => {
    const entries = [...numbers(12), '628', '646'];
    const accountId = await account(entries);
    await account(numbers(5, 3_000_000));

    const pages: string[][] = [];
    for await (const page of activeListPages(db.orm.em.fork(), accountId, { pageSize: 5 })) pages.push(page.map((e) => e.entry));

    expect(pages.map((page) => page.length)).toEqual([5, 5, 4]);
    expect(pages.flat()).toEqual([...entries].sort());
    expect(await activeListSize(db.orm.em.fork(), accountId)).toBe(14);
  });

  it('EXC-9: an empty list has no pages', async () => {
    const accountId = await account([]);
    const pages: unknown[] = [];
    for await (const page of activeListPages(db.orm.em.fork(), accountId)) pages.push(page);
    expect(pages).toEqual([]);
    expect(await activeListSize(db.orm.em.fork(), accountId)).toBe(0);
  });

  it('EXC-9: a list replaced while it is read page by page ends in ListReplaced, never in a file cut short', async () => {
    const accountId = await account(numbers(20));
    const pages = activeListPages(db.orm.em.fork(), accountId, { pageSize: 5 });
    expect((await pages.next()).value).toHaveLength(5);

    const uploadId = await storeUpload(db.orm, {
      accountId,
      mode: 'replace',
      fileName: 'new.csv',
      content: numbersCsv(3, { first: 5_000_000 }),
    });
    expect(await importUpload(db.orm, uploadId)).toMatchObject({ kind: 'done', imported: 3 });

    const readToTheEnd = async () => {
      for (let page = await pages.next(); !page.done; page = await pages.next());
    };
    await expect(readToTheEnd()).rejects.toThrow(ListReplaced);
  });

  it.each(['csv', 'xlsx'] as const)('EXC-9: a %s export is built and stored with its row count and done, in one update', async (format) => {
    const entries = [...numbers(12_001), '628'];
    const accountId = await account(entries);
    const exportId = await storeExport(accountId, format);
    const finishedAt = new Date('2026-11-26T08:00:00Z');

    const result = await buildExclusionExport(db.orm, exportId, { pageSize: 5_000, now: () => finishedAt });

    expect(result).toMatchObject({ kind: 'done', format, rows: 12_002 });
    const row = await exportRow(exportId);
    expect(row).toMatchObject({ status: 'done', rows: 12_002, error: null, finishedAt });
    const read = await readUpload(new Uint8Array(row.content as Buffer), `list.${format}`);
    expect(read.entries.toArray().sort()).toEqual([...entries].sort());
    expect(read.rejectedCount).toBe(0);
  });

  it('EXC-9: a finished export is never built again; a failed one keeps its reason; a missing one is said so', async () => {
    const accountId = await account(['628']);
    const exportId = await storeExport(accountId, 'csv');
    expect(await failExport(db.orm, exportId, 'the database went away')).toBe(true);
    expect(await buildExclusionExport(db.orm, exportId)).toEqual({ kind: 'finished', status: 'failed' });
    expect(await exportRow(exportId)).toMatchObject({ status: 'failed', error: 'the database went away', content: null });

    const done = await storeExport(accountId, 'csv');
    expect(await buildExclusionExport(db.orm, done)).toMatchObject({ kind: 'done', rows: 1 });
    expect(await failExport(db.orm, done, 'too late')).toBe(false);
    expect(await buildExclusionExport(db.orm, done)).toEqual({ kind: 'finished', status: 'done' });
    expect(await exportRow(done)).toMatchObject({ status: 'done', error: null });

    expect(await buildExclusionExport(db.orm, randomUUID())).toEqual({ kind: 'missing' });
  });

  it('ACC-3: the api reads and fails an export only within its account', async () => {
    const owner = await account(['628']);
    const other = await account([]);
    const exportId = await storeExport(owner, 'xlsx');

    expect(await accountExport(db.orm.em.fork(), other, exportId)).toBeNull();
    expect(await failExport(db.orm, exportId, 'not yours', { accountId: other })).toBe(false);
    expect(await accountExport(db.orm.em.fork(), owner, exportId)).toMatchObject({ id: exportId, status: 'queued', error: null });
    expect(await failExport(db.orm, exportId, 'the job queue did not answer', { accountId: owner })).toBe(true);
    expect(await exportRow(exportId)).toMatchObject({ status: 'failed', error: 'the job queue did not answer' });
  });
});
