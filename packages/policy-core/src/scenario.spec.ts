import { describe, expect, it } from 'vitest';
import { parseScenario, replay } from './scenario.js';
import { validateSettings } from './settings.js';
import { account, problemsOf, stepsOf } from './test-support.js';
import { settingsVersion } from './version.js';

const queueCall = { kind: 'queue', customer: '+13105550142', queue: 'sales' };
/** Five events: a queue call answered by alice, a pause, a transfer to support, bob's answer. */
const events = [
  { type: 'connected' },
  { type: 'answered', employee: 'alice' },
  { type: 'agent', action: 'pause' },
  { type: 'transferred', toQueue: 'support' },
  { type: 'answered', employee: 'bob' },
];
const useDestination = { ...account, transfer: { toQueue: 'use-destination' } };
const versionOf = (settings: unknown) => {
  const read = validateSettings(settings);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return settingsVersion(read.value);
};

describe('HIS-2: settingsChanges, a settings change between two events', () => {
  it('HIS-2: from its event on a change decides, the session carrying over; each step names the settings that decided it', () => {
    const outcome = replay({ settings: account, settingsChanges: [{ beforeEvent: 3, settings: useDestination }], call: queueCall, events });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { settingsVersion: top, steps } = outcome.replay;
    expect(top).toBe(versionOf(account));
    expect(steps.map((s) => s.settingsVersion)).toEqual([
      versionOf(account),
      versionOf(account),
      versionOf(account),
      versionOf(useDestination),
      versionOf(useDestination),
    ]);
    // The pause made under the first settings is dropped by the use-destination transfer of the second (TRF-2).
    expect(steps.map((s) => [s.recording, s.rules[0]])).toEqual([
      ['off', 'GLB-2'],
      ['on', 'GLB-2'],
      ['paused', 'MOD-5'],
      ['off', 'TRF-2'],
      ['on', 'TRF-2'],
    ]);
  });

  it('HIS-2: without the change the same call keeps its pause (TRF-1), and no step carries a settingsVersion', () => {
    const steps = stepsOf({ settings: account, call: queueCall, events });
    expect(steps.map((s) => [s.recording, s.rules[0]])).toEqual([
      ['off', 'GLB-2'],
      ['on', 'GLB-2'],
      ['paused', 'MOD-5'],
      ['paused', 'TRF-1'],
      ['paused', 'TRF-1'],
    ]);
    for (const step of steps) expect(step).not.toHaveProperty('settingsVersion');
  });

  it('HIS-2: an event is checked against the settings in force then: a queue the change removed is unknown', () => {
    const withoutSupport = { ...account, queues: account.queues.filter((q) => q.id !== 'support') };
    expect(
      problemsOf({ settings: account, settingsChanges: [{ beforeEvent: 3, settings: withoutSupport }], call: queueCall, events }),
    ).toEqual(['events[3]: "transferred": unknown queue "support"']);
  });

  it("HIS-2: the call's own queue is checked against the first settings only: a later change may remove it", () => {
    const withoutSales = { ...account, queues: account.queues.filter((q) => q.id !== 'sales') };
    const steps = stepsOf({ settings: account, settingsChanges: [{ beforeEvent: 2, settings: withoutSales }], call: queueCall, events });
    expect(steps).toHaveLength(5);
    expect(
      problemsOf({ settings: withoutSales, settingsChanges: [{ beforeEvent: 2, settings: account }], call: queueCall, events }),
    ).toEqual(['call.queue: unknown queue "sales"']);
  });

  it('HIS-2: later changes win over earlier ones, each from its own event', () => {
    const manualDefault = { ...account, queueDefault: { mode: 'manual' } };
    const outcome = replay({
      settings: account,
      settingsChanges: [
        { beforeEvent: 1, settings: manualDefault },
        { beforeEvent: 3, settings: useDestination },
      ],
      call: queueCall,
      events,
    });
    expect(outcome.ok && outcome.replay.steps.map((s) => [s.recording, s.settingsVersion])).toEqual([
      ['off', versionOf(account)],
      ['off', versionOf(manualDefault)],
      ['off', versionOf(manualDefault)],
      ['off', versionOf(useDestination)],
      ['on', versionOf(useDestination)],
    ]);
  });

  it('HIS-2: an empty settingsChanges list is valid and makes every step name its settings', () => {
    const outcome = replay({ settings: account, settingsChanges: [], call: queueCall, events: events.slice(0, 2) });
    expect(outcome.ok && outcome.replay.steps.map((s) => s.settingsVersion)).toEqual([versionOf(account), versionOf(account)]);
  });

  it('HIS-2: meta is any object and is ignored by the replay', () => {
    const meta = { account: 'acme', callId: 'c-1', receivedAt: ['2026-01-02T03:04:05.000Z'], nested: { anything: [1, null] } };
    const withMeta = replay({ settings: account, call: queueCall, events, meta });
    expect(withMeta).toEqual(replay({ settings: account, call: queueCall, events }));
    const parsed = parseScenario({ settings: account, call: queueCall, events, meta });
    expect(parsed.ok && parsed.value.meta).toEqual(meta);
  });
});

describe('HIS-2: invalid settingsChanges and meta', () => {
  const scenario = (extra: object) => ({ settings: account, call: queueCall, events, ...extra });

  it.each([
    [
      'a change not after the previous one',
      [
        { beforeEvent: 3, settings: {} },
        { beforeEvent: 3, settings: {} },
      ],
      'settingsChanges[1].beforeEvent: must be greater than 3 (the previous change)',
    ],
    [
      'a change before event 0',
      [{ beforeEvent: 0, settings: {} }],
      'settingsChanges[0].beforeEvent: must be at least 1: the scenario\'s "settings" decide event 0, a change before it would only replace them',
    ],
    [
      'a change after the last event',
      [{ beforeEvent: 5, settings: {} }],
      'settingsChanges[0].beforeEvent: must be less than 5, the number of events: a change after the last event decides nothing',
    ],
    [
      'an index that is not a whole number',
      [{ beforeEvent: '2', settings: {} }],
      'settingsChanges[0].beforeEvent: must be the index of an event (a whole number), not "2"',
    ],
    [
      'a fractional index',
      [{ beforeEvent: 1.5, settings: {} }],
      'settingsChanges[0].beforeEvent: must be the index of an event (a whole number), not number 1.5',
    ],
    [
      'a change without index',
      [{ settings: {} }],
      'settingsChanges[0].beforeEvent: is required (the index of the first event the new settings decide)',
    ],
    [
      'a change without settings',
      [{ beforeEvent: 2 }],
      'settingsChanges[0].settings: is required (the settings in force from that event on)',
    ],
    [
      'a misspelt key',
      [{ beforeEvent: 2, setting: {} }],
      'settingsChanges[0].setting: unknown key (expected one of beforeEvent, settings)',
    ],
    ['a list that is not one', { beforeEvent: 2, settings: {} }, 'settingsChanges: must be a list, not an object'],
    ['a change that is not an object', ['x'], 'settingsChanges[0]: must be an object, not "x"'],
  ])('HIS-2: %s is refused at its path', (_what, settingsChanges, problem) => {
    expect(problemsOf(scenario({ settingsChanges }))[0]).toBe(problem);
  });

  it("HIS-2: a change's settings are read as settings are, at their own path", () => {
    expect(problemsOf(scenario({ settingsChanges: [{ beforeEvent: 2, settings: { trigger: 'sometimes', exclusions: ['12'] } }] }))).toEqual(
      [
        'settingsChanges[0].settings.trigger: "sometimes" is not one of on-answer, on-connect',
        expect.stringMatching(/^settingsChanges\[0\]\.settings\.exclusions\[0\]: /),
      ],
    );
  });

  it('HIS-2: a call of one event has no point where settings could change', () => {
    expect(problemsOf({ ...scenario({ settingsChanges: [{ beforeEvent: 1, settings: {} }] }), events: [{ type: 'connected' }] })).toEqual([
      'settingsChanges[0].beforeEvent: a call of 1 event has no point between two events where settings could change',
    ]);
  });

  it('HIS-2: settingsChanges need the settings they change from (else the first events would follow the live settings)', () => {
    expect(problemsOf({ call: queueCall, events, settingsChanges: [{ beforeEvent: 2, settings: account }] })).toEqual([
      'settingsChanges: needs the scenario\'s "settings" (those in force before the first change): without them the first events would be decided by the live settings',
    ]);
  });

  it('HIS-2: meta must be an object when present; unknown top-level keys stay invalid', () => {
    expect(problemsOf(scenario({ meta: ['a'] }))).toEqual(['meta: must be an object, not a list']);
    expect(problemsOf(scenario({ meta: 'call 1' }))).toEqual(['meta: must be an object, not "call 1"']);
    expect(problemsOf(scenario({ notes: 'x' }))).toEqual([
      'scenario.notes: unknown key (expected one of settings, settingsChanges, call, events, meta)',
    ]);
  });
});
