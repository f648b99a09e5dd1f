import { isRuleId, LABELS, RULES } from '@ccp/policy-core';
import type { ReplayStep } from './simulator.store';

type CallEvent = ReplayStep['event'];

const AGENT_ACTIONS: Readonly<Record<string, string>> = {
  start: 'Agent starts the recording',
  stop: 'Agent stops the recording',
  pause: 'Agent pauses the recording',
  resume: 'Agent resumes the recording',
};

/** An event of scenario-format.md in words. */
export function describeEvent(event: CallEvent): string {
  switch (event.type) {
    case 'connected':
      return 'Call connected';
    case 'redirected':
      return `Redirected to queue ${event.queue ?? '?'}`;
    case 'answered':
      return `Answered by ${event.employee ?? '?'}`;
    case 'transferred':
      return event.toQueue ? `Transferred to queue ${event.toQueue}` : `Transferred to ${event.toEmployee ?? '?'}`;
    case 'forwarded':
      return `Forwarded to ${event.number ?? 'an external number'}`;
    case 'agent':
      return AGENT_ACTIONS[event.action ?? ''] ?? `Agent: ${event.action ?? '?'}`;
    case 'payment-screen':
      return event.open ? 'Charge Credit Card screen opened' : 'Charge Credit Card screen closed';
    case 'consent':
      return event.given ? 'Customer consents to the recording' : 'Customer refuses (or withdraws) consent';
    case 'ended':
      return 'Call ended';
    default:
      return event.type;
  }
}

export const RECORDING_LABELS: Readonly<Record<ReplayStep['recording'], string>> = {
  on: 'Recording',
  off: 'Not recording',
  paused: 'Paused',
};

export const CONTROL_LABELS: Readonly<Record<keyof ReplayStep['controls'], string>> = {
  start: 'Start',
  stop: 'Stop',
  pause: 'Pause',
  resume: 'Resume',
};

/** What the agent may do after the step, in the order the controls appear. */
export function allowedControls(step: ReplayStep): string[] {
  return (Object.keys(CONTROL_LABELS) as (keyof ReplayStep['controls'])[]).filter((c) => step.controls[c]).map((c) => CONTROL_LABELS[c]);
}

/** When the API received a kept call's event (HIS-1): the time with seconds, in the admin's time zone. */
export function receivedTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The catalogue's short text for a rule ID (`RULES` of policy-core), so a trace reads without the rulebook open. */
export function ruleText(id: string): string {
  return isRuleId(id) ? RULES[id] : 'Not in the rule catalogue.';
}

// ANN-1, in the vendor page's words (seed/call-recording-settings.txt: "a tooltip warns that a recording
// announcement may be legally required"; the agent is prompted "to inform the caller").
export const ANNOUNCEMENT_WARNING = 'A recording announcement may be legally required: inform the caller that this call is recorded.';

type StepConsent = ReplayStep['consent'];

/** CNS-1: where the customer's region came from, in the console's words. */
const BASIS_LABELS: Readonly<Record<Exclude<StepConsent['basis'], 'unknown'>, string>> = {
  account: 'customer account',
  'area-code': 'area code',
};

/** CNS-1: the customer's region and where it came from: "California (area code)", "Quebec (customer account)", "Unknown". */
export function consentRegion(consent: StepConsent, nameOf: (code: string) => string): string {
  if (consent.region === null || consent.basis === 'unknown') return 'Unknown';
  return `${nameOf(consent.region)} (${BASIS_LABELS[consent.basis]})`;
}

/** A step's consent status in policy-core's words (LABELS.consentStatus), shared with the specs and the call history. */
export function consentStatus(consent: StepConsent): string {
  return LABELS.consentStatus[consent.status];
}

/** CNS-3/CNS-4: whether the telephony side plays the recording notice to the customer. */
export function noticeText(consent: StepConsent): string {
  return consent.announce ? 'Notice played' : 'No notice';
}
