/**
 * Call events per second through `POST /calls/{id}/events` (issue 4): autocannon with 100
 * connections over 1,000 concurrent calls whose sessions live in Redis, beside a bare Fastify route
 * measured the same way in the same run. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { apiKeyFor, json, type Running, startApi, startBareFastify } from './harness.js';

const CONNECTIONS = 100;
const CALLS = 1_000;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const TARGET_EVENTS_PER_S = 8_000;

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function load(
  url: string,
  authorization: string | undefined,
  pathFor: (call: number) => string,
  bodyFor: (call: number, turn: number) => string,
  overallRate?: number,
): Promise<Load> {
  let nextCall = 0;
  const turns = new Map<number, number>();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION_S,
        ...(overallRate ? { overallRate } : {}),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        requests: [
          {
            setupRequest: (request) => {
              // Each request takes the next call round-robin, and alternates pause and resume on it.
              const call = nextCall++ % CALLS;
              const turn = turns.get(call) ?? 0;
              turns.set(call, turn + 1);
              return { ...request, path: pathFor(call), body: bodyFor(call, turn) };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          rps: Math.round(result.requests.total / DURATION_S),
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

const data = mkdtempSync(join(tmpdir(), 'ccp-bench-'));
let api: Running | undefined;
let bare: Running | undefined;
try {
  api = await startApi(process.env.BENCH_DATABASE_URL ?? `sqlite:${join(data, 'ccp.sqlite')}`);
  const authorization = await apiKeyFor(api);
  const run = Date.now().toString(36);
  const callId = (call: number) => `bench-${run}-${call}`;
  // Every call answered, so that pause and resume are always possible.
  for (let start = 0; start < CALLS; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, CALLS - start) }, async (_, i) => {
        const id = callId(start + i);
        const headers = { authorization };
        await json(`${api?.url}/api/v1/calls`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ callId: id, call: { kind: 'queue', queue: 'sales', customer: '+13125550100' } }),
        });
        for (const event of [{ type: 'connected' }, { type: 'answered', employee: 'alice' }]) {
          await json(`${api?.url}/api/v1/calls/${id}/events`, { method: 'POST', headers, body: JSON.stringify({ event }) });
        }
      }),
    );
  }
  const eventPath = (call: number) => `/api/v1/calls/${callId(call)}/events`;
  const eventBody = (_call: number, turn: number) =>
    JSON.stringify({ event: { type: 'agent', action: turn % 2 === 0 ? 'pause' : 'resume' } });
  // As fast as it goes (throughput, latency under saturation), then at the target's rate (latency at 8,000/s).
  const events = await load(api.url, authorization, eventPath, eventBody);
  const atTarget = await load(api.url, authorization, eventPath, eventBody, TARGET_EVENTS_PER_S);
  await api.stop();
  api = undefined;

  bare = await startBareFastify();
  const baseline = await load(
    bare.url,
    undefined,
    (call) => `/echo/${call}`,
    (_call, turn) => JSON.stringify({ event: { type: 'agent', action: turn % 2 === 0 ? 'pause' : 'resume' } }),
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: 'api.call-events',
      database: process.env.BENCH_DATABASE_URL ? 'postgresql' : 'sqlite',
      connections: CONNECTIONS,
      calls: CALLS,
      duration_s: DURATION_S,
      events_per_s: events.rps,
      p50_ms: events.p50,
      p99_ms: events.p99,
      errors: events.errors + atTarget.errors,
      non2xx: events.non2xx + atTarget.non2xx,
      at_target_events_per_s: atTarget.rps,
      at_target_p50_ms: atTarget.p50,
      at_target_p99_ms: atTarget.p99,
      bare_fastify_per_s: baseline.rps,
      bare_fastify_p99_ms: baseline.p99,
      ratio_to_bare_fastify: Number((events.rps / baseline.rps).toFixed(3)),
      target_events_per_s: TARGET_EVENTS_PER_S,
      target_p99_ms: 20,
    })}\n`,
  );
} finally {
  await api?.stop();
  await bare?.stop();
  rmSync(data, { recursive: true, force: true });
}
