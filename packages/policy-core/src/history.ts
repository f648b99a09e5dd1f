import type { Call, CallEvent } from './call.js';
import type { Recording } from './vocabulary.js';

export const CALL_OUTCOMES = ['recorded', 'partly', 'not-recorded'] as const;
/** How much of a kept call was recorded (api.md, HIS-3). */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * A call's outcome from its steps in order (api.md): `not-recorded` when recording was never on;
 * `recorded` when, once on, it stayed on or paused until the call ended (or its session expired);
 * `partly` when it went off again before the end. The step of `ended` is not counted: every call is
 * off after it.
 */
export function callOutcome(steps: ReadonlyArray<{ readonly event: CallEvent; readonly recording: Recording }>): CallOutcome {
  let everOn = false;
  for (const step of steps) {
    if (step.event.type === 'ended') break;
    if (step.recording === 'on') everOn = true;
    else if (everOn && step.recording === 'off') return 'partly';
  }
  return everOn ? 'recorded' : 'not-recorded';
}

/** The queues and employees a call touches (its own, and those its events name), each once, in order of appearance. */
export function callParties(call: Call, events: readonly CallEvent[]): { readonly queues: string[]; readonly employees: string[] } {
  const queues = new Set<string>();
  const employees = new Set<string>();
  if (call.queue !== undefined) queues.add(call.queue);
  if (call.employee !== undefined) employees.add(call.employee);
  for (const event of events) {
    if (event.type === 'redirected') queues.add(event.queue);
    else if (event.type === 'answered') employees.add(event.employee);
    else if (event.type === 'transferred') {
      if ('toQueue' in event) queues.add(event.toQueue);
      else employees.add(event.toEmployee);
    }
  }
  return { queues: [...queues], employees: [...employees] };
}
