import { connectModeDecides, LABELS } from '@ccp/policy-core';
import type { ConsentChange, RecordingSettings, SettingsChange } from './recording-defaults.store';

type ConsentSettings = RecordingSettings['consent'];
/** A region's name by its code (the region table's); the code itself when it is not known. */
type NameOf = (code: string) => string;

function regionList(codes: readonly string[], nameOf: NameOf): string {
  return codes.length === 0 ? 'None' : codes.map(nameOf).join(', ');
}

/** CNS: the consent section's settings, in its words. */
function consentLines(consent: ConsentSettings, nameOf: NameOf): { term: string; value: string }[] {
  return [
    { term: 'Consent', value: LABELS.consentMode[consent.mode] },
    { term: 'Regions where every party must consent', value: regionList(consent.regions, nameOf) },
    { term: 'Customers in an unknown location', value: LABELS.unknownRegion[consent.unknownRegion] },
  ];
}

/** What another admin saved, in the screen's words: the settings the page shows under their trigger, and the consent section. */
export function savedLines(theirs: RecordingSettings, nameOf: NameOf = (code) => code): { term: string; value: string }[] {
  const lines = [{ term: 'When recording starts', value: LABELS.trigger[theirs.trigger] }];
  const consent = consentLines(theirs.consent, nameOf);
  if (connectModeDecides(theirs.trigger))
    return [...lines, { term: 'Call Recording Default', value: LABELS.mode[theirs.connectMode] }, ...consent];
  return [
    ...lines,
    { term: 'Transfer to a Queue', value: LABELS.transferRule[theirs.transfer.toQueue] },
    { term: 'Transfer to an Employee', value: LABELS.transferRule[theirs.transfer.toEmployee] },
    ...consent,
  ];
}

/** What the admin tried to set, in the screen's words: what "Reapply" will send again. */
export function attemptedLines(change: SettingsChange, nameOf: NameOf = (code) => code): string[] {
  const lines: string[] = [];
  if (change.trigger) lines.push(`When recording starts: ${LABELS.trigger[change.trigger]}`);
  if (change.connectMode) lines.push(`Call Recording Default: ${LABELS.mode[change.connectMode]}`);
  if (change.transfer?.toQueue) lines.push(`Transfer to a Queue: ${LABELS.transferRule[change.transfer.toQueue]}`);
  if (change.transfer?.toEmployee) lines.push(`Transfer to an Employee: ${LABELS.transferRule[change.transfer.toEmployee]}`);
  if (change.consent) lines.push(...consentChangeLines(change.consent, nameOf));
  return lines;
}

/** CNS: the consent fields the admin changed, and the regions they ticked or unticked. */
function consentChangeLines(change: ConsentChange, nameOf: NameOf): string[] {
  const lines: string[] = [];
  if (change.mode) lines.push(`Consent: ${LABELS.consentMode[change.mode]}`);
  if (change.addRegions?.length) lines.push(`Ticked as needing every party's consent: ${regionList(change.addRegions, nameOf)}`);
  if (change.removeRegions?.length) lines.push(`Unticked: ${regionList(change.removeRegions, nameOf)}`);
  if (change.unknownRegion) lines.push(`Customers in an unknown location: ${LABELS.unknownRegion[change.unknownRegion]}`);
  return lines;
}
