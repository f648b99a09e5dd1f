import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../test/app.js';
import { MetricsService } from './metrics.service.js';

describe('GET /metrics', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const scrape = async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return res.body;
  };

  it('exposes the default process metrics', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('times each request in a histogram labelled with method, route pattern and status', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/api/v1/queues/q-1234/no-such-route' });
    const text = await scrape();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/health\/live",status="200"\} 1$/m);
    // Unknown URLs share one label value, so a scan of random paths cannot blow up the series count.
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status="404"\} 1$/m);
    expect(text).not.toContain('q-1234');
  });

  it('is not public: from elsewhere, or forwarded by a proxy nobody said to trust, it answers 401 and shows nothing', async () => {
    for (const request of [
      { remoteAddress: '203.0.113.5' },
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.5' } },
      { remoteAddress: '127.0.0.1', headers: { forwarded: 'for=203.0.113.5' } },
    ]) {
      const res = await app.inject({ method: 'GET', url: '/metrics', ...request });
      expect(res.statusCode, JSON.stringify(request)).toBe(401);
      expect(res.json().detail).toContain('METRICS_TOKEN');
      expect(res.body).not.toContain('process_cpu');
    }
  });

  it('with METRICS_TOKEN, answers whoever sends it as a Bearer token, from anywhere, and nobody else', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const guarded = await startApp({ METRICS_TOKEN: token, TRUST_PROXY: '127.0.0.1' });
    try {
      const scrapeWith = (authorization?: string, remoteAddress = '198.51.100.7') =>
        guarded.inject({ method: 'GET', url: '/metrics', remoteAddress, headers: authorization ? { authorization } : {} });
      const allowed = await scrapeWith(`Bearer ${token}`);
      expect(allowed.statusCode).toBe(200);
      expect(allowed.body).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect((await scrapeWith(`Bearer ${token}-not`)).statusCode).toBe(401);
      expect((await scrapeWith()).statusCode).toBe(401);
      expect((await scrapeWith(undefined, '127.0.0.1')).statusCode).toBe(401);
    } finally {
      await guarded.close();
    }
  });

  it('serves the metrics other modules register through MetricsService', async () => {
    const decisions = app
      .get(MetricsService)
      .counter({ name: 'test_probe_total', help: 'A counter a test registers', labelNames: ['rule'] });
    decisions.inc({ rule: 'GLB-1' });
    expect(await scrape()).toMatch(/^test_probe_total\{rule="GLB-1"\} 1$/m);
  });
});
