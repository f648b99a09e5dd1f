import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase, type TestDriver } from '@ccp/db/testing';
import { callOutcome, replay } from '@ccp/policy-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiMember, type Cluster, startCluster } from './cluster.js';
import { CallsClient, decisionOf } from './testing/calls-client.js';

const PASSWORD = 'history-test-password-0123';
const SECRET = 'history-test-secret-history-test-secret-01';

/**
 * The call history end to end (HIS-1..5, ACC-5): api replicas answer call events, a worker moves the
 * closed calls to the database, people find them and download their evidence.
 */
function historySuite(driver: TestDriver, options: { apis: number; sessionTtlSeconds: number }) {
  let database: TestDatabase;
  let cluster: Cluster;
  let client: CallsClient;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let telephony: Record<string, string>;
  /** Every call this suite ended or let expire: the last test replays each. */
  const kept = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    cluster = await startCluster({
      databaseUrl: database.url,
      apis: options.apis,
      workers: 1,
      queuePrefix: `{ccp-history-${randomBytes(4).toString('hex')}}`,
      env: {
        DEMO_ADMIN_PASSWORD: PASSWORD,
        AUTH_TOKEN_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        CALL_SESSION_TTL_SECONDS: String(options.sessionTtlSeconds),
      },
    });
    client = await new CallsClient(cluster, PASSWORD).open();
    ({ admin, telephony } = client);
    viewer = await client.login('viewer@demo.test');
  });

  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
  });

  const api = (i: number) => client.api(i);
  const request = (member: ApiMember, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    client.request(member, method, path, body, headers);

  /** Runs a call through the api replicas in turn; returns the answers. */
  async function runCall(call: object, events: readonly object[], between?: (index: number) => Promise<void>) {
    const ran = await client.run(call, events, between);
    kept.add(ran.callId);
    return ran;
  }

  /** The call, once the history lists it (the database, not the session): fails after `withinMs`. */
  async function keptCall(callId: string, number: string, withinMs = 10_000) {
    const tookMs = await client.waitKept(number, [callId], withinMs);
    const record = await request(api(1), 'GET', `/calls/${callId}`, undefined, admin);
    expect(record.status).toBe(200);
    return { record: record.body, tookMs };
  }

  const EXAMPLE_CALL = { kind: 'queue', customer: '(310) 555-0177', queue: 'sales', linkedAccount: true };
  const EXAMPLE_EVENTS = [
    { type: 'connected' },
    { type: 'redirected', queue: 'support' },
    { type: 'answered', employee: 'alice' },
    { type: 'agent', action: 'pause' },
    { type: 'agent', action: 'resume' },
    { type: 'transferred', toQueue: 'billing' },
    { type: 'answered', employee: 'carol' },
    { type: 'ended' },
  ];

  it('HIS-1: every step the api answered is kept exactly as answered, in order, with when it arrived, within seconds of the end', async () => {
    const { callId, answers } = await runCall(EXAMPLE_CALL, EXAMPLE_EVENTS);
    const { record, tookMs } = await keptCall(callId, '310-555-0177');
    expect(tookMs).toBeLessThan(10_000);
    expect(record).toMatchObject({ callId, status: 'ended', hold: null, outcome: callOutcome(answers) });
    expect(record.call).toEqual({ kind: 'queue', customer: '+13105550177', queue: 'sales', linkedAccount: true });
    expect(record.steps.map(({ receivedAt, ...step }: { receivedAt: string }) => step)).toEqual(answers);
    const times = record.steps.map((step: { receivedAt: string }) => Date.parse(step.receivedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Date.parse(record.endedAt)).toBe(times.at(-1));
    expect(Date.parse(record.startedAt)).toBeLessThanOrEqual(times[0]);
  });

  it('HIS-1: a call whose session expires without `ended` is kept as expired, with every step it got', async () => {
    const { callId, answers } = await runCall({ kind: 'direct', employee: 'alice', customer: '+1 (628) 555-0142' }, [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
    ]);
    const { record } = await keptCall(callId, '+16285550142', options.sessionTtlSeconds * 1000 + 10_000);
    expect(record).toMatchObject({ status: 'expired', outcome: 'recorded' });
    expect(record.steps.map(({ receivedAt, ...step }: { receivedAt: string }) => step)).toEqual(answers);
    expect(Date.parse(record.endedAt)).toBeGreaterThanOrEqual(Date.parse(record.steps[1].receivedAt) + options.sessionTtlSeconds * 1000);
  });

  it('HIS-2: a settings change in the middle of a call: the evidence carries it, and its replay gives back every decision', async () => {
    let original: Record<string, unknown> | undefined;
    const { callId, answers } = await runCall(
      { kind: 'queue', customer: '4155550123', queue: 'support' },
      [
        { type: 'connected' },
        { type: 'answered', employee: 'alice' },
        { type: 'transferred', toQueue: 'sales' },
        { type: 'answered', employee: 'bob' },
        { type: 'ended' },
      ],
      async (i) => {
        // Before the transfer the admin switches transfers to queues to the destination's settings and the
        // queue default to manual; before the end, back: three settings versions, the last the first again.
        if (i !== 2 && i !== 4) return;
        const current = await request(api(0), 'GET', '/recording-settings', undefined, admin);
        const { revision, ...settings } = current.body;
        original ??= settings;
        const next =
          i === 2
            ? {
                ...settings,
                queueDefault: { mode: 'manual', announcement: 'never' },
                transfer: { ...settings.transfer, toQueue: 'use-destination' },
              }
            : original;
        const put = await request(api(i), 'PUT', '/recording-settings', next, { ...admin, 'if-match': `"${revision}"` });
        expect(put.status, JSON.stringify(put.body)).toBe(200);
      },
    );
    const versions = answers.map((a) => a.settingsVersion);
    expect(new Set(versions).size).toBe(2);
    expect(versions[4]).toBe(versions[0]);
    await keptCall(callId, '415-555-0123');
    const evidence = await request(api(1), 'GET', `/calls/${callId}/scenario`, undefined, admin);
    expect(evidence.status, JSON.stringify(evidence.body)).toBe(200);
    expect(evidence.body.settingsChanges?.length).toBeGreaterThan(0);
    expect(evidence.body.meta).toMatchObject({ callId, settingsVersions: answers.map((a) => a.settingsVersion) });
    const replayed = replay(evidence.body);
    expect(replayed.ok, JSON.stringify(replayed)).toBe(true);
    if (replayed.ok) expect(replayed.replay.steps.map(decisionOf)).toEqual(answers.map(decisionOf));
  });

  it('HIS-3: found by the number in any form or its area code, by queue, employee, outcome, rule and time, newest first, a page at a time', async () => {
    const excluded = await runCall({ kind: 'queue', customer: '+12125550123', queue: 'sales' }, [
      { type: 'connected' },
      { type: 'answered', employee: 'bob' },
      { type: 'ended' },
    ]);
    const first = await runCall({ kind: 'outbound', employee: 'carol', customer: '(212) 555-0190' }, [
      { type: 'connected' },
      { type: 'ended' },
    ]);
    await keptCall(excluded.callId, '212*');
    await keptCall(first.callId, '212*');
    const list = async (query: string) => {
      const res = await request(api(1), 'GET', `/calls?${query}`, undefined, admin);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { items: Array<{ callId: string }>; nextCursor: string | null };
    };
    for (const form of ['212.555.0123', '12125550123', '%2B1%20212%20555%200123', '(212)%20555-0123']) {
      expect((await list(`number=${form}`)).items.map((i) => i.callId)).toEqual([excluded.callId]);
    }
    expect((await list('number=212')).items.map((i) => i.callId)).toEqual([first.callId, excluded.callId]);
    expect((await list('number=212&rule=EXC-2')).items.map((i) => i.callId)).toEqual([excluded.callId]);
    expect((await list('number=212&outcome=not-recorded')).items.map((i) => i.callId)).toEqual([excluded.callId]);
    expect((await list('number=212&employee=carol')).items.map((i) => i.callId)).toEqual([first.callId]);
    expect((await list('number=212&queue=sales')).items.map((i) => i.callId)).toEqual([excluded.callId]);
    expect((await list(`number=212&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toEqual([]);
    const onePage = await list('number=212&limit=1');
    expect(onePage.items.map((i) => i.callId)).toEqual([first.callId]);
    const next = await list(`number=212&limit=1&cursor=${encodeURIComponent(onePage.nextCursor ?? '')}`);
    expect(next.items.map((i) => i.callId)).toEqual([excluded.callId]);
    const bad = await request(api(0), 'GET', '/calls?number=555-01', undefined, admin);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: 'number' });
    const csv = await request(api(0), 'GET', '/calls?number=212&format=csv', undefined, admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(first.callId);
    expect(lines[1]).toContain('(212) 555-0190');
    expect(lines[2]).toContain('EXC-2');
    // Every employee the call met (Bob answered it), not only the call's own.
    expect(lines[2]).toContain('bob');
  });

  it('HIS-4 and HIS-5: a hold with its reason and its release, and an erasure, each audited; the audit never names the number', async () => {
    const { callId } = await runCall({ kind: 'queue', customer: '(973) 555-0142', queue: 'sales' }, [
      { type: 'connected' },
      { type: 'ended' },
    ]);
    const other = await runCall({ kind: 'queue', customer: '(973) 555-0142', queue: 'support' }, [
      { type: 'connected' },
      { type: 'ended' },
    ]);
    await keptCall(callId, '9735550142');
    await keptCall(other.callId, '9735550142');
    const held = await request(api(0), 'PUT', `/calls/${callId}/hold`, { reason: 'Case 2026-114' }, admin);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body.hold).toMatchObject({ reason: 'Case 2026-114', by: 'admin@demo.test' });
    expect((await request(api(1), 'GET', `/calls/${callId}`, undefined, admin)).body.hold.reason).toBe('Case 2026-114');
    const erased = await request(api(1), 'POST', '/calls/erasures', { number: '973-555-0142' }, admin);
    expect(erased.body).toEqual({ erased: 1, keptUnderHold: 1 });
    expect((await request(api(0), 'GET', `/calls/${other.callId}`, undefined, admin)).status).toBe(404);
    expect((await request(api(0), 'GET', `/calls/${callId}`, undefined, admin)).status).toBe(200);
    const released = await request(api(0), 'DELETE', `/calls/${callId}/hold`, undefined, admin);
    expect(released.body.hold).toBeNull();
    const audit = await request(api(0), 'GET', '/audit?limit=10', undefined, admin);
    const actions = audit.body.items.map((entry: { action: string }) => entry.action);
    expect(actions.slice(0, 3)).toEqual(['call.released', 'calls.erased', 'call.held']);
    for (const form of ['9735550142', '973-555-0142', '(973) 555-0142', '973.555.0142'])
      expect(JSON.stringify(audit.body)).not.toContain(form);
    const retention = await request(api(0), 'GET', '/history-settings', undefined, admin);
    expect(retention.body).toMatchObject({ retentionDays: 400 });
    const changed = await request(
      api(1),
      'PUT',
      '/history-settings',
      { retentionDays: 90 },
      { ...admin, 'if-match': `"${retention.body.revision}"` },
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.retentionDays).toBe(90);
    const stale = await request(
      api(0),
      'PUT',
      '/history-settings',
      { retentionDays: 30 },
      { ...admin, 'if-match': `"${retention.body.revision}"` },
    );
    expect(stale.status).toBe(412);
  });

  it('ACC-5: without View Call History the history is refused, naming the permission; API keys read only the live decision', async () => {
    const { callId } = await runCall({ kind: 'virtual-agent', customer: '+14085550199' }, [{ type: 'connected' }]);
    const refused = await request(api(0), 'GET', '/calls', undefined, viewer);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('View Call History');
    expect((await request(api(0), 'GET', `/calls/${callId}`, undefined, viewer)).status).toBe(403);
    expect((await request(api(0), 'GET', '/calls', undefined, telephony)).status).toBe(403);
    expect((await request(api(0), 'GET', `/calls/${callId}/scenario`, undefined, telephony)).status).toBe(403);
    const live = await request(api(1), 'GET', `/calls/${callId}`, undefined, telephony);
    expect(live.body).toMatchObject({ callId, recording: 'on' });
    expect(live.body.steps).toBeUndefined();
    const whole = await request(api(1), 'GET', `/calls/${callId}`, undefined, admin);
    expect(whole.body).toMatchObject({ callId, status: 'live', endedAt: null });
    expect(whole.body.steps).toHaveLength(1);
    await request(api(0), 'POST', `/calls/${callId}/events`, { event: { type: 'ended' } }, telephony);
  });

  it('HIS-2: every call this suite kept downloads as evidence whose replay gives back exactly its decisions', async () => {
    expect(kept.size).toBeGreaterThan(5);
    for (const callId of kept) {
      const record = await request(api(0), 'GET', `/calls/${callId}`, undefined, admin);
      if (record.status === 404) continue; // erased (HIS-5)
      expect(record.status).toBe(200);
      const evidence = await request(api(1), 'GET', `/calls/${callId}/scenario`, undefined, admin);
      expect(evidence.status, `${callId}: ${JSON.stringify(evidence.body)}`).toBe(200);
      const replayed = replay(evidence.body);
      expect(replayed.ok, `${callId}: ${JSON.stringify(replayed)}`).toBe(true);
      if (replayed.ok) expect(replayed.replay.steps.map(decisionOf), callId).toEqual(record.body.steps.map(decisionOf));
    }
  });
}

describe('the call history on PostgreSQL: two api replicas, a worker', () =>
  historySuite('postgresql', { apis: 2, sessionTtlSeconds: 20 }));
describe('the call history on SQLite: one api, a worker, sessions expiring after 10 s', () =>
  historySuite('sqlite', { apis: 1, sessionTtlSeconds: 10 }));
