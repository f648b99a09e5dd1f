import { createTestDatabase, type TestDatabase } from '@ccp/db/testing';
import { freePort, OwnRedisServer } from '@ccp/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPrefix, waitFor } from '../../test/queues.js';
import { spawnWorker, type WorkerProcess } from '../../test/worker-process.js';

/**
 * The worker's own health and metrics (api.md: "the worker serves its own `/health/*` and `/metrics`
 * on `WORKER_PORT`"), asked of `node dist/main.js` over HTTP, on a Redis of its own that the test stops.
 */
describe('a worker process with WORKER_PORT', () => {
  let redis: OwnRedisServer;
  let database: TestDatabase;
  let worker: WorkerProcess;
  let base: string;

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    database = await createTestDatabase('sqlite');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    worker = spawnWorker({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: testPrefix(),
      WORKER_PORT: String(port),
      WORKER_HOST: '127.0.0.1',
    });
    await waitFor(
      async () => {
        if (worker.child.exitCode !== null) throw new Error(`the worker exited with ${worker.child.exitCode}:\n${worker.output()}`);
        return (await fetch(`${base}/health/live`).catch(() => null))?.ok;
      },
      'the worker to answer on WORKER_PORT',
      60_000,
    );
  });

  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await redis?.stop();
    await database?.drop();
  });

  it('is live, and ready while its Redis and its database answer', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });

    const ready = await fetch(`${base}/health/ready`);
    const body = await ready.json();
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'ok', details: { redis: { status: 'up' }, database: { status: 'up' } } });
  });

  it('serves Prometheus text: the process metrics, jobs by queue and the history writer calls', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE ccp_worker_jobs_completed_total counter');
    expect(text).toContain('# TYPE ccp_worker_jobs_failed_total counter');
    expect(text).toMatch(/^ccp_worker_jobs_failed_total\{queue="exclusion-imports"\} 0$/m);
    expect(text).toMatch(/^ccp_worker_jobs_completed_total\{queue="policy-snapshots"\} 0$/m);
    expect(text).toMatch(/^ccp_worker_history_calls_written_total 0$/m);
  });

  it('keeps /metrics to this machine without METRICS_TOKEN: a request a proxy forwarded gets 401', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.5' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as { detail: string }).detail).toContain('METRICS_TOKEN');
  });

  it('answers an unknown path 404 as a problem', async () => {
    const res = await fetch(`${base}/api/v1/anything`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('is not ready once its Redis stops (503 problem naming redis), still live', async () => {
    await redis.stop();
    const started = Date.now();
    const ready = await fetch(`${base}/health/ready`);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await ready.json()) as { detail: string };
    expect(body).toMatchObject({
      type: 'https://ccp.example/problems/service-unavailable',
      title: 'Not ready',
      status: 503,
      checks: { redis: { status: 'down' }, database: { status: 'up' } },
    });
    expect(body.detail).toMatch(/^Not ready: redis is down \(.+\)$/);

    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });
});
