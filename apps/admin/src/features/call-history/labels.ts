import { displayNumber, LABELS } from '@ccp/policy-core';
import type { Schemas } from '../../api';

type CallDoc = Schemas['CallDocDto'];
type CallSummary = Schemas['CallSummaryDto'];

/** api.md "A call's outcome", in the console's words. */
export const OUTCOME_LABELS: Readonly<Record<CallSummary['outcome'], string>> = {
  recorded: 'Recorded',
  partly: 'Partly recorded',
  'not-recorded': 'Not recorded',
};

export const OUTCOME_DESCRIPTIONS: Readonly<Record<CallSummary['outcome'], string>> = {
  recorded: 'Once on, the recording stayed on (or paused) until the call ended.',
  partly: 'The recording went off again before the end: the agent stopped it, or a transfer went to a destination that does not record.',
  'not-recorded': 'Recording was never on.',
};

type CallConsent = CallSummary['consent'];

/** A consent status in the console's words: policy-core's, which the specs use too. */
export const CONSENT_LABELS: Readonly<Record<CallConsent['status'], string>> = LABELS.consentStatus;

export const CONSENT_DESCRIPTIONS: Readonly<Record<CallConsent['status'], string>> = {
  'not-needed': "The customer's consent was not needed on this call (or the call was kept before consent existed).",
  implied: 'The recording notice was played to the customer, who stayed on the line.',
  pending: 'Consent was required and never given: nothing was recorded while it was pending.',
  given: 'The customer consented to the recording.',
  refused: 'The customer refused or withdrew consent: nothing was recorded from then on.',
};

/** Where the customer was (CNS-1), as a two-letter region, or that nobody knows. */
export function regionDisplay(consent: CallConsent): string {
  return consent.region ?? 'Region unknown';
}

export const STATUS_LABELS: Readonly<Record<CallSummary['status'], string>> = {
  live: 'Live',
  ended: 'Ended',
  expired: 'Expired',
};

export const STATUS_DESCRIPTIONS: Readonly<Record<CallSummary['status'], string>> = {
  live: 'The call is still going on: its steps so far.',
  ended: 'The call ended.',
  expired: 'No end was ever received: the call session expired, and the call was kept as it was then.',
};

export const KIND_LABELS: Readonly<Record<CallDoc['kind'], string>> = {
  queue: 'Queue call',
  direct: 'Direct-line call',
  outbound: 'Outbound call',
  'click-to-call': 'Click-to-call',
  'virtual-agent': 'Virtual Agent call',
};

/**
 * The customer's number as people read it. Calls are kept with the number the API normalized when the
 * call started (E.164, EXC-1), so policy-core's `displayNumber` only formats it; null: withheld.
 */
export function customerDisplay(call: CallDoc): string {
  // The generated type reads `customer` as an object (the DTO's nullable string lost its type): it is a string or null.
  const customer = call.customer as unknown as string | null | undefined;
  return customer ? displayNumber(customer) : 'Withheld';
}

/** The queue and the employee the call names: its queue, or the employee it was placed by or to. */
export function partiesOf(call: CallDoc): string {
  return [call.queue, call.employee].filter(Boolean).join(' · ') || '—';
}

/** The call in words: `Queue call in queue sales`, `Direct-line call to alice`, `Outbound call by bob`. */
export function describeCall(call: CallDoc): string {
  const parts: string[] = [KIND_LABELS[call.kind]];
  if (call.queue) parts.push(`in queue ${call.queue}`);
  if (call.employee) parts.push(`${call.kind === 'direct' ? 'to' : 'by'} ${call.employee}`);
  return parts.join(' ');
}

/** `2025-01-02T03:04:05Z` in the admin's locale and time zone, with seconds (events of a call are seconds apart). */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A call id as part of a file name: what a file system might refuse (`:` and `/` among them) becomes `_`. */
export function evidenceFileName(callId: string): string {
  return `call-${callId.replace(/[^A-Za-z0-9._-]/g, '_')}-evidence.json`;
}
