import { randomUUID } from 'node:crypto';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { DEFAULT_ALL_PARTY_REGIONS } from '@ccp/policy-core';
import { RedisClient } from '@ccp/runtime';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../test/api-keys.js';
import { settingsBody } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';

const CALLS = '/api/v1/calls';

/** The demo tenant requires consent on the default all-party list, and where the customer is unknown. */
const REQUIRE = settingsBody({ consent: { mode: 'require', regions: [...DEFAULT_ALL_PARTY_REGIONS], unknownRegion: 'strict' } });

/** A 415 number: California, on the default all-party list. */
const CALIFORNIA = '+14155550123';
/** A 512 number: Texas, one-party. */
const TEXAS = '+15125550123';

const newCallId = () => `consent:${randomUUID()}`;

describe.each(TEST_DRIVERS)('live calls and the customer’s consent (CNS-1..5) on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, apiKey: true, settings: REQUIRE });

  const start = (callId: string, call: unknown, authorization = bed.apiKey) =>
    bed.app.inject({ method: 'POST', url: CALLS, headers: { authorization }, payload: { callId, call } });
  const send = (callId: string, event: unknown, authorization = bed.apiKey) =>
    bed.app.inject({
      method: 'POST',
      url: `${CALLS}/${encodeURIComponent(callId)}/events`,
      headers: { authorization },
      payload: { event },
    });
  const get = (callId: string, authorization = bed.apiKey) =>
    bed.app.inject({ method: 'GET', url: `${CALLS}/${encodeURIComponent(callId)}`, headers: { authorization } });

  /** Sends the events in order, each answered 200; the last answer. */
  async function sendAll(callId: string, events: readonly object[], authorization = bed.apiKey) {
    let last: Record<string, unknown> = {};
    for (const event of events) {
      const res = await send(callId, event, authorization);
      expect(res.statusCode, `${JSON.stringify(event)}: ${res.body}`).toBe(200);
      last = res.json();
    }
    return last;
  }

  it('CNS-4: a California caller under `require` is not recorded until consent is given, and the agent cannot start it', async () => {
    const callId = newCallId();
    const created = await start(callId, { kind: 'queue', queue: 'sales', customer: CALIFORNIA });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().consent).toEqual({ region: 'CA', basis: 'area-code', announce: false, status: 'not-needed' });

    const connected = await sendAll(callId, [{ type: 'connected' }]);
    expect(connected).toMatchObject({ recording: 'off', consent: { region: 'CA', announce: true, status: 'pending' } });
    expect((connected.rules as string[])[0]).toBe('CNS-4');

    const answered = await sendAll(callId, [{ type: 'answered', employee: 'alice' }]);
    expect(answered).toMatchObject({ recording: 'off', controls: { start: false }, consent: { status: 'pending' } });
    expect((answered.rules as string[])[0]).toBe('CNS-4');
    const refused = await sendAll(callId, [{ type: 'agent', action: 'start' }]);
    expect(refused).toMatchObject({ recording: 'off', rejected: 'CNS-4' });

    const given = await sendAll(callId, [{ type: 'consent', given: true }]);
    expect(given).toMatchObject({ recording: 'on', rejected: null, consent: { region: 'CA', announce: true, status: 'given' } });
    expect(given.rules).toContain('CNS-4');
    // The telephony side's view of the call says the same.
    expect((await get(callId)).json()).toMatchObject({ callId, recording: 'on', consent: given.consent });
  });

  it('CNS-1: the region sent with the call wins over the area code, either way', async () => {
    const texan = newCallId();
    expect((await start(texan, { kind: 'queue', queue: 'sales', customer: CALIFORNIA, customerRegion: 'tx' })).statusCode).toBe(201);
    const answered = await sendAll(texan, [{ type: 'connected' }, { type: 'answered', employee: 'alice' }]);
    expect(answered).toMatchObject({ recording: 'on', consent: { region: 'TX', basis: 'account', announce: false, status: 'not-needed' } });
    expect(answered.rules).toEqual(['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1']);

    const californian = newCallId();
    expect((await start(californian, { kind: 'queue', queue: 'sales', customer: TEXAS, customerRegion: 'CA' })).statusCode).toBe(201);
    expect(await sendAll(californian, [{ type: 'connected' }])).toMatchObject({
      recording: 'off',
      consent: { region: 'CA', basis: 'account', status: 'pending' },
    });
  });

  it('CNS-5: a refusal under `off` stops the recording for the rest of the call, whatever would record it', async () => {
    const { admin } = await bed.addAccount(`consent-off-${driver}`);
    const key = await createApiKey(bed.app, admin, 'other telephony');
    const callId = newCallId();
    expect((await start(callId, { kind: 'virtual-agent', customer: TEXAS }, key)).statusCode).toBe(201);
    expect(await sendAll(callId, [{ type: 'connected' }], key)).toMatchObject({
      recording: 'on',
      rules: ['VA-1'],
      consent: { status: 'not-needed' },
    });
    const refusal = await sendAll(callId, [{ type: 'consent', given: false }], key);
    expect(refusal).toMatchObject({ recording: 'off', consent: { region: 'TX', status: 'refused', announce: false } });
    expect((refusal.rules as string[])[0]).toBe('CNS-5');
    // Consent given afterwards changes nothing.
    expect(await sendAll(callId, [{ type: 'consent', given: true }], key)).toMatchObject({
      recording: 'off',
      consent: { status: 'refused' },
    });
    expect((await get(callId, key)).json()).toMatchObject({ recording: 'off', consent: { status: 'refused' } });
  });

  it.each([
    ['a code of no region', 'ZZ'],
    ['a number', 6],
    ['a 10 KB string', 'C'.repeat(10_240)],
    ['an object', { code: 'CA' }],
  ])('CNS-1: a call whose customerRegion is %s is 422 at call.customerRegion, and no call is started', async (_, customerRegion) => {
    const callId = newCallId();
    const res = await start(callId, { kind: 'queue', queue: 'sales', customer: CALIFORNIA, customerRegion });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'call.customerRegion' })]);
    expect((await get(callId)).statusCode).toBe(404);
  });

  it.each([
    ['a string', { type: 'consent', given: 'yes' }, 'event.given'],
    ['missing', { type: 'consent' }, 'event.given'],
    ['with another key', { type: 'consent', given: true, region: 'CA' }, 'event.region'],
  ])('a consent event whose `given` is %s is 422 naming the field; the call is unchanged', async (_, event, path) => {
    const callId = newCallId();
    expect((await start(callId, { kind: 'queue', queue: 'sales', customer: CALIFORNIA })).statusCode).toBe(201);
    await sendAll(callId, [{ type: 'connected' }]);
    const before = (await get(callId)).json();
    const res = await send(callId, event);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ path })]);
    expect((await get(callId)).json()).toEqual(before);
  });

  /** Exactly what the release before consent stored of a queue call from a 415 number: no `consent`, no `consentRule`. */
  const sessionBeforeConsent = (fields: object) => ({
    settingsVersion: 'sha256:before-consent',
    startedAt: Date.now(),
    session: {
      call: { kind: 'queue', customer: CALIFORNIA, linkedAccount: true, queue: 'sales' },
      phase: 'new',
      trigger: null,
      queue: null,
      agent: null,
      agentLineListed: false,
      awaitingQueue: null,
      awaitingEmployee: null,
      answered: false,
      redirected: false,
      handedOff: false,
      pendingTransfer: null,
      terms: null,
      recording: 'off',
      pausedBy: null,
      paymentScreenOpen: false,
      forwarded: false,
      excludedBy: null,
      ...fields,
    },
  });

  it('a call stored in Redis before consent existed (an upgrade mid-call) goes on: consent not needed, the region from its number', async () => {
    const redis = bed.app.get<RedisClient>(RedisClient);
    // Answered and recorded before the upgrade.
    const legacy = sessionBeforeConsent({
      phase: 'live',
      trigger: 'on-answer',
      queue: 'sales',
      agent: 'alice',
      answered: true,
      terms: { mode: 'automatic', announcement: 'prompt', basis: 'scope', rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] },
      recording: 'on',
    });
    const callId = newCallId();
    await redis.set(`ccp:{${bed.accountId}}:call:${callId}`, `3 oldwrite ${JSON.stringify(legacy)}`, 'PX', 60_000);

    // Under `require` now, but the call was connected before: nothing about its recording changes.
    expect((await get(callId)).json()).toEqual({
      callId,
      settingsVersion: 'sha256:before-consent',
      recording: 'on',
      controls: { start: false, stop: true, pause: true, resume: false },
      prompt: true,
      autoPause: true,
      rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
      rejected: null,
      consent: { region: 'CA', basis: 'area-code', announce: false, status: 'not-needed' },
    });
    expect(
      await sendAll(callId, [
        { type: 'agent', action: 'pause' },
        { type: 'agent', action: 'resume' },
      ]),
    ).toMatchObject({
      recording: 'on',
      consent: { status: 'not-needed' },
    });
    // A refusal is honoured (CNS-5), and the call ends as any other.
    expect(await sendAll(callId, [{ type: 'consent', given: false }])).toMatchObject({ recording: 'off', consent: { status: 'refused' } });
    expect(await sendAll(callId, [{ type: 'ended' }])).toMatchObject({ recording: 'off', rules: [] });
  });

  it('a call stored before consent that had not connected yet is decided on consent when it connects', async () => {
    const redis = bed.app.get<RedisClient>(RedisClient);
    const legacy = sessionBeforeConsent({});
    const callId = newCallId();
    await redis.set(`ccp:{${bed.accountId}}:call:${callId}`, `0 oldwrite ${JSON.stringify(legacy)}`, 'PX', 60_000);
    expect(await sendAll(callId, [{ type: 'connected' }])).toMatchObject({
      recording: 'off',
      consent: { region: 'CA', basis: 'area-code', announce: true, status: 'pending' },
    });
  });
});
