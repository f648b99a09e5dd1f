import { randomUUID } from 'node:crypto';
import { type KeptCall, keepCalls } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { callSessionKey, trailId, trailKey } from '@ccp/jobs';
import { DEFAULT_ALL_PARTY_REGIONS, replay } from '@ccp/policy-core';
import { RedisClient } from '@ccp/runtime';
import { describe, expect, it } from 'vitest';
import { settingsBody } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';
import { Database } from '../database/database.js';
import { LiveTrails } from './live-trails.js';

const CALLS = '/api/v1/calls';

/** The demo tenant requires consent on the default all-party list (CNS-4). */
const REQUIRE = settingsBody({ consent: { mode: 'require', regions: [...DEFAULT_ALL_PARTY_REGIONS], unknownRegion: 'strict' } });

/** 415: California, on the default all-party list; 512: Texas, one-party. */
const CALIFORNIA = '+14155550123';
const TEXAS = '+15125550123';

/** A step without its settings version: an evidence file's replay names the reduced settings' versions instead (HIS-2). */
const decisionOf = (step: object) => {
  const { settingsVersion: _, receivedAt: __, ...decision } = step as Record<string, unknown>;
  return decision;
};

/**
 * The call history's consent (CNS, HIS-2, HIS-3) through the api: calls decided by the live API, kept as
 * the worker keeps them, then listed, filtered, exported and proven by their evidence.
 */
describe.each(TEST_DRIVERS)('the call history and the customer’s consent on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, apiKey: true, settings: REQUIRE });

  /** Runs a call through the live API, then keeps it as the history's writer does (and removes its session). */
  async function keptCall(call: object, events: readonly object[], change: (kept: KeptCall) => KeptCall = (kept) => kept) {
    const callId = `consent:${randomUUID()}`;
    const answers: Record<string, unknown>[] = [];
    const started = await bed.request('POST', CALLS, { as: bed.apiKey, payload: { callId, call } });
    expect(started.statusCode, started.body).toBe(201);
    for (const event of events) {
      const res = await bed.request('POST', `${CALLS}/${encodeURIComponent(callId)}/events`, { as: bed.apiKey, payload: { event } });
      expect(res.statusCode, res.body).toBe(200);
      answers.push(res.json());
    }
    const live = await bed.app.get(LiveTrails).load(bed.accountId, callId);
    if (!live) throw new Error(`call ${callId} has no trail`);
    expect(await keepCalls(bed.app.get(Database).em(), [change(live.call)])).toMatchObject({ kept: 1 });
    const redis = bed.app.get<RedisClient>(RedisClient);
    await redis.del(callSessionKey(bed.accountId, callId), trailKey(bed.accountId, trailId(live.call.startedAt.getTime(), callId)));
    return { callId, answers };
  }

  const list = async (query: string) => {
    const res = await bed.get(`${CALLS}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Array<{ callId: string; consent: unknown }>; nextCursor: string | null };
  };
  const ids = (page: { items: Array<{ callId: string }> }) => page.items.map((item) => item.callId);

  let given: Awaited<ReturnType<typeof keptCall>>;
  let pending: Awaited<ReturnType<typeof keptCall>>;
  let texan: Awaited<ReturnType<typeof keptCall>>;
  let beforeConsent: Awaited<ReturnType<typeof keptCall>>;

  it('CNS-4: each kept call lists its consent status and region; one that ended pending never consented', async () => {
    given = await keptCall({ kind: 'queue', queue: 'sales', customer: CALIFORNIA }, [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
      { type: 'consent', given: true },
      { type: 'ended' },
    ]);
    pending = await keptCall({ kind: 'queue', queue: 'sales', customer: CALIFORNIA, customerRegion: 'WA' }, [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
      { type: 'ended' },
    ]);
    texan = await keptCall({ kind: 'queue', queue: 'sales', customer: TEXAS }, [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
      { type: 'ended' },
    ]);
    // As the release before consent kept it: no `consent` in its answers.
    beforeConsent = await keptCall(
      { kind: 'queue', queue: 'sales', customer: TEXAS },
      [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'ended' }],
      (kept) => ({ ...kept, steps: kept.steps.map(({ receivedAt, answer: { consent: _, ...answer } }) => ({ receivedAt, answer })) }),
    );

    const page = await list('limit=10');
    expect(page.items.map(({ callId, consent }) => [callId, consent])).toEqual([
      [beforeConsent.callId, { status: 'not-needed', region: null }],
      [texan.callId, { status: 'not-needed', region: 'TX' }],
      [pending.callId, { status: 'pending', region: 'WA' }],
      [given.callId, { status: 'given', region: 'CA' }],
    ]);
    const record = (await bed.get(`${CALLS}/${encodeURIComponent(pending.callId)}`)).json();
    expect(record).toMatchObject({
      callId: pending.callId,
      status: 'ended',
      outcome: 'not-recorded',
      consent: { status: 'pending', region: 'WA' },
    });
    expect(record.steps.map(decisionOf)).toEqual(pending.answers.map(decisionOf));
  });

  it('HIS-3: filtered by consent status, calls kept before consent existed among those that needed none', async () => {
    expect(ids(await list('consent=given'))).toEqual([given.callId]);
    expect(ids(await list('consent=pending&queue=sales'))).toEqual([pending.callId]);
    expect(ids(await list('consent=not-needed'))).toEqual([beforeConsent.callId, texan.callId]);
    expect(ids(await list('consent=refused'))).toEqual([]);
    expect(ids(await list('consent=given&outcome=not-recorded'))).toEqual([]);
  });

  it('HIS-3: an unknown consent status is refused, naming the parameter and the statuses it takes', async () => {
    const res = await bed.get(`${CALLS}?consent=agreed`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      { path: 'consent', message: 'consent must be one of not-needed, implied, pending, given, refused' },
    ]);
  });

  it("HIS-3: the auditors' CSV has each call's consent status and region", async () => {
    const res = await bed.get(`${CALLS}?format=csv&queue=sales`);
    expect(res.statusCode).toBe(200);
    const rows = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]?.split(',').slice(-2)).toEqual(['Consent status', 'Region']);
    const byCall = new Map(rows.slice(1).map((row) => [row.split(',')[0], row.split(',').slice(-2)]));
    expect(Object.fromEntries(byCall)).toEqual({
      [given.callId]: ['given', 'CA'],
      [pending.callId]: ['pending', 'WA'],
      [texan.callId]: ['not-needed', 'TX'],
      [beforeConsent.callId]: ['not-needed', ''],
    });
    const filtered = await bed.get(`${CALLS}?format=csv&consent=pending`);
    expect(
      filtered.body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((row) => row.split(',')[0]),
    ).toEqual([pending.callId]);
  });

  it('HIS-2: the evidence of a call that needed consent replays to exactly its decisions, consent included', async () => {
    for (const { callId, answers } of [given, pending]) {
      const evidence = await bed.get(`${CALLS}/${encodeURIComponent(callId)}/scenario`);
      expect(evidence.statusCode, evidence.body).toBe(200);
      const scenario = evidence.json();
      expect(scenario.settings.consent).toEqual({ mode: 'require', regions: [...DEFAULT_ALL_PARTY_REGIONS], unknownRegion: 'strict' });
      const replayed = replay(scenario);
      expect(replayed.ok, JSON.stringify(replayed)).toBe(true);
      if (!replayed.ok) return;
      expect(replayed.replay.steps.map(decisionOf)).toEqual(answers.map(decisionOf));
      expect(replayed.replay.steps.at(-1)?.consent.status).toBe(callId === given.callId ? 'given' : 'pending');
    }
    // The region sent with the call travels with the evidence (CNS-1).
    expect((await bed.get(`${CALLS}/${encodeURIComponent(pending.callId)}/scenario`)).json().call.customerRegion).toBe('WA');
  });
});
