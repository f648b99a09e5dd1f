import { describe, expect, it } from 'vitest';
import { validateCall } from './call.js';
import { callOutcome, callParties } from './history.js';
import { account, stepsOf } from './test-support.js';

const queueCall = { kind: 'queue', customer: '+13105550142', queue: 'sales' };
const outcomeOf = (settings: object, call: object, events: object[]) => callOutcome(stepsOf({ settings, call, events }));

describe('HIS-3: callOutcome', () => {
  it('HIS-3: not-recorded when recording was never on', () => {
    expect(
      outcomeOf(account, { ...queueCall, queue: 'billing' }, [
        { type: 'connected' },
        { type: 'answered', employee: 'alice' },
        { type: 'ended' },
      ]),
    ).toBe('not-recorded');
    expect(callOutcome([])).toBe('not-recorded');
  });

  it('HIS-3: recorded when, once on, it stayed on or paused until the end (the off of "ended" does not count)', () => {
    const events = [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
      { type: 'agent', action: 'pause' },
      { type: 'agent', action: 'resume' },
      { type: 'payment-screen', open: true },
      { type: 'payment-screen', open: false },
      { type: 'agent', action: 'pause' },
      { type: 'ended' },
    ];
    expect(outcomeOf(account, queueCall, events)).toBe('recorded');
  });

  it('HIS-3: recorded for a call whose session expired while recording (no "ended")', () => {
    expect(outcomeOf(account, queueCall, [{ type: 'connected' }, { type: 'answered', employee: 'alice' }])).toBe('recorded');
  });

  it('HIS-3: partly when it went off again before the end: the agent stopped it, even if it was started again', () => {
    const stopped = [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'agent', action: 'stop' }, { type: 'ended' }];
    expect(outcomeOf(account, queueCall, stopped)).toBe('partly');
    const restarted = [...stopped.slice(0, 3), { type: 'agent', action: 'start' }, { type: 'ended' }];
    expect(outcomeOf(account, queueCall, restarted)).toBe('partly');
  });

  it('HIS-3: partly after a use-destination transfer to a destination that does not record (TRF-2)', () => {
    const events = [
      { type: 'connected' },
      { type: 'answered', employee: 'alice' },
      { type: 'transferred', toQueue: 'billing' },
      { type: 'answered', employee: 'bob' },
      { type: 'ended' },
    ];
    expect(outcomeOf({ ...account, transfer: { toQueue: 'use-destination' } }, queueCall, events)).toBe('partly');
  });

  it('HIS-3: recorded across a use-destination transfer whose destination records again; partly when the call ends while it waits', () => {
    const transferred = [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'transferred', toQueue: 'sales' }];
    const settings = { ...account, transfer: { toQueue: 'use-destination' } };
    expect(outcomeOf(settings, queueCall, [...transferred, { type: 'answered', employee: 'bob' }, { type: 'ended' }])).toBe('recorded');
    expect(outcomeOf(settings, queueCall, [...transferred, { type: 'ended' }])).toBe('partly');
  });

  it('HIS-3: not-recorded for a call that is off until it ends; recorded from a late start that lasts (MOD-3)', () => {
    const manual = { ...account, queueDefault: { mode: 'manual' } };
    const answered = [{ type: 'connected' }, { type: 'answered', employee: 'alice' }];
    expect(outcomeOf(manual, queueCall, [...answered, { type: 'ended' }])).toBe('not-recorded');
    expect(outcomeOf(manual, queueCall, [...answered, { type: 'agent', action: 'start' }, { type: 'ended' }])).toBe('recorded');
  });

  it('HIS-3: reads steps as the history keeps them (an event is any object with a type)', () => {
    const kept: Array<{ event: { type: string; [key: string]: unknown }; recording: 'on' | 'off' | 'paused' }> = [
      { event: { type: 'connected' }, recording: 'off' },
      { event: { type: 'answered', employee: 'alice' }, recording: 'on' },
      { event: { type: 'agent', action: 'pause' }, recording: 'paused' },
      { event: { type: 'ended' }, recording: 'off' },
    ];
    expect(callOutcome(kept)).toBe('recorded');
  });
});

describe('HIS-2: callParties', () => {
  const call = (input: object) => {
    const read = validateCall(input);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    return read.value;
  };

  it("HIS-2: a queue call's queue, then the queues and employees its events name, each once, in order of appearance", () => {
    expect(
      callParties(call(queueCall), [
        { type: 'connected' },
        { type: 'redirected', queue: 'billing' },
        { type: 'answered', employee: 'bob' },
        { type: 'transferred', toEmployee: 'alice' },
        { type: 'answered', employee: 'alice' },
        { type: 'transferred', toQueue: 'sales' },
        { type: 'answered', employee: 'carol' },
        { type: 'forwarded', number: '+17185550111' },
        { type: 'ended' },
      ]),
    ).toEqual({ queues: ['sales', 'billing'], employees: ['bob', 'alice', 'carol'] });
  });

  it("HIS-2: a placed call's employee comes first; a Virtual Agent call has no party until its hand-off", () => {
    expect(callParties(call({ kind: 'outbound', customer: '+13105550142', employee: 'carol' }), [{ type: 'connected' }])).toEqual({
      queues: [],
      employees: ['carol'],
    });
    expect(callParties(call({ kind: 'virtual-agent', customer: '+13105550142' }), [{ type: 'connected' }])).toEqual({
      queues: [],
      employees: [],
    });
    expect(
      callParties(call({ kind: 'virtual-agent', customer: '+13105550142' }), [
        { type: 'connected' },
        { type: 'transferred', toQueue: 'support' },
        { type: 'answered', employee: 'alice' },
      ]),
    ).toEqual({ queues: ['support'], employees: ['alice'] });
  });
});
