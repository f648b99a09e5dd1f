/**
 * Every place where recording-rules.md or scenario-format.md is silent or ambiguous and policy-core
 * had to choose, in one module. Each choice is named after its rule; the specs are fixed from here.
 */
import type { Recording } from './vocabulary.js';

/**
 * FWD-1 Interpretation: "All calls are recorded when forwarded to an external number" holds even
 * when the number is on the exclusion list.
 */
export const FWD1_RECORDS_EXCLUDED_CALLS = true;

/**
 * MOD-5 Interpretation: pausing is not stopping. While a recording runs the agent may pause it in
 * every mode, `always` included (the vendor page asks agents to pause manually for calls that cannot
 * be auto-paused, PAY-2).
 */
export function mod5MayPause(recording: Recording): boolean {
  return recording === 'on';
}

/**
 * IND-3 Interpretation: a click-to-call call is the employee calling a customer, so it follows the
 * employee's outbound settings (not the inbound ones the page excludes).
 */
export const CLICK_TO_CALL_DIRECTION: 'inbound' | 'outbound' = 'outbound';

/**
 * Policy-core's choice: a call may come without the other party's number (withheld caller ID).
 * Such a call cannot match the exclusion list (EXC-2), since there is nothing to match.
 */
export const CUSTOMER_NUMBER_REQUIRED = false;

/**
 * Policy-core's choice: `start` while the recording is paused changes nothing (`rejected: null`); the
 * agent resumes a paused recording with `resume`, which PAY-1 may refuse.
 */
export const START_WHILE_PAUSED_CHANGES_NOTHING = true;

/**
 * Policy-core's choice: a Virtual Agent call is handed off to a queue first (scenario-format.md lets
 * it be answered only after a hand-off with `toQueue`), so a transfer to an employee before the
 * hand-off is an impossible event.
 */
export const VIRTUAL_AGENT_HANDS_OFF_TO_QUEUES_ONLY = true;
