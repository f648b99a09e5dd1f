// The vendor page's words (seed/call-recording-settings.txt, "Set up Queue/Individual Recording Defaults"),
// with MOD-1..4 and ANN-1..2: these screens exist only under On Call Answered, so recording starts at the answer.
import type { Schemas } from '../../api';
import type { Choice } from '../recording-defaults/labels';

export type ModeSetting = Schemas['ModeSettingDto'];
export type Mode = ModeSetting['mode'];
export type Announcement = ModeSetting['announcement'];

export const MODE_CHOICES: readonly Choice<Mode>[] = [
  {
    value: 'always',
    label: 'Always Record',
    description: 'Recording starts automatically when the call is answered, and the agent cannot turn it off.',
  },
  {
    value: 'automatic',
    label: 'Automatically Record',
    description: 'Recording starts automatically when the call is answered, but the agent has the option to turn it off.',
  },
  {
    value: 'manual',
    label: 'Manually Record',
    description: 'Recording does not start automatically; the agent can manually start and stop it as needed.',
  },
  {
    value: 'never',
    label: 'Never Record',
    description: 'Recording is completely disabled, and the agent cannot enable it manually.',
  },
];

export const ANNOUNCEMENT_CHOICES: readonly Choice<Announcement>[] = [
  {
    value: 'prompt',
    label: 'Prompt employees to announce recording status',
    description:
      'The system does not announce recording, but prompts the agent to inform the caller: hovering the record button warns that an announcement may be legally required.',
  },
  {
    value: 'never',
    label: 'Never announce recording status',
    description: 'The system does not announce recording or prompt the agent to mention it.',
  },
];

export function modeLabel(mode: Mode): string {
  return MODE_CHOICES.find((c) => c.value === mode)?.label ?? mode;
}

export function announcementLabel(announcement: Announcement): string {
  return ANNOUNCEMENT_CHOICES.find((c) => c.value === announcement)?.label ?? announcement;
}
