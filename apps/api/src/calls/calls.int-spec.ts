import { randomUUID } from 'node:crypto';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { type ReplayStep, replay } from '@ccp/policy-core';
import { RedisClient } from '@ccp/runtime';
import { describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../test/api-keys.js';
import { SCENARIO_EVENTS, SCENARIO_GLOBAL_SETTINGS } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';
import { ENDED_RETENTION_MS } from './call-sessions.repository.js';

/** CALL_SESSION_TTL_SECONDS's default. */
const SESSION_TTL_MS = 4 * 3600 * 1000;

const CALLS = '/api/v1/calls';

/** The demo tenant's whole settings after that PUT, as a scenario states them (apps/api/src/demo/demo-tenant.ts). */
const DEMO_SETTINGS = {
  ...SCENARIO_GLOBAL_SETTINGS,
  queues: [
    { id: 'sales' },
    { id: 'billing', custom: { mode: 'never', announcement: 'never' } },
    { id: 'support' },
    { id: 'collections', custom: { mode: 'always', announcement: 'prompt' } },
  ],
  employees: [
    { id: 'alice', directLine: '+14155550100' },
    {
      id: 'bob',
      directLine: '+16285550101',
      custom: { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'never' } },
    },
    { id: 'carol', directLine: '+14155550199' },
  ],
  exclusions: ['+12125550123', '+13105550142', '646'],
};

const exampleCall = (customer: string) => ({ kind: 'queue', customer, queue: 'billing', linkedAccount: true });

/** What policy-core's replay decides for the call on the demo settings: the steps the API must answer. */
function expectedReplay(call: object, events: readonly object[]) {
  const outcome = replay({ settings: DEMO_SETTINGS, call, events });
  if (!outcome.ok) throw new Error(`the test scenario is not valid: ${JSON.stringify(outcome.issues)}`);
  return outcome.replay;
}

const newCallId = () => `test:${randomUUID()}`;

describe.each(TEST_DRIVERS)('live calls on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, apiKey: true, settings: SCENARIO_GLOBAL_SETTINGS, replica: true });

  const start = (callId: string, call: unknown, authorization = bed.apiKey, on = bed.app) =>
    on.inject({ method: 'POST', url: CALLS, headers: { authorization }, payload: { callId, call } });
  const send = (callId: string, event: unknown, authorization = bed.apiKey, on = bed.app) =>
    on.inject({ method: 'POST', url: `${CALLS}/${encodeURIComponent(callId)}/events`, headers: { authorization }, payload: { event } });
  const get = (callId: string, authorization = bed.apiKey, on = bed.app) =>
    on.inject({ method: 'GET', url: `${CALLS}/${encodeURIComponent(callId)}`, headers: { authorization } });

  /** Starts a sales call answered by alice (recorded: the queue default is automatic). */
  async function answeredCall(on = bed.app): Promise<string> {
    const callId = newCallId();
    expect((await start(callId, { kind: 'queue', customer: '+14085550111', queue: 'sales' }, bed.apiKey, on)).statusCode).toBe(201);
    expect((await send(callId, { type: 'connected' }, bed.apiKey, on)).statusCode).toBe(200);
    expect((await send(callId, { type: 'answered', employee: 'alice' }, bed.apiKey, on)).statusCode).toBe(200);
    return callId;
  }

  async function scrape(on = bed.app): Promise<string> {
    const res = await on.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  }
  const metric = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);

  it.each([
    ['+13105550142', 'a listed caller (EXC-2)'],
    ['+14085550111', 'a caller not listed'],
  ])(
    'TRF-1: the example call of scenario-format.md from %s (%s), through the API with an API key, decides as replay()',
    async (customer) => {
      const expected = expectedReplay(exampleCall(customer), SCENARIO_EVENTS);
      const callId = newCallId();
      const created = await start(callId, exampleCall(customer));
      expect(created.statusCode, created.body).toBe(201);
      expect(created.headers.location).toBe(`/api/v1/calls/${encodeURIComponent(callId)}`);
      // Nothing decided before `connected`; the settings version is the one replay() computes for the same settings.
      expect(created.json()).toEqual({
        callId,
        settingsVersion: expected.settingsVersion,
        recording: 'off',
        controls: { start: false, stop: false, pause: false, resume: false },
        prompt: false,
        autoPause: true,
        rules: [],
        rejected: null,
        // CNS-1: where the customer is is known before the call connects (a 310 number: California).
        consent: { region: 'CA', basis: 'area-code', announce: false, status: 'not-needed' },
      });

      const steps: ReplayStep[] = [];
      for (const event of SCENARIO_EVENTS) {
        const res = await send(callId, event);
        expect(res.statusCode, res.body).toBe(200);
        const { settingsVersion, ...step } = res.json();
        expect(settingsVersion).toBe(expected.settingsVersion);
        steps.push(step);
      }
      expect(steps).toEqual(expected.steps);

      const last = expected.steps[expected.steps.length - 1] as ReplayStep;
      const { event: _, ...decision } = last;
      expect((await get(callId)).json()).toEqual({ callId, settingsVersion: expected.settingsVersion, ...decision });
    },
  );

  it('a call started on one instance continues on another, and both read the same session', async () => {
    const customer = '+14085550111';
    const expected = expectedReplay(exampleCall(customer), SCENARIO_EVENTS);
    const callId = newCallId();
    expect((await start(callId, exampleCall(customer), bed.apiKey, bed.app)).statusCode).toBe(201);
    const steps: unknown[] = [];
    for (const [i, event] of SCENARIO_EVENTS.entries()) {
      const res = await send(callId, event, bed.apiKey, i < 6 ? bed.replica : bed.app);
      expect(res.statusCode, res.body).toBe(200);
      const { settingsVersion: _, ...step } = res.json();
      steps.push(step);
      if (i === 6) expect((await get(callId, bed.apiKey, bed.replica)).json()).toEqual((await get(callId, bed.apiKey, bed.app)).json());
    }
    expect(steps).toEqual(expected.steps);
  });

  it('PAY-1: events of one call racing on two instances are applied one after the other, none lost', async () => {
    const callId = await answeredCall();
    // Only one of these can happen: the screen opens once. A lost update would let several succeed.
    const opens = await Promise.all(
      Array.from({ length: 6 }, (_, i) => send(callId, { type: 'payment-screen', open: true }, bed.apiKey, i % 2 ? bed.app : bed.replica)),
    );
    expect(opens.map((res) => res.statusCode).sort()).toEqual([200, 422, 422, 422, 422, 422]);
    const refused = opens.find((res) => res.statusCode === 422);
    expect(refused?.json().errors).toEqual([{ path: 'event', message: '"payment-screen": the payment screen is already open' }]);
    expect((await get(callId)).json()).toMatchObject({ recording: 'paused', rules: ['PAY-1', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });

    // Different events at once: each is applied to the session the other left, in one order or the other.
    const [close, pause] = await Promise.all([
      send(callId, { type: 'payment-screen', open: false }, bed.apiKey, bed.app),
      send(callId, { type: 'agent', action: 'pause' }, bed.apiKey, bed.replica),
    ]);
    expect([close.statusCode, pause.statusCode]).toEqual([200, 200]);
    const pausedAfterClose = pause.json().rules[0] === 'MOD-5';
    // Closing first resumes, then the agent pauses; pausing first changes nothing (the screen holds the pause), then closing resumes.
    expect(pause.json().rules[0]).toBe(pausedAfterClose ? 'MOD-5' : 'PAY-1');
    expect((await get(callId)).json().recording).toBe(pausedAfterClose ? 'paused' : 'on');
  });

  it('a session lives 4 hours after its last event; an ended one stays readable for 5 minutes, then expires', async () => {
    const redis = bed.app.get<RedisClient>(RedisClient);
    const callId = await answeredCall();
    const key = `ccp:{${bed.accountId}}:call:${callId}`;
    expect(await redis.pttl(key)).toBeGreaterThan(SESSION_TTL_MS - 60_000);
    expect((await send(callId, { type: 'ended' })).statusCode).toBe(200);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(ENDED_RETENTION_MS);
    expect((await get(callId)).json()).toMatchObject({ recording: 'off', rules: [] });
  });

  it('404 for a call nobody started, on every route, and for an id no call can have', async () => {
    for (const res of [await get('no-such-call'), await send('no-such-call', { type: 'connected' })]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.json()).toMatchObject({
        type: 'https://ccp.example/problems/not-found',
        detail: 'No call "no-such-call" in this account (unknown, or expired)',
      });
    }
    expect((await get('a{b}c')).statusCode).toBe(404);
    expect((await get('x'.repeat(129))).statusCode).toBe(404);
    // The longest id a call can have works on every route.
    const longest = `${'x'.repeat(120)}${randomUUID().slice(0, 8)}`;
    expect((await start(longest, { kind: 'virtual-agent' })).statusCode).toBe(201);
    expect((await send(longest, { type: 'connected' })).statusCode).toBe(200);
    expect((await get(longest)).json()).toMatchObject({ callId: longest, recording: 'on' });
  });

  it("ACC-3: another account's API key gets 404 for this account's call, and its own call of the same id is its own", async () => {
    const callId = await answeredCall();
    const otherKey = await createApiKey(bed.app, (await bed.addAccount('other')).admin, 'other telephony');
    expect((await get(callId, otherKey)).statusCode).toBe(404);
    const foreign = await send(callId, { type: 'ended' }, otherKey);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({
      type: 'https://ccp.example/problems/not-found',
      detail: `No call "${callId}" in this account (unknown, or expired)`,
    });

    // The other account has no queue "sales": its own call of the same id is a Virtual Agent call.
    expect((await start(callId, { kind: 'queue', customer: '+14085550111', queue: 'sales' }, otherKey)).json().errors).toEqual([
      { path: 'call.queue', message: 'unknown queue "sales"' },
    ]);
    expect((await start(callId, { kind: 'virtual-agent', customer: '+14085550111' }, otherKey)).statusCode).toBe(201);
    expect((await send(callId, { type: 'connected' }, otherKey)).json()).toMatchObject({ recording: 'on', rules: ['VA-1'] });
    // Ours is untouched.
    expect((await get(callId)).json()).toMatchObject({ recording: 'on', rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
  });

  it('409 when the call id is taken in this account; the call is left as it was', async () => {
    const callId = await answeredCall();
    const again = await start(callId, { kind: 'virtual-agent', customer: '+14085550111' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      type: 'https://ccp.example/problems/conflict',
      detail: `A call with the id "${callId}" exists in this account already`,
    });
    expect((await get(callId)).json()).toMatchObject({ recording: 'on', autoPause: true });
  });

  it('422 for a call policy-core refuses, at its paths, and for a call id or body of the wrong shape', async () => {
    const bad = await start(newCallId(), { kind: 'fax', customer: 'call me' });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['call.customer', 'call.kind']);
    const unknownEmployee = await start(newCallId(), { kind: 'direct', customer: '+14085550111', employee: 'zoe' });
    expect(unknownEmployee.json()).toMatchObject({
      detail: 'call.employee: unknown employee "zoe"',
      errors: [{ path: 'call.employee', message: 'unknown employee "zoe"' }],
    });
    for (const callId of ['', 'a b', 'x'.repeat(129), 42]) {
      const res = await start(callId as string, { kind: 'virtual-agent' });
      expect(res.statusCode, JSON.stringify(callId)).toBe(422);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['callId']);
    }
    const noCall = await bed.app.inject({
      method: 'POST',
      url: CALLS,
      headers: { authorization: bed.apiKey },
      payload: { callId: newCallId(), extra: 1 },
    });
    expect(
      noCall
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['call', 'extra']);
  });

  it("422 for an event policy-core refuses, and for one that cannot happen now, with the engine's reason; the session is unchanged", async () => {
    const callId = newCallId();
    expect((await start(callId, { kind: 'queue', customer: '+14085550111', queue: 'sales' })).statusCode).toBe(201);
    const invalid = await send(callId, { type: 'answered', employee: '', colour: 'red' });
    expect(invalid.statusCode).toBe(422);
    expect(
      invalid
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['event.colour', 'event.employee']);
    const extra = await bed.app.inject({
      method: 'POST',
      url: `${CALLS}/${callId}/events`,
      headers: { authorization: bed.apiKey },
      payload: { event: { type: 'connected' }, at: 'now' },
    });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors).toEqual([{ path: 'at', message: 'property at should not exist' }]);
    for (const payload of [{}, { event: 'connected' }, [{ type: 'connected' }]]) {
      const res = await bed.app.inject({
        method: 'POST',
        url: `${CALLS}/${callId}/events`,
        headers: { authorization: bed.apiKey },
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().errors).toEqual([{ path: 'event', message: 'event must be an object with a "type"' }]);
    }
    expect((await send(callId, { type: 'hung-up' })).json().errors).toEqual([
      { path: 'event.type', message: expect.stringContaining('"hung-up" is not one of connected,') },
    ]);

    const early = await send(callId, { type: 'answered', employee: 'alice' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({
      type: 'https://ccp.example/problems/validation-failed',
      detail: 'event: the first event is "connected", not "answered"',
      errors: [{ path: 'event', message: 'the first event is "connected", not "answered"' }],
    });
    expect((await send(callId, { type: 'connected' })).json()).toMatchObject({ recording: 'off', rules: ['GLB-2'] });
    expect((await send(callId, { type: 'ended' })).statusCode).toBe(200);
    expect((await send(callId, { type: 'connected' })).json().errors).toEqual([{ path: 'event', message: 'nothing can follow "ended"' }]);
  });

  it('MOD-1: an agent action a rule forbids is 200 with the rule in `rejected`, not an error', async () => {
    const callId = newCallId();
    expect((await start(callId, { kind: 'queue', customer: '+14085550111', queue: 'collections' })).statusCode).toBe(201);
    await send(callId, { type: 'connected' });
    await send(callId, { type: 'answered', employee: 'carol' });
    const stop = await send(callId, { type: 'agent', action: 'stop' });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({ recording: 'on', rejected: 'MOD-1', rules: ['MOD-1', 'GLB-2', 'QUE-3', 'ANN-1'] });
  });

  it('counts decisions by rule (one per rule in each trace) and the active sessions, in /metrics', async () => {
    const counters = (text: string): Record<string, number> =>
      Object.fromEntries([...text.matchAll(/^ccp_decisions_total\{rule="([A-Z]{3}-\d)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    const active = (text: string) => metric(text, /^ccp_call_sessions_active (\d+)$/m);
    const before = await scrape();

    const customer = '+13105550142';
    const expected = expectedReplay(exampleCall(customer), SCENARIO_EVENTS);
    const callId = newCallId();
    await start(callId, exampleCall(customer));
    expect(active(await scrape())).toBe(active(before) + 1);
    expect(active(await scrape(bed.replica))).toBe(active(before) + 1);
    for (const event of SCENARIO_EVENTS) expect((await send(callId, event)).statusCode).toBe(200);
    const after = await scrape();
    expect(active(after)).toBe(active(before));

    const increments: Record<string, number> = {};
    for (const step of expected.steps) for (const rule of step.rules) increments[rule] = (increments[rule] ?? 0) + 1;
    expect(increments['EXC-2']).toBeGreaterThan(0);
    const delta = Object.fromEntries(
      Object.entries(counters(after))
        .map(([rule, n]): [string, number] => [rule, n - (counters(before)[rule] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    expect(delta).toEqual(increments);
  });

  it('revoking the API key refuses its next call request at once (401); a person may decide calls too', async () => {
    const key = await createApiKey(bed.app, bed.admin, 'short-lived');
    const callId = newCallId();
    expect((await start(callId, { kind: 'virtual-agent' }, key)).statusCode).toBe(201);
    expect((await send(callId, { type: 'connected' }, key, bed.replica)).statusCode).toBe(200);
    expect((await revokeApiKey(bed.app, bed.admin, 'short-lived')).statusCode).toBe(204);
    // Both instances had the key in their cache; the revocation reaches the other one through Redis.
    await expect.poll(async () => (await get(callId, key, bed.replica)).statusCode, { timeout: 2_000 }).toBe(401);
    const refused = await send(callId, { type: 'ended' }, key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('This API key was revoked');
    expect((await send(callId, { type: 'ended' }, bed.admin)).json()).toMatchObject({ recording: 'off', rules: [] });
  });

  it('ACC-1, ACC-2: 401 without credentials, 403 without the feature or the permission; an API key may not touch settings', async () => {
    expect((await bed.app.inject({ method: 'GET', url: `${CALLS}/x` })).statusCode).toBe(401);
    const basic = await start(newCallId(), { kind: 'virtual-agent' }, await bed.login('admin@basic.test'));
    expect(basic.json()).toMatchObject({ status: 403, type: 'https://ccp.example/problems/feature-not-enabled' });
    const viewer = await get('x', await bed.login('viewer@demo.test'));
    expect(viewer.json()).toMatchObject({ status: 403, type: 'https://ccp.example/problems/missing-permission' });
    const settings = await bed.app.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: bed.apiKey } });
    expect(settings.json()).toMatchObject({ status: 403, type: 'https://ccp.example/problems/api-key-not-allowed' });
  });
});
