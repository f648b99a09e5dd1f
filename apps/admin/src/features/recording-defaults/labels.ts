// The vendor page's words (seed/call-recording-settings.txt), so admins find what the help page describes.

export interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly description: string;
}

export const TRIGGER_CHOICES: readonly Choice<'on-answer' | 'on-connect'>[] = [
  {
    value: 'on-answer',
    label: 'On Call Answered',
    description: 'Records only after an employee or agent answers the call. Queue and Individual defaults apply.',
  },
  {
    value: 'on-connect',
    label: 'On Call Connected',
    description:
      'Records the call from the moment it connects. Queue and Individual defaults are hidden and ignored; only the Exclusion List applies.',
  },
];

export const CONNECT_MODE_CHOICES: readonly Choice<'always' | 'automatic'>[] = [
  {
    value: 'always',
    label: 'Always Record',
    description: 'Recording begins as soon as the call connects and the agent cannot turn it off.',
  },
  {
    value: 'automatic',
    label: 'Automatically Record',
    description: 'Recording begins as soon as the call connects, but the agent can turn it off.',
  },
];

export const TRANSFER_CHOICES: readonly Choice<'keep-original' | 'use-destination'>[] = [
  {
    value: 'keep-original',
    label: "Continue to follow call's original recording status after transfer",
    description: 'Keeps the recording state (on or off) from the start of the call.',
  },
  {
    value: 'use-destination',
    label: 'Change to recording settings of the transfer destination',
    description: "Switches to the destination's own settings upon transfer.",
  },
];

export const MODE_LABELS: Readonly<Record<string, string>> = {
  always: 'Always Record',
  automatic: 'Automatically Record',
  manual: 'Manually Record',
  never: 'Never Record',
};

export const ANNOUNCEMENT_LABELS: Readonly<Record<string, string>> = {
  prompt: 'Prompt employees to announce recording status',
  never: 'Never announce recording status',
};

export function labelOf<T extends string>(choices: readonly Choice<T>[], value: T): string {
  return choices.find((c) => c.value === value)?.label ?? value;
}
