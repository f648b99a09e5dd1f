import { randomUUID } from 'node:crypto';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';

describe.each(TEST_DRIVERS)('live calls when Redis goes away, on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, apiKey: true, ownRedis: true });

  const request = (method: 'GET' | 'POST', url: string, payload?: object) =>
    bed.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: bed.apiKey }, ...(payload && { payload }) });

  it('answers 503 service-unavailable on every call route, quickly, and never a decision; /metrics still answers', async () => {
    const callId = `down:${randomUUID()}`;
    expect(
      (await request('POST', '/calls', { callId, call: { kind: 'queue', customer: '+14085550111', queue: 'sales' } })).statusCode,
    ).toBe(201);
    expect((await request('POST', `/calls/${callId}/events`, { event: { type: 'connected' } })).statusCode).toBe(200);

    await bed.redis.stop();
    for (const [method, url, payload] of [
      ['POST', '/calls', { callId: `down:${randomUUID()}`, call: { kind: 'virtual-agent' } }],
      ['POST', `/calls/${callId}/events`, { event: { type: 'answered', employee: 'alice' } }],
      ['GET', `/calls/${callId}`, undefined],
    ] as const) {
      const started = Date.now();
      const res = await request(method, url, payload);
      expect(Date.now() - started, `${method} ${url}`).toBeLessThan(2_000);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(503);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.json()).toMatchObject({
        type: 'https://ccp.example/problems/service-unavailable',
        detail: 'The call session store (Redis) does not answer; try again shortly',
      });
    }
    const metrics = await bed.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/^ccp_call_sessions_active nan$/im);
  }, 20_000);
});
