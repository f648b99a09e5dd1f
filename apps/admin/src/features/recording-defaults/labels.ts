// The vendor page's words (seed/call-recording-settings.txt), so admins find what the help page describes. The labels
// are policy-core's (vocabulary.ts: the console and the specs share them); the descriptions are the console's own.
import { CONNECT_MODES, LABELS, TRANSFER_RULES, TRIGGERS } from '@ccp/policy-core';

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
