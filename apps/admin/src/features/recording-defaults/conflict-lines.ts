import { connectModeDecides, LABELS } from '@ccp/policy-core';
import type { RecordingSettings, SettingsChange } from './recording-defaults.store';

/** What another admin saved, in the screen's words: the settings the page shows under their trigger. */
export function savedLines(theirs: RecordingSettings): { term: string; value: string }[] {
  const lines = [{ term: 'When recording starts', value: LABELS.trigger[theirs.trigger] }];
  if (connectModeDecides(theirs.trigger)) return [...lines, { term: 'Call Recording Default', value: LABELS.mode[theirs.connectMode] }];
  return [
    ...lines,
    { term: 'Transfer to a Queue', value: LABELS.transferRule[theirs.transfer.toQueue] },
    { term: 'Transfer to an Employee', value: LABELS.transferRule[theirs.transfer.toEmployee] },
  ];
}

/** What the admin tried to set, in the screen's words: what "Reapply" will send again. */
export function attemptedLines(change: SettingsChange): string[] {
  const lines: string[] = [];
  if (change.trigger) lines.push(`When recording starts: ${LABELS.trigger[change.trigger]}`);
  if (change.connectMode) lines.push(`Call Recording Default: ${LABELS.mode[change.connectMode]}`);
  if (change.transfer?.toQueue) lines.push(`Transfer to a Queue: ${LABELS.transferRule[change.transfer.toQueue]}`);
  if (change.transfer?.toEmployee) lines.push(`Transfer to an Employee: ${LABELS.transferRule[change.transfer.toEmployee]}`);
  return lines;
}
