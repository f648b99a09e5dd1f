/**
 * The rule catalogue of `shared/spec/recording-rules.md`, one entry per ID, with the short text the
 * console shows beside a decision's trace. The IDs are the product's vocabulary: every decision
 * names the ones that produced it, and every Gherkin scenario is tagged with one.
 */
export const RULES = {
  'ACC-1': 'Recording settings exist only for accounts with Contact Center Pro and an Enterprise Hub network.',
  'ACC-2': 'Viewing and changing recording settings requires the permission Edit Call Recording Settings.',
  'ACC-3': "No account can read, change or be decided by another account's settings.",
  'ACC-4': 'Every change of a setting or of the exclusion list is recorded in the audit log.',
  'ACC-5': 'The call history needs the permission View Call History; holds and erasures need Edit Call Recording Settings too.',
  'GLB-1': 'A new account starts On Call Answered, automatic, keep-original transfers, automatic/prompt defaults.',
  'GLB-2': 'On Call Answered: nothing is recorded before an employee answers; then the answering scope applies.',
  'GLB-3': 'On Call Connected: recording begins at connect in the connect mode; queue and individual settings are ignored.',
  'GLB-4': 'On Call Connected: the exclusion list still applies, and so do Virtual Agent and forwarding.',
  'GLB-5': 'Switching to On Call Connected needs an explicit confirmation.',
  'GLB-6': 'Connect mode Always: the agent cannot stop the recording; Automatically: the agent can.',
  'MOD-1': 'Always record: recording starts automatically and the agent cannot stop it.',
  'MOD-2': 'Automatically record: recording starts automatically; the agent may stop and restart it.',
  'MOD-3': 'Manually record: recording does not start by itself; the agent may start and stop it.',
  'MOD-4': 'Never record: no recording, and the agent cannot start one.',
  'MOD-5': 'Pausing is not stopping: the agent may pause and resume a running recording in every mode.',
  'ANN-1': 'Prompt: the agent is prompted; hovering the record button warns that an announcement may be required.',
  'ANN-2': 'Never announce: no announcement and no prompt.',
  'ANN-3': 'These settings add to, and never change, announcements made by call workflows.',
  'TRF-1': 'Transfer to a queue, keep original: mode, announcement and recording state carry on unchanged.',
  'TRF-2': "Transfer to a queue, use destination: the destination queue's settings take over at its answer.",
  'TRF-3': 'Transfer to an employee, keep original: as TRF-1.',
  'TRF-4': "Transfer to an employee, use destination: the employee's inbound settings take over at the answer.",
  'TRF-5': 'On Call Connected: transfers change nothing.',
  'TRF-6': 'Forwarding, Virtual Agent and exclusions keep holding across transfers.',
  'FWD-1': 'A call forwarded to an external number is recorded from the forward on; the agent cannot stop it.',
  'VA-1': 'A Virtual Agent call is recorded from connect to end, even when its number is excluded.',
  'QUE-1': 'A queue without custom settings follows the queue default.',
  'QUE-2': 'A change of the queue default applies at once to every queue that follows it.',
  'QUE-3': "A queue's custom settings override the default, even after the default changes.",
  'QUE-4': 'Reset to Default makes a custom queue follow the default again.',
  'QUE-5': 'The queue defaults screen lists every queue with custom settings.',
  'QUE-6': 'A queue call redirected before it is answered gets the settings of the queue that answers it.',
  'IND-1': "Inbound calls to an employee's direct line use the employee's inbound settings.",
  'IND-2': "Outbound calls an employee makes use the employee's outbound settings, keypad dialling included.",
  'IND-3': "Click-to-call calls are not governed by inbound settings: they follow the employee's outbound settings.",
  'IND-4': 'Individual default changes apply at once to employees following them; custom settings are kept.',
  'EXC-1': 'An entry is a full number or a 3-digit area code, normalized to E.164 or to the area code.',
  'EXC-2': "A call whose other party's number or area code is listed is not recorded and cannot be started.",
  'EXC-3': 'The exclusion list applies under both triggers.',
  'EXC-4': 'Virtual Agent calls and forwarded calls beat the exclusion list.',
  'EXC-5': "A listed direct line stops recording of the employee's personal calls; queue calls are still recorded.",
  'EXC-6': 'Adding an entry that exists already changes nothing and says so.',
  'EXC-7': 'An entry can be deleted, after a confirmation.',
  'EXC-8': 'Bulk upload of CSV or XLSX, adding to or replacing the list; bad rows are reported, never imported.',
  'EXC-9': 'The whole list downloads as CSV or XLSX and uploads again unchanged.',
  'EXC-10': 'Uploads run in the background with visible progress and a reported outcome.',
  'PAY-1': 'The payment screen pauses a recorded call with a linked account automatically, and resumes it on close.',
  'PAY-2': 'Calls without a linked account cannot be auto-paused: the agent must pause manually.',
  'CNS-1': "The customer's region: the linked account's, else the area code's, else unknown.",
  'CNS-2': "Consent is needed when the mode is not off and the customer's region is on the all-party list (or unknown, treated strictly).",
  'CNS-3': 'Announce: the customer hears the recording notice; staying on the line is consent.',
  'CNS-4': 'Require: nothing is recorded until the customer consents; then the other rules apply.',
  'CNS-5': "A customer's refusal or withdrawn consent stops recording for the rest of the call, in every mode.",
  'HIS-1': 'Every call decided through the live API is kept: its events, when they came, and each decision with its settings version.',
  'HIS-2': 'A kept call downloads as a scenario with the settings in force at each event; replaying it gives back its decisions.',
  'HIS-3': 'The call history is searchable by number, time, queue, employee, outcome and deciding rule.',
  'HIS-4': 'Calls older than the retention period are deleted, unless under a legal hold.',
  'HIS-5': 'Every call of one customer number can be erased on request; the audit never keeps the number in clear.',
} as const satisfies Record<string, string>;

/** A rule ID of the catalogue, such as `EXC-5`. */
export type RuleId = keyof typeof RULES;

/** Every rule ID, in catalogue order. */
export const RULE_IDS = Object.keys(RULES) as readonly RuleId[];

/** Whether a string is a rule ID of the catalogue. */
export function isRuleId(value: string): value is RuleId {
  return Object.hasOwn(RULES, value);
}
