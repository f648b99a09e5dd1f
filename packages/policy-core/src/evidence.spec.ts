import { describe, expect, it } from 'vitest';
import { type Call, type CallEvent, validateCall, validateEvent } from './call.js';
import { type EvidenceVersion, evidenceScenario, matchedExclusions } from './evidence.js';
import { compilePolicy } from './policy.js';
import { type ReplayStep, replay } from './scenario.js';
import { INITIAL_SETTINGS, type Settings, validateSettings } from './settings.js';
import { account, stepsOf } from './test-support.js';

const settingsOf = (input: object): Settings => {
  const read = validateSettings(input);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value;
};
const callOf = (input: object): Call => {
  const read = validateCall(input);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value;
};
const eventsOf = (inputs: object[]): CallEvent[] =>
  inputs.map((input) => {
    const read = validateEvent(input);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    return read.value;
  });
const withoutExclusions = (settings: Settings): Settings => ({ ...settings, exclusions: [] });
/** A replay step without the field that names the settings (the evidence's are reduced, so their hash differs). */
const decisionOf = ({ settingsVersion: _version, ...decision }: ReplayStep) => decision;

/** An account larger than any call: queues and employees the call never meets, and a long exclusion list. */
const full = settingsOf({
  ...account,
  queues: [...account.queues, { id: 'claims', custom: { mode: 'always', announcement: 'never' } }, { id: 'retention' }],
  employees: [...account.employees, { id: 'dave', directLine: '+12125550177' }],
  exclusions: ['+12125550123', '646', '+14155550100', '+12125550177', '786', '+13105550142'],
});

describe('HIS-2: matchedExclusions', () => {
  const policy = compilePolicy(full);

  it("EXC-2: the customer's listed number and listed area code, ascending", () => {
    expect(matchedExclusions(policy, callOf({ kind: 'queue', customer: '+13105550142', queue: 'sales' }))).toEqual(['+13105550142']);
    expect(matchedExclusions(policy, callOf({ kind: 'queue', customer: '(786) 555-0100', queue: 'sales' }))).toEqual(['786']);
    const both = compilePolicy({ ...full, exclusions: ['310', '+13105550142', '415'] });
    expect(matchedExclusions(both, callOf({ kind: 'queue', customer: '+13105550142', queue: 'sales' }))).toEqual(['+13105550142', '310']);
  });

  it('EXC-2: nothing for an unlisted, withheld or foreign number', () => {
    expect(matchedExclusions(policy, callOf({ kind: 'queue', customer: '+13105550100', queue: 'sales' }))).toEqual([]);
    expect(matchedExclusions(policy, callOf({ kind: 'queue', queue: 'sales' }))).toEqual([]);
    expect(matchedExclusions(policy, callOf({ kind: 'queue', customer: '+442079460958', queue: 'sales' }))).toEqual([]);
  });

  it("EXC-5: the listed direct line of the call's own employee, not an unlisted one's", () => {
    expect(matchedExclusions(policy, callOf({ kind: 'direct', customer: '+13105550100', employee: 'alice' }))).toEqual(['+14155550100']);
    expect(matchedExclusions(policy, callOf({ kind: 'outbound', customer: '+13105550100', employee: 'bob' }))).toEqual([]);
  });

  it('EXC-5: with answeredBy, the listed lines of the employees who answered, each once, unknown ids skipped', () => {
    const call = callOf({ kind: 'queue', customer: '+12125550177', queue: 'sales' });
    expect(matchedExclusions(policy, call, ['alice', 'bob', 'dave', 'alice', 'nobody'])).toEqual(['+12125550177', '+14155550100']);
  });

  it('EXC-5: a queue call answered by an employee whose line is listed names EXC-5 in its trace, so the evidence needs that line', () => {
    const call = callOf({ kind: 'queue', customer: '+13105550100', queue: 'sales' });
    const events = eventsOf([{ type: 'connected' }, { type: 'answered', employee: 'alice' }]);
    const live = stepsOf({ settings: full, call, events });
    expect(live[1]?.rules).toEqual(['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1', 'EXC-5']);
    const evidence = (matched: string[]) =>
      stepsOf(
        evidenceScenario({
          call,
          events,
          versions: [{ fromEvent: 0, settings: withoutExclusions(full), matchedExclusions: matched }],
          meta: {},
        }),
      );
    expect(evidence(matchedExclusions(policy, call, ['alice'])).map(decisionOf)).toEqual(live);
    expect(evidence(matchedExclusions(policy, call))[1]?.rules).not.toContain('EXC-5');
  });
});

describe('HIS-2: evidenceScenario', () => {
  const call = callOf({ kind: 'queue', customer: '(310) 555-0199', queue: 'sales' });
  const events = eventsOf([
    { type: 'connected' },
    { type: 'answered', employee: 'alice' },
    { type: 'agent', action: 'pause' },
    { type: 'transferred', toQueue: 'billing' },
    { type: 'answered', employee: 'bob' },
    { type: 'ended' },
  ]);
  const later = settingsOf({
    ...full,
    transfer: { toQueue: 'use-destination' },
    queues: full.queues.map((q) => (q.id === 'billing' ? { id: 'billing', custom: { mode: 'always', announcement: 'prompt' } } : q)),
  });
  const versions = (...list: Array<[number, Settings]>): EvidenceVersion[] =>
    list.map(([fromEvent, settings]) => ({
      fromEvent,
      settings: withoutExclusions(settings),
      matchedExclusions: matchedExclusions(compilePolicy(settings), call, ['alice', 'bob']),
    }));
  const meta = { account: 'acme', callId: 'c-42', settingsVersions: ['sha256:a', 'sha256:b'] };

  it('HIS-2: the settings are reduced to the queues and employees the call touches, with the matched entries as exclusions', () => {
    const file = evidenceScenario({ call, events, versions: versions([0, full]), meta });
    expect(file).toEqual({
      settings: {
        // The account keeps its GLB-1 values, which settings.spec.ts spells out.
        ...INITIAL_SETTINGS,
        queues: [{ id: 'sales' }, { id: 'billing', custom: { mode: 'never', announcement: 'never' } }],
        employees: [
          { id: 'alice', directLine: '+14155550100' },
          {
            id: 'bob',
            directLine: '+16285550101',
            custom: { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'never' } },
          },
        ],
        exclusions: ['+14155550100'],
      },
      call: { kind: 'queue', customer: '+13105550199', queue: 'sales', linkedAccount: true },
      events,
      meta,
    });
    expect(stepsOf(file)).toEqual(stepsOf({ settings: full, call, events }).map(decisionOf));
  });

  it('HIS-2: a version that changes what the call meets becomes a settings change, and the replay gives back the live decisions', () => {
    const file = evidenceScenario({ call, events, versions: versions([0, full], [3, later]), meta });
    expect(file.settingsChanges?.map((c) => [c.beforeEvent, c.settings.transfer.toQueue, c.settings.queues])).toEqual([
      [3, 'use-destination', [{ id: 'sales' }, { id: 'billing', custom: { mode: 'always', announcement: 'prompt' } }]],
    ]);
    const live = stepsOf({ settings: full, settingsChanges: [{ beforeEvent: 3, settings: later }], call, events });
    // Through JSON, as a downloaded file is read.
    const replayed = replay(JSON.parse(JSON.stringify(file)));
    expect(replayed.ok && replayed.replay.steps.map(decisionOf)).toEqual(live.map(decisionOf));
    expect(live.map((s) => s.rules[0])).toEqual(['GLB-2', 'GLB-2', 'MOD-5', 'TRF-2', 'TRF-2', undefined]);
  });

  it('HIS-2: consecutive versions equal once reduced collapse; a version past the last event is left out', () => {
    const elsewhere = settingsOf({ ...full, queues: full.queues.map((q) => (q.id === 'claims' ? { id: 'claims' } : q)) });
    const file = evidenceScenario({ call, events, versions: versions([0, full], [2, elsewhere], [4, full], [6, later]), meta });
    expect(file).not.toHaveProperty('settingsChanges');
    const back = evidenceScenario({ call, events, versions: versions([0, full], [2, later], [4, elsewhere]), meta });
    expect(back.settingsChanges?.map((c) => c.beforeEvent)).toEqual([2, 4]);
    expect(stepsOf(back).map(decisionOf)).toEqual(
      stepsOf({
        settings: full,
        settingsChanges: [
          { beforeEvent: 2, settings: later },
          { beforeEvent: 4, settings: elsewhere },
        ],
        call,
        events,
      }).map(decisionOf),
    );
  });

  it('HIS-2: ids a version does not have are left out of it', () => {
    const redirected = eventsOf([{ type: 'connected' }, { type: 'redirected', queue: 'billing' }, { type: 'answered', employee: 'alice' }]);
    const withoutSales = settingsOf({ ...full, queues: full.queues.filter((q) => q.id !== 'sales') });
    const file = evidenceScenario({ call, events: redirected, versions: versions([0, full], [2, withoutSales]), meta });
    expect(file.settings.queues.map((q) => q.id)).toEqual(['sales', 'billing']);
    expect(file.settingsChanges?.[0]?.settings.queues.map((q) => q.id)).toEqual(['billing']);
    expect(stepsOf(file).map((s) => s.rules)).toEqual([
      ['GLB-2'],
      ['GLB-2', 'QUE-6'],
      ['GLB-2', 'QUE-6', 'QUE-3', 'MOD-4', 'ANN-2', 'EXC-5'],
    ]);
  });

  it('HIS-2: a call without events keeps its first version; a withheld number, keypad and linkedAccount are written as read', () => {
    const keypad = callOf({ kind: 'outbound', employee: 'alice', keypad: true });
    const file = evidenceScenario({
      call: keypad,
      events: [],
      versions: [
        { fromEvent: 0, settings: withoutExclusions(full), matchedExclusions: ['+14155550100'] },
        { fromEvent: 1, settings: withoutExclusions(later), matchedExclusions: [] },
      ],
      meta: {},
    });
    expect(file.call).toEqual({ kind: 'outbound', customer: null, employee: 'alice', keypad: true, linkedAccount: false });
    expect(file.settings.employees).toEqual([{ id: 'alice', directLine: '+14155550100' }]);
    expect(file).not.toHaveProperty('settingsChanges');
    expect(replay(file)).toMatchObject({ ok: true, replay: { steps: [] } });
  });

  it('HIS-2: versions out of order are a programming error', () => {
    const [first, second] = versions([0, full], [3, later]) as [EvidenceVersion, EvidenceVersion];
    expect(() => evidenceScenario({ call, events, versions: [], meta })).toThrow(TypeError);
    expect(() => evidenceScenario({ call, events, versions: [second], meta })).toThrow(TypeError);
    expect(() => evidenceScenario({ call, events, versions: [first, second, { ...second }], meta })).toThrow(TypeError);
  });
});
