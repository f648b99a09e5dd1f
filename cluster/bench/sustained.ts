/**
 * Sustained call events through two api replicas (issues 7 and 12): 8,000 requests/s, evenly spaced
 * (`constant-rate.ts`), for 60 s, half to each replica; then the same while a 1,000,000-row upload
 * is imported by the workers. 1,000 calls at a time, each of 8 requests (`POST /calls`, then
 * connected, answered, pause, resume, payment screen opened and closed, ended) landing on both
 * replicas in turn: 1,000 calls end every second and go to the call history. Two apis and two
 * workers on PostgreSQL and Redis, all on this machine with the load generator. One JSON line each,
 * with the history's lag: the age of the oldest ended call not yet in the database, sampled every
 * 250 ms (target p99 ≤ 10 s); at the end, every ended call is counted in the database.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@ccp/db';
import { createTestDatabase } from '@ccp/db/testing';
import { closedCallsStreamKey } from '@ccp/jobs';
import { Redis } from 'ioredis';
import { type ApiMember, startCluster } from '../src/cluster.js';
import { constantRate, type RateResult, type Request } from './constant-rate.js';

const PASSWORD = 'bench-password-0123';
const CALLS = 1_000;
const CONNECTIONS_PER_API = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
/** BENCH_EVENTS_PER_S: another rate, to compare builds on a machine that cannot keep the target. */
const TARGET_EVENTS_PER_S = Number(process.env.BENCH_EVENTS_PER_S ?? 8_000);
const UPLOAD_ROWS = Number(process.env.BENCH_UPLOAD_ROWS ?? 1_000_000);
const WARM_UP_S = 5;
const RUN = Date.now().toString(36);
/** The requests of one call, in order; the first creates it. */
const STEPS = [
  null,
  { type: 'connected' },
  { type: 'answered', employee: 'alice' },
  { type: 'agent', action: 'pause' },
  { type: 'agent', action: 'resume' },
  { type: 'payment-screen', open: true },
  { type: 'payment-screen', open: false },
  { type: 'ended' },
] as const;
const callId = (slot: number, generation: number) => `sustained-${RUN}-${slot}-${generation}`;

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Request n is step `⌊n / CALLS⌋ mod 8` of a call in slot `n % CALLS`: a slot's requests are CALLS
 * requests (125 ms) apart, so each is answered before the next of its call is sent.
 */
function event(n: number): Request {
  const slot = n % CALLS;
  const turn = Math.floor(n / CALLS);
  const id = callId(slot, Math.floor(turn / STEPS.length));
  const step = STEPS[turn % STEPS.length];
  return step === null
    ? {
        target: (slot + turn) % 2,
        path: '/api/v1/calls',
        body: JSON.stringify({ callId: id, call: { kind: 'queue', queue: 'sales', customer: `+1312555${String(slot).padStart(4, '0')}` } }),
      }
    : { target: (slot + turn) % 2, path: `/api/v1/calls/${id}/events`, body: JSON.stringify({ event: step }) };
}

/** Calls ended by the first `sent` requests: the 8th request of each call. */
function callsEnded(sent: number): number {
  let ended = 0;
  for (let slot = 0; slot < Math.min(CALLS, sent); slot++) ended += Math.floor((Math.floor((sent - 1 - slot) / CALLS) + 1) / STEPS.length);
  return ended;
}

/** Samples the history's lag (seconds) every 250 ms until stopped, as `ccp_history_lag_seconds` reads it. */
function historyLag(redis: Redis, stream: string) {
  const samples: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const [oldest] = await redis.xrange(stream, '-', '+', 'COUNT', 1);
      samples.push(oldest ? Math.max(0, Date.now() - Number(oldest[0].split('-')[0])) / 1000 : 0);
      await sleep(250);
    }
  })();
  return async () => {
    running = false;
    await done;
    samples.sort((a, b) => a - b);
    const at = (q: number) => Number((samples[Math.floor(q * (samples.length - 1))] ?? 0).toFixed(2));
    return { history_lag_p99_s: at(0.99), history_lag_max_s: at(1) };
  };
}

/** One run at the target rate over both replicas; the calls go on from where the previous run left them. */
let eventsSent = 0;
async function bothReplicas(apis: readonly ApiMember[], authorization: string, durationS = DURATION_S): Promise<RateResult> {
  const first = eventsSent;
  const result = await constantRate({
    targets: apis.map((api) => ({ origin: api.url, connections: CONNECTIONS_PER_API })),
    ratePerS: TARGET_EVENTS_PER_S,
    durationS,
    headers: { 'content-type': 'application/json', authorization },
    request: (n) => event(first + n),
  });
  eventsSent += result.sent;
  return result;
}

function uploadFile(): Blob {
  const lines = ['Number'];
  for (let i = 0; i < UPLOAD_ROWS; i++) lines.push(`+1${212 + (i % 7) * 101}${String(2_000_000 + i).padStart(7, '0')}`);
  return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
}

const database = await createTestDatabase('postgresql');
const queuePrefix = `{ccp-bench-${randomBytes(4).toString('hex')}}`;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const stream = closedCallsStreamKey(queuePrefix);
const cluster = await startCluster({
  databaseUrl: database.url,
  queuePrefix,
  env: {
    DEMO_ADMIN_PASSWORD: PASSWORD,
    AUTH_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    // As `pnpm cluster` and `pnpm start` run them: imports leave room to call decisions.
    WORKER_NICENESS: '10',
    WORKER_DATABASE_SHARE: '50',
  },
});
try {
  const [first] = cluster.apis as [ApiMember, ApiMember];
  const { token } = await json<{ token: string }>(`${first.url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
  });
  const person = `Bearer ${token}`;
  const { key } = await json<{ key: string }>(`${first.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: person },
    body: JSON.stringify({ name: 'bench' }),
  });
  const authorization = `Bearer ${key}`;
  // Connections opened and the hot path compiled before anything is measured.
  await bothReplicas(cluster.apis, authorization, WARM_UP_S);
  let lag = historyLag(redis, stream);
  const quiet = await bothReplicas(cluster.apis, authorization);
  const quietLag = await lag();

  const form = new FormData();
  form.set('mode', 'add');
  form.set('file', uploadFile(), 'million.csv');
  const started = performance.now();
  const accepted = await fetch(`${first.url}/api/v1/exclusions/uploads`, {
    method: 'POST',
    headers: { authorization: person },
    body: form,
  });
  if (accepted.status !== 202) throw new Error(`upload: ${accepted.status} ${await accepted.text()}`);
  const { uploadId } = (await accepted.json()) as { uploadId: string };
  // Followed while the load runs, so that its time is the upload's own.
  const uploaded = (async () => {
    for (;;) {
      await sleep(250);
      const { status } = await json<{ status: string }>(`${first.url}/api/v1/exclusions/uploads/${uploadId}`, {
        headers: { authorization: person },
      });
      if (status !== 'queued' && status !== 'running') return { status, seconds: (performance.now() - started) / 1000 };
    }
  })();
  lag = historyLag(redis, stream);
  const duringUpload = await bothReplicas(cluster.apis, authorization);
  const uploadLag = await lag();
  const { status, seconds: uploadSeconds } = await uploaded;

  // Every call that ended is in the database once the writers are through (HIS-1: nothing lost).
  for (let waited = 0; (await redis.xlen(stream)) > 0 && waited < 60_000; waited += 250) await sleep(250);
  const orm = await openDatabase(database.url);
  const [kept] = await orm.em.getConnection().execute<Array<{ count: string }>>('select count(*) as count from kept_calls');
  await orm.close();
  const history = { calls_ended: callsEnded(eventsSent), calls_kept: Number(kept?.count) };

  const line = (load: RateResult, historyLag: object) => ({
    events_per_s: load.eventsPerS,
    p50_ms: load.p50Ms,
    p99_ms: load.p99Ms,
    max_ms: load.maxMs,
    errors: load.errors,
    non2xx: load.non2xx,
    ...(load.non2xx > 0 && { statuses: load.statuses }),
    ...historyLag,
    ...history,
  });
  process.stdout.write(
    `${JSON.stringify({ bench: 'cluster.sustained-call-events', apis: 2, workers: 2, database: 'postgresql', calls: CALLS, duration_s: DURATION_S, ...line(quiet, quietLag), target_events_per_s: TARGET_EVENTS_PER_S, target_p99_ms: 25, target_errors: 0, target_history_lag_p99_s: 10 })}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ bench: 'cluster.sustained-call-events-during-upload', apis: 2, workers: 2, database: 'postgresql', calls: CALLS, duration_s: DURATION_S, upload_rows: UPLOAD_ROWS, upload_status: status, upload_s: Number(uploadSeconds.toFixed(1)), ...line(duringUpload, uploadLag), target_events_per_s: TARGET_EVENTS_PER_S, target_p99_ms: 50, target_errors: 0, target_history_lag_p99_s: 10 })}\n`,
  );
} finally {
  redis.disconnect();
  await cluster.stop();
  await database.drop();
}
