import { CONNECT_MODE_CHOICES, labelOf, TRANSFER_CHOICES, TRIGGER_CHOICES } from './labels';
import type { RecordingSettings, SettingsChange } from './recording-defaults.store';

/** What another admin saved, in the screen's words: the settings the page shows under their trigger. */
export function savedLines(theirs: RecordingSettings): { term: string; value: string }[] {
  const lines = [{ term: 'When recording starts', value: labelOf(TRIGGER_CHOICES, theirs.trigger) }];
  if (theirs.trigger === 'on-connect')
    return [...lines, { term: 'Call Recording Default', value: labelOf(CONNECT_MODE_CHOICES, theirs.connectMode) }];
  return [
    ...lines,
    { term: 'Transfer to a Queue', value: labelOf(TRANSFER_CHOICES, theirs.transfer.toQueue) },
    { term: 'Transfer to an Employee', value: labelOf(TRANSFER_CHOICES, theirs.transfer.toEmployee) },
  ];
}

/** What the admin tried to set, in the screen's words: what "Reapply" will send again. */
export function attemptedLines(change: SettingsChange): string[] {
  const lines: string[] = [];
  if (change.trigger) lines.push(`When recording starts: ${labelOf(TRIGGER_CHOICES, change.trigger)}`);
  if (change.connectMode) lines.push(`Call Recording Default: ${labelOf(CONNECT_MODE_CHOICES, change.connectMode)}`);
  if (change.transfer?.toQueue) lines.push(`Transfer to a Queue: ${labelOf(TRANSFER_CHOICES, change.transfer.toQueue)}`);
  if (change.transfer?.toEmployee) lines.push(`Transfer to an Employee: ${labelOf(TRANSFER_CHOICES, change.transfer.toEmployee)}`);
  return lines;
}
