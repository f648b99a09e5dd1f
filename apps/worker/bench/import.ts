/**
 * `pnpm bench` (issue 5): a 1,000,000-row CSV upload with 1% bad rows and 1% duplicates, imported by
 * the built worker (`node dist/main.js`, a process of its own) in `add` mode (into a list of 10,000)
 * and in `replace` mode, on SQLite and on PostgreSQL. One JSON line per run: the time from the job
 * being queued (the api's 202: the upload is stored by then) to the upload being done, and the
 * worker's peak RSS (VmHWM). Targets on PostgreSQL: ≤ 60 s and ≤ 512 MB. BENCH_ROWS changes the size,
 * BENCH_DRIVERS (`postgresql,sqlite`) and BENCH_MODES (`add,replace`) the runs; BENCH_TRACE=1 prints
 * the worker's RSS (KB) against the progress every 100 ms on stderr.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { activeExclusionListId, createAccount, type Orm, openDatabase } from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS } from '@ccp/db/testing';
import { storeUpload, uploadRow } from '@ccp/imports/testing';
import { exclusionImportJobName, exclusionImportJobOptions, QUEUES } from '@ccp/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const WORKER_MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const AREA_CODES = ['212', '415', '628', '646', '310', '312', '617', '202', '305', '713'];

/** The `i`-th distinct valid number, in one of the forms people type. */
function number(i: number): string {
  const area = AREA_CODES[i % 10] as string;
  const exchange = 200 + (Math.floor(i / 10) % 800);
  const line = String(Math.floor(i / 8_000) % 10_000).padStart(4, '0');
  switch (i % 3) {
    case 0:
      return `+1${area}${exchange}${line}`;
    case 1:
      return `(${area}) ${exchange}-${line}`;
    default:
      return `${area}.${exchange}.${line}`;
  }
}

/** `rows` rows after a header: 1% bad, 1% repeating an earlier row, the rest distinct numbers. */
function uploadCsv(rows: number): Uint8Array {
  const lines = ['Phone number'];
  let next = 0;
  for (let r = 0; r < rows; r++) {
    if (r % 100 === 50) lines.push(`not a number ${r}`);
    else if (r % 100 === 99) lines.push(number(Math.max(0, next - 17)));
    else lines.push(number(next++));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

async function seedList(orm: Orm, accountId: string, count: number): Promise<void> {
  const em = orm.em.fork();
  const listId = await activeExclusionListId(em, accountId);
  const values = Array.from({ length: count }, (_, i) => `+1999${String(2_000_000 + i)}`);
  await em.execute(
    orm.config.get('driver')?.name === 'PostgreSqlDriver'
      ? 'insert into exclusion_entries (account_id, list_id, entry, added_at, added_by) select ?::uuid, ?::uuid, e.value, now(), ? from jsonb_array_elements_text(?::jsonb) as e(value)'
      : 'insert into exclusion_entries (account_id, list_id, entry, added_at, added_by) select ?, ?, value, 0, ? from json_each(?)',
    [accountId, listId, 'bench', JSON.stringify(values)],
    'run',
  );
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function run(driver: (typeof TEST_DRIVERS)[number], mode: 'add' | 'replace', content: Uint8Array): Promise<void> {
  const database = await createTestDatabase(driver);
  const orm = await openDatabase(database.url);
  const prefix = `{ccp-bench-${process.pid}}`;
  const queue = new Queue(QUEUES.exclusionImports, { connection: { url: REDIS_URL }, prefix });
  const worker = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const account = await createAccount(orm.em.fork(), {
      slug: `bench-${mode}`,
      name: 'Bench',
      contactCenterPro: true,
      enterpriseHubNetwork: true,
    });
    await seedList(orm, account.id, 10_000);
    const uploadId = await storeUpload(orm, { accountId: account.id, mode, fileName: 'bench.csv', content });
    let peak = 0;
    const started = performance.now();
    await queue.add(exclusionImportJobName('bench', 'bench.csv'), { accountId: account.id, uploadId }, exclusionImportJobOptions(uploadId));
    let row = await uploadRow(orm, uploadId);
    while (row.status !== 'done' && row.status !== 'failed') {
      peak = Math.max(peak, peakRssMb(worker.pid as number));
      if (process.env.BENCH_TRACE)
        console.error(Number(row.progress).toFixed(2), /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))?.[1]);
      await sleep(100);
      row = await uploadRow(orm, uploadId);
    }
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, peakRssMb(worker.pid as number));
    console.log(
      JSON.stringify({
        bench: 'exclusion-import',
        driver,
        mode,
        rows: ROWS,
        status: row.status,
        imported: row.imported,
        duplicates: row.duplicates,
        rejected: row.rejectedCount,
        seconds: Math.round(seconds * 10) / 10,
        rowsPerSecond: Math.round(ROWS / seconds),
        peakRssMb: peak,
        ...(driver === 'postgresql' ? { targetSeconds: 60, targetPeakRssMb: 512 } : {}),
        ...(row.error ? { error: row.error } : {}),
      }),
    );
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    await orm.close();
    await database.drop();
  }
}

const content = uploadCsv(ROWS);
const drivers = (process.env.BENCH_DRIVERS?.split(',') ?? ['postgresql', 'sqlite']) as Array<(typeof TEST_DRIVERS)[number]>;
const modes = (process.env.BENCH_MODES?.split(',') ?? ['add', 'replace']) as Array<'add' | 'replace'>;
for (const driver of drivers) {
  for (const mode of modes) await run(driver, mode, content);
}
