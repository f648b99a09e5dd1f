import { randomUUID } from 'node:crypto';
import {
  activeExclusionListId,
  createAccount,
  ExclusionEntrySchema,
  type ExclusionExport,
  ExclusionExportSchema,
  ExclusionListSchema,
  type Orm,
  openDatabase,
} from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '@ccp/db/testing';
import { EXPORT_HEADER, insertExport, readUpload } from '@ccp/imports';
import { activeEntries } from '@ccp/imports/testing';
import { EXCLUSION_EXPORT_JOB_OPTIONS, exclusionExportJobId, exclusionExportJobName, exclusionExportJobOptions, QUEUES } from '@ccp/jobs';
import * as XLSX from '@e965/xlsx';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, REDIS_URL, testPrefix, waitFor } from '../../test/queues.js';
import { createWorker } from '../worker.factory.js';

/** More entries than the api builds an XLSX for during a request (50,000): the lists the worker gets. */
const LARGE = 60_000;

describe.each(TEST_DRIVERS)('the worker builds exclusion-list exports on %s', (driver) => {
  let database: TestDatabase;
  let orm: Orm;
  let prefix: string;
  let queue: Queue;
  let worker: INestApplicationContext;
  let accounts = 0;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
    prefix = testPrefix();
    queue = new Queue(QUEUES.exclusionExports, { connection: { url: REDIS_URL }, prefix });
    worker = await createWorker({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    if (prefix) await deleteKeys(prefix);
    await orm?.close();
    await database?.drop();
  });

  /** An account whose active list holds `entries`, inserted in bulk. */
  async function accountWith(entries: readonly string[]): Promise<string> {
    const em = orm.em.fork();
    const slug = `exports-${process.pid}-${++accounts}`;
    const account = await createAccount(em, { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true });
    const list = await activeExclusionListId(em, account.id);
    const addedAt = new Date('2026-11-25T10:00:00Z');
    for (let i = 0; i < entries.length; i += 1_000) {
      const rows = entries.slice(i, i + 1_000).map((entry) => ({ accountId: account.id, list, entry, addedAt, addedBy: 'bulk test' }));
      await em.insertMany(ExclusionEntrySchema, rows);
    }
    return account.id;
  }

  /** Stores an export and enqueues its job, as `GET /exclusions/export?format=xlsx` does for a large list. */
  async function requestExport(accountId: string, format: 'csv' | 'xlsx', options: { attempts?: number } = {}): Promise<string> {
    const em = orm.em.fork();
    const exportId = randomUUID();
    insertExport(em, { id: exportId, accountId, format, createdBy: 'admin@test' });
    await em.flush();
    await queue.add(
      exclusionExportJobName('test', format),
      { accountId, exportId },
      { ...exclusionExportJobOptions(exportId), ...options },
    );
    return exportId;
  }

  const finished = (exportId: string, timeoutMs = 60_000) =>
    waitFor(
      async () => {
        const row = await orm.em.fork().findOne(ExclusionExportSchema, { id: exportId }, { populate: ['content'] });
        return row?.status === 'done' || row?.status === 'failed' ? (row as ExclusionExport) : null;
      },
      `export ${exportId} to finish`,
      timeoutMs,
    );

  /** The export's job once it is in `state`, read after it got there (a job read before keeps what it had then). */
  const jobIn = async (exportId: string, state: 'completed' | 'failed') => {
    await waitFor(async () => (await (await queue.getJob(exclusionExportJobId(exportId)))?.getState()) === state, `the job to be ${state}`);
    const job = await queue.getJob(exclusionExportJobId(exportId));
    if (!job) throw new Error(`the job of export ${exportId} is gone`);
    return job;
  };

  const numbers = (count: number) => Array.from({ length: count }, (_, i) => `+1415${2_000_000 + i}`);

  it(`EXC-9: an XLSX export of ${LARGE.toLocaleString('en-US')} entries is built, stored done with its row count, and uploads again as the same list`, async () => {
    const accountId = await accountWith([...numbers(LARGE), '628', '646']);
    const exportId = await requestExport(accountId, 'xlsx');

    const row = await finished(exportId);

    expect(row).toMatchObject({ status: 'done', rows: LARGE + 2, error: null, finishedAt: expect.any(Date) });
    const read = await readUpload(new Uint8Array(row.content as Buffer), 'list.xlsx');
    expect(read.header).toBe('Number');
    expect([...read.entries.toArray()].sort()).toEqual(await activeEntries(orm, accountId));
    expect(read).toMatchObject({ rows: LARGE + 2, duplicates: 0, rejectedCount: 0 });

    const job = await jobIn(exportId, 'completed');
    expect(job.returnvalue).toMatchObject({ kind: 'done', format: 'xlsx', rows: LARGE + 2 });
  });

  it('EXC-9: a CSV export of an empty list is the blank template, the header row alone', async () => {
    const exportId = await requestExport(await accountWith([]), 'csv');
    const row = await finished(exportId);
    expect(row).toMatchObject({ status: 'done', rows: 0 });
    expect(Buffer.from(row.content as Buffer).toString('utf8')).toBe(`\uFEFF${EXPORT_HEADER.join(',')}\r\n`);
  });

  it('EXC-9: an XLSX export of an empty list is one sheet with the header row alone', async () => {
    const row = await finished(await requestExport(await accountWith([]), 'xlsx'));
    const book = XLSX.read(row.content as Buffer, { type: 'buffer' });
    expect(XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0] as string] as XLSX.WorkSheet, { header: 1 })).toEqual([
      [...EXPORT_HEADER],
    ]);
  });

  it('an export whose every attempt fails is marked failed with the last reason, and keeps no file', async () => {
    const accountId = await accountWith(['628']);
    // The account has no active list any more: every read of it fails.
    await orm.em.fork().nativeDelete(ExclusionListSchema, { account: accountId });
    const exportId = await requestExport(accountId, 'xlsx', { attempts: 2 });

    const row = await finished(exportId);

    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^the export failed 2 times; the last time: ExclusionList not found/);
    expect(row.content).toBeNull();
    const job = await jobIn(exportId, 'failed');
    expect(job.attemptsMade).toBe(2);
    expect(EXCLUSION_EXPORT_JOB_OPTIONS.attempts).toBeGreaterThan(2);
  });

  it('a job for an export that is gone (its account deleted, or expired) completes and changes nothing', async () => {
    const exportId = randomUUID();
    await queue.add('gone', { accountId: randomUUID(), exportId }, exclusionExportJobOptions(exportId));
    const job = await jobIn(exportId, 'completed');
    expect(job.returnvalue).toEqual({ kind: 'missing' });
  });
});
