import { describe, expect, it } from 'vitest';
import { validateSettings } from '../settings.js';
import { account, controls, lastStep, NONE, problemsOf, stepsOf } from '../test-support.js';
import { settingsVersion } from '../version.js';
import { DEFAULT_ALL_PARTY_REGIONS } from './regions.js';

const CALIFORNIA = '+14155550142'; // 415: California, on the default all-party list
const NEW_YORK = '+12125550142'; // 212: New York, one-party
const TOLL_FREE = '+18005550142';

const settingsWith = (consent: object, more: object = {}) => ({ ...account, ...more, consent });
const queueCall = (customer: string | null, extra: object = {}) => ({ kind: 'queue', customer, queue: 'sales', ...extra });
const answered = [{ type: 'connected' }, { type: 'answered', employee: 'alice' }];
const consentOf = (scenario: object) => stepsOf(scenario).map((step) => step.consent);

describe('CNS-1: where the customer is', () => {
  it('CNS-1: the region sent from the linked account wins over the area code', () => {
    const [step] = stepsOf({ settings: account, call: queueCall(NEW_YORK, { customerRegion: 'ca' }), events: [{ type: 'connected' }] });
    expect(step?.consent).toEqual({ region: 'CA', basis: 'account', announce: false, status: 'not-needed' });
  });

  it('CNS-1: else the region of the number’s area code', () => {
    const [step] = stepsOf({ settings: account, call: queueCall('(415) 555-0100'), events: [{ type: 'connected' }] });
    expect(step?.consent).toMatchObject({ region: 'CA', basis: 'area-code' });
  });

  it.each([
    ['a withheld number', null],
    ['a toll-free number', TOLL_FREE],
    ['a number outside North America', '+442071234567'],
    ['a Caribbean number (another country of the plan)', '+18765550100'],
  ])('CNS-1: %s gives an unknown region', (_what, customer) => {
    const [step] = stepsOf({ settings: account, call: queueCall(customer), events: [{ type: 'connected' }] });
    expect(step?.consent).toMatchObject({ region: null, basis: 'unknown' });
  });

  it('CNS-1: a region that is not in the table is refused, naming the field', () => {
    expect(problemsOf({ settings: account, call: queueCall(CALIFORNIA, { customerRegion: 'ZZ' }), events: [] })).toEqual([
      expect.stringMatching(/^call\.customerRegion: "ZZ" is not a region code/),
    ]);
  });
});

describe('CNS-2: when consent is needed', () => {
  it.each([
    ['off', CALIFORNIA, {}, 'not-needed'],
    ['announce', CALIFORNIA, {}, 'implied'],
    ['require', CALIFORNIA, {}, 'pending'],
    ['require', NEW_YORK, {}, 'not-needed'],
    ['require', NEW_YORK, { regions: ['NY'] }, 'pending'],
    ['require', CALIFORNIA, { regions: ['NY'] }, 'not-needed'],
    ['require', TOLL_FREE, {}, 'pending'],
    ['require', TOLL_FREE, { unknownRegion: 'lenient' }, 'not-needed'],
    ['announce', null, { unknownRegion: 'strict' }, 'implied'],
  ] as const)('CNS-2: mode %s, customer %s, settings %o: %s', (mode, customer, more, status) => {
    const [step] = stepsOf({ settings: settingsWith({ mode, ...more }), call: queueCall(customer), events: [{ type: 'connected' }] });
    expect(step?.consent.status).toBe(status);
    expect(step?.consent.announce).toBe(status !== 'not-needed');
  });

  it('CNS-2: the default all-party list is the product table’s, with California on it and New York not', () => {
    expect(DEFAULT_ALL_PARTY_REGIONS).toContain('CA');
    expect(DEFAULT_ALL_PARTY_REGIONS).not.toContain('NY');
    const read = validateSettings({});
    expect(read.ok && read.value.consent).toEqual({ mode: 'off', regions: DEFAULT_ALL_PARTY_REGIONS, unknownRegion: 'strict' });
  });

  it('CNS-2: a wrong region names its path and the reason; a wrong mode too', () => {
    const read = validateSettings({ consent: { mode: 'sometimes', regions: ['CA', 'XX', 7], unknownRegion: 'strict' } });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issues.map((issue) => issue.path)).toEqual([
      'settings.consent.mode',
      'settings.consent.regions[1]',
      'settings.consent.regions[2]',
    ]);
    expect(read.issues[1]?.message).toMatch(/^"XX" is not a region code/);
    expect(validateSettings({ consent: { regions: 'CA' } }).ok).toBe(false);
    const long = validateSettings({ consent: { regions: ['x'.repeat(10_000)] } });
    expect(long.ok ? '' : long.issues[0]?.message).toMatch(/^"xxxxxxxxxxxxxxxx"… \(10000 characters\) is not a region code/);
    expect(validateSettings({ consent: { mode: 'off', extra: 1 } }).ok).toBe(false);
  });

  it('CNS-2: the settings version covers consent, whatever the order or case of the regions', () => {
    const version = (consent?: object) => {
      const read = validateSettings(consent ? { consent } : {});
      if (!read.ok) throw new Error('invalid');
      return settingsVersion(read.value);
    };
    expect(version({ mode: 'off', regions: [...DEFAULT_ALL_PARTY_REGIONS].reverse(), unknownRegion: 'strict' })).toBe(version());
    expect(version({ mode: 'require' })).not.toBe(version());
    expect(version({ unknownRegion: 'lenient' })).not.toBe(version());
    expect(version({ regions: ['ny', 'CA'] })).toBe(version({ regions: ['CA', 'NY', 'NY'] }));
    expect(version({ regions: ['CA'] })).not.toBe(version({ regions: ['CA', 'NY'] }));
  });
});

describe('CNS-3: announce', () => {
  it('CNS-3: the notice is played, recording follows the other rules, and every step but the end names CNS-3', () => {
    const steps = stepsOf({
      settings: settingsWith({ mode: 'announce' }),
      call: queueCall(CALIFORNIA),
      events: [...answered, { type: 'consent', given: true }, { type: 'ended' }],
    });
    expect(steps.map((step) => step.recording)).toEqual(['off', 'on', 'on', 'off']);
    expect(steps.map((step) => step.consent.status)).toEqual(['implied', 'implied', 'given', 'given']);
    expect(steps.map((step) => step.consent.announce)).toEqual([true, true, true, true]);
    expect(steps.map((step) => step.rules)).toEqual([
      ['GLB-2', 'CNS-3'],
      ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1', 'CNS-3'],
      ['CNS-3', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
      [],
    ]);
  });

  it('CNS-3: a customer whose consent is not needed hears no notice and keeps today’s traces', () => {
    const steps = stepsOf({ settings: settingsWith({ mode: 'announce' }), call: queueCall(NEW_YORK), events: answered });
    expect(steps.map((step) => step.consent)).toEqual([
      { region: 'NY', basis: 'area-code', announce: false, status: 'not-needed' },
      { region: 'NY', basis: 'area-code', announce: false, status: 'not-needed' },
    ]);
    expect(steps[1]?.rules).toEqual(['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1']);
  });
});

describe('CNS-4: require', () => {
  const require = settingsWith({ mode: 'require' });

  it('CNS-4: nothing records until consent, the agent cannot start; then the mode starts it', () => {
    const steps = stepsOf({
      settings: require,
      call: queueCall(CALIFORNIA),
      events: [...answered, { type: 'agent', action: 'start' }, { type: 'consent', given: true }, { type: 'agent', action: 'stop' }],
    });
    expect(steps.map((step) => step.recording)).toEqual(['off', 'off', 'off', 'on', 'off']);
    expect(steps[1]).toMatchObject({ controls: NONE, prompt: false, rules: ['CNS-4', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
    expect(steps[2]).toMatchObject({ rejected: 'CNS-4', rules: ['CNS-4', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
    expect(steps[3]).toMatchObject({
      controls: controls('stop', 'pause'),
      prompt: true,
      rules: ['CNS-4', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
      consent: { status: 'given', announce: true },
    });
    expect(steps[4]?.rules).toEqual(['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1', 'CNS-4']);
  });

  it('CNS-4: consent before the answer starts nothing under On Call Answered; the answer does', () => {
    const steps = stepsOf({
      settings: require,
      call: queueCall(CALIFORNIA),
      events: [{ type: 'connected' }, { type: 'consent', given: true }, { type: 'answered', employee: 'alice' }],
    });
    expect(steps.map((step) => step.recording)).toEqual(['off', 'off', 'on']);
    expect(steps.map((step) => step.rules[0])).toEqual(['CNS-4', 'CNS-4', 'GLB-2']);
  });

  it('CNS-4: under manual mode consent lets the agent start', () => {
    const step = lastStep({
      settings: settingsWith({ mode: 'require' }, { queueDefault: { mode: 'manual', announcement: 'prompt' } }),
      call: queueCall(CALIFORNIA),
      events: [...answered, { type: 'consent', given: true }],
    });
    expect(step).toMatchObject({ recording: 'off', controls: controls('start') });
  });

  it('CNS-4: pending consent beats Virtual Agent (VA-1) and forwarding (FWD-1); given, they record', () => {
    const va = stepsOf({
      settings: require,
      call: { kind: 'virtual-agent', customer: CALIFORNIA },
      events: [{ type: 'connected' }, { type: 'consent', given: true }],
    });
    expect(va.map((step) => [step.recording, step.rules])).toEqual([
      ['off', ['CNS-4']],
      ['on', ['CNS-4', 'VA-1']],
    ]);
    const forwarded = stepsOf({
      settings: require,
      call: queueCall(CALIFORNIA),
      events: [...answered, { type: 'forwarded', number: '+17185550111' }, { type: 'consent', given: true }],
    });
    expect(forwarded.map((step) => step.recording)).toEqual(['off', 'off', 'off', 'on']);
    expect(forwarded[3]?.rules.slice(0, 2)).toEqual(['CNS-4', 'FWD-1']);
  });

  it('CNS-4, PAY-1: consent given while the payment screen is open starts the recording paused; closing it resumes', () => {
    const steps = stepsOf({
      settings: require,
      call: queueCall(CALIFORNIA),
      events: [
        ...answered,
        { type: 'payment-screen', open: true },
        { type: 'consent', given: true },
        { type: 'payment-screen', open: false },
      ],
    });
    expect(steps.map((step) => step.recording)).toEqual(['off', 'off', 'off', 'paused', 'on']);
  });

  it('CNS-4: On Call Connected records from the consent on', () => {
    const steps = stepsOf({
      settings: settingsWith({ mode: 'require' }, { trigger: 'on-connect', connectMode: 'always' }),
      call: queueCall(CALIFORNIA),
      events: [{ type: 'connected' }, { type: 'consent', given: true }],
    });
    expect(steps.map((step) => step.recording)).toEqual(['off', 'on']);
  });

  it('CNS-4: an excluded call stays unrecorded when consent is given (EXC-2)', () => {
    const step = lastStep({
      settings: settingsWith({ mode: 'require' }, { exclusions: ['415'] }),
      call: queueCall(CALIFORNIA),
      events: [...answered, { type: 'consent', given: true }],
    });
    expect(step).toMatchObject({ recording: 'off', rules: ['CNS-4', 'EXC-2', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
  });
});

describe('CNS-5: refusal and withdrawal', () => {
  it('CNS-5: consent withdrawn mid-call stops the recording, a pause included, for the rest of the call, even with consent off', () => {
    const steps = stepsOf({
      settings: account,
      call: queueCall(NEW_YORK),
      events: [
        ...answered,
        { type: 'agent', action: 'pause' },
        { type: 'consent', given: false },
        { type: 'agent', action: 'start' },
        { type: 'consent', given: true },
        { type: 'transferred', toQueue: 'support' },
        { type: 'answered', employee: 'bob' },
      ],
    });
    expect(steps.map((step) => step.recording)).toEqual(['off', 'on', 'paused', 'off', 'off', 'off', 'off', 'off']);
    expect(steps[3]).toMatchObject({
      controls: NONE,
      rules: ['CNS-5', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
      consent: { status: 'refused', announce: false },
    });
    expect(steps[4]).toMatchObject({ rejected: 'CNS-5' });
    expect(steps[5]?.consent.status).toBe('refused');
    expect(steps.slice(3).every((step) => step.rules[0] === 'CNS-5')).toBe(true);
  });

  it('CNS-5: a refusal beats Virtual Agent calls and forwarding', () => {
    const va = lastStep({
      settings: account,
      call: { kind: 'virtual-agent', customer: NEW_YORK },
      events: [{ type: 'connected' }, { type: 'consent', given: false }],
    });
    expect(va).toMatchObject({ recording: 'off', rules: ['CNS-5'] });
    const forwarded = lastStep({
      settings: account,
      call: queueCall(NEW_YORK),
      events: [...answered, { type: 'consent', given: false }, { type: 'forwarded', number: '+17185550111' }],
    });
    expect(forwarded).toMatchObject({ recording: 'off', controls: NONE });
  });

  it('CNS-5: under announce the trace also names CNS-3; under require, CNS-4', () => {
    const events = [...answered, { type: 'consent', given: false }];
    expect(lastStep({ settings: settingsWith({ mode: 'announce' }), call: queueCall(CALIFORNIA), events }).rules).toEqual([
      'CNS-5',
      'GLB-2',
      'QUE-1',
      'MOD-2',
      'ANN-1',
      'CNS-3',
    ]);
    expect(lastStep({ settings: settingsWith({ mode: 'require' }), call: queueCall(CALIFORNIA), events }).rules).toEqual([
      'CNS-5',
      'GLB-2',
      'QUE-1',
      'MOD-2',
      'ANN-1',
      'CNS-4',
    ]);
  });
});

describe('the consent event', () => {
  it('needs a connected call that has not ended; nobody need be on the line', () => {
    expect(problemsOf({ settings: account, call: queueCall(CALIFORNIA), events: [{ type: 'consent', given: true }] })).toEqual([
      'events[0]: the first event is "connected", not "consent"',
    ]);
    expect(
      problemsOf({
        settings: account,
        call: queueCall(CALIFORNIA),
        events: [{ type: 'connected' }, { type: 'ended' }, { type: 'consent', given: false }],
      }),
    ).toEqual(['events[2]: nothing can follow "ended"']);
    expect(
      consentOf({ settings: account, call: queueCall(CALIFORNIA), events: [{ type: 'connected' }, { type: 'consent', given: false }] })[1]
        ?.status,
    ).toBe('refused');
  });

  it('says what is wrong with a malformed one', () => {
    expect(
      problemsOf({
        settings: account,
        call: queueCall(CALIFORNIA),
        events: [{ type: 'connected' }, { type: 'consent' }, { type: 'consent', given: 'yes' }],
      }),
    ).toEqual([
      'events[1].given: is required (true: the customer consents; false: refuses or withdraws consent)',
      'events[2].given: must be true or false, not "yes"',
    ]);
  });
});
