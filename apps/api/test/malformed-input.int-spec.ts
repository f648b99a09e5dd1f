import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApiKey } from './api-keys.js';
import { apiTestbed } from './testbed.js';

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
  { method: 'PUT', url: '/api/v1/calls/fuzz-call/hold', valid: { reason: 'Litigation 2026-114' } },
  { method: 'POST', url: '/api/v1/calls/erasures', valid: { number: '+14155550199' } },
  { method: 'PUT', url: '/api/v1/history-settings', ifMatch: 'history', valid: { retentionDays: 400 } },
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

/** Far deeper than any body of ours (a scenario nests ~6 levels), and deep enough to overflow a recursive reader. */
const DEEP = 3_000;
/** Text of a value nested DEEP levels: arrays, objects, or both in turn. */
const DEEP_VALUES = [
  `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
  `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
  `${'{"a":['.repeat(DEEP / 2)}"x"${']}'.repeat(DEEP / 2)}`,
];
const PLACEHOLDER = 'deep-value-goes-here';

/** Where each value of a body is, objects and arrays alike (`['call', 'kind']`, `['events', 0, 'type']`). */
function pathsOf(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((child, index) => [index, child])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return [path, ...children.flatMap(([key, child]) => pathsOf(child, [...path, key]))];
}

function replaced(valid: Json, path: (string | number)[], replace: (original: Json) => Json): Json {
  if (path.length === 0) return replace(valid);
  const copy = structuredClone(valid) as Record<string | number, Json>;
  const parent = path.slice(0, -1).reduce<Record<string | number, Json>>((node, key) => node[key] as Record<string | number, Json>, copy);
  const last = path[path.length - 1] as string | number;
  parent[last] = replace(parent[last] as Json);
  return copy;
}

/** The valid body with one value, anywhere in it (or the whole body), nested DEEP levels instead. */
function deeplyNested(valid: Json): string[] {
  return pathsOf(valid).flatMap((path) =>
    DEEP_VALUES.map((deep) => JSON.stringify(replaced(valid, path, () => PLACEHOLDER)).replace(`"${PLACEHOLDER}"`, deep)),
  );
}

/** The valid body with a NUL in one of its strings (`"a\u0000b"`), each string in turn, and in a key. */
function withNul(valid: Json): { body: string; path: string }[] {
  const inStrings = pathsOf(valid)
    .filter((path) => typeof path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] as Json, valid) === 'string')
    .map((path) => ({
      body: JSON.stringify(replaced(valid, path, (original) => `${original}\u0000x`)),
      path: path.join('.'),
    }));
  return [...inStrings, { body: JSON.stringify({ ...(valid as object), 'a\u0000b': 'x' }), path: 'a\\u0000b' }];
}

/** Bodies no route can accept: broken JSON, other JSON values, one wrong type, unicode in every string, prototype keys, deep nesting, NUL. */
function malformed(valid: Json): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...deeplyNested(valid)),
    fc.constantFrom(...withNul(valid).map(({ body }) => body)),
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
  const bed = apiTestbed('sqlite', { demo: true });

  const get = async (url: string) => {
    const res = await bed.app.inject({ method: 'GET', url, headers: { authorization: bed.admin } });
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
    history: await get('/api/v1/history-settings'),
  });

  /** The If-Match values of the routes that need one, from `state()`. */
  const revisionsOf = (current: Awaited<ReturnType<typeof state>>) => ({
    settings: `"${current.settings.revision}"`,
    queue: `"${current.queues.items.find((q: { id: string }) => q.id === 'sales').revision}"`,
    employee: `"${current.employees.items.find((e: { id: string }) => e.id === 'alice').revision}"`,
    history: `"${current.history.revision}"`,
  });

  let address = 0;
  const send = (route: (typeof ROUTES)[number], payload: string, revisions: ReturnType<typeof revisionsOf>) =>
    bed.app.inject({
      method: route.method,
      url: route.url,
      // Each login from its own address: the login rate limit is not what is tested here.
      remoteAddress: `10.0.${Math.floor(address / 250)}.${(address++ % 250) + 1}`,
      headers: {
        authorization: bed.admin,
        'content-type': 'application/json',
        ...('ifMatch' in route ? { 'if-match': revisions[route.ifMatch] } : {}),
      },
      payload,
    });

  /** A payload short enough for an assertion message (a deep one is 15,000 characters). */
  const shown = (payload: string) => (payload.length > 200 ? `${payload.slice(0, 200)}…` : payload);

  // 40 bodies a route, over 500 requests: more than vitest's 5 s default on a loaded 2-core machine.
  it('each gets a 4xx problem naming what is wrong, never a 5xx, and nothing changes', { timeout: 30_000 }, async () => {
    const before = await state();
    const revisions = revisionsOf(before);
    for (const route of ROUTES) {
      await fc.assert(
        fc.asyncProperty(malformed(route.valid as Json), async (payload) => {
          const res = await send(route, payload, revisions);
          const what = `${route.method} ${route.url} ${shown(payload)} → ${res.body}`;
          expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, what).toBeLessThan(500);
          expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
          expect(res.json().detail).toEqual(expect.any(String));
        }),
        { numRuns: 40 },
      );
    }
    expect(await state()).toEqual(before);
  });

  it('a body nested thousands of levels deep, whole or in any field, is refused with 400 saying so', async () => {
    const before = await state();
    const revisions = revisionsOf(before);
    for (const route of ROUTES) {
      for (const payload of deeplyNested(route.valid as Json)) {
        const res = await send(route, payload, revisions);
        const what = `${route.method} ${route.url} ${shown(payload)} → ${res.statusCode} ${res.body}`;
        expect(res.statusCode, what).toBe(400);
        expect(res.headers['content-type'], what).toBe('application/problem+json; charset=utf-8');
        expect(res.json().detail, what).toMatch(/deeper than 64 levels/);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('a NUL in any string of a body, or in a key, is refused with a problem naming the field', async () => {
    const before = await state();
    const revisions = revisionsOf(before);
    for (const route of ROUTES) {
      for (const { body, path } of withNul(route.valid as Json)) {
        const res = await send(route, body, revisions);
        const what = `${route.method} ${route.url} ${body} → ${res.statusCode} ${res.body}`;
        expect(res.statusCode, what).toBe(422);
        expect(res.headers['content-type'], what).toBe('application/problem+json; charset=utf-8');
        expect(res.json().detail, what).toContain(`${path}: NUL`);
        expect(res.json().detail, what).toContain('NUL');
      }
    }
    expect(await state()).toEqual(before);
  });

  it('a NUL in a path id or a query value is refused with 400 naming the parameter', async () => {
    const apiKey = await createApiKey(bed.app, bed.admin, 'nul-fuzz');
    const before = await state();
    const requests = [
      { method: 'GET', url: '/api/v1/queues/sales%00', parameter: 'id' },
      { method: 'GET', url: '/api/v1/queues/%00', parameter: 'id' },
      { method: 'GET', url: '/api/v1/employees/alice%00', parameter: 'id' },
      { method: 'GET', url: '/api/v1/audit?action=%00', parameter: 'action' },
      { method: 'GET', url: '/api/v1/audit?action=exclusion.%00x', parameter: 'action' },
      { method: 'GET', url: '/api/v1/exclusions?q=%00', parameter: 'q' },
      { method: 'GET', url: '/api/v1/exclusions?q=415&q=%00', parameter: 'q' },
      { method: 'GET', url: '/api/v1/calls?number=415%00', parameter: 'number' },
      { method: 'GET', url: '/api/v1/calls/x%00', parameter: 'callId' },
      { method: 'GET', url: '/api/v1/calls/x%00', parameter: 'callId', authorization: apiKey },
      { method: 'GET', url: '/api/v1/calls/x%00/scenario', parameter: 'callId' },
      { method: 'GET', url: '/api/v1/exclusions/uploads/x%00', parameter: 'id' },
      { method: 'GET', url: '/api/v1/exclusions/exports/x%00', parameter: 'id' },
      { method: 'DELETE', url: '/api/v1/queues/sales%00', parameter: 'id' },
      { method: 'DELETE', url: '/api/v1/exclusions/%2B14155550100%00', parameter: 'entry' },
      { method: 'DELETE', url: '/api/v1/api-keys/x%00', parameter: 'id' },
      {
        method: 'POST',
        url: '/api/v1/calls/x%00/events',
        parameter: 'callId',
        authorization: apiKey,
        payload: { event: { type: 'connected' } },
      },
    ];
    for (const request of requests) {
      const res = await bed.app.inject({
        method: request.method as 'GET' | 'POST' | 'DELETE',
        url: request.url,
        headers: { authorization: request.authorization ?? bed.admin },
        ...(request.payload && { payload: request.payload }),
      });
      const what = `${request.method} ${request.url} → ${res.statusCode} ${res.body}`;
      expect(res.statusCode, what).toBe(400);
      expect(res.headers['content-type'], what).toBe('application/problem+json; charset=utf-8');
      expect(res.json().detail, what).toContain(request.parameter);
      expect(res.json().detail, what).toContain('NUL');
    }
    expect(await state()).toEqual(before);
  });

  it('a body over the limit is refused with 413 before it is read, on every route', async () => {
    const huge = JSON.stringify({ entry: 'x'.repeat(2 * 1024 * 1024) });
    for (const route of ROUTES) {
      const res = await bed.app.inject({
        method: route.method,
        url: route.url,
        headers: { authorization: bed.admin, 'content-type': 'application/json' },
        payload: huge,
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(413);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('a body that is not JSON is refused with a problem, and nothing is added', async () => {
    const res = await bed.app.inject({
      method: 'POST',
      url: '/api/v1/exclusions',
      headers: { authorization: bed.admin, 'content-type': 'text/plain' },
      payload: '+14155550179',
    });
    expect([415, 422]).toContain(res.statusCode);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const listed = await bed.app.inject({ method: 'GET', url: '/api/v1/exclusions?q=4155550179', headers: { authorization: bed.admin } });
    expect(listed.json().items).toEqual([]);
  });
});
