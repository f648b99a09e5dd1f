import { describe, expect, it } from 'vitest';
import { metricsAccess } from './metrics-access.js';

const client = (address: string, authorization?: string, forwardedByUntrusted = false) => ({
  address,
  authorization,
  forwardedByUntrusted,
});

describe('who may read /metrics', () => {
  it('without METRICS_TOKEN: this machine only, and not a request a proxy forwarded from elsewhere', () => {
    expect(metricsAccess(undefined, client('127.0.0.1')).allowed).toBe(true);
    expect(metricsAccess(undefined, client('::1')).allowed).toBe(true);
    expect(metricsAccess(undefined, client('::ffff:127.0.0.1')).allowed).toBe(true);
    expect(metricsAccess(undefined, client('10.0.0.5'))).toEqual({ allowed: false, detail: expect.stringContaining('METRICS_TOKEN') });
    expect(metricsAccess(undefined, client('127.0.0.1', undefined, true)).allowed).toBe(false);
  });

  it('with METRICS_TOKEN: whoever sends it as a Bearer token, from anywhere; nobody else, not even this machine', () => {
    const token = 'a-scrape-token-0123456789';
    expect(metricsAccess(token, client('10.0.0.5', `Bearer ${token}`)).allowed).toBe(true);
    expect(metricsAccess(token, client('10.0.0.5', `bearer ${token}`)).allowed).toBe(true);
    expect(metricsAccess(token, client('10.0.0.5', `Bearer ${token}x`)).allowed).toBe(false);
    expect(metricsAccess(token, client('10.0.0.5', `Basic ${token}`)).allowed).toBe(false);
    expect(metricsAccess(token, client('127.0.0.1')).allowed).toBe(false);
  });
});
