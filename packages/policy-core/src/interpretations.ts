/**
 * Every place where recording-rules.md or scenario-format.md is silent or ambiguous and policy-core
 * had to choose, in one module: each choice is one function named after its rule, and the specs are
 * fixed from here.
 */
import { type ExclusionSet, matchesNumberOrAreaCode } from './exclusion-set.js';
import { customerKey } from './phone.js';
import type { IndividualSetting, ModeSetting } from './settings.js';
import type { Recording } from './vocabulary.js';

/**
 * FWD-1 Interpretation: "All calls are recorded when forwarded to an external number" holds even
 * when the number is on the exclusion list, so a forward alone decides, whatever exclusion holds.
 */
export function fwd1Decides(forwarded: boolean): boolean {
  return forwarded;
}

/**
 * MOD-5 Interpretation: pausing is not stopping. While a recording runs the agent may pause it in
 * every mode, `always` included (the vendor page asks agents to pause manually for calls that cannot
 * be auto-paused, PAY-2).
 */
export function mod5MayPause(recording: Recording): boolean {
  return recording === 'on';
}

/**
 * MOD-5, policy-core's choice: `start` while the recording is paused changes nothing (`rejected:
 * null`); the agent resumes a paused recording with `resume`, which PAY-1 may refuse.
 */
export function mod5StartLeavesPause(recording: Recording): boolean {
  return recording === 'paused';
}

/**
 * IND-3 Interpretation: a click-to-call call is the employee calling a customer, so it follows the
 * employee's outbound settings (not the inbound ones the page excludes).
 */
export function ind3ClickToCallSetting(setting: IndividualSetting): ModeSetting {
  return setting.outbound;
}

/**
 * EXC-2, policy-core's choice: a call may come without the other party's number (withheld caller
 * ID); such a call matches no entry, since there is nothing to match.
 */
export function exc2Listed(customer: string | null, exclusions: ExclusionSet): boolean {
  return customer !== null && matchesNumberOrAreaCode(exclusions, customerKey(customer));
}

/**
 * VA-1, policy-core's choice: a Virtual Agent call is handed off to a queue first (scenario-format.md
 * lets it be answered only after a hand-off with `toQueue`), so a transfer to an employee before the
 * hand-off is an impossible event.
 */
export function va1HandsOffTo(toQueue: string | null): toQueue is string {
  return toQueue !== null;
}
