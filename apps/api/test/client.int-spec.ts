import { randomUUID } from 'node:crypto';
import { type ApiClient, ApiProblem, type CallEvent, createClient, getCallDecision, sendCallEvent, startCall, unwrap } from '@ccp/client';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './accounts.js';
import { apiTestbed } from './testbed.js';

const EVENTS: CallEvent[] = [
  { type: 'connected' },
  { type: 'redirected', queue: 'sales' },
  { type: 'answered', employee: 'alice' },
  { type: 'transferred', toQueue: 'support' },
  { type: 'answered', employee: 'carol' },
  { type: 'ended' },
];

const RULE_ID = /^[A-Z]{2,3}-\d+$/;

/**
 * The telephony side as an integrator writes it (README "For integrators"): @ccp/client over real HTTP,
 * an API key an admin created, a call started and its events sent one by one.
 */
describe.each(TEST_DRIVERS)('@ccp/client against the API on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true });
  let baseUrl: string;
  let admin: ApiClient;
  let keyId: string;
  let telephony: ApiClient;

  beforeAll(async () => {
    await bed.app.listen(0, '127.0.0.1');
    baseUrl = `${await bed.app.getUrl()}/api/v1`;
    const { data: session } = await unwrap(
      createClient({ baseUrl }).POST('/auth/login', { body: { email: 'admin@demo.test', password: DEMO_PASSWORD } }),
    );
    admin = createClient({ baseUrl, token: session.token });
    const { data: created } = await unwrap(admin.POST('/api-keys', { body: { name: 'Telephony (test)' } }));
    expect(created.key).toMatch(/^ak_/);
    keyId = created.id;
    telephony = createClient({ baseUrl, apiKey: created.key });
  });

  it('starts a call, sends its events and gets each decision naming its rules, as the simulator decides it', async () => {
    const callId = `pbx:${randomUUID()}`;
    const call = { kind: 'queue', customer: '+14085550111', queue: 'billing' } as const;
    const started = await startCall(telephony, callId, call);
    expect(started).toMatchObject({ callId, recording: 'off' });

    const steps = [];
    for (const event of EVENTS) steps.push(await sendCallEvent(telephony, callId, event));
    // Every decision before the end names the rules behind it, most decisive first.
    for (const step of steps.slice(0, -1)) {
      expect(step.rules.length).toBeGreaterThan(0);
      for (const rule of step.rules) expect(rule).toMatch(RULE_ID);
    }
    // QUE-6: redirected to sales, whose default (automatic, QUE-1) applies once alice answers (GLB-2 on answer).
    expect(steps[2]).toMatchObject({ recording: 'on', rules: ['GLB-2', 'QUE-6', 'QUE-1', 'MOD-2', 'ANN-1'], rejected: null });
    // TRF-1 keep-original: transferred to another queue, the call keeps the mode it had.
    expect(steps[3]).toMatchObject({ recording: 'on', event: { type: 'transferred', toQueue: 'support' } });
    expect(steps[3]?.rules[0]).toBe('TRF-1');

    // The same call replayed by POST /simulate against the live settings, with the same key: the same decisions.
    const { data: replay } = await unwrap(telephony.POST('/simulate', { body: { call, events: EVENTS } }));
    const decided = ({ recording, controls, rules, rejected }: (typeof replay.steps)[number]) => ({ recording, controls, rules, rejected });
    expect(steps.map(decided)).toEqual(replay.steps.map(decided));
  });

  it("runs the README's example (For integrators) as written: answered in sales, recorded, and why", async () => {
    const ccp = telephony;
    const callId = `pbx-eu1:${randomUUID()}`;
    await startCall(ccp, callId, { kind: 'queue', customer: '+14085550111', queue: 'sales' });
    await sendCallEvent(ccp, callId, { type: 'connected' });
    const step = await sendCallEvent(ccp, callId, { type: 'answered', employee: 'alice' });
    expect([step.recording, step.rules]).toEqual(['on', ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1']]);
    expect(await sendCallEvent(ccp, callId, { type: 'ended' })).toMatchObject({ recording: 'off' });
  });

  it('EXC-2: a call from a listed number is not recorded, and the decision says EXC-2', async () => {
    const callId = `pbx:${randomUUID()}`;
    await startCall(telephony, callId, { kind: 'queue', customer: '(310) 555-0142', queue: 'sales' });
    await sendCallEvent(telephony, callId, { type: 'connected' });
    const answered = await sendCallEvent(telephony, callId, { type: 'answered', employee: 'alice' });
    expect(answered.recording).toBe('off');
    expect(answered.rules).toContain('EXC-2');
    expect(await getCallDecision(telephony, callId)).toMatchObject({ callId, recording: 'off', rules: answered.rules });
  });

  it('throws what the API refuses as an ApiProblem: an event that cannot happen (422), a people-only route (403)', async () => {
    const callId = `pbx:${randomUUID()}`;
    await startCall(telephony, callId, { kind: 'queue', customer: '+14085550111', queue: 'sales' });
    const early = await sendCallEvent(telephony, callId, { type: 'answered', employee: 'alice' }).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(ApiProblem);
    expect(early).toMatchObject({ status: 422 });
    await expect(unwrap(telephony.GET('/recording-settings'))).rejects.toMatchObject({ status: 403 });
  });

  it('a revoked key is refused: 401, and onUnauthorized is told', async () => {
    const { data: created } = await unwrap(admin.POST('/api-keys', { body: { name: 'Short-lived' } }));
    let told = 0;
    const doomed = createClient({ baseUrl, apiKey: created.key, onUnauthorized: () => told++ });
    await startCall(doomed, `pbx:${randomUUID()}`, { kind: 'queue', customer: '+14085550111', queue: 'sales' });
    await unwrap(admin.DELETE('/api-keys/{id}', { params: { path: { id: created.id } } }));
    const refused = await startCall(doomed, `pbx:${randomUUID()}`, { kind: 'queue', customer: '+14085550111', queue: 'sales' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ status: 401 });
    expect(told).toBe(1);
    // The other key still works.
    const { data: keys } = await unwrap(admin.GET('/api-keys'));
    expect(keys.find((key) => key.id === keyId)?.revokedAt).toBeNull();
  });
});
