import { describe, expect, it } from 'vitest';
import type { Terms } from './policy.js';
import { rulingOf } from './precedence.js';
import { type CallSession, startSession } from './session.js';

const scope = (mode: Terms['mode']): Terms => ({ mode, announcement: 'prompt', basis: 'scope', rules: ['GLB-2', 'QUE-1'] });
const connectAlways: Terms = { mode: 'always', announcement: null, basis: 'connect', rules: ['GLB-3', 'GLB-6', 'MOD-1'] };
const live = (fields: Partial<CallSession>): CallSession => ({
  ...startSession({ kind: 'queue', customer: '+14155550100', queue: 'sales', linkedAccount: true }),
  phase: 'live',
  trigger: 'on-answer',
  ...fields,
});

describe('the precedence list of recording-rules.md, highest first', () => {
  it.each([
    ['FWD-1 beats an exclusion (Interpretation, EXC-4)', { forwarded: true, excludedBy: 'EXC-2' }, 'on', null, 'FWD-1', ['FWD-1', 'EXC-4']],
    ['FWD-1', { forwarded: true, terms: scope('never') }, 'on', null, 'FWD-1', ['FWD-1']],
    [
      'VA-1 beats an exclusion (EXC-4)',
      { call: { kind: 'virtual-agent', customer: null, linkedAccount: true }, excludedBy: 'EXC-2' },
      'on',
      null,
      'VA-1',
      ['VA-1', 'EXC-4'],
    ],
    ['EXC-2 beats the settings', { excludedBy: 'EXC-2', terms: scope('always') }, 'off', 'EXC-2', null, ['EXC-2']],
    [
      'EXC-5 under on-connect (GLB-4)',
      { excludedBy: 'EXC-5', trigger: 'on-connect', terms: connectAlways },
      'off',
      'EXC-5',
      null,
      ['EXC-5', 'GLB-4'],
    ],
    ['GLB-3, GLB-6: the connect mode always', { trigger: 'on-connect', terms: connectAlways }, 'on', null, 'GLB-6', []],
    ['GLB-2: nothing before the answer', {}, 'off', null, null, ['GLB-2']],
    ['GLB-2, QUE-6: a redirected call waiting for its answer', { redirected: true }, 'off', null, null, ['GLB-2', 'QUE-6']],
    ['MOD-1', { terms: scope('always') }, 'on', null, 'MOD-1', []],
    ['MOD-2', { terms: scope('automatic') }, 'on', null, null, []],
    ['MOD-3', { terms: scope('manual') }, 'off', null, null, []],
    ['MOD-4', { terms: scope('never') }, 'off', 'MOD-4', null, []],
  ] as const)('%s', (_name, fields, starts, refusesStart, refusesStop, rules) => {
    expect(rulingOf(live(fields as Partial<CallSession>))).toMatchObject({ starts, refusesStart, refusesStop, rules });
  });

  it('TRF-6: only the rules above the settings keep holding across a transfer', () => {
    expect(rulingOf(live({ excludedBy: 'EXC-2' })).beatsSettings).toBe(true);
    expect(rulingOf(live({ terms: scope('always') })).beatsSettings).toBe(false);
  });

  it('a call that has not connected is decided by nothing yet', () => {
    const waiting = startSession({ kind: 'queue', customer: null, queue: 'sales', linkedAccount: true });
    expect(rulingOf(waiting)).toMatchObject({ starts: 'off', refusesStart: null, refusesStop: null, rules: [] });
  });
});
