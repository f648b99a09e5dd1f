import { type ConsentMode, callOutcome, INITIAL_CONSENT, type Settings } from '@ccp/policy-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountSchema } from '../entities/account.entity.js';
import { TEST_DRIVERS } from '../testing/databases.js';
import { useTestOrm } from '../testing/test-orm.js';
import { dailyCallCounts, InvalidCursor, searchCalls, streamCalls } from './call-search.js';
import type { CallSearch, KeptCall, KeptCallSummary } from './kept-call.js';
import { eraseCustomerCalls, findKeptCall, holdCall, keepCalls, releaseCall } from './kept-calls.js';
import { applyRetentionChanges, setRetention } from './retention.js';
import { SAMPLE_BASE_VERSION, SAMPLE_SETTINGS, SAMPLE_VERSION, type SampleCallOptions, sampleCall } from './sample-calls.js';

const DAY = 86_400_000;
/** The tests' clock: calls start before it, and are read at it. */
const NOW = new Date('2026-12-09T12:00:00.000Z');
const at = (minutesBefore: number) => new Date(NOW.getTime() - minutesBefore * 60_000);
const expectedOutcome = (call: KeptCall) =>
  callOutcome(
    call.steps.map((step) => ({ event: step.answer.event, recording: step.answer.recording })) as Parameters<typeof callOutcome>[0],
  );

describe.each(TEST_DRIVERS)('kept calls on %s', (driver) => {
  const { em, account } = useTestOrm(driver);

  async function searchAll(accountId: string, search: CallSearch, limit = 50): Promise<KeptCallSummary[]> {
    const items: KeptCallSummary[] = [];
    let cursor: string | null = null;
    do {
      const page = await searchCalls(em(), accountId, search, cursor, limit, NOW);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const ids = (calls: readonly { callId: string }[]) => calls.map((call) => call.callId);

  it('HIS-1: a batch written twice is kept once', async () => {
    const accountId = await account();
    const calls = [0, 1, 2].map((i) => sampleCall({ accountId, callId: `twice-${i}`, startedAt: at(10 + i) }));
    expect(await keepCalls(em(), calls, NOW)).toEqual({ kept: 3, already: 0, expired: 0 });
    expect(await keepCalls(em(), calls, NOW)).toEqual({ kept: 0, already: 3, expired: 0 });
    expect(await keepCalls(em(), [calls[0] as KeptCall, calls[0] as KeptCall], NOW)).toEqual({ kept: 0, already: 2, expired: 0 });
    expect(ids(await searchAll(accountId, {}))).toEqual(['twice-0', 'twice-1', 'twice-2']);
  });

  it('HIS-1: two writers with overlapping batches keep each call once', async () => {
    const [first, second] = [await account(), await account()];
    const calls = (accountId: string, from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => sampleCall({ accountId, callId: `race-${from + i}`, startedAt: at(100 + from + i) }));
    for (let round = 0; round < 3; round++) {
      const batches = [
        [...calls(first, 0, 60), ...calls(second, 0, 30)],
        [...calls(second, 10, 50), ...calls(first, 40, 90)],
        [...calls(first, 20, 70)],
      ];
      const outcomes = await Promise.all(batches.map((batch) => keepCalls(em(), batch, NOW)));
      const kept = outcomes.reduce((sum, outcome) => sum + outcome.kept, 0);
      expect(kept).toBe(round === 0 ? 90 + 50 : 0);
      expect(outcomes.map((outcome) => outcome.kept + outcome.already)).toEqual(batches.map((batch) => batch.length));
    }
    expect(await searchAll(first, {}, 500)).toHaveLength(90);
    expect(await searchAll(second, {}, 500)).toHaveLength(50);
  });

  it('HIS-1: the same call id started again is another call; the latest is the one found', async () => {
    const accountId = await account();
    const early = sampleCall({ accountId, callId: 'again', startedAt: at(60), customer: '+13105550100' });
    const late = sampleCall({ accountId, callId: 'again', startedAt: at(5), customer: '+13105550101' });
    expect(await keepCalls(em(), [late, early], NOW)).toMatchObject({ kept: 2 });
    expect((await findKeptCall(em(), accountId, 'again', NOW))?.call.customer).toBe('+13105550101');
    expect(await searchAll(accountId, {})).toHaveLength(2);
  });

  it('HIS-2: every step comes back exactly as answered, fields the history does not read included', async () => {
    const accountId = await account();
    const extra = {
      consent: { status: 'implied', region: 'CA', basis: 'account' },
      note: 'ünïcode ✓',
      nested: [1, [2, null], { a: true }],
      big: 12.5,
    };
    const written = sampleCall({ accountId, callId: 'exact', startedAt: at(30), extra, every: 1234 });
    const other = {
      ...written.versions[0],
      settingsVersion: 'sha256:other',
      baseVersion: 'sha256:other-base',
      matchedExclusions: ['646', '+16465550100'],
    };
    const steps = written.steps.map((step, i) =>
      i >= 5 ? { ...step, answer: { ...step.answer, settingsVersion: 'sha256:other' } } : step,
    );
    const call: KeptCall = { ...written, steps, versions: [...written.versions, other] };
    await keepCalls(em(), [call], NOW);
    const kept = await findKeptCall(em(), accountId, 'exact', NOW);
    expect(kept?.steps).toStrictEqual(call.steps);
    expect(kept?.steps.map((step) => JSON.stringify(step.answer))).toEqual(call.steps.map((step) => JSON.stringify(step.answer)));
    expect(kept?.versions).toStrictEqual(call.versions);
    expect(kept).toMatchObject({
      callId: 'exact',
      call: call.call,
      status: 'ended',
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      outcome: 'recorded',
      hold: null,
    });
    expect(kept?.rules).toEqual(['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1', 'MOD-5', 'PAY-1', 'TRF-1']);
    expect(call.versions[0]).toMatchObject({ settingsVersion: SAMPLE_VERSION, baseVersion: SAMPLE_BASE_VERSION });
  });

  it('HIS-1: a call whose steps name a version it does not list is refused, and nothing of its batch is written', async () => {
    const accountId = await account();
    const good = sampleCall({ accountId, callId: 'good', startedAt: at(3) });
    const bad = sampleCall({ accountId, callId: 'bad', startedAt: at(2) });
    const broken = { ...bad, versions: [] };
    await expect(keepCalls(em(), [good, broken], NOW)).rejects.toThrow('which its versions do not list');
    expect(await searchAll(accountId, {})).toEqual([]);
  });

  it('ACC-3: calls of an account that does not exist are refused, and nothing of their batch is written', async () => {
    const accountId = await account();
    const missing = '00000000-0000-4000-8000-00000000dead';
    const batch = [
      sampleCall({ accountId, callId: 'fine', startedAt: at(1) }),
      sampleCall({ accountId: missing, callId: 'lost', startedAt: at(1) }),
    ];
    await expect(keepCalls(em(), batch, NOW)).rejects.toThrow();
    expect(await searchAll(accountId, {})).toEqual([]);
  });

  describe('HIS-3: search', () => {
    let accountId: string;
    const calls: KeptCall[] = [];

    beforeAll(async () => {
      accountId = await account();
      const add = (call: Omit<SampleCallOptions, 'accountId'>) => calls.push(sampleCall({ ...call, accountId }));
      add({ callId: 'q-sales-alice', startedAt: at(10), customer: '+14155550142' });
      add({ callId: 'q-support-bob', startedAt: at(20), customer: '+14155550143', queue: 'support', employee: 'bob' });
      add({ callId: 'direct-excluded', startedAt: at(30), customer: '+16465550144', shape: 'direct-excluded', employee: 'bob' });
      add({ callId: 'outbound-stopped', startedAt: at(40), customer: '+13105550145', shape: 'outbound-stopped', employee: 'bob' });
      add({ callId: 'va', startedAt: at(50), customer: '+442071838750', shape: 'virtual-agent', queue: 'billing', employee: 'alice' });
      add({ callId: 'withheld', startedAt: at(60), customer: null, employee: 'carol' });
      add({ callId: 'old-sales', startedAt: at(3 * 24 * 60), customer: '+14155550142' });
      await keepCalls(em(), calls, NOW);
    });

    it('HIS-3: without filters, every call newest first, with what the list shows', async () => {
      const items = await searchAll(accountId, {});
      expect(ids(items)).toEqual(['q-sales-alice', 'q-support-bob', 'direct-excluded', 'outbound-stopped', 'va', 'withheld', 'old-sales']);
      expect(items[0]).toStrictEqual({
        callId: 'q-sales-alice',
        call: calls[0]?.call,
        status: 'ended',
        startedAt: calls[0]?.startedAt,
        endedAt: calls[0]?.endedAt,
        outcome: 'recorded',
        rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1', 'MOD-5', 'PAY-1', 'TRF-1'],
        consent: { status: 'not-needed', region: 'CA' },
      });
    });

    it('HIS-3: by customer number (E.164, any country) and by area code', async () => {
      expect(ids(await searchAll(accountId, { number: '+14155550142' }))).toEqual(['q-sales-alice', 'old-sales']);
      expect(ids(await searchAll(accountId, { number: '+442071838750' }))).toEqual(['va']);
      expect(ids(await searchAll(accountId, { number: '415' }))).toEqual(['q-sales-alice', 'q-support-bob', 'old-sales']);
      expect(ids(await searchAll(accountId, { number: '646' }))).toEqual(['direct-excluded']);
      expect(ids(await searchAll(accountId, { number: '212' }))).toEqual([]);
      await expect(searchCalls(em(), accountId, { number: '4155550142' }, null, 10, NOW)).rejects.toThrow(RangeError);
    });

    it('HIS-3: by time, from inclusive and to exclusive', async () => {
      expect(ids(await searchAll(accountId, { from: at(40), to: at(10) }))).toEqual([
        'q-support-bob',
        'direct-excluded',
        'outbound-stopped',
      ]);
      expect(ids(await searchAll(accountId, { to: at(60) }))).toEqual(['old-sales']);
      expect(ids(await searchAll(accountId, { from: at(10) }))).toEqual(['q-sales-alice']);
    });

    it('HIS-3: by queue and employee, the call’s own and those its events name', async () => {
      expect(ids(await searchAll(accountId, { queue: 'support' }))).toEqual(['q-sales-alice', 'q-support-bob', 'withheld', 'old-sales']);
      expect(ids(await searchAll(accountId, { queue: 'billing' }))).toEqual(['q-support-bob', 'va']);
      expect(ids(await searchAll(accountId, { employee: 'bob' }))).toEqual(['q-support-bob', 'direct-excluded', 'outbound-stopped']);
      expect(ids(await searchAll(accountId, { employee: 'carol' }))).toEqual(['withheld']);
      expect(ids(await searchAll(accountId, { queue: 'nobody' }))).toEqual([]);
    });

    it('HIS-3: by outcome and by deciding rule', async () => {
      expect(ids(await searchAll(accountId, { outcome: 'not-recorded' }))).toEqual(['direct-excluded']);
      expect(ids(await searchAll(accountId, { outcome: 'recorded' }))).toEqual([
        'q-sales-alice',
        'q-support-bob',
        'va',
        'withheld',
        'old-sales',
      ]);
      expect(ids(await searchAll(accountId, { outcome: 'partly' }))).toEqual(['outbound-stopped']);
      expect(ids(await searchAll(accountId, { rule: 'EXC-2' }))).toEqual(['direct-excluded']);
      expect(ids(await searchAll(accountId, { rule: 'VA-1' }))).toEqual(['va']);
      expect(ids(await searchAll(accountId, { rule: 'QUE-3' }))).toEqual(['q-support-bob']);
    });

    it('HIS-3: every filter at once', async () => {
      const search: CallSearch = {
        number: '415',
        from: at(30),
        to: at(0),
        queue: 'support',
        employee: 'alice',
        outcome: 'recorded',
        rule: 'PAY-1',
      };
      expect(ids(await searchAll(accountId, search))).toEqual(['q-sales-alice']);
      expect(ids(await searchAll(accountId, { ...search, employee: 'bob' }))).toEqual(['q-support-bob']);
      expect(ids(await searchAll(accountId, { ...search, employee: 'carol' }))).toEqual([]);
      expect(ids(await searchAll(accountId, { ...search, from: at(5) }))).toEqual([]);
      expect(ids(await searchAll(accountId, { ...search, rule: 'EXC-2' }))).toEqual([]);
    });

    it('HIS-3: every match streamed, newest first, page after page', async () => {
      const streamed: string[] = [];
      for await (const call of streamCalls(em(), accountId, { queue: 'support' }, { now: NOW, pageSize: 2 })) {
        expect(call.steps.length).toBeGreaterThan(0);
        streamed.push(call.callId);
      }
      expect(streamed).toEqual(['q-sales-alice', 'q-support-bob', 'withheld', 'old-sales']);
    });

    it('HIS-3: calls per day and outcome, every day of the range, in the time zone asked for', async () => {
      const days = await dailyCallCounts(em(), accountId, new Date(NOW.getTime() - 4 * DAY), new Date(NOW.getTime() + DAY), 'UTC', NOW);
      expect(days).toEqual([
        { day: '2026-12-05', recorded: 0, partly: 0, notRecorded: 0 },
        { day: '2026-12-06', recorded: 1, partly: 0, notRecorded: 0 },
        { day: '2026-12-07', recorded: 0, partly: 0, notRecorded: 0 },
        { day: '2026-12-08', recorded: 0, partly: 0, notRecorded: 0 },
        { day: '2026-12-09', recorded: 4, partly: 1, notRecorded: 1 },
        { day: '2026-12-10', recorded: 0, partly: 0, notRecorded: 0 },
      ]);
      // Kiritimati is UTC+14: its 10th starts at 10:00 UTC on the 9th.
      const from = new Date('2026-12-09T09:30:00Z');
      const kiritimati = await dailyCallCounts(em(), accountId, from, new Date('2026-12-09T11:25:00Z'), 'Pacific/Kiritimati', NOW);
      expect(kiritimati).toEqual([
        { day: '2026-12-09', recorded: 0, partly: 0, notRecorded: 0 },
        { day: '2026-12-10', recorded: 2, partly: 1, notRecorded: 0 },
      ]);
      await expect(dailyCallCounts(em(), accountId, from, NOW, 'Mars/Olympus', NOW)).rejects.toThrow(RangeError);
    });
  });

  describe('consent (CNS)', () => {
    let accountId: string;
    const consent = (mode: ConsentMode): Settings => ({ ...SAMPLE_SETTINGS, consent: { ...INITIAL_CONSENT, mode } });
    /** A call as the release before consent kept it: no `consent` in its answers. */
    const beforeConsent = (call: KeptCall): KeptCall => ({
      ...call,
      steps: call.steps.map(({ receivedAt, answer: { consent: _, ...answer } }) => ({ receivedAt, answer })),
    });

    beforeAll(async () => {
      accountId = await account();
      const add = (options: Omit<SampleCallOptions, 'accountId'>) => sampleCall({ accountId, ...options });
      await keepCalls(
        em(),
        [
          add({ callId: 'announced', startedAt: at(10), customer: '+13105550100', settings: consent('announce') }),
          add({ callId: 'ended-pending', startedAt: at(20), customer: '+12065550100', settings: consent('require'), queue: 'support' }),
          add({
            callId: 'given',
            startedAt: at(30),
            customer: '+12125550100',
            customerRegion: 'PA',
            settings: consent('require'),
            consentGiven: true,
          }),
          add({ callId: 'refused', startedAt: at(40), customer: '+13105550101', consentGiven: false, queue: 'support' }),
          add({ callId: 'off', startedAt: at(50), customer: '+13105550102' }),
          beforeConsent(add({ callId: 'before-consent', startedAt: at(60), customer: '+13105550103' })),
        ],
        NOW,
      );
    });

    it("CNS-3..5: each call shows its last step's consent status and region; a call that ended pending never consented", async () => {
      const consents = Object.fromEntries((await searchAll(accountId, {})).map((call) => [call.callId, call.consent]));
      expect(consents).toEqual({
        announced: { status: 'implied', region: 'CA' },
        'ended-pending': { status: 'pending', region: 'WA' },
        given: { status: 'given', region: 'PA' },
        refused: { status: 'refused', region: 'CA' },
        off: { status: 'not-needed', region: 'CA' },
        'before-consent': { status: 'not-needed', region: null },
      });
      expect((await findKeptCall(em(), accountId, 'ended-pending', NOW))?.consent).toEqual({ status: 'pending', region: 'WA' });
      expect((await findKeptCall(em(), accountId, 'before-consent', NOW))?.consent).toEqual({ status: 'not-needed', region: null });
    });

    it('CNS-3..5: by consent status, calls kept before consent existed among those that needed none', async () => {
      expect(ids(await searchAll(accountId, { consent: 'implied' }))).toEqual(['announced']);
      expect(ids(await searchAll(accountId, { consent: 'pending' }))).toEqual(['ended-pending']);
      expect(ids(await searchAll(accountId, { consent: 'given' }))).toEqual(['given']);
      expect(ids(await searchAll(accountId, { consent: 'refused' }))).toEqual(['refused']);
      expect(ids(await searchAll(accountId, { consent: 'not-needed' }, 1))).toEqual(['off', 'before-consent']);
    });

    it('CNS-3..5: the consent status with other filters', async () => {
      expect(ids(await searchAll(accountId, { consent: 'refused', queue: 'support' }))).toEqual(['refused']);
      expect(ids(await searchAll(accountId, { consent: 'pending', queue: 'sales' }))).toEqual([]);
      expect(ids(await searchAll(accountId, { consent: 'not-needed', rule: 'PAY-1', number: '310' }))).toEqual(['off', 'before-consent']);
      expect(ids(await searchAll(accountId, { consent: 'not-needed', outcome: 'recorded', from: at(55) }))).toEqual(['off']);
      expect(ids(await searchAll(accountId, { consent: 'refused', outcome: 'recorded' }))).toEqual([]);
    });

    it("ACC-3: another account's calls never match a consent status", async () => {
      const other = await account();
      expect(await searchAll(other, { consent: 'implied' })).toEqual([]);
      expect(await searchAll(other, { consent: 'not-needed' })).toEqual([]);
    });

    it('CNS: a step whose consent status is none of the five is refused, and nothing of its batch is written', async () => {
      const other = await account();
      const good = sampleCall({ accountId: other, callId: 'good', startedAt: at(3) });
      const bad = sampleCall({ accountId: other, callId: 'bad', startedAt: at(2) });
      const steps = bad.steps.map((step) => ({ ...step, answer: { ...step.answer, consent: { status: 'maybe', region: null } } }));
      await expect(keepCalls(em(), [good, { ...bad, steps } as unknown as KeptCall], NOW)).rejects.toThrow(
        'call bad: step 8 has consent.status "maybe", not one of not-needed, implied, pending, given, refused',
      );
      expect(await searchAll(other, {})).toEqual([]);
    });
  });

  it('HIS-3: searches over a year of calls find every match newest first, page after page, held old calls included', async () => {
    const accountId = await account();
    const shapes = ['eight', 'direct-excluded', 'outbound-stopped', 'virtual-agent'] as const;
    const queues = ['sales', 'support', 'billing'];
    const employees = ['alice', 'bob', 'carol'];
    const calls = Array.from({ length: 160 }, (_, i) => {
      const shape = shapes[i % 4] as (typeof shapes)[number];
      return sampleCall({
        accountId,
        callId: `year-${i}`,
        // From minutes to 300 days ago, closer together near now; a few share a moment.
        startedAt: new Date(NOW.getTime() - Math.floor((i / 160) ** 3 * 300 * DAY) - (i % 7 === 0 ? 0 : i * 1000) - 60_000),
        shape,
        customer: shape === 'direct-excluded' ? '+16465550100' : `+1415555${String(1000 + i)}`,
        queue: queues[i % 3],
        employee: employees[(i >> 1) % 3],
      });
    });
    await keepCalls(em(), calls, NOW);
    // Held 250 days ago, then the retention cut to 30 days: only the held one of the old calls is left.
    await holdCall(em(), accountId, 'year-150', { reason: 'dispute', by: 'legal', at: NOW }, NOW);
    await setRetention(em(), accountId, 30, 0);
    await applyRetentionChanges(em(), { now: NOW });
    const visible = calls.filter((call) => call.callId === 'year-150' || call.startedAt.getTime() + 30 * DAY > NOW.getTime());
    expect(visible.length).toBeGreaterThan(40);
    expect(visible.length).toBeLessThan(calls.length);
    const expected = (keep: (call: KeptCall) => boolean) =>
      visible
        .filter(keep)
        .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.callId < b.callId ? 1 : -1))
        .map((call) => call.callId);
    const rules = (call: KeptCall) => new Set(call.steps.flatMap((step) => step.answer.rules));
    const parties = (call: KeptCall) =>
      [call.call.queue, call.call.employee, ...call.steps.map((step) => JSON.stringify(step.answer.event))].join(' ');
    const searches: Array<[CallSearch, (call: KeptCall) => boolean]> = [
      [{ rule: 'EXC-2' }, (call) => rules(call).has('EXC-2')],
      [{ rule: 'CNS-5' }, () => false],
      [{ rule: 'PAY-1', employee: 'bob' }, (call) => rules(call).has('PAY-1') && parties(call).includes('bob')],
      [{ queue: 'billing' }, (call) => parties(call).includes('billing')],
      [{ outcome: 'partly' }, (call) => call.callId.length > 0 && expectedOutcome(call) === 'partly'],
      [
        { rule: 'GLB-2', from: new Date(NOW.getTime() - 10 * DAY), to: new Date(NOW.getTime() - DAY) },
        (call) =>
          rules(call).has('GLB-2') &&
          call.startedAt.getTime() >= NOW.getTime() - 10 * DAY &&
          call.startedAt.getTime() < NOW.getTime() - DAY,
      ],
      [{ number: '415', rule: 'VA-1' }, (call) => rules(call).has('VA-1') && call.call.customer?.startsWith('+1415') === true],
    ];
    for (const [search, keep] of searches) {
      for (const limit of [3, 50]) expect([search, ids(await searchAll(accountId, search, limit))]).toEqual([search, expected(keep)]);
    }
    // The held call started long before the retention: the last window reads it.
    expect(ids(await searchAll(accountId, { rule: 'IND-2' }, 4)).at(-1)).toBe('year-150');
  });

  it('HIS-3: paging through many calls that started at the same moment misses and repeats none', async () => {
    const accountId = await account();
    const same = at(30);
    const calls = Array.from({ length: 75 }, (_, i) =>
      sampleCall({ accountId, callId: `tie-${String(i).padStart(3, '0')}`, startedAt: i % 3 === 0 ? at(i) : same }),
    );
    await keepCalls(em(), calls, NOW);
    const expected = [...calls]
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.callId < b.callId ? 1 : -1))
      .map((call) => call.callId);
    for (const limit of [1, 7, 25, 75, 100]) expect(ids(await searchAll(accountId, {}, limit))).toEqual(expected);
    const first = await searchCalls(em(), accountId, {}, null, 10, NOW);
    expect(first.items).toHaveLength(10);
    const last = await searchCalls(em(), accountId, {}, null, 75, NOW);
    expect(last.nextCursor).toBeNull();
  });

  it('HIS-3: a cursor that was not given is refused', async () => {
    const accountId = await account();
    for (const cursor of [
      '',
      'nope',
      'eyJhIjoxfQ',
      Buffer.from('[1,"x","y"]').toString('base64url'),
      Buffer.from('[2,1,"y"]').toString('base64url'),
      '%%%',
    ])
      await expect(searchCalls(em(), accountId, {}, cursor, 10, NOW)).rejects.toThrow(InvalidCursor);
    await expect(searchCalls(em(), accountId, {}, null, 0, NOW)).rejects.toThrow(RangeError);
  });

  it("ACC-3: another account's calls never appear, and nothing done in another account changes them", async () => {
    const [mine, theirs] = [await account(), await account()];
    await keepCalls(em(), [sampleCall({ accountId: mine, callId: 'private', startedAt: at(5), customer: '+14155550199' })], NOW);
    expect(await searchAll(theirs, {})).toEqual([]);
    expect(await searchAll(theirs, { number: '+14155550199' })).toEqual([]);
    expect(await searchAll(theirs, { queue: 'sales' })).toEqual([]);
    expect(await findKeptCall(em(), theirs, 'private', NOW)).toBeNull();
    expect(await holdCall(em(), theirs, 'private', { reason: 'theirs', by: 'x', at: NOW }, NOW)).toBeNull();
    expect(await releaseCall(em(), theirs, 'private', NOW)).toBeNull();
    expect(await eraseCustomerCalls(em(), theirs, '+14155550199')).toEqual({ erased: 0, keptUnderHold: 0 });
    const streamed = [];
    for await (const call of streamCalls(em(), theirs, {}, { now: NOW })) streamed.push(call);
    expect(streamed).toEqual([]);
    expect((await dailyCallCounts(em(), theirs, at(60), NOW, 'UTC', NOW)).every((day) => day.partly === 0)).toBe(true);
    const still = await findKeptCall(em(), mine, 'private', NOW);
    expect(still).toMatchObject({ callId: 'private', hold: null, call: { customer: '+14155550199' } });
  });

  it('HIS-4: a hold records its reason, who and when, and a release removes it', async () => {
    const accountId = await account();
    await keepCalls(em(), [sampleCall({ accountId, callId: 'evidence', startedAt: at(5) })], NOW);
    const hold = { reason: 'case 42', by: 'Alice Admin', at: new Date('2026-12-09T12:01:02.345Z') };
    expect((await holdCall(em(), accountId, 'evidence', hold, NOW))?.hold).toEqual(hold);
    expect((await findKeptCall(em(), accountId, 'evidence', NOW))?.hold).toEqual(hold);
    const again = { reason: 'case 43', by: 'Bob Admin', at: new Date('2026-12-09T12:05:00.000Z') };
    expect((await holdCall(em(), accountId, 'evidence', again, NOW))?.hold).toEqual(again);
    expect((await releaseCall(em(), accountId, 'evidence', NOW))?.hold).toBeNull();
    expect((await findKeptCall(em(), accountId, 'evidence', NOW))?.hold).toBeNull();
    expect((await releaseCall(em(), accountId, 'evidence', NOW))?.hold).toBeNull();
    expect(await holdCall(em(), accountId, 'missing', hold, NOW)).toBeNull();
  });

  it('HIS-5: erasure deletes every call of the number but those under a legal hold', async () => {
    const [accountId, other] = [await account(), await account()];
    const number = '+14155550177';
    await keepCalls(
      em(),
      [
        sampleCall({ accountId, callId: 'e-1', startedAt: at(1), customer: number }),
        sampleCall({ accountId, callId: 'e-2', startedAt: at(2), customer: number }),
        sampleCall({ accountId, callId: 'e-3', startedAt: at(3), customer: number }),
        sampleCall({ accountId, callId: 'e-keep', startedAt: at(4), customer: '+14155550178' }),
        sampleCall({ accountId: other, callId: 'e-1', startedAt: at(1), customer: number }),
      ],
      NOW,
    );
    await holdCall(em(), accountId, 'e-2', { reason: 'litigation', by: 'legal', at: NOW }, NOW);
    expect(await eraseCustomerCalls(em(), accountId, number)).toEqual({ erased: 2, keptUnderHold: 1 });
    expect(ids(await searchAll(accountId, {}))).toEqual(['e-2', 'e-keep']);
    expect(ids(await searchAll(other, {}))).toEqual(['e-1']);
    expect(await eraseCustomerCalls(em(), accountId, number)).toEqual({ erased: 0, keptUnderHold: 1 });
    await releaseCall(em(), accountId, 'e-2', NOW);
    expect(await eraseCustomerCalls(em(), accountId, number)).toEqual({ erased: 1, keptUnderHold: 0 });
    await expect(eraseCustomerCalls(em(), accountId, '415')).rejects.toThrow(RangeError);
  });

  it('ACC-3: deleting an account deletes its kept calls', async () => {
    const accountId = await account();
    await keepCalls(em(), [sampleCall({ accountId, callId: 'gone', startedAt: at(1) })], NOW);
    await em().nativeDelete(AccountSchema, { id: accountId });
    const [row] = await em()
      .getConnection()
      .execute<Array<{ n: number | string }>>(`select count(*) as n from kept_calls where account_id = '${accountId}'`);
    expect(Number(row?.n)).toBe(0);
  });
});
