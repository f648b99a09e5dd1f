import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';

describe('Redis restarting under call traffic (its own redis-server, with an append-only file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccp-redis-restart-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const bed = apiTestbed('sqlite', { demo: true, apiKey: true, ownRedis: { appendOnlyDir: dir } });

  const send = (method: 'GET' | 'POST', url: string, payload?: object) =>
    bed.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: bed.apiKey }, ...(payload && { payload }) });

  it('every request is decided or answered 503, never wrongly; calls in flight continue after it; no restart of the api', async () => {
    // A call in flight: connected on the queue, its decision known.
    const inFlight = `restart:${randomUUID()}`;
    expect(
      (await send('POST', '/calls', { callId: inFlight, call: { kind: 'queue', queue: 'sales', customer: '+14085550111' } })).statusCode,
    ).toBe(201);
    const before = await send('POST', `/calls/${inFlight}/events`, { event: { type: 'connected' } });
    expect(before.statusCode).toBe(200);

    const outcomes: Array<{ at: number; status: number; type?: string; recording?: string }> = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        const callId = `restart:${randomUUID()}`;
        const started = await send('POST', '/calls', { callId, call: { kind: 'queue', queue: 'sales', customer: '+14085550122' } });
        const connected =
          started.statusCode === 201 ? await send('POST', `/calls/${callId}/events`, { event: { type: 'connected' } }) : started;
        const body = connected.json();
        outcomes.push({ at: Date.now(), status: connected.statusCode, type: body.type, recording: body.recording });
        await sleep(10);
      }
    })();

    await sleep(300);
    const restartedAt = Date.now();
    await bed.redis.restart();
    await sleep(2_000);
    running = false;
    await traffic;

    // Decided (and the same decision as before the restart: a queue call connected is not recorded yet), or a clear 503.
    for (const outcome of outcomes) {
      if (outcome.status === 200) expect(outcome.recording).toBe(before.json().recording);
      else expect(outcome).toMatchObject({ status: 503, type: 'https://ccp.example/problems/service-unavailable' });
    }
    expect(outcomes.filter((o) => o.at < restartedAt && o.status === 200).length).toBeGreaterThan(0);
    // Back without restarting the api: the last requests are all decided.
    expect(outcomes.slice(-5).map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);

    // The call in flight continues where it was.
    const answered = await send('POST', `/calls/${inFlight}/events`, { event: { type: 'answered', employee: 'alice' } });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().settingsVersion).toBe(before.json().settingsVersion);
  });
});
