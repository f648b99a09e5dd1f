import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from './accounts.js';
import { startApp } from './app.js';

/** Every JSON write route, with a body the API accepts (what the malformed ones are made from). */
const ROUTES = [
  { method: 'POST', url: '/api/v1/auth/login', valid: { email: 'admin@demo.test', password: 'not-the-password' } },
  {
    method: 'PUT',
    url: '/api/v1/recording-settings',
    ifMatch: 'settings',
    valid: {
      trigger: 'on-answer',
      connectMode: 'automatic',
      transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' },
      queueDefault: { mode: 'automatic', announcement: 'prompt' },
      individualDefault: {
        inbound: { mode: 'automatic', announcement: 'prompt' },
        outbound: { mode: 'automatic', announcement: 'prompt' },
      },
    },
  },
  { method: 'POST', url: '/api/v1/queues', valid: { id: 'fuzz', name: 'Fuzz' } },
  { method: 'PUT', url: '/api/v1/queues/sales/recording', ifMatch: 'queue', valid: { mode: 'never', announcement: 'never' } },
  { method: 'POST', url: '/api/v1/employees', valid: { id: 'fuzz', name: 'Fuzz', directLine: '+14155550177' } },
  {
    method: 'PUT',
    url: '/api/v1/employees/alice/recording',
    ifMatch: 'employee',
    valid: { inbound: { mode: 'never', announcement: 'never' }, outbound: { mode: 'never', announcement: 'never' } },
  },
  { method: 'POST', url: '/api/v1/exclusions', valid: { entry: '+14155550178' } },
  { method: 'POST', url: '/api/v1/simulate', valid: { call: { kind: 'virtual-agent' }, events: [{ type: 'connected' }] } },
  { method: 'POST', url: '/api/v1/calls', valid: { callId: 'fuzz-call', call: { kind: 'virtual-agent' } } },
  { method: 'POST', url: '/api/v1/api-keys', valid: { name: 'fuzz' } },
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The valid body with one value, anywhere in it, replaced by one of another JSON type. */
function withOneWrongType(valid: Json): fc.Arbitrary<Json> {
  const paths: string[][] = [];
  const walk = (value: Json, path: string[]) => {
    paths.push(path);
    if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
  };
  walk(valid, []);
  return fc
    .tuple(fc.constantFrom(...paths.filter((path) => path.length > 0)), fc.jsonValue())
    .filter(([path, replacement]) => {
      const original = path.reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, valid);
      return (
        typeof replacement !== typeof original ||
        Array.isArray(replacement) !== Array.isArray(original) ||
        (replacement === null) !== (original === null)
      );
    })
    .map(([path, replacement]) => {
      const copy = structuredClone(valid) as Record<string, Json>;
      const parent = path.slice(0, -1).reduce<Record<string, Json>>((node, key) => node[key] as Record<string, Json>, copy);
      parent[path[path.length - 1] as string] = replacement as Json;
      return copy;
    });
}

/** Bodies no route can accept: broken JSON, other JSON values, one wrong type, unicode in every string, prototype keys. */
function malformed(valid: Json): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('{', '{"a":', 'nul', '[1,2', '{"entry": "\\ud800"}', '\u0000', '{}}', "{'single': 'quotes'}"),
    fc
      .jsonValue()
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
      .map((value) => JSON.stringify(value)),
    withOneWrongType(valid).map((value) => JSON.stringify(value)),
    fc.constant(JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: { polluted: true } } })),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((text) => JSON.stringify({ [text]: text })),
  );
}

describe('malformed input on every write route', () => {
  let app: NestFastifyApplication;
  let admin: string;

  beforeAll(async () => {
    app = await startApp({
      DEMO_SEED: 'true',
      DEMO_ADMIN_PASSWORD: DEMO_PASSWORD,
      AUTH_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    });
    admin = await login(app, 'admin@demo.test');
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: admin } });
    expect(res.statusCode, `GET ${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  /** Everything a write could change, as the API shows it. */
  const state = async () => ({
    settings: await get('/api/v1/recording-settings'),
    queues: await get('/api/v1/queues'),
    employees: await get('/api/v1/employees'),
    exclusions: await get('/api/v1/exclusions?limit=200'),
    apiKeys: await get('/api/v1/api-keys'),
    audit: await get('/api/v1/audit?limit=200'),
  });

  it('each gets a 4xx problem naming what is wrong, never a 5xx, and nothing changes', async () => {
    const before = await state();
    const revisions = {
      settings: `"${before.settings.revision}"`,
      queue: `"${before.queues.items.find((q: { id: string }) => q.id === 'sales').revision}"`,
      employee: `"${before.employees.items.find((e: { id: string }) => e.id === 'alice').revision}"`,
    };
    let address = 0;
    for (const route of ROUTES) {
      await fc.assert(
        fc.asyncProperty(malformed(route.valid as Json), async (payload) => {
          const res = await app.inject({
            method: route.method,
            url: route.url,
            // Each login from its own address: the login rate limit is not what is tested here.
            remoteAddress: `10.0.${Math.floor(address / 250)}.${(address++ % 250) + 1}`,
            headers: {
              authorization: admin,
              'content-type': 'application/json',
              ...('ifMatch' in route ? { 'if-match': revisions[route.ifMatch] } : {}),
            },
            payload,
          });
          expect(res.statusCode, `${route.method} ${route.url} ${payload} → ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${route.method} ${route.url} ${payload} → ${res.body}`).toBeLessThan(500);
          expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
          expect(res.json().detail).toEqual(expect.any(String));
        }),
        { numRuns: 40 },
      );
    }
    expect(await state()).toEqual(before);
  });

  it('a body over the limit is refused with 413 before it is read, on every route', async () => {
    const huge = JSON.stringify({ entry: 'x'.repeat(2 * 1024 * 1024) });
    for (const route of ROUTES) {
      const res = await app.inject({
        method: route.method,
        url: route.url,
        headers: { authorization: admin, 'content-type': 'application/json' },
        payload: huge,
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(413);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('a body that is not JSON is refused with a problem, and nothing is added', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/exclusions',
      headers: { authorization: admin, 'content-type': 'text/plain' },
      payload: '+14155550179',
    });
    expect([415, 422]).toContain(res.statusCode);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const listed = await app.inject({ method: 'GET', url: '/api/v1/exclusions?q=4155550179', headers: { authorization: admin } });
    expect(listed.json().items).toEqual([]);
  });
});
