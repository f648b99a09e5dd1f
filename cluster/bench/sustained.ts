/**
 * Sustained call events through two api replicas (issue 7): autocannon at 8,000 events/s in all for
 * 60 s, half to each replica, over 1,000 calls whose events land on both replicas in turn; then the
 * same while a 1,000,000-row upload is imported by the workers. Two apis and two workers on
 * PostgreSQL and Redis, all on this machine with the load generator. One JSON line each.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@ccp/db/testing';
import autocannon from 'autocannon';
import { type ApiMember, startCluster } from '../src/cluster.js';

const PASSWORD = 'bench-password-0123';
const CALLS = 1_000;
const CONNECTIONS_PER_API = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
const TARGET_EVENTS_PER_S = 8_000;
const UPLOAD_ROWS = 1_000_000;

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** One replica's share: its connections take the calls round-robin, pausing and resuming each in turn. */
function load(
  api: ApiMember,
  authorization: string,
  callId: (call: number) => string,
  turns: Map<number, number>,
  offset: number,
): Promise<Load> {
  let next = offset;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: api.url,
        connections: CONNECTIONS_PER_API,
        duration: DURATION_S,
        overallRate: TARGET_EVENTS_PER_S / 2,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        requests: [
          {
            setupRequest: (request) => {
              const call = next++ % CALLS;
              const turn = turns.get(call) ?? 0;
              turns.set(call, turn + 1);
              const action = turn % 2 === 0 ? 'pause' : 'resume';
              return {
                ...request,
                path: `/api/v1/calls/${callId(call)}/events`,
                body: JSON.stringify({ event: { type: 'agent', action } }),
              };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.total / DURATION_S,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

/** Both replicas at once; one call's events alternate between them (the turn counter is shared). */
async function bothReplicas(apis: readonly ApiMember[], authorization: string, callId: (call: number) => string): Promise<Load> {
  const turns = new Map<number, number>();
  const loads = await Promise.all(apis.map((api, i) => load(api, authorization, callId, turns, i)));
  return {
    rps: loads.reduce((sum, l) => sum + l.rps, 0),
    p50: Math.max(...loads.map((l) => l.p50)),
    p99: Math.max(...loads.map((l) => l.p99)),
    errors: loads.reduce((sum, l) => sum + l.errors, 0),
    non2xx: loads.reduce((sum, l) => sum + l.non2xx, 0),
  };
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
  env: { DEMO_ADMIN_PASSWORD: PASSWORD, AUTH_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'warn' },
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
  const run = Date.now().toString(36);
  const callId = (call: number) => `sustained-${run}-${call}`;
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

  const quiet = await bothReplicas(cluster.apis, authorization, callId);

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
  const duringUpload = await bothReplicas(cluster.apis, authorization, callId);
  let status = 'queued';
  while (status === 'queued' || status === 'running') {
    await sleep(500);
    status = (await json<{ status: string }>(`${first.url}/api/v1/exclusions/uploads/${uploadId}`, { headers: { authorization: person } }))
      .status;
  }
  const uploadSeconds = (performance.now() - started) / 1000;

  const line = (load: Load) => ({
    events_per_s: Math.round(load.rps),
    p50_ms: load.p50,
    p99_ms: load.p99,
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
