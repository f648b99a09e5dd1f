import type { CallEvent, Consent, Controls, Replay } from '@ccp/policy-core';

/**
 * The replay as a table people read: one line per event, with recording, controls, prompt and rules.
 * A scenario with `settingsChanges` (HIS-2) gets a `settings` column: the short hash of the settings
 * that decided each step, so the line where they change shows. A call whose consent mattered (CNS:
 * needed, or refused) gets a `consent` column and a line saying where the customer is.
 */
export function replayTable(replay: Replay): string {
  const versions = replay.steps.some((step) => step.settingsVersion !== undefined);
  const consent = replay.steps.some((step) => step.consent.status !== 'not-needed');
  const header = [
    '#',
    ...(versions ? ['settings'] : []),
    'event',
    'recording',
    'controls',
    'prompt',
    'autoPause',
    ...(consent ? ['consent'] : []),
    'rules',
  ];
  const rows = replay.steps.map((step, i) => [
    String(i + 1),
    ...(versions ? [shortVersion(step.settingsVersion ?? replay.settingsVersion)] : []),
    describeEvent(step.event),
    step.recording,
    describeControls(step.controls),
    step.prompt ? 'yes' : 'no',
    step.autoPause ? 'yes' : 'no',
    ...(consent ? [`${step.consent.status}${step.consent.announce ? ', notice' : ''}`] : []),
    (step.rejected ? [`rejected by ${step.rejected}:`, ...step.rules] : step.rules).join(' ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  const first = replay.steps[0]?.consent;
  const region = consent && first ? [`customer region ${describeRegion(first)}`] : [];
  return [`settings ${replay.settingsVersion}`, ...region, line(header), ...rows.map(line)].join('\n');
}

/** CNS-1: the customer's region and where it came from. */
function describeRegion(consent: Consent): string {
  if (consent.region === null) return 'unknown';
  return `${consent.region} (from the ${consent.basis === 'account' ? "customer's account" : 'area code'})`;
}

/** `sha256:3f0c1a2b…` as its first 8 hex digits, as short commit hashes are shown. */
function shortVersion(version: string): string {
  return version.slice(version.indexOf(':') + 1, version.indexOf(':') + 9);
}

function describeEvent(event: CallEvent): string {
  switch (event.type) {
    case 'redirected':
      return `redirected to ${event.queue}`;
    case 'answered':
      return `answered by ${event.employee}`;
    case 'transferred':
      return 'toQueue' in event ? `transferred to queue ${event.toQueue}` : `transferred to ${event.toEmployee}`;
    case 'forwarded':
      return `forwarded to ${event.number}`;
    case 'agent':
      return `agent ${event.action}`;
    case 'payment-screen':
      return `payment screen ${event.open ? 'opened' : 'closed'}`;
    case 'consent':
      return event.given ? 'customer consents' : 'customer refuses consent';
    default:
      return event.type;
  }
}

function describeControls(controls: Controls): string {
  const allowed = (['start', 'stop', 'pause', 'resume'] as const).filter((action) => controls[action]);
  return allowed.length > 0 ? allowed.join(',') : '-';
}
