// The vendor page's words (seed/call-recording-settings.txt), so admins find what the help page describes. The labels
// are policy-core's (vocabulary.ts: the console and the specs share them); the descriptions are the console's own.
import { CONNECT_MODES, CONSENT_MODES, LABELS, TRANSFER_RULES, TRIGGERS, UNKNOWN_REGION_TREATMENTS } from '@ccp/policy-core';

export interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly description: string;
}

/** One choice a value, in policy-core's order, with its label and its description. */
export function choicesOf<T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
  descriptions: Readonly<Record<T, string>>,
): readonly Choice<T>[] {
  return values.map((value) => ({ value, label: labels[value], description: descriptions[value] }));
}

export const TRIGGER_CHOICES = choicesOf(TRIGGERS, LABELS.trigger, {
  'on-answer': 'Records only after an employee or agent answers the call. Queue and Individual defaults apply.',
  'on-connect':
    'Records the call from the moment it connects. Queue and Individual defaults are hidden and ignored; only the Exclusion List applies.',
});

export const CONNECT_MODE_CHOICES = choicesOf(CONNECT_MODES, LABELS.mode, {
  always: 'Recording begins as soon as the call connects and the agent cannot turn it off.',
  automatic: 'Recording begins as soon as the call connects, but the agent can turn it off.',
});

export const TRANSFER_CHOICES = choicesOf(TRANSFER_RULES, LABELS.transferRule, {
  'keep-original': 'Keeps the recording state (on or off) from the start of the call.',
  'use-destination': "Switches to the destination's own settings upon transfer.",
});

export const CONSENT_MODE_CHOICES = choicesOf(CONSENT_MODES, LABELS.consentMode, {
  off: "Consent is never asked for. A customer's refusal still stops the recording.",
  announce:
    'Where every party must consent, the customer hears the recording notice when the call connects; staying on the line is consent.',
  require: 'Where every party must consent, the customer hears the notice and nothing is recorded until they consent.',
});

export const UNKNOWN_REGION_CHOICES = choicesOf(UNKNOWN_REGION_TREATMENTS, LABELS.unknownRegion, {
  strict: 'A customer whose location is unknown (no linked account, no known area code) is treated as where every party must consent.',
  lenient: "A customer whose location is unknown is treated as where one party's consent is enough: no notice, no waiting.",
});

// The vendor page's note, word for word (seed/call-recording-settings.txt, "Overview"): the product gives no legal advice.
export const LEGAL_NOTE =
  'Laws regarding call recording vary significantly throughout the US and Canada. As with all legal matters, be sure to consult an attorney regarding the most appropriate way to establish call recording consent within your business.';
