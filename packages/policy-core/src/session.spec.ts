import { describe, expect, it } from 'vitest';
import { account, controls, lastStep, NONE, problemsOf, stepsOf } from './test-support.js';

const queueCall = (queue: string, extra: object = {}) => ({ kind: 'queue', customer: '+13105550142', queue, ...extra });
const answeredBy = (employee: string) => [{ type: 'connected' }, { type: 'answered', employee }];

describe('GLB-2: On Call Answered', () => {
  it('GLB-2: nothing is recorded while a queue call waits', () => {
    const [connected] = stepsOf({ settings: account, call: queueCall('sales'), events: [{ type: 'connected' }] });
    expect(connected).toEqual({
      event: { type: 'connected' },
      recording: 'off',
      controls: NONE,
      prompt: false,
      autoPause: true,
      rules: ['GLB-2'],
      rejected: null,
      consent: { region: 'CA', basis: 'area-code', announce: false, status: 'not-needed' },
    });
  });

  it('QUE-1: the answering queue follows the queue default', () => {
    const step = lastStep({ settings: account, call: queueCall('sales'), events: answeredBy('alice') });
    expect(step).toMatchObject({
      recording: 'on',
      controls: controls('stop', 'pause'),
      prompt: true,
      rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
    });
  });

  it('QUE-3: a custom queue overrides the default', () => {
    const step = lastStep({ settings: account, call: queueCall('billing'), events: answeredBy('alice') });
    expect(step).toMatchObject({ recording: 'off', controls: NONE, prompt: false, rules: ['GLB-2', 'QUE-3', 'MOD-4', 'ANN-2'] });
  });

  it('QUE-6: a redirected call gets the settings of the queue that answers it', () => {
    const steps = stepsOf({
      settings: account,
      call: queueCall('billing'),
      events: [{ type: 'connected' }, { type: 'redirected', queue: 'sales' }, { type: 'answered', employee: 'alice' }],
    });
    expect(steps.map((s) => [s.recording, s.rules])).toEqual([
      ['off', ['GLB-2']],
      ['off', ['GLB-2', 'QUE-6']],
      ['on', ['GLB-2', 'QUE-6', 'QUE-1', 'MOD-2', 'ANN-1']],
    ]);
  });

  it('IND-1: a direct call follows the employee inbound settings', () => {
    const step = lastStep({
      settings: account,
      call: { kind: 'direct', customer: '+13105550142', employee: 'bob' },
      events: answeredBy('bob'),
    });
    expect(step).toMatchObject({
      recording: 'on',
      controls: controls('pause'),
      autoPause: false,
      rules: ['GLB-2', 'IND-1', 'MOD-1', 'ANN-1'],
    });
  });

  it('IND-2: an outbound call follows the outbound settings from connected, keypad included', () => {
    const step = lastStep({
      settings: account,
      call: { kind: 'outbound', customer: '+13105550142', employee: 'bob', keypad: true },
      events: [{ type: 'connected' }],
    });
    expect(step).toMatchObject({
      recording: 'off',
      controls: controls('start'),
      prompt: false,
      autoPause: false,
      rules: ['GLB-2', 'IND-2', 'MOD-3', 'ANN-2'],
    });
  });

  it('IND-3: click-to-call follows the outbound settings and carries the linked account', () => {
    const step = lastStep({
      settings: account,
      call: { kind: 'click-to-call', customer: '+13105550142', employee: 'bob' },
      events: [{ type: 'connected' }],
    });
    expect(step).toMatchObject({
      recording: 'off',
      controls: controls('start'),
      autoPause: true,
      rules: ['GLB-2', 'IND-3', 'IND-2', 'MOD-3', 'ANN-2'],
    });
  });
});

describe('MOD: agent actions in each mode', () => {
  const inQueue = (mode: string, ...actions: string[]) =>
    stepsOf({
      settings: { ...account, queueDefault: { mode, announcement: 'prompt' } },
      call: queueCall('sales'),
      events: [...answeredBy('alice'), ...actions.map((action) => ({ type: 'agent', action }))],
    }).slice(1);

  it('MOD-1: always records and refuses stop; pausing is allowed (MOD-5)', () => {
    const [answered, stop, pause, resume] = inQueue('always', 'stop', 'pause', 'resume');
    expect(answered).toMatchObject({ recording: 'on', controls: controls('pause') });
    expect(stop).toMatchObject({ recording: 'on', rejected: 'MOD-1', rules: ['MOD-1', 'GLB-2', 'QUE-1', 'ANN-1'] });
    expect(pause).toMatchObject({
      recording: 'paused',
      controls: controls('resume'),
      rules: ['MOD-5', 'GLB-2', 'QUE-1', 'MOD-1', 'ANN-1'],
    });
    expect(resume).toMatchObject({ recording: 'on', rejected: null });
  });

  it('MOD-2: automatic starts; the agent may stop and start again', () => {
    const [answered, stop, start] = inQueue('automatic', 'stop', 'start');
    expect(answered?.recording).toBe('on');
    expect(stop).toMatchObject({ recording: 'off', controls: controls('start'), rejected: null, prompt: true });
    expect(start).toMatchObject({ recording: 'on', controls: controls('stop', 'pause') });
  });

  it('MOD-3: manual waits for the agent', () => {
    const [answered, start, stop] = inQueue('manual', 'start', 'stop');
    expect(answered).toMatchObject({
      recording: 'off',
      controls: controls('start'),
      prompt: true,
      rules: ['GLB-2', 'QUE-1', 'MOD-3', 'ANN-1'],
    });
    expect(start?.recording).toBe('on');
    expect(stop?.recording).toBe('off');
  });

  it('MOD-4: never refuses start and does not prompt', () => {
    const [answered, start] = inQueue('never', 'start');
    expect(answered).toMatchObject({ recording: 'off', controls: NONE, prompt: false });
    expect(start).toMatchObject({ recording: 'off', rejected: 'MOD-4', rules: ['MOD-4', 'GLB-2', 'QUE-1', 'ANN-1'] });
  });

  it('actions that would change nothing are not refused and change nothing', () => {
    const [, start, resume, stop, stopAgain, pause] = inQueue('automatic', 'start', 'resume', 'stop', 'stop', 'pause');
    for (const step of [start, resume]) expect(step).toMatchObject({ recording: 'on', rejected: null });
    expect(stop?.recording).toBe('off');
    for (const step of [stopAgain, pause]) expect(step).toMatchObject({ recording: 'off', rejected: null });
  });

  it('stopping a paused recording ends it', () => {
    const [, , stop] = inQueue('automatic', 'pause', 'stop');
    expect(stop).toMatchObject({ recording: 'off', controls: controls('start') });
  });
});

describe('ANN: the announcement prompt', () => {
  it('ANN-2: never announce means no prompt even while recording', () => {
    const step = lastStep({
      settings: { ...account, queueDefault: { mode: 'always', announcement: 'never' } },
      call: queueCall('sales'),
      events: answeredBy('alice'),
    });
    expect(step).toMatchObject({ recording: 'on', prompt: false, rules: ['GLB-2', 'QUE-1', 'MOD-1', 'ANN-2'] });
  });

  it('ANN-1: no prompt while nobody is on the line, nor under on-connect', () => {
    const waiting = lastStep({ settings: account, call: queueCall('sales'), events: [{ type: 'connected' }] });
    expect(waiting.prompt).toBe(false);
    const onConnect = lastStep({ settings: { ...account, trigger: 'on-connect' }, call: queueCall('sales'), events: answeredBy('alice') });
    expect(onConnect.prompt).toBe(false);
  });
});

describe('GLB-3: On Call Connected', () => {
  const onConnect = (connectMode: string) => ({ ...account, trigger: 'on-connect', connectMode });

  it('GLB-3, GLB-6: recording starts at connect; always refuses stop', () => {
    const [connected, answered, stop] = stepsOf({
      settings: onConnect('always'),
      call: queueCall('billing'),
      events: [...answeredBy('alice'), { type: 'agent', action: 'stop' }],
    });
    expect(connected).toMatchObject({ recording: 'on', controls: NONE, rules: ['GLB-3', 'GLB-6', 'MOD-1'] });
    expect(answered).toMatchObject({ recording: 'on', controls: controls('pause'), prompt: false, rules: ['GLB-3', 'GLB-6', 'MOD-1'] });
    expect(stop).toMatchObject({ rejected: 'GLB-6', recording: 'on' });
  });

  it('GLB-6: automatic lets the agent stop', () => {
    const step = lastStep({
      settings: onConnect('automatic'),
      call: queueCall('billing'),
      events: [...answeredBy('alice'), { type: 'agent', action: 'stop' }],
    });
    expect(step).toMatchObject({ recording: 'off', controls: controls('start'), rejected: null });
  });

  it('TRF-5: transfers change nothing', () => {
    const steps = stepsOf({
      settings: { ...onConnect('automatic'), transfer: { toQueue: 'use-destination', toEmployee: 'use-destination' } },
      call: queueCall('sales'),
      events: [
        ...answeredBy('alice'),
        { type: 'agent', action: 'pause' },
        { type: 'transferred', toQueue: 'billing' },
        { type: 'answered', employee: 'bob' },
      ],
    });
    expect(steps.slice(3).map((s) => [s.recording, s.rules])).toEqual([
      ['paused', ['TRF-5', 'GLB-3', 'GLB-6', 'MOD-2']],
      ['paused', ['GLB-3', 'GLB-6', 'MOD-2']],
    ]);
  });

  it('GLB-4: the exclusion list still applies', () => {
    const step = lastStep({
      settings: { ...onConnect('always'), exclusions: ['310'] },
      call: queueCall('sales'),
      events: answeredBy('alice'),
    });
    expect(step).toMatchObject({ recording: 'off', controls: NONE, rules: ['EXC-2', 'GLB-4', 'GLB-3', 'GLB-6', 'MOD-1'] });
  });
});

describe('TRF: transfers under On Call Answered', () => {
  const transferring = (transfer: object, events: object[]) =>
    stepsOf({ settings: { ...account, transfer }, call: queueCall('sales'), events: [...answeredBy('alice'), ...events] });

  it('TRF-1: keep-original carries mode, announcement and a pause', () => {
    const steps = transferring({ toQueue: 'keep-original' }, [
      { type: 'agent', action: 'pause' },
      { type: 'transferred', toQueue: 'billing' },
      { type: 'answered', employee: 'carol' },
    ]);
    expect(steps.slice(3).map((s) => [s.recording, s.controls, s.rules])).toEqual([
      ['paused', NONE, ['TRF-1', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1']],
      ['paused', controls('stop', 'resume'), ['TRF-1', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1']],
    ]);
  });

  it('TRF-2: use-destination is off until the destination answers, then its settings apply', () => {
    const steps = transferring({ toQueue: 'use-destination' }, [
      { type: 'agent', action: 'pause' },
      { type: 'transferred', toQueue: 'billing' },
      { type: 'answered', employee: 'carol' },
    ]);
    expect(steps.slice(3).map((s) => [s.recording, s.rules])).toEqual([
      ['off', ['TRF-2', 'GLB-2']],
      ['off', ['TRF-2', 'GLB-2', 'QUE-3', 'MOD-4', 'ANN-2']],
    ]);
  });

  it('TRF-3: keep-original to an employee keeps a stopped recording stopped', () => {
    const steps = transferring({ toEmployee: 'keep-original' }, [
      { type: 'agent', action: 'stop' },
      { type: 'transferred', toEmployee: 'bob' },
      { type: 'answered', employee: 'bob' },
    ]);
    expect(steps[4]).toMatchObject({ recording: 'off', controls: controls('start'), rules: ['TRF-3', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
  });

  it("TRF-4: use-destination to an employee applies the employee's inbound settings", () => {
    const steps = transferring({ toEmployee: 'use-destination' }, [
      { type: 'transferred', toEmployee: 'bob' },
      { type: 'answered', employee: 'bob' },
    ]);
    expect(steps[3]).toMatchObject({ recording: 'on', controls: controls('pause'), rules: ['TRF-4', 'GLB-2', 'IND-1', 'MOD-1', 'ANN-1'] });
  });

  it('TRF-6: an excluded customer stays unrecorded whatever the destination', () => {
    const steps = stepsOf({
      settings: { ...account, transfer: { toEmployee: 'use-destination' }, exclusions: ['(310) 555-0142'] },
      call: queueCall('sales'),
      events: [
        ...answeredBy('alice'),
        { type: 'transferred', toEmployee: 'bob' },
        { type: 'answered', employee: 'bob' },
        { type: 'agent', action: 'start' },
      ],
    });
    expect(steps.map((s) => [s.recording, s.rules[0], s.rejected])).toEqual([
      ['off', 'EXC-2', null],
      ['off', 'EXC-2', null],
      ['off', 'TRF-4', null],
      ['off', 'EXC-2', null],
      ['off', 'EXC-2', 'EXC-2'],
    ]);
    expect(steps[2]?.rules).toEqual(['TRF-4', 'TRF-6', 'EXC-2']);
  });
});

describe('FWD-1, VA-1 and the exclusion list (EXC-2..5)', () => {
  const listed = { ...account, exclusions: ['+13105550142', '646*'] };

  it('EXC-2: a listed number is not recorded and the agent cannot start', () => {
    const steps = stepsOf({
      settings: listed,
      call: queueCall('sales'),
      events: [...answeredBy('alice'), { type: 'agent', action: 'start' }],
    });
    expect(steps[1]).toMatchObject({
      recording: 'off',
      controls: NONE,
      prompt: false,
      rules: ['EXC-2', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'],
    });
    expect(steps[2]).toMatchObject({ recording: 'off', rejected: 'EXC-2' });
  });

  it('EXC-2: a listed area code excludes every number in it', () => {
    const step = lastStep({ settings: listed, call: queueCall('sales', { customer: '(646) 555-0199' }), events: answeredBy('alice') });
    expect(step).toMatchObject({ recording: 'off', rules: ['EXC-2', 'GLB-2', 'QUE-1', 'MOD-2', 'ANN-1'] });
  });

  it('EXC-5: a listed direct line stops personal calls but not queue calls', () => {
    const settings = { ...account, exclusions: ['+14155550100'] };
    const personal = lastStep({
      settings,
      call: { kind: 'direct', customer: '+13125550100', employee: 'alice' },
      events: answeredBy('alice'),
    });
    expect(personal).toMatchObject({ recording: 'off', controls: NONE, rules: ['EXC-5', 'GLB-2', 'IND-1', 'MOD-2', 'ANN-1'] });
    const queue = lastStep({ settings, call: queueCall('sales'), events: answeredBy('alice') });
    expect(queue).toMatchObject({
      recording: 'on',
      controls: controls('stop', 'pause'),
      rules: ['GLB-2', 'QUE-1', 'MOD-2', 'ANN-1', 'EXC-5'],
    });
    const outbound = lastStep({
      settings,
      call: { kind: 'outbound', customer: '+13125550100', employee: 'alice' },
      events: [{ type: 'connected' }],
    });
    expect(outbound).toMatchObject({ recording: 'off', rules: ['EXC-5', 'GLB-2', 'IND-2', 'MOD-2', 'ANN-1'] });
  });

  it('EXC-5: an area code entry concerns the other party only', () => {
    const step = lastStep({
      settings: { ...account, exclusions: ['415'] },
      call: { kind: 'direct', customer: '+13125550100', employee: 'alice' },
      events: answeredBy('alice'),
    });
    expect(step.recording).toBe('on');
  });

  it('VA-1, EXC-4: a Virtual Agent call is recorded from connect to end even when listed, after the hand-off too', () => {
    const steps = stepsOf({
      settings: listed,
      call: { kind: 'virtual-agent', customer: '+13105550142' },
      events: [
        { type: 'connected' },
        { type: 'transferred', toQueue: 'billing' },
        { type: 'answered', employee: 'alice' },
        { type: 'agent', action: 'stop' },
        { type: 'ended' },
      ],
    });
    expect(steps.map((s) => [s.recording, s.controls, s.rules, s.rejected])).toEqual([
      ['on', NONE, ['VA-1', 'EXC-4'], null],
      ['on', NONE, ['VA-1', 'EXC-4'], null],
      ['on', controls('pause'), ['VA-1', 'EXC-4', 'GLB-2', 'QUE-3', 'MOD-4', 'ANN-2'], null],
      ['on', controls('pause'), ['VA-1', 'EXC-4', 'GLB-2', 'QUE-3', 'MOD-4', 'ANN-2'], 'VA-1'],
      ['off', NONE, [], null],
    ]);
  });

  it('FWD-1: a forward records even a listed caller, lifts a pause and cannot be stopped', () => {
    const steps = stepsOf({
      settings: { ...listed, queueDefault: { mode: 'manual', announcement: 'prompt' } },
      call: queueCall('sales'),
      events: [
        ...answeredBy('alice'),
        { type: 'forwarded', number: '(718) 555-0111' },
        { type: 'agent', action: 'pause' },
        { type: 'agent', action: 'stop' },
        { type: 'agent', action: 'resume' },
      ],
    });
    expect(steps[2]).toMatchObject({
      event: { type: 'forwarded', number: '+17185550111' },
      recording: 'on',
      controls: controls('pause'),
      prompt: true,
    });
    expect(steps[2]?.rules).toEqual(['FWD-1', 'EXC-4', 'GLB-2', 'QUE-1', 'MOD-3', 'ANN-1']);
    expect(steps[3]?.recording).toBe('paused');
    expect(steps[4]).toMatchObject({ recording: 'paused', rejected: 'FWD-1' });
    expect(steps[5]?.recording).toBe('on');
  });
});

describe('PAY: the payment screen', () => {
  const paying = (call: object, events: object[], settings: object = account) => stepsOf({ settings, call, events });

  it('PAY-1: opening the screen pauses a linked recorded call and closing it resumes', () => {
    const steps = paying(queueCall('sales'), [
      ...answeredBy('alice'),
      { type: 'payment-screen', open: true },
      { type: 'agent', action: 'resume' },
      { type: 'agent', action: 'start' },
      { type: 'payment-screen', open: false },
    ]);
    expect(steps.slice(2).map((s) => [s.recording, s.controls, s.rejected, s.rules[0]])).toEqual([
      ['paused', controls('stop'), null, 'PAY-1'],
      ['paused', controls('stop'), 'PAY-1', 'PAY-1'],
      ['paused', controls('stop'), null, 'PAY-1'],
      ['on', controls('stop', 'pause'), null, 'PAY-1'],
    ]);
  });

  it('PAY-1: a recording the agent paused before the screen opened stays paused when it closes', () => {
    const steps = paying(queueCall('sales'), [
      ...answeredBy('alice'),
      { type: 'agent', action: 'pause' },
      { type: 'payment-screen', open: true },
      { type: 'payment-screen', open: false },
    ]);
    expect(steps.slice(2).map((s) => s.recording)).toEqual(['paused', 'paused', 'paused']);
    expect(steps[4]?.controls).toEqual(controls('stop', 'resume'));
  });

  it('PAY-1: a call that is not recording is not affected, but cannot be started while the screen is open', () => {
    const steps = paying(
      queueCall('sales'),
      [
        ...answeredBy('alice'),
        { type: 'payment-screen', open: true },
        { type: 'agent', action: 'start' },
        { type: 'payment-screen', open: false },
      ],
      { ...account, queueDefault: { mode: 'manual', announcement: 'prompt' } },
    );
    expect(steps.slice(1).map((s) => [s.recording, s.rejected])).toEqual([
      ['off', null],
      ['off', null],
      ['off', 'PAY-1'],
      ['off', null],
    ]);
  });

  it('PAY-2: a call without a linked account is not paused by the screen', () => {
    const steps = paying({ kind: 'direct', customer: '+13105550142', employee: 'alice' }, [
      ...answeredBy('alice'),
      { type: 'payment-screen', open: true },
      { type: 'agent', action: 'pause' },
    ]);
    expect(steps.slice(1).map((s) => [s.recording, s.autoPause, s.rules[0]])).toEqual([
      ['on', false, 'GLB-2'],
      ['on', false, 'PAY-2'],
      ['paused', false, 'MOD-5'],
    ]);
  });
});

describe('impossible events are refused with their index and reason', () => {
  const base = { settings: account, call: queueCall('sales') };
  it.each([
    [[{ type: 'answered', employee: 'alice' }], 'events[0]: the first event is "connected", not "answered"'],
    [[{ type: 'connected' }, { type: 'ended' }, { type: 'agent', action: 'start' }], 'events[2]: nothing can follow "ended"'],
    [[{ type: 'connected' }, { type: 'connected' }], 'events[1]: "connected": the call is already connected'],
    [[{ type: 'connected' }, { type: 'answered', employee: 'zoe' }], 'events[1]: "answered": unknown employee "zoe"'],
    [[{ type: 'connected' }, { type: 'redirected', queue: 'nowhere' }], 'events[1]: "redirected": unknown queue "nowhere"'],
    [[{ type: 'connected' }, { type: 'agent', action: 'start' }], 'events[1]: "agent": no employee is on the line to start the recording'],
    [
      [...answeredBy('alice'), { type: 'answered', employee: 'bob' }],
      'events[2]: "answered" needs a waiting call, but "alice" is on the line',
    ],
    [
      [...answeredBy('alice'), { type: 'redirected', queue: 'billing' }],
      'events[2]: "redirected": a call is redirected only before its first answer',
    ],
    [[...answeredBy('alice'), { type: 'transferred', toEmployee: 'alice' }], 'events[2]: "transferred": "alice" is already on the line'],
    [
      [...answeredBy('alice'), { type: 'transferred', toEmployee: 'bob' }, { type: 'answered', employee: 'carol' }],
      'events[3]: "answered": only "bob" can answer, the call rings that employee',
    ],
    [
      [...answeredBy('alice'), { type: 'forwarded', number: '+17185550111' }, { type: 'transferred', toQueue: 'billing' }],
      'events[3]: "transferred": no routing event follows "forwarded"',
    ],
    [
      [...answeredBy('alice'), { type: 'forwarded', number: '+17185550111' }, { type: 'forwarded', number: '+17185550112' }],
      'events[3]: "forwarded": a call is forwarded once',
    ],
    [
      [...answeredBy('alice'), { type: 'payment-screen', open: true }, { type: 'transferred', toQueue: 'billing' }],
      'events[3]: "transferred": a call is not transferred while the payment screen is open',
    ],
    [[...answeredBy('alice'), { type: 'payment-screen', open: false }], 'events[2]: "payment-screen": the payment screen is not open'],
    [
      [{ type: 'connected' }, { type: 'hung-up' }],
      'events[1].type: "hung-up" is not one of connected, redirected, answered, transferred, forwarded, agent, payment-screen, consent, ended',
    ],
    [[{ type: 'agent', action: 'mute' }], 'events[0].action: "mute" is not one of start, stop, pause, resume'],
    [[{ type: 'forwarded', number: '555-01' }], 'events[0].number: "555-01" is not a phone number: too short'],
    [[{ type: 'transferred', toQueue: 'a', toEmployee: 'b' }], 'events[0]: a transfer names exactly one of toQueue or toEmployee'],
    [[{ type: 'connected', at: 3 }], 'events[0].at: unknown key (expected one of type)'],
  ])('%j', (events, problem) => {
    expect(problemsOf({ ...base, events })).toEqual([problem]);
  });

  it('answers of outbound and Virtual Agent calls need a transfer or a hand-off first', () => {
    expect(
      problemsOf({
        settings: account,
        call: { kind: 'outbound', employee: 'alice' },
        events: [{ type: 'connected' }, { type: 'answered', employee: 'bob' }],
      }),
    ).toEqual(['events[1]: "answered" needs a waiting call, but "alice" is on the line']);
    expect(
      problemsOf({
        settings: account,
        call: { kind: 'virtual-agent' },
        events: [{ type: 'connected' }, { type: 'answered', employee: 'bob' }],
      }),
    ).toEqual(['events[1]: "answered": a Virtual Agent call is answered only after its hand-off to a queue']);
    expect(
      problemsOf({
        settings: account,
        call: { kind: 'virtual-agent' },
        events: [{ type: 'connected' }, { type: 'transferred', toEmployee: 'bob' }],
      }),
    ).toEqual(['events[1]: "transferred": a Virtual Agent call is handed off to a queue first']);
  });

  it('an unknown queue or employee of the call is named', () => {
    expect(problemsOf({ settings: account, call: queueCall('nowhere'), events: [] })).toEqual(['call.queue: unknown queue "nowhere"']);
    expect(problemsOf({ settings: account, call: { kind: 'direct', employee: 'zoe' }, events: [] })).toEqual([
      'call.employee: unknown employee "zoe"',
    ]);
  });

  it('an empty event list is valid', () => {
    expect(stepsOf({ settings: account, call: queueCall('sales'), events: [] })).toEqual([]);
  });
});

describe('ended', () => {
  it('after ended: off, no controls, no prompt, no rules; autoPause is still the linked account', () => {
    const step = lastStep({
      settings: account,
      call: queueCall('sales', { linkedAccount: false }),
      events: [...answeredBy('alice'), { type: 'ended' }],
    });
    expect(step).toEqual({
      event: { type: 'ended' },
      recording: 'off',
      controls: NONE,
      prompt: false,
      autoPause: false,
      rules: [],
      rejected: null,
      consent: { region: 'CA', basis: 'area-code', announce: false, status: 'not-needed' },
    });
  });
});
