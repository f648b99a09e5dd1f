import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Call, type CallEvent, validateCall } from './call.js';
import { evidenceScenario, matchedExclusions } from './evidence.js';
import { type CompiledPolicy, compilePolicy } from './policy.js';
import { type ReplayStep, replay } from './scenario.js';
import { type CallSession, type Controls, type Decision, startSession, step } from './session.js';
import { type Settings, validateSettings } from './settings.js';
import { settingsVersion } from './version.js';

const AREA_CODES = ['212', '310', '415', '617', '628', '646', '718', '312'];
const QUEUES = ['sales', 'billing', 'support'];
const EMPLOYEES = ['alice', 'bob', 'carol'];
const mode = fc.constantFrom('always', 'automatic', 'manual', 'never');
const modeSetting = fc.record({ mode, announcement: fc.constantFrom('prompt', 'never') });

/** A North American number as national digits: a real area code, exchange and line. */
const nationalNumber = fc
  .tuple(
    fc.constantFrom(...AREA_CODES),
    fc.integer({ min: 200, max: 999 }).filter((x) => x % 100 !== 11),
    fc.integer({ min: 0, max: 9999 }),
  )
  .map(([area, exchange, line]) => `${area}${exchange}${String(line).padStart(4, '0')}`);

/** The same number in one of the forms EXC-1 accepts. */
const written = (digits: string) =>
  fc.constantFrom(
    `+1${digits}`,
    `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
    `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`,
    `1${digits}`,
    `+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`,
    Number(digits),
  );

const settingsInput = fc.record({
  trigger: fc.constantFrom('on-answer', 'on-connect'),
  connectMode: fc.constantFrom('always', 'automatic'),
  transfer: fc.record({
    toQueue: fc.constantFrom('keep-original', 'use-destination'),
    toEmployee: fc.constantFrom('keep-original', 'use-destination'),
  }),
  queueDefault: modeSetting,
  individualDefault: fc.record({ inbound: modeSetting, outbound: modeSetting }),
  queueCustoms: fc.tuple(...QUEUES.map(() => fc.option(modeSetting, { nil: undefined }))),
  employeeCustoms: fc.tuple(
    ...EMPLOYEES.map(() => fc.option(fc.record({ inbound: modeSetting, outbound: modeSetting }), { nil: undefined })),
  ),
  directLines: fc.uniqueArray(nationalNumber, { minLength: EMPLOYEES.length, maxLength: EMPLOYEES.length }),
  exclusions: fc.array(fc.oneof(nationalNumber, fc.constantFrom(...AREA_CODES)), { maxLength: 6 }),
});

type SettingsInput = typeof settingsInput extends fc.Arbitrary<infer T> ? T : never;
const toSettings = (s: SettingsInput) => ({
  trigger: s.trigger,
  connectMode: s.connectMode,
  transfer: s.transfer,
  queueDefault: s.queueDefault,
  individualDefault: s.individualDefault,
  queues: QUEUES.map((id, i) => (s.queueCustoms[i] ? { id, custom: s.queueCustoms[i] } : { id })),
  employees: EMPLOYEES.map((id, i) => ({
    id,
    directLine: `+1${s.directLines[i]}`,
    ...(s.employeeCustoms[i] ? { custom: s.employeeCustoms[i] } : {}),
  })),
  exclusions: s.exclusions.map((e) => (e.length === 3 ? e : `+1${e}`)),
});

const event: fc.Arbitrary<CallEvent> = fc.oneof(
  fc.constant({ type: 'connected' } as const),
  fc.constantFrom(...QUEUES).map((queue) => ({ type: 'redirected', queue }) as const),
  fc.constantFrom(...EMPLOYEES).map((employee) => ({ type: 'answered', employee }) as const),
  fc.constantFrom(...QUEUES).map((toQueue) => ({ type: 'transferred', toQueue }) as const),
  fc.constantFrom(...EMPLOYEES).map((toEmployee) => ({ type: 'transferred', toEmployee }) as const),
  fc.constant({ type: 'forwarded', number: '+17185550111' } as const),
  fc.constantFrom('start', 'stop', 'pause', 'resume').map((action) => ({ type: 'agent', action }) as const),
  fc.constantFrom('start', 'stop', 'pause', 'resume').map((action) => ({ type: 'agent', action }) as const),
  fc.boolean().map((open) => ({ type: 'payment-screen', open }) as const),
  fc.constant({ type: 'ended' } as const),
);

const call = fc.oneof(
  fc.record({ kind: fc.constant('queue' as const), queue: fc.constantFrom(...QUEUES) }),
  fc.record({
    kind: fc.constantFrom('direct' as const, 'outbound' as const, 'click-to-call' as const),
    employee: fc.constantFrom(...EMPLOYEES),
  }),
  fc.record({ kind: fc.constant('virtual-agent' as const) }),
);

/** Steps through the events, skipping the ones the engine refuses, and hands each accepted step to `check`. */
function walk(
  settings: ReturnType<typeof toSettings> & { consent?: object },
  theCall: object,
  events: readonly CallEvent[],
  check: (before: CallSession, event: CallEvent, after: CallSession, decision: Decision) => void,
) {
  const read = validateSettings(settings);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const policy = compilePolicy(read.value);
  const outcome = replay({ settings, call: theCall, events: [] });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  const linked = { ...theCall, linkedAccount: true };
  let session = startSession({ customer: null, ...(linked as object) } as CallSession['call']);
  for (const e of events) {
    const next = step(session, e, policy);
    if (!next.ok) continue;
    check(session, e, next.session, next.decision);
    session = next.session;
  }
}

describe('invariants of the engine (property-based)', () => {
  it('EXC-2: an excluded call that is neither Virtual Agent nor forwarded is never on', () => {
    fc.assert(
      fc.property(
        settingsInput,
        call,
        nationalNumber,
        fc.boolean(),
        fc.array(event, { maxLength: 25 }),
        (input, theCall, customer, byAreaCode, events) => {
          fc.pre(theCall.kind !== 'virtual-agent');
          const settings = toSettings(input);
          settings.exclusions.push(byAreaCode ? customer.slice(0, 3) : `+1${customer}`);
          walk(settings, { ...theCall, customer: `+1${customer}` }, events, (_before, _event, after, decision) => {
            if (after.forwarded || after.phase === 'new') return;
            expect(decision.recording).not.toBe('on');
            expect(decision.controls.start).toBe(false);
            if (after.phase === 'live') expect(decision.rules).toContain('EXC-2');
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('MOD-1, GLB-6, FWD-1, VA-1: an agent stop is refused whenever the mode in force is always, or the call is forwarded or Virtual Agent', () => {
    fc.assert(
      fc.property(settingsInput, call, nationalNumber, fc.array(event, { maxLength: 25 }), (input, theCall, customer, events) => {
        walk(toSettings(input), { ...theCall, customer: `+1${customer}` }, events, (before, e, after, decision) => {
          if (e.type !== 'agent' || e.action !== 'stop' || before.recording === 'off') return;
          const forbidden = before.forwarded || before.call.kind === 'virtual-agent' || before.terms?.mode === 'always';
          if (forbidden) {
            expect(decision.rejected).toMatch(/^(FWD-1|VA-1|GLB-6|MOD-1)$/);
            expect(after.recording).toBe(before.recording);
          } else {
            expect(decision.rejected).toBeNull();
            expect(after.recording).toBe('off');
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('controls never offer what the engine would refuse', () => {
    fc.assert(
      fc.property(settingsInput, call, nationalNumber, fc.array(event, { maxLength: 25 }), (input, theCall, customer, events) => {
        let offered: Controls | null = null;
        walk(toSettings(input), { ...theCall, customer: `+1${customer}` }, events, (_before, e, _after, decision) => {
          if (e.type === 'agent' && offered?.[e.action]) expect(decision.rejected).toBeNull();
          offered = decision.controls;
        });
      }),
      { numRuns: 200 },
    );
  });

  it('settingsVersion is invariant under reordering and reformatting', () => {
    fc.assert(
      fc.property(
        settingsInput.chain((input) =>
          fc.record({
            input: fc.constant(input),
            lines: fc.tuple(...input.directLines.map(written)),
            listed: fc.tuple(...input.exclusions.map((e) => (e.length === 3 ? fc.constantFrom(e, `${e}*`, ` ${e} `) : written(e)))),
            seed: fc.integer(),
          }),
        ),
        ({ input, lines, listed, seed }) => {
          const settings = toSettings(input);
          const shuffled = <T>(items: readonly T[]) => [...items].sort(() => (seed % 3) - 1).reverse();
          const reformatted = {
            ...settings,
            queues: shuffled(settings.queues),
            employees: shuffled(settings.employees.map((e, i) => ({ ...e, directLine: lines[i] }))),
            exclusions: shuffled([...listed, ...listed.slice(0, 1)]),
          };
          const a = validateSettings(settings);
          const b = validateSettings(reformatted);
          expect(a.ok && b.ok).toBe(true);
          if (a.ok && b.ok) expect(settingsVersion(b.value)).toBe(settingsVersion(a.value));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('replaying any input returns a replay or validation issues, and never throws', () => {
    const scenario = fc.record(
      {
        settings: fc.oneof(settingsInput.map(toSettings), fc.anything()),
        call: fc.oneof(
          call,
          fc.anything(),
          fc.record({ kind: fc.string(), queue: fc.anything(), employee: fc.anything(), customer: fc.anything() }),
        ),
        events: fc.oneof(fc.array(event, { maxLength: 15 }), fc.array(fc.anything(), { maxLength: 5 }), fc.anything()),
        settingsChanges: fc.oneof(
          fc.array(
            fc.record(
              {
                beforeEvent: fc.oneof(fc.integer({ min: -1, max: 16 }), fc.anything()),
                settings: fc.oneof(settingsInput.map(toSettings), fc.anything()),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          fc.anything(),
        ),
        meta: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(scenario, fc.anything()), (input) => {
        const outcome = replay(input);
        if (outcome.ok) expect(outcome.replay.settingsVersion).toMatch(/^sha256:/);
        else {
          expect(outcome.issues.length).toBeGreaterThan(0);
          for (const issue of outcome.issues) expect(typeof issue.message).toBe('string');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * One settings version of an account: random settings where, sometimes, the call's customer (number
 * or area code) and some direct lines are listed, and, in a later version, a queue or an employee
 * is gone.
 */
const versionInput = fc.record({
  input: settingsInput,
  listCustomer: fc.constantFrom('no', 'no', 'number', 'area-code'),
  listLines: fc.tuple(...EMPLOYEES.map(() => fc.boolean())),
  dropQueue: fc.option(fc.constantFrom(...QUEUES), { nil: undefined, freq: 3 }),
  dropEmployee: fc.option(fc.constantFrom(...EMPLOYEES), { nil: undefined, freq: 3 }),
});
type VersionInput = typeof versionInput extends fc.Arbitrary<infer T> ? T : never;

/** The settings input (the scenario format's JSON) of a version, for a call from `customer` (national digits). */
function versionSettings(version: VersionInput, customer: string | null, first: boolean) {
  const settings = toSettings(version.input);
  if (customer !== null && version.listCustomer !== 'no')
    settings.exclusions.push(version.listCustomer === 'number' ? `+1${customer}` : customer.slice(0, 3));
  settings.employees.forEach((employee, i) => {
    if (version.listLines[i]) settings.exclusions.push(employee.directLine);
  });
  // The first version decides `connected`: it has the call's own queue and employee.
  if (first) return settings;
  return {
    ...settings,
    queues: settings.queues.filter((queue) => queue.id !== version.dropQueue),
    employees: settings.employees.filter((employee) => employee.id !== version.dropEmployee),
  };
}

const normalized = (input: object): Settings => {
  const read = validateSettings(input);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value;
};

/** A settings version as the live API met it: from which accepted event, its settings (input and normalized), its policy, who answered under it. */
interface LiveVersion {
  readonly fromEvent: number;
  readonly input: object;
  readonly settings: Settings;
  readonly policy: CompiledPolicy;
  readonly answeredBy: string[];
}

/**
 * The live API's behaviour (calls.service.ts): each event is stepped under the account's policy of
 * the moment, the session carrying over when the settings change in between; refused events are
 * not kept. Returns the accepted events, the answers (with the version that decided each) and the
 * versions in order of use.
 */
function liveCall(theCall: Call, first: object, raw: ReadonlyArray<readonly [CallEvent, object | null]>) {
  let current: LiveVersion = {
    fromEvent: 0,
    input: first,
    settings: normalized(first),
    policy: compilePolicy(normalized(first)),
    answeredBy: [],
  };
  let pending: LiveVersion | null = null;
  const versions: LiveVersion[] = [current];
  const events: CallEvent[] = [];
  const answers: ReplayStep[] = [];
  let session = startSession(theCall);
  for (const [event, change] of raw) {
    // A change before the first event would only replace the first settings.
    if (change && events.length > 0) {
      const settings = normalized(change);
      pending = { fromEvent: events.length, input: change, settings, policy: compilePolicy(settings), answeredBy: [] };
    }
    const policy = (pending ?? current).policy;
    const outcome = step(session, event, policy);
    if (!outcome.ok) continue;
    if (pending) {
      current = { ...pending, fromEvent: events.length };
      versions.push(current);
      pending = null;
    }
    if (event.type === 'answered') current.answeredBy.push(event.employee);
    session = outcome.session;
    events.push(event);
    answers.push({ event, ...outcome.decision, settingsVersion: policy.version });
  }
  return { events, answers, versions };
}

const callInput = fc.record({
  call,
  customer: fc.option(nationalNumber, { nil: null, freq: 8 }),
  linkedAccount: fc.boolean(),
});
/** Events after `connected`, weighted so that calls live long (few `ended`, many answers) and meet several versions. */
const laterEvent: fc.Arbitrary<CallEvent> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EMPLOYEES).map((employee) => ({ type: 'answered', employee }) as const) },
  { weight: 1, arbitrary: fc.constantFrom(...QUEUES).map((queue) => ({ type: 'redirected', queue }) as const) },
  { weight: 2, arbitrary: fc.constantFrom(...QUEUES).map((toQueue) => ({ type: 'transferred', toQueue }) as const) },
  { weight: 2, arbitrary: fc.constantFrom(...EMPLOYEES).map((toEmployee) => ({ type: 'transferred', toEmployee }) as const) },
  { weight: 1, arbitrary: fc.constant({ type: 'forwarded', number: '+17185550111' } as const) },
  { weight: 5, arbitrary: fc.constantFrom('start', 'stop', 'pause', 'resume').map((action) => ({ type: 'agent', action }) as const) },
  { weight: 2, arbitrary: fc.boolean().map((open) => ({ type: 'payment-screen', open }) as const) },
  { weight: 1, arbitrary: fc.constant({ type: 'ended' } as const) },
);
const rawEvents = fc
  .array(fc.tuple(laterEvent, fc.option(versionInput, { nil: null, freq: 4 })), { minLength: 5, maxLength: 40 })
  .map((later) => [[{ type: 'connected' } as CallEvent, null] as const, ...later]);

function normalizedCall(input: typeof callInput extends fc.Arbitrary<infer T> ? T : never): Call {
  const read = validateCall({
    ...input.call,
    customer: input.customer === null ? null : `+1${input.customer}`,
    linkedAccount: input.linkedAccount,
  });
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value;
}

/** A step's decision alone: what the evidence must give back whatever the hash of its reduced settings. */
const decisionOf = ({ settingsVersion: _version, ...decision }: ReplayStep) => decision;

describe('HIS-2: settings changes and evidence files (property-based)', () => {
  it('HIS-2: a replay with settingsChanges equals stepping the session under each policy in turn; each step names the settings in force', () => {
    fc.assert(
      fc.property(callInput, versionInput, rawEvents, (input, first, raw) => {
        const theCall = normalizedCall(input);
        const live = liveCall(
          theCall,
          versionSettings(first, input.customer, true),
          raw.map(([e, change]) => [e, change && versionSettings(change, input.customer, false)] as const),
        );
        const outcome = replay({
          settings: live.versions[0]?.input,
          settingsChanges: live.versions.slice(1).map((v) => ({ beforeEvent: v.fromEvent, settings: v.input })),
          call: theCall,
          events: live.events,
        });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
        expect(outcome.replay.steps).toEqual(live.answers);
        expect(outcome.replay.settingsVersion).toBe(live.versions[0]?.policy.version);
        for (const [i, version] of live.versions.entries()) {
          const until = live.versions[i + 1]?.fromEvent ?? live.events.length;
          for (let at = version.fromEvent; at < until; at++)
            expect(outcome.replay.steps[at]?.settingsVersion).toBe(settingsVersion(version.settings));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('HIS-2: the evidence file of a call replays to exactly the decisions of the full settings', () => {
    fc.assert(
      fc.property(callInput, versionInput, rawEvents, fc.object(), (input, first, raw, meta) => {
        const theCall = normalizedCall(input);
        const live = liveCall(
          theCall,
          versionSettings(first, input.customer, true),
          raw.map(([e, change]) => [e, change && versionSettings(change, input.customer, false)] as const),
        );
        const file = evidenceScenario({
          call: theCall,
          events: live.events,
          // What the history keeps of each version: its settings without the list, and the entries that matched the call under it.
          versions: live.versions.map((v) => ({
            fromEvent: v.fromEvent,
            settings: { ...v.settings, exclusions: [] },
            matchedExclusions: matchedExclusions(v.policy, theCall, v.answeredBy),
          })),
          meta,
        });
        const outcome = replay(JSON.parse(JSON.stringify(file)));
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
        expect(outcome.replay.steps.map(decisionOf)).toEqual(live.answers.map(decisionOf));
        expect((file.settingsChanges ?? []).length).toBeLessThan(live.versions.length);
      }),
      { numRuns: 300 },
    );
  });
});

/** Consent settings over regions of both kinds: California (all-party by default) and New York (one-party). */
const consentInput = fc.record({
  mode: fc.constantFrom('off', 'announce', 'require'),
  regions: fc.subarray(['CA', 'NY', 'FL', 'WA', 'ON']),
  unknownRegion: fc.constantFrom('strict', 'lenient'),
});
const consentEvent = fc.boolean().map((given) => ({ type: 'consent', given }) as const);
const eventOrConsent: fc.Arbitrary<CallEvent> = fc.oneof({ arbitrary: event, weight: 4 }, { arbitrary: consentEvent, weight: 1 });
/** A customer from California, New York, a toll-free number, withheld, or with the linked account's region. */
const consentCustomer = fc.oneof(
  fc.record({ customer: fc.constantFrom('+14155550142', '+12125550142', '+18005550142', null) }),
  fc.record({ customer: fc.constant('+12125550142'), customerRegion: fc.constantFrom('CA', 'NY', 'QC') }),
);

/** A call with consent settings, a customer from somewhere, and events among which consent is reported. */
const consentCase = fc.record({
  input: settingsInput,
  consent: consentInput,
  theCall: call,
  who: consentCustomer,
  events: fc.array(eventOrConsent, { maxLength: 25 }),
});

describe('CNS: consent invariants (property-based)', () => {
  it('CNS-5: a refused call is never on or paused afterwards, and nobody may start it, whatever follows', () => {
    fc.assert(
      fc.property(consentCase, ({ input, consent, theCall, who, events }) => {
        let refused = false;
        walk({ ...toSettings(input), consent }, { ...theCall, ...who }, events, (_before, e, _after, decision) => {
          if (e.type === 'consent' && !e.given) refused = true;
          if (!refused) return;
          expect(decision.recording).toBe('off');
          expect(decision.controls.start).toBe(false);
          expect(decision.consent.status).toBe('refused');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('CNS-4: a call pending under require is never on or paused, and nobody may start it', () => {
    fc.assert(
      fc.property(consentCase, ({ input, consent, theCall, who, events }) => {
        walk(
          { ...toSettings(input), consent: { ...consent, mode: 'require' } },
          { ...theCall, ...who },
          events,
          (_b, _e, after, decision) => {
            if (after.consent.status !== 'pending') return;
            expect(decision.recording).toBe('off');
            expect(decision.controls.start).toBe(false);
          },
        );
      }),
      { numRuns: 300 },
    );
  });

  it('CNS-2: a call that needs no consent and gets no refusal decides exactly as with consent off', () => {
    fc.assert(
      fc.property(consentCase, ({ input, consent, theCall, who, events }) => {
        const withoutRefusal = events.filter((e) => e.type !== 'consent' || e.given);
        const policies = [consent, { mode: 'off' }].map((consentSettings) => {
          const read = validateSettings({ ...toSettings(input), consent: consentSettings });
          if (!read.ok) throw new Error(JSON.stringify(read.issues));
          return compilePolicy(read.value);
        });
        const read = validateCall({ ...theCall, ...who });
        if (!read.ok) throw new Error(JSON.stringify(read.issues));
        let [withConsent, consentOff] = [startSession(read.value), startSession(read.value)];
        for (const e of withoutRefusal) {
          const a = step(withConsent, e, policies[0] as CompiledPolicy);
          const b = step(consentOff, e, policies[1] as CompiledPolicy);
          expect(a.ok).toBe(b.ok);
          if (!a.ok || !b.ok) continue;
          if (a.decision.consent.status !== 'not-needed') return;
          expect(a.decision).toEqual(b.decision);
          [withConsent, consentOff] = [a.session, b.session];
        }
      }),
      { numRuns: 300 },
    );
  });
});
