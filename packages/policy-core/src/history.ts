import type { Call, CallEvent } from './call.js';
import type { Recording } from './vocabulary.js';

/** Every call outcome, as `GET /calls?outcome=` takes them (api.md, HIS-3). */
export const CALL_OUTCOMES = ['recorded', 'partly', 'not-recorded'] as const;
/** How much of a kept call was recorded (api.md, HIS-3). */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * A call's outcome from its steps in order (api.md): `not-recorded` when recording was never on;
 * `recorded` when, once on, it stayed on or paused until the call ended (or its session expired);
 * `partly` when it went off again before the end (the agent stopped it, a refusal, a transfer to a
 * destination that does not record). The step of `ended` is not counted: every call is off after it.
 * Interpretation: a use-destination transfer (TRF-2/TRF-4) is off only while the call waits for the
 * destination; when the destination's answer records again, that wait does not make the call `partly`.
 */
export function callOutcome(
  steps: ReadonlyArray<{ readonly event: { readonly type: string }; readonly recording: Recording }>,
): CallOutcome {
  let everOn = false;
  let waitingForDestination = false;
  for (const step of steps) {
    if (step.event.type === 'ended') break;
    if (waitingForDestination) {
      if (step.event.type !== 'answered') continue;
      waitingForDestination = false;
      if (step.recording === 'off') return 'partly';
    }
    if (step.recording !== 'off') {
      everOn ||= step.recording === 'on';
    } else if (everOn) {
      if (step.event.type !== 'transferred') return 'partly';
      waitingForDestination = true;
    }
  }
  return !everOn ? 'not-recorded' : waitingForDestination ? 'partly' : 'recorded';
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
