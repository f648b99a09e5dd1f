// The vendor page's words (seed/call-recording-settings.txt, "Set up Queue/Individual Recording Defaults"),
// with MOD-1..4 and ANN-1..2: these screens exist only under On Call Answered, so recording starts at the answer.
// The labels are policy-core's; the descriptions are the console's own.
import { ANNOUNCEMENTS, LABELS, MODES } from '@ccp/policy-core';
import type { Schemas } from '../../api';
import { choicesOf } from '../recording-defaults/labels';

export type ModeSetting = Schemas['ModeSettingDto'];
export type Mode = ModeSetting['mode'];
export type Announcement = ModeSetting['announcement'];

export const MODE_CHOICES = choicesOf(MODES, LABELS.mode, {
  always: 'Recording starts automatically when the call is answered, and the agent cannot turn it off.',
  automatic: 'Recording starts automatically when the call is answered, but the agent has the option to turn it off.',
  manual: 'Recording does not start automatically; the agent can manually start and stop it as needed.',
  never: 'Recording is completely disabled, and the agent cannot enable it manually.',
});

export const ANNOUNCEMENT_CHOICES = choicesOf(ANNOUNCEMENTS, LABELS.announcement, {
  prompt:
    'The system does not announce recording, but prompts the agent to inform the caller: hovering the record button warns that an announcement may be legally required.',
  never: 'The system does not announce recording or prompt the agent to mention it.',
});

export function modeLabel(mode: Mode): string {
  return LABELS.mode[mode];
}

export function announcementLabel(announcement: Announcement): string {
  return LABELS.announcement[announcement];
}

/** The two settings of a scope (MOD, ANN), in the vendor page's order; the edit form and the cards both list them. */
export const MODE_SETTING_FIELDS = [
  { key: 'mode', title: 'Call Recording Default', choices: MODE_CHOICES },
  { key: 'announcement', title: 'Call Recording Announcement', choices: ANNOUNCEMENT_CHOICES },
] as const;
