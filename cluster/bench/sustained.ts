/**
 * Sustained call events through two api replicas (issue 7): 8,000 events/s, evenly spaced
 * (`constant-rate.ts`), for 60 s, half to each replica, over 1,000 calls whose events land on both replicas in turn; then the
 * same while a 1,000,000-row upload is imported by the workers. Two apis and two workers on
 * PostgreSQL and Redis, all on this machine with the load generator. One JSON line each.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@ccp/db/testing';
import { type ApiMember, startCluster } from '../src/cluster.js';
import { constantRate, type RateResult, type Request } from './constant-rate.js';

const PASSWORD = 'bench-password-0123';
const CALLS = 1_000;
const CONNECTIONS_PER_API = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
const TARGET_EVENTS_PER_S = 8_000;
const UPLOAD_ROWS = 1_000_000;
const WARM_UP_S = 5;
const RUN = Date.now().toString(36);
const callId = (call: number) => `sustained-${RUN}-${call}`;

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Call `n % CALLS`'s turn `⌊n / CALLS⌋`: pause and resume in turn, on one replica and then the other. */
function event(n: number): Request {
  const call = n % CALLS;
  const turn = Math.floor(n / CALLS);
  return {
    target: (call + turn) % 2,
    path: `/api/v1/calls/${callId(call)}/events`,
    body: JSON.stringify({ event: { type: 'agent', action: turn % 2 === 0 ? 'pause' : 'resume' } }),
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
const cluster = await startCluster({
  databaseUrl: database.url,
  queuePrefix: `{ccp-bench-${randomBytes(4).toString('hex')}}`,
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
  for (let start = 0; start < CALLS; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, CALLS - start) }, async (_, i) => {
        const id = callId(start + i);
        const api = cluster.apis[(start + i) % 2] as ApiMember;
        await json(`${api.url}/api/v1/calls`, {
          method: 'POST',
          headers: { authorization },
          body: JSON.stringify({ callId: id, call: { kind: 'queue', queue: 'sales', customer: '+13125550100' } }),
        });
        for (const event of [{ type: 'connected' }, { type: 'answered', employee: 'alice' }]) {
          await json(`${api.url}/api/v1/calls/${id}/events`, {
            method: 'POST',
            headers: { authorization },
            body: JSON.stringify({ event }),
          });
        }
      }),
    );
  }

  // Connections opened and the hot path compiled before anything is measured.
  await bothReplicas(cluster.apis, authorization, WARM_UP_S);
  const quiet = await bothReplicas(cluster.apis, authorization);

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
  const duringUpload = await bothReplicas(cluster.apis, authorization);
  const { status, seconds: uploadSeconds } = await uploaded;

  const line = (load: RateResult) => ({
    events_per_s: load.eventsPerS,
    p50_ms: load.p50Ms,
    p99_ms: load.p99Ms,
    max_ms: load.maxMs,
    errors: load.errors,
    non2xx: load.non2xx,
  });
  process.stdout.write(
    `${JSON.stringify({ bench: 'cluster.sustained-call-events', apis: 2, workers: 2, database: 'postgresql', calls: CALLS, duration_s: DURATION_S, ...line(quiet), target_events_per_s: TARGET_EVENTS_PER_S, target_p99_ms: 25, target_errors: 0 })}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ bench: 'cluster.sustained-call-events-during-upload', apis: 2, workers: 2, database: 'postgresql', calls: CALLS, duration_s: DURATION_S, upload_rows: UPLOAD_ROWS, upload_status: status, upload_s: Number(uploadSeconds.toFixed(1)), ...line(duringUpload), target_events_per_s: TARGET_EVENTS_PER_S, target_p99_ms: 50, target_errors: 0 })}\n`,
  );
} finally {
  await cluster.stop();
  await database.drop();
}
