import { loadPolicySnapshot, type Orm, openDatabase } from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '@ccp/db/testing';
import { activeEntries, listStates, numbersCsv, storeUpload, uploadRow } from '@ccp/imports/testing';
import {
  exclusionImportJobId,
  type PolicyAnnouncement,
  parsePolicyAnnouncement,
  policyChangesChannel,
  QUEUES,
  workerHeartbeatPattern,
} from '@ccp/jobs';
import { decodePolicy } from '@ccp/policy-core';
import * as XLSX from '@e965/xlsx';
import type { INestApplicationContext } from '@nestjs/common';
import { type Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithList } from '../../test/accounts.js';
import { deleteKeys, enqueueImport, importsQueue, REDIS_URL, testPrefix, waitFor } from '../../test/queues.js';
import { createWorker } from '../worker.factory.js';

const csv = (text: string) => new TextEncoder().encode(text);

function xlsx(rows: unknown[][]): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), 'List');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
}

describe.each(TEST_DRIVERS)('the worker imports uploads on %s', (driver) => {
  let database: TestDatabase;
  let orm: Orm;
  let prefix: string;
  let queue: Queue;
  let worker: INestApplicationContext;
  let subscriber: Redis;
  const announced: PolicyAnnouncement[] = [];

  const workerEnv = (queuePrefix: string) => ({
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    WORKER_CONCURRENCY: '2',
    WORKER_LOCK_DURATION_MS: '3000',
  });

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
    prefix = testPrefix();
    queue = importsQueue(prefix);
    subscriber = new Redis(REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) => {
      const announcement = parsePolicyAnnouncement(message);
      if (announcement) announced.push(announcement);
    });
    await subscriber.subscribe(policyChangesChannel(prefix));
    worker = await createWorker(workerEnv(prefix));
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    subscriber?.disconnect();
    if (prefix) await deleteKeys(prefix);
    await orm?.close();
    await database?.drop();
  });

  const done = (uploadId: string, timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const row = await uploadRow(orm, uploadId);
        return row.status === 'done' || row.status === 'failed' ? row : null;
      },
      `upload ${uploadId} to finish`,
      timeoutMs,
    );

  it('EXC-8: an add from a CSV and a replace from an XLSX, stored then enqueued, are imported; the policy snapshot is built and announced', async () => {
    const accountId = await accountWithList(orm);
    const added = await storeUpload(orm, {
      accountId,
      mode: 'add',
      fileName: 'add.csv',
      content: csv('Number\n(415) 555-0100\n212-555-0123\nhello\n'),
    });
    await enqueueImport(queue, { accountId, uploadId: added });
    expect(await done(added)).toMatchObject({ status: 'done', imported: 1, duplicates: 1, rejectedCount: 1, progress: 1 });
    expect(await activeEntries(orm, accountId)).toEqual(['+12125550123', '+14155550100', '646']);

    const replaced = await storeUpload(orm, {
      accountId,
      mode: 'replace',
      fileName: 'new.xlsx',
      content: xlsx([['Phone number'], [4155550199], ['628*']]),
    });
    await enqueueImport(queue, { accountId, uploadId: replaced, fileName: 'new.xlsx' });
    expect(await done(replaced)).toMatchObject({ status: 'done', imported: 2, duplicates: 0, rejectedCount: 0 });
    expect(await activeEntries(orm, accountId)).toEqual(['+14155550199', '628']);
    // The retired list is deleted after the upload is marked done (housekeeping, outside the swap).
    await waitFor(async () => (await listStates(orm, accountId)).join() === 'active', 'the retired list to be deleted');

    // The upload is done in the import's transaction; the job completes a moment later (it queues the
    // policy build first), and is read again then: a job read before carries no return value.
    const id = exclusionImportJobId(replaced);
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'the job to complete');
    const job = await queue.getJob(id);
    expect(job?.returnvalue).toMatchObject({ kind: 'done', imported: 2, rows: 2 });
    // Each import moved the account's revision; the snapshot that includes the second is built and announced.
    await waitFor(
      async () => announced.some((a) => a.accountId === accountId && a.revision === 2 && a.snapshot),
      'revision 2 to be announced',
    );
    const snapshot = await loadPolicySnapshot(orm.em.fork(), accountId);
    expect(snapshot?.revision).toBe(2);
    expect(decodePolicy(snapshot?.data as Uint8Array).exclusions.size).toBe(2);
  });

  it('EXC-8: a file that is not a spreadsheet fails at once with its reason and changes nothing', async () => {
    const accountId = await accountWithList(orm);
    const uploadId = await storeUpload(orm, { accountId, mode: 'replace', fileName: 'scan.pdf', content: csv('%PDF-1.7\n1 0 obj') });
    await enqueueImport(queue, { accountId, uploadId, fileName: 'scan.pdf' });

    const reason = '"scan.pdf" is a PDF document, not a spreadsheet: upload a CSV or XLSX file';
    expect(await done(uploadId)).toMatchObject({ status: 'failed', error: reason, imported: 0 });
    // Read once failed: a job read before carries no failure yet.
    const id = exclusionImportJobId(uploadId);
    const job = await waitFor(async () => ((await queue.getJobState(id)) === 'failed' ? queue.getJob(id) : null), 'the job to fail');
    expect(job.failedReason).toBe(reason);
    expect(job.attemptsMade).toBe(1);
    expect(await activeEntries(orm, accountId)).toEqual(['+12125550123', '646']);
  });

  it('EXC-10: uploads of one account run one at a time, in order; another account runs alongside', async () => {
    const accountId = await accountWithList(orm);
    const otherId = await accountWithList(orm);
    const first = await storeUpload(orm, {
      accountId,
      mode: 'replace',
      fileName: 'big.csv',
      content: numbersCsv(60_000),
      createdAt: new Date(Date.now() - 2_000),
    });
    const second = await storeUpload(orm, {
      accountId,
      mode: 'add',
      fileName: 'one.csv',
      content: csv('628*\n'),
      createdAt: new Date(Date.now() - 1_000),
    });
    const other = await storeUpload(orm, { accountId: otherId, mode: 'add', fileName: 'other.csv', content: csv('628*\n') });
    // The younger upload of the account is enqueued first: it must still wait for the older one.
    await enqueueImport(queue, { accountId, uploadId: second });
    await enqueueImport(queue, { accountId, uploadId: first });
    await enqueueImport(queue, { accountId: otherId, uploadId: other });

    const [big, small] = [await done(first, 60_000), await done(second, 60_000)];
    const parallel = await done(other);
    expect(big).toMatchObject({ status: 'done', imported: 60_000 });
    expect(small).toMatchObject({ status: 'done', imported: 1 });
    expect(small.finishedAt?.getTime()).toBeGreaterThanOrEqual(big.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY);
    // Replace then add: the add survives. The other way round, the replace would have dropped it.
    const entries = await activeEntries(orm, accountId);
    expect(entries).toHaveLength(60_001);
    expect(entries).toContain('628');
    expect(parallel.finishedAt?.getTime()).toBeLessThan(big.finishedAt?.getTime() ?? 0);
  });

  it('the heartbeat says the worker is alive, for 15 s at most', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', workerHeartbeatPattern(prefix), 'COUNT', 1_000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      expect(keys).toHaveLength(1);
      const key = keys[0] as string;
      expect(Date.now() - Date.parse((await redis.get(key)) ?? '')).toBeLessThan(6_000);
      expect(await redis.pttl(key)).toBeGreaterThan(8_000);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(15_000);
    } finally {
      redis.disconnect();
    }
  });

  /** An upload adding +1 415 555 0100, stored a minute ago (the reconciler looks at uploads over 30 s old), queued on `queue`. */
  async function staleUpload(queue: Queue, fileName: string) {
    const accountId = await accountWithList(orm);
    const uploadId = await storeUpload(orm, {
      accountId,
      mode: 'add',
      fileName,
      content: csv('4155550100\n'),
      createdAt: new Date(Date.now() - 60_000),
    });
    await enqueueImport(queue, { accountId, uploadId });
    return { accountId, uploadId };
  }

  it('EXC-10: the reconciler enqueues again an upload whose job the queue lost (its keys deleted), and it is imported', async () => {
    const lostPrefix = testPrefix();
    const lostQueue = importsQueue(lostPrefix);
    let second: INestApplicationContext | undefined;
    try {
      const { accountId, uploadId } = await staleUpload(lostQueue, 'lost.csv');
      expect(await deleteKeys(lostPrefix)).toBeGreaterThan(0);
      expect(await lostQueue.getJob(exclusionImportJobId(uploadId))).toBeUndefined();

      second = await createWorker(workerEnv(lostPrefix));

      expect(await done(uploadId)).toMatchObject({ status: 'done', imported: 1 });
      expect(await activeEntries(orm, accountId)).toContain('+14155550100');
    } finally {
      await second?.close();
      await lostQueue.close();
      await deleteKeys(lostPrefix);
    }
  });

  it('EXC-10: the reconciler marks failed an upload whose job failed for good while the database was away', async () => {
    const failedPrefix = testPrefix();
    const failedQueue = importsQueue(failedPrefix);
    const broken = new Worker(QUEUES.exclusionImports, null, { connection: { url: REDIS_URL }, prefix: failedPrefix, autorun: false });
    let second: INestApplicationContext | undefined;
    try {
      const { accountId, uploadId } = await staleUpload(failedQueue, 'x.csv');
      // Its last attempt failed and the upload could not be told (the database was away).
      const job = await broken.getNextJob('token');
      await job?.moveToFailed(new UnrecoverableError('the import failed 6 times; the last time: connect ECONNREFUSED'), 'token');
      await broken.close();

      second = await createWorker(workerEnv(failedPrefix));

      expect(await done(uploadId)).toMatchObject({
        status: 'failed',
        error: 'the import failed 6 times; the last time: connect ECONNREFUSED',
      });
      expect(await activeEntries(orm, accountId)).toEqual(['+12125550123', '646']);
    } finally {
      await second?.close();
      await broken.close();
      await failedQueue.close();
      await deleteKeys(failedPrefix);
    }
  });

  it.runIf(driver === 'postgresql')(
    'EXC-8: the database going away in the middle of an import is retried with backoff, and the upload imported once',
    async () => {
      const accountId = await accountWithList(orm);
      const uploadId = await storeUpload(orm, { accountId, mode: 'add', fileName: 'big.csv', content: numbersCsv(200_000) });
      // The account's row is held, so the import's last statement (its revision) waits inside its open
      // transaction: the cut below always lands mid-import, however fast or slow this machine is.
      await orm.em.fork().transactional(async (tx) => {
        await tx.execute('select id from accounts where id = ? for update', [accountId]);
        await enqueueImport(queue, { accountId, uploadId });
        await waitFor(
          async () =>
            Number(
              (
                await orm.em
                  .fork()
                  .execute(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)
              )[0]?.n,
            ) > 0,
          'the import to wait for the account row',
          60_000,
        );
        // Every connection of the worker to its database is cut (what a database restart does).
        await tx.execute(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        );
      });

      expect(await done(uploadId, 60_000)).toMatchObject({ status: 'done', imported: 200_000, duplicates: 0 });
      // The upload is done a moment before its job completes; BullMQ counts the attempt then.
      const id = exclusionImportJobId(uploadId);
      await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'the job to complete');
      const job = await queue.getJob(id);
      // One attempt failed, a later one succeeded (BullMQ counts both).
      expect(job?.attemptsMade).toBeGreaterThanOrEqual(2);
      expect(await activeEntries(orm, accountId)).toHaveLength(200_002);
    },
  );
});
