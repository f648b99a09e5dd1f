import { readdir, readFile } from 'node:fs/promises';
import { type Orm, openDatabase } from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '@ccp/db/testing';
import { exclusionXlsx } from '@ccp/imports';
import {
  activeEntries,
  entryRowCount,
  hundredMegabyteCsv,
  listStates,
  millionEntryExport,
  numbersCsv,
  storeUpload,
  uploadRow,
  xlsxWithHugeCell,
} from '@ccp/imports/testing';
import { exclusionImportJobId } from '@ccp/jobs';
import type { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountWithList } from '../../test/accounts.js';
import { deleteKeys, enqueueImport, importsQueue, testPrefix, waitFor } from '../../test/queues.js';
import { spawnWorker, type WorkerProcess } from '../../test/worker-process.js';

/**
 * The worker as it runs in production, `node dist/main.js`, killed and stopped for real (build it
 * first: turbo's `test` depends on `build`).
 */
describe.each(TEST_DRIVERS)('a worker process on %s', (driver) => {
  let database: TestDatabase;
  let orm: Orm;
  let prefix: string;
  let queue: Queue;
  const processes: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
    prefix = testPrefix();
    queue = importsQueue(prefix);
  });

  afterEach(async () => {
    for (const worker of processes.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
  });

  afterAll(async () => {
    await queue?.close();
    if (prefix) await deleteKeys(prefix);
    await orm?.close();
    await database?.drop();
  });

  function start(env: Record<string, string> = {}): WorkerProcess {
    const worker = spawnWorker({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix, WORKER_LOCK_DURATION_MS: '2000', ...env });
    processes.push(worker);
    return worker;
  }

  /** Waits until the import writes (progress past the reading half: writing has begun), so a stop lands in the middle of the data change. */
  const writing = (uploadId: string) =>
    waitFor(async () => Number((await uploadRow(orm, uploadId)).progress) > 0.5, 'the import to be writing', 60_000, 10);

  const finished = (uploadId: string) =>
    waitFor(
      async () => {
        const row = await uploadRow(orm, uploadId);
        return row.status === 'done' || row.status === 'failed' ? row : null;
      },
      `upload ${uploadId} to finish`,
      90_000,
    );

  /** The job completes once the lists no decision reads (staging, retired) are deleted too. */
  const completed = (uploadId: string) =>
    waitFor(
      async () => (await (await queue.getJob(exclusionImportJobId(uploadId)))?.getState()) === 'completed',
      'the job to complete',
      // Generous: on a loaded machine the housekeeping after a 200,000-row replace takes a while.
      90_000,
    );

  it.each(['add', 'replace'] as const)(
    'EXC-8: a worker killed (SIGKILL) in the middle of a big %s leaves the list exactly as it was; a restarted worker imports it once',
    async (mode) => {
      const accountId = await accountWithList(orm);
      const uploadId = await storeUpload(orm, { accountId, mode, fileName: 'big.csv', content: numbersCsv(200_000) });
      await enqueueImport(queue, { accountId, uploadId });
      const first = start();
      await writing(uploadId);

      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      expect(await activeEntries(orm, accountId)).toEqual(['+12125550123', '646']);
      expect(await uploadRow(orm, uploadId)).toMatchObject({ status: 'running', imported: 0 });

      // The job's lock expires; the new worker's stalled check puts the job back, and it runs again.
      const second = start();
      const row = await finished(uploadId);
      expect(row, second.output()).toMatchObject({ status: 'done', imported: 200_000, duplicates: 0, rejectedCount: 0 });
      await completed(uploadId);
      // Nothing left behind once every run has stopped: a run that stalled under load and was
      // superseded cleans up its staging list when it notices, which may be after the job completed.
      const expected = mode === 'add' ? 200_002 : 200_000;
      await waitFor(async () => (await entryRowCount(orm, accountId)) === expected, `${expected} rows`, 30_000);
      expect(await listStates(orm, accountId)).toEqual(['active']);
    },
  );

  it('EXC-8: SIGTERM in the middle of an import, with no grace left: the import rolls back, the job is released and another worker completes it', async () => {
    const accountId = await accountWithList(orm);
    const uploadId = await storeUpload(orm, { accountId, mode: 'add', fileName: 'big.csv', content: numbersCsv(200_000) });
    await enqueueImport(queue, { accountId, uploadId });
    const first = start({ WORKER_SHUTDOWN_GRACE_MS: '0' });
    await writing(uploadId);

    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 0, first.output()).toBe(true);

    expect(await activeEntries(orm, accountId)).toEqual(['+12125550123', '646']);
    expect(await uploadRow(orm, uploadId)).toMatchObject({ status: 'queued', progress: 0, runId: null });
    expect(await (await queue.getJob(exclusionImportJobId(uploadId)))?.getState()).toMatch(/^(waiting|delayed)$/);

    start();
    expect(await finished(uploadId)).toMatchObject({ status: 'done', imported: 200_000 });
    await completed(uploadId);
    expect(await entryRowCount(orm, accountId)).toBe(200_002);
  });

  it('EXC-10: SIGTERM in the middle of an import, within the grace period: the import finishes, then the worker exits', async () => {
    const accountId = await accountWithList(orm);
    const uploadId = await storeUpload(orm, { accountId, mode: 'replace', fileName: 'big.csv', content: numbersCsv(100_000) });
    await enqueueImport(queue, { accountId, uploadId });
    const worker = start();
    await writing(uploadId);

    worker.child.kill('SIGTERM');
    await worker.exited;

    expect(await uploadRow(orm, uploadId)).toMatchObject({ status: 'done', imported: 100_000 });
    expect(await (await queue.getJob(exclusionImportJobId(uploadId)))?.getState()).toBe('completed');
    expect(await entryRowCount(orm, accountId)).toBe(100_000);
  });

  /** The most memory the worker process has held so far (VmHWM: its peak resident set), in bytes. */
  const peakRss = async (worker: WorkerProcess) => {
    const status = await readFile(`/proc/${worker.child.pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) * 1024;
  };
  const WORKER_MEMORY = 512 * 1024 * 1024;

  it('issue 13: a 290 KB workbook holding one 280 MB cell fails its upload saying what and where; the worker stays under 512 MB', async () => {
    const accountId = await accountWithList(orm);
    const content = xlsxWithHugeCell(280 * 1024 * 1024);
    const uploadId = await storeUpload(orm, { accountId, mode: 'add', fileName: 'huge.xlsx', content });
    await enqueueImport(queue, { accountId, uploadId, fileName: 'huge.xlsx' });
    const worker = start();

    expect(await finished(uploadId), worker.output()).toMatchObject({
      status: 'failed',
      error: '"huge.xlsx" has a cell of 280 MB, cell B2 of sheet "List": a cell may hold at most 256 KB',
      imported: 0,
    });
    expect(await peakRss(worker)).toBeLessThan(WORKER_MEMORY);
    expect(await activeEntries(orm, accountId)).toEqual(['+12125550123', '646']);
  });

  it('issue 13, EXC-9: our own XLSX export of 100,000 entries imports in a worker that stays under 512 MB', async () => {
    const accountId = await accountWithList(orm);
    const addedAt = new Date('2026-11-25T22:09:56Z');
    const pages = Array.from({ length: 10 }, (_, page) =>
      Array.from({ length: 10_000 }, (_, i) => ({ entry: `+1415${2_000_000 + page * 10_000 + i}`, addedAt, addedBy: 'admin@demo.test' })),
    );
    const uploadId = await storeUpload(orm, { accountId, mode: 'replace', fileName: 'export.xlsx', content: await exclusionXlsx(pages) });
    await enqueueImport(queue, { accountId, uploadId, fileName: 'export.xlsx' });
    const worker = start();

    expect(await finished(uploadId), worker.output()).toMatchObject({ status: 'done', imported: 100_000, rejectedCount: 0 });
    expect(await peakRss(worker)).toBeLessThan(WORKER_MEMORY);
  });

  /** Big uploads of as many accounts, queued together and imported by one fresh worker: their rows once done, and the worker's peak RSS. */
  async function importTogether(files: ReadonlyArray<{ fileName: string; content: Uint8Array }>, env: Record<string, string> = {}) {
    const uploadIds: string[] = [];
    for (const { fileName, content } of files) {
      const accountId = await accountWithList(orm);
      const uploadId = await storeUpload(orm, { accountId, mode: 'replace', fileName, content });
      await enqueueImport(queue, { accountId, uploadId, fileName });
      uploadIds.push(uploadId);
    }
    // The default lock: this test is about memory; a 2 s lock on a loaded machine tests stall recovery instead.
    const worker = start({ WORKER_LOCK_DURATION_MS: '30000', ...env });
    const rows = [];
    for (const uploadId of uploadIds) {
      rows.push(
        await waitFor(
          async () => {
            const now = await uploadRow(orm, uploadId);
            return now.status === 'done' || now.status === 'failed' ? now : null;
          },
          `upload ${uploadId} to finish`,
          170_000,
          500,
        ),
      );
    }
    return { rows, peak: await peakRss(worker), output: worker.output() };
  }

  async function importAlone(fileName: string, content: Uint8Array) {
    const { rows, peak, output } = await importTogether([{ fileName, content }]);
    return { row: rows[0], peak, output };
  }

  // Before the streamed readers (SheetJS; the CSV decoded whole; the file read in one piece): 1,066 MB and 1,435 MB on PostgreSQL.
  // On PostgreSQL only (the measure): a million rows through SQLite's staging list take minutes more, not memory.
  it.skipIf(driver !== 'postgresql')(
    'issue 13: a 100 MB CSV of 1,000,000 rows imports in a worker that stays under 512 MB',
    async () => {
      const { row, peak, output } = await importAlone('big.csv', hundredMegabyteCsv());
      expect(row, output).toMatchObject({ status: 'done', imported: 990_000, rejectedCount: 10_000 });
      expect(peak).toBeLessThan(WORKER_MEMORY);
    },
    180_000,
  );

  it.skipIf(driver !== 'postgresql')(
    'issue 13, EXC-9: our own XLSX export of 1,000,000 entries imports in a worker that stays under 512 MB',
    async () => {
      const { row, peak, output } = await importAlone('export.xlsx', await millionEntryExport());
      expect(row, output).toMatchObject({ status: 'done', imported: 1_000_000, rejectedCount: 0 });
      expect(peak).toBeLessThan(WORKER_MEMORY);
    },
    180_000,
  );

  // Before the import memory budget and the smaller heap (heap.ts): 607 MB.
  it.skipIf(driver !== 'postgresql')(
    'issue 13: two 100 MB CSVs queued together are imported by one worker, and it stays under 512 MB',
    async () => {
      const content = hundredMegabyteCsv();
      const { rows, peak, output } = await importTogether([
        { fileName: 'first.csv', content },
        { fileName: 'second.csv', content },
      ]);
      for (const row of rows) expect(row, output).toMatchObject({ status: 'done', imported: 990_000, rejectedCount: 10_000 });
      expect(peak).toBeLessThan(WORKER_MEMORY);
    },
    360_000,
  );

  it('runs below the api in CPU priority: every thread of the process at WORKER_NICENESS', async () => {
    const worker = start({ WORKER_NICENESS: '7' });
    const pid = worker.child.pid as number;
    /** Field 19 of a thread's stat (its niceness), counted after the command name, which may hold spaces. */
    const niceness = async (thread: string) => {
      const stat = await readFile(`/proc/${pid}/task/${thread}/stat`, 'utf8').catch(() => null);
      return stat === null ? null : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    await waitFor(async () => (await niceness(String(pid))) === 7, 'the worker to lower its priority');
    const threads = await readdir(`/proc/${pid}/task`);
    expect(threads.length).toBeGreaterThan(1);
    // A thread that ended meanwhile has no stat left.
    const lowered = (await Promise.all(threads.map(niceness))).filter((value) => value !== null);
    expect(lowered).toEqual(lowered.map(() => 7));
  });

  it('a bad variable stops start-up with exit code 1, naming it', async () => {
    const worker = start({ WORKER_CONCURRENCY: 'many' });
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain('WORKER_CONCURRENCY must be an integer from 1 to 64 (got "many")');
  });
});
