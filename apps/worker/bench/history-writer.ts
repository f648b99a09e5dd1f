/**
 * `pnpm bench` (issue 12, HIS-1): calls written per second by one worker (`node dist/main.js`, a
 * process of its own) from a backlog of closed calls of 8 events, on PostgreSQL. The backlog is put
 * into a Redis of the bench's own (a redis-server on a free port) exactly as the api leaves it: each
 * call's trail, its member of the account's closed set, its message on the closed-calls stream. The
 * time runs from the worker's first write to the stream being empty (every call written and
 * acknowledged). One JSON line, with the worker's CPU time per call (steadier than the rate on a busy
 * machine); target ≥ 5,000 calls/s. BENCH_HISTORY_CALLS changes the size
 * (1,000,000 by default: about 2.5 GB in that Redis).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount, type KeptCall, openDatabase } from '@ccp/db';
import { createTestDatabase } from '@ccp/db/testing';
import { sampleCall } from '@ccp/db/testing/history';
import { closedCallFields, closedCallsKey, closedCallsStreamKey, type TrailHeader, type TrailStep, trailId, trailKey } from '@ccp/jobs';
import { OwnRedisServer } from '@ccp/runtime/testing';
import { Redis } from 'ioredis';

const WORKER_MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');
const CALLS = Number(process.env.BENCH_HISTORY_CALLS ?? 1_000_000);
const PREFIX = '{ccp-bench}';
const CHUNK = 1_000;

/** The CPU time a process has used so far, in seconds (user + system, from /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMb(pid: number): number {
  try {
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/**
 * The trail entries of call `i`, as the api writes them: the header, then one entry per answered
 * event. Customers are numbers of 415, on no exclusion list: every call gets the answers of one
 * replayed template, which keeps making a million of them quick.
 */
function trailOf(template: KeptCall, i: number, startedAt: number): { trail: string; entries: string[] } {
  const callId = `bench-${i}`;
  const customer = `+1415${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`;
  const version = { ...(template.versions[0] as TrailHeader['version']) };
  const header: TrailHeader = { callId, call: { ...template.call, customer }, startedAt, version };
  const offset = startedAt - template.startedAt.getTime();
  const steps = template.steps.map((step): TrailStep => ({ at: step.receivedAt.getTime() + offset, answer: step.answer }));
  return { trail: trailId(startedAt, callId), entries: [JSON.stringify(header), ...steps.map((step) => JSON.stringify(step))] };
}

const redis = await OwnRedisServer.start();
const database = await createTestDatabase('postgresql');
const orm = await openDatabase(database.url);
const client = new Redis(redis.url);
try {
  const account = await createAccount(orm.em.fork(), { slug: 'bench', name: 'bench', contactCenterPro: true, enterpriseHubNetwork: true });
  const stream = closedCallsStreamKey(PREFIX);
  const startedAt = Date.now() - 3_600_000;
  const template = sampleCall({ accountId: account.id, callId: 'template', startedAt: new Date(startedAt), customer: '+14152000000' });
  for (let at = 0; at < CALLS; at += CHUNK) {
    const pipeline = client.pipeline();
    for (let i = at; i < Math.min(at + CHUNK, CALLS); i++) {
      const { trail, entries } = trailOf(template, i, startedAt + i);
      pipeline.rpush(trailKey(account.id, trail), ...entries);
      pipeline.zadd(closedCallsKey(account.id), startedAt + i + 60_000, trail);
      pipeline.xadd(stream, '*', ...closedCallFields({ accountId: account.id, trail }));
    }
    await pipeline.exec();
  }
  const worker = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let peak = 0;
  let firstWrite = 0;
  let cpuAtFirstWrite = 0;
  let left = CALLS;
  while (left > 0) {
    await sleep(100);
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
    peak = Math.max(peak, peakRssMb(worker.pid as number));
    left = await client.xlen(stream);
    if (firstWrite === 0 && left < CALLS) {
      firstWrite = performance.now();
      cpuAtFirstWrite = cpuSeconds(worker.pid as number);
    }
  }
  const seconds = (performance.now() - firstWrite) / 1000;
  const workerCpu = cpuSeconds(worker.pid as number) - cpuAtFirstWrite;
  const [row] = await orm.em.fork().getConnection().execute<Array<{ count: string }>>('select count(*) from kept_calls');
  if (Number(row?.count) !== CALLS) throw new Error(`${row?.count} calls kept of ${CALLS}`);
  worker.kill('SIGTERM');
  console.log(
    JSON.stringify({
      bench: 'history-writer',
      driver: 'postgresql',
      calls: CALLS,
      eventsPerCall: 8,
      seconds: Number(seconds.toFixed(1)),
      callsPerSecond: Math.round(CALLS / seconds),
      workerCpuMicrosPerCall: Math.round((workerCpu / CALLS) * 1e6),
      workerPeakRssMb: peak,
      target: { callsPerSecond: 5_000 },
    }),
  );
} finally {
  client.disconnect();
  await orm.close();
  await database.drop();
  await redis.stop();
}
