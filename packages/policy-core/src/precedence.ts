import { connectModeDecides } from './effective-settings.js';
import { fwd1Decides } from './interpretations.js';
import type { RuleId } from './rules.js';
import type { CallSession } from './session.js';
import type { Mode } from './vocabulary.js';

/**
 * What the deciding rule makes of a call. Decided once per event and read by everything that
 * depends on it: the recording a (re)start gets, the agent's refusals, the trace and TRF-6.
 */
export interface Ruling {
  /** The recording a call gets when its settings (re)start: at connect, an answer, a TRF-2/TRF-4 transfer, a forward. */
  readonly starts: 'on' | 'off';
  /** The rule that refuses the agent's start. */
  readonly refusesStart: RuleId | null;
  /** The rule that refuses the agent's stop. */
  readonly refusesStop: RuleId | null;
  /** Whether it beats the call's settings, so it keeps holding across a transfer (TRF-6). */
  readonly beatsSettings: boolean;
  /** Its rules in the trace: after the event's own, before the rules that chose the settings in force. */
  readonly rules: readonly RuleId[];
  /** Whether its rules come first in the trace, before the event's own (a refused or pending consent). */
  readonly leadsTrace: boolean;
}

/**
 * Which rule of recording-rules.md's precedence list decides the call's recording now, highest first,
 * one arm per rule (as Cedar's `decision()`). PAY-1 and MOD-5 act on a recording in progress,
 * whatever decided it, so they are not here.
 */
export function rulingOf(session: CallSession): Ruling {
  const { excludedBy, terms, trigger } = session;
  // 0. CNS-5: the customer refused or withdrew consent: nothing records the rest of the call, in every
  //    consent mode, whatever else would. CNS-4: under `require`, nothing records until consent is given.
  if (session.consent.status === 'refused') return CNS_5;
  if (session.consent.status === 'pending') return CNS_4_PENDING;
  // 1. FWD-1: recorded from the forward on, the agent cannot stop it; its Interpretation lets it beat
  //    the exclusion list, which the trace names with EXC-4.
  if (fwd1Decides(session.forwarded)) return excludedBy === null ? FWD_1 : FWD_1_OVER_EXCLUSION;
  // 2. VA-1: recorded from connect to end, after the hand-off too, even when listed (EXC-4).
  if (session.call.kind === 'virtual-agent') return excludedBy === null ? VA_1 : VA_1_OVER_EXCLUSION;
  // 3. EXC-2: the other party's number or area code is listed: not recorded, the agent cannot start.
  //    The list applies under on-connect too (EXC-3), which the trace names with GLB-4.
  if (excludedBy === 'EXC-2') return connectModeDecides(trigger) ? EXC_2_ON_CONNECT : EXC_2;
  // 3. EXC-5: a personal call of an employee whose direct line is listed: as EXC-2.
  if (excludedBy === 'EXC-5') return connectModeDecides(trigger) ? EXC_5_ON_CONNECT : EXC_5;
  // 4. GLB-3: under on-connect the connect mode decides from connect; GLB-6: `always` cannot be stopped.
  if (connectModeDecides(trigger)) {
    if (terms === null) return UNDECIDED;
    return terms.mode === 'always' ? CONNECT_ALWAYS : CONNECT_AUTOMATIC;
  }
  // 5. GLB-2: under on-answer nothing is recorded until someone answers (a redirected call says QUE-6);
  //    from the answer, the mode of the answering scope's settings (MOD-1..4), as TRF-1..4 chose them.
  if (trigger === 'on-answer') {
    if (terms === null) return session.redirected && !session.answered ? AWAITING_REDIRECTED_ANSWER : AWAITING_ANSWER;
    return SCOPE_MODE[terms.mode];
  }
  // The call has not connected: nothing decides it yet.
  return UNDECIDED;
}

function ruling(fields: Partial<Ruling> & Pick<Ruling, 'starts'>): Ruling {
  const { refusesStart = null, refusesStop = null, beatsSettings = false, rules = [], leadsTrace = false } = fields;
  return Object.freeze({ starts: fields.starts, refusesStart, refusesStop, beatsSettings, rules: Object.freeze(rules), leadsTrace });
}

// One frozen ruling per case, so deciding allocates nothing.
const CNS_5 = ruling({ starts: 'off', refusesStart: 'CNS-5', rules: ['CNS-5'], leadsTrace: true });
const CNS_4_PENDING = ruling({ starts: 'off', refusesStart: 'CNS-4', rules: ['CNS-4'], leadsTrace: true });
const FWD_1 = ruling({ starts: 'on', refusesStop: 'FWD-1', beatsSettings: true, rules: ['FWD-1'] });
const FWD_1_OVER_EXCLUSION = ruling({ ...FWD_1, rules: ['FWD-1', 'EXC-4'] });
const VA_1 = ruling({ starts: 'on', refusesStop: 'VA-1', beatsSettings: true, rules: ['VA-1'] });
const VA_1_OVER_EXCLUSION = ruling({ ...VA_1, rules: ['VA-1', 'EXC-4'] });
const EXC_2 = ruling({ starts: 'off', refusesStart: 'EXC-2', beatsSettings: true, rules: ['EXC-2'] });
const EXC_2_ON_CONNECT = ruling({ ...EXC_2, rules: ['EXC-2', 'GLB-4'] });
const EXC_5 = ruling({ starts: 'off', refusesStart: 'EXC-5', beatsSettings: true, rules: ['EXC-5'] });
const EXC_5_ON_CONNECT = ruling({ ...EXC_5, rules: ['EXC-5', 'GLB-4'] });
const CONNECT_ALWAYS = ruling({ starts: 'on', refusesStop: 'GLB-6' });
const CONNECT_AUTOMATIC = ruling({ starts: 'on' });
const AWAITING_ANSWER = ruling({ starts: 'off', rules: ['GLB-2'] });
const AWAITING_REDIRECTED_ANSWER = ruling({ starts: 'off', rules: ['GLB-2', 'QUE-6'] });
const SCOPE_MODE = {
  // MOD-1: starts by itself, the agent cannot stop it.
  always: ruling({ starts: 'on', refusesStop: 'MOD-1' }),
  // MOD-2: starts by itself, the agent may stop and start it.
  automatic: ruling({ starts: 'on' }),
  // MOD-3: the agent starts it.
  manual: ruling({ starts: 'off' }),
  // MOD-4: nothing is recorded, the agent cannot start.
  never: ruling({ starts: 'off', refusesStart: 'MOD-4' }),
} as const satisfies Record<Mode, Ruling>;
const UNDECIDED = ruling({ starts: 'off' });
