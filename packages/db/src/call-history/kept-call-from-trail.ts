import type { TrailHeader, TrailStep, TrailVersion } from '@ccp/jobs';
import type { Call } from '@ccp/policy-core';
import type { KeptCall, KeptCallStatus, KeptVersion } from './kept-call.js';

/** How a closed call's trail ended: with its `ended` event, or its session expiring at `expiredAt` (ms). */
export interface TrailClosing {
  readonly expiredAt: number | null;
}

/** Why a trail cannot be kept (it was not written by this product's api): logged, and left in Redis to be looked at. */
export class UnreadableTrail extends Error {
  override readonly name = 'UnreadableTrail';
}

/**
 * A closed call's trail (the list the api wrote: the header, then one entry per accepted event) as the
 * call the history keeps: its status, its steps as answered, and each settings version its steps name.
 */
export function keptCallFromTrail(accountId: string, entries: readonly string[], closing: TrailClosing): KeptCall {
  const [first, ...rest] = entries;
  if (first === undefined) throw new UnreadableTrail('the trail is empty');
  const header = parse<TrailHeader>(first, 'header');
  const steps = rest.map((entry, i) => parse<TrailStep>(entry, `step ${i + 1}`));
  // The entries one version matched: the call's numbers, and the listed lines of those who answered under it.
  const known = new Map<string, TrailVersion>();
  for (const version of [header.version, ...steps.map((step) => step.version)]) {
    if (!version) continue;
    const before = known.get(version.settingsVersion);
    const matchedExclusions = before
      ? [...new Set([...before.matchedExclusions, ...version.matchedExclusions])].sort()
      : version.matchedExclusions;
    known.set(version.settingsVersion, { ...version, matchedExclusions });
  }
  const versions = new Map<string, KeptVersion>();
  for (const [i, step] of steps.entries()) {
    const name = step.answer.settingsVersion;
    if (versions.has(name)) continue;
    const version = known.get(name);
    if (!version) throw new UnreadableTrail(`step ${i + 1} names settings version ${name}, which the trail does not describe`);
    versions.set(name, { settingsVersion: name, baseVersion: version.baseVersion, matchedExclusions: version.matchedExclusions });
  }
  const last = steps.at(-1);
  const ended = last !== undefined && (last.answer as { event?: { type?: unknown } }).event?.type === 'ended';
  const status: KeptCallStatus = ended ? 'ended' : 'expired';
  const endedAt = ended ? last.at : (closing.expiredAt ?? last?.at ?? header.startedAt);
  return {
    accountId,
    callId: header.callId,
    call: header.call as Call,
    status,
    startedAt: new Date(header.startedAt),
    endedAt: new Date(endedAt),
    steps: steps.map((step) => ({ receivedAt: new Date(step.at), answer: step.answer as KeptCall['steps'][number]['answer'] })),
    versions: [...versions.values()],
  };
}

function parse<T>(entry: string, what: string): T {
  try {
    return JSON.parse(entry) as T;
  } catch {
    throw new UnreadableTrail(`the trail's ${what} is not JSON`);
  }
}
