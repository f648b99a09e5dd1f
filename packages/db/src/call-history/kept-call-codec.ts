import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Call } from '@ccp/policy-core';
import type { KeptAnswer, KeptCall, KeptCallConsent, KeptStep, KeptVersion } from './kept-call.js';

/**
 * How a kept call's trail is stored (the `data` column): one byte of format, then the JSON
 * `[call, versions, steps]` compressed with raw DEFLATE and a preset dictionary of what answers
 * usually say, so that an 8-event call takes a few hundred bytes instead of 2 KB:
 *   versions: `[[settingsVersion, baseVersion, matchedExclusions], …]`, in order of first use;
 *   steps:    `[[receivedAt − startedAt in ms, answer], …]`, each answer exactly as the API sent it but
 *             for `settingsVersion`, replaced (in place, so the keys keep their order) by its index
 *             in `versions`.
 * Decoding gives back every answer deep-equal to what was written, fields the history does not read
 * included (answers are JSON: a field whose value is `undefined` is not kept, as in the API's JSON).
 */

/** The data's first byte. A new dictionary or layout takes a new number; old rows stay readable. */
const FORMAT_DEFLATE_V1 = 1;

/**
 * The preset dictionary of FORMAT_DEFLATE_V1: fragments of typical payloads, the most frequent last
 * (DEFLATE codes near matches more cheaply). Never change it: rows written with it could not be read.
 */
const DICTIONARY_V1 = Buffer.from(
  [
    '"consent":"given","refused","withdrawn","pending","implied","announce","require","region":"CA","basis":"account","area-code","unknown"',
    '"CNS-1","CNS-2","CNS-3","CNS-4","CNS-5","GLB-3","GLB-4","GLB-6","MOD-1","MOD-3","MOD-4","ANN-2","TRF-2","TRF-3","TRF-4","TRF-5","TRF-6","QUE-3","QUE-6","IND-3","EXC-5","PAY-2"',
    '{"kind":"virtual-agent","customer":"+1',
    '{"kind":"click-to-call","customer":"+1',
    '{"kind":"outbound","customer":"+1',
    '"keypad":true,"linkedAccount":false}',
    '{"kind":"direct","customer":"+1',
    '"linkedAccount":true}',
    '{"kind":"queue","customer":"+1',
    '"queue":"',
    '"employee":"',
    '[["sha256:',
    '","sha256:',
    '",[]]],[[',
    '{"event":{"type":"forwarded","number":"+1',
    '{"event":{"type":"redirected","queue":"',
    '{"event":{"type":"transferred","toEmployee":"',
    '{"event":{"type":"transferred","toQueue":"',
    '{"event":{"type":"agent","action":"stop"},"recording":"off","controls":{"start":true,"stop":false,"pause":false,"resume":false},"prompt":true,"autoPause":false,"rules":["FWD-1","VA-1","EXC-2","GLB-2","IND-1","IND-2","MOD-2","ANN-1"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"agent","action":"start"},"recording":"off","controls":{"start":false,"stop":false,"pause":false,"resume":false},"prompt":false,"autoPause":false,"rules":["EXC-2","GLB-2","IND-1","MOD-2","ANN-1"],"rejected":"EXC-2","settingsVersion":0}]',
    '{"event":{"type":"payment-screen","open":true},"recording":"paused","controls":{"start":false,"stop":true,"pause":false,"resume":false},"prompt":true,"autoPause":true,"rules":["PAY-1","GLB-2","QUE-1","MOD-2","ANN-1"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"payment-screen","open":false},"recording":"on","controls":{"start":false,"stop":true,"pause":true,"resume":false},"prompt":true,"autoPause":true,"rules":["PAY-1","GLB-2","QUE-1","MOD-2","ANN-1"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"agent","action":"pause"},"recording":"paused","controls":{"start":false,"stop":true,"pause":false,"resume":true},"prompt":true,"autoPause":true,"rules":["MOD-5","GLB-2","QUE-1","MOD-2","ANN-1"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"agent","action":"resume"},"recording":"on","controls":{"start":false,"stop":true,"pause":true,"resume":false},"prompt":true,"autoPause":true,"rules":["MOD-5","GLB-2","QUE-1","MOD-2","ANN-1"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"answered","employee":"',
    '"},"recording":"on","controls":{"start":false,"stop":true,"pause":true,"resume":false},"prompt":true,"autoPause":true,"rules":["GLB-2","QUE-1","MOD-2","ANN-1"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"connected"},"recording":"off","controls":{"start":false,"stop":false,"pause":false,"resume":false},"prompt":false,"autoPause":true,"rules":["GLB-2"],"rejected":null,"settingsVersion":0}]',
    '{"event":{"type":"ended"},"recording":"off","controls":{"start":false,"stop":false,"pause":false,"resume":false},"prompt":false,"autoPause":true,"rules":[],"rejected":null,"settingsVersion":0}]]]',
  ].join(''),
  'utf8',
);

/**
 * A call's JSON is a few KB: an 8 KB window holds the dictionary and the call (the 32 KB default
 * costs a quarter of the time to allocate and clear, for the same bytes out). Any window inflates it.
 */
const DEFLATE_OPTIONS = { level: 9, windowBits: 13, memLevel: 7, dictionary: DICTIONARY_V1 };

type StoredVersion = [settingsVersion: string, baseVersion: string, matchedExclusions: string[]];
type StoredStep = [offsetMs: number, answer: Record<string, unknown>];
type Payload = [call: Call, versions: StoredVersion[], steps: StoredStep[]];

/** What `data` holds, read back. */
export interface DecodedTrail {
  readonly call: Call;
  readonly steps: KeptStep[];
  readonly versions: KeptVersion[];
}

/** Thrown for a call whose steps name a settings version it does not list: a bug of the writer, never kept. */
export class InconsistentKeptCall extends Error {
  override readonly name = 'InconsistentKeptCall';
}

/** The `data` of a call. */
export function encodeKeptCall(kept: KeptCall): Buffer {
  const index = new Map<string, number>();
  const versions = kept.versions.map((version, i): StoredVersion => {
    index.set(version.settingsVersion, i);
    return [version.settingsVersion, version.baseVersion, [...version.matchedExclusions]];
  });
  const startedAt = kept.startedAt.getTime();
  const steps = kept.steps.map((step, i): StoredStep => {
    const at = index.get(step.answer.settingsVersion);
    if (at === undefined) {
      throw new InconsistentKeptCall(
        `call ${kept.callId}: step ${i + 1} names settings version ${step.answer.settingsVersion}, which its versions do not list`,
      );
    }
    return [step.receivedAt.getTime() - startedAt, { ...step.answer, settingsVersion: at }];
  });
  const payload: Payload = [kept.call, versions, steps];
  const deflated = deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8'), DEFLATE_OPTIONS);
  return Buffer.concat([Buffer.of(FORMAT_DEFLATE_V1), deflated]);
}

/** Reads `data` back; `startedAt` (ms) is the call's, which step times are relative to. */
export function decodeKeptCall(data: Uint8Array, startedAt: number): DecodedTrail {
  if (data[0] !== FORMAT_DEFLATE_V1) throw new Error(`kept call data of unknown format ${data[0]}`);
  const json = inflateRawSync(data.subarray(1), { dictionary: DICTIONARY_V1 }).toString('utf8');
  const [call, storedVersions, storedSteps] = JSON.parse(json) as Payload;
  const versions = storedVersions.map(
    ([settingsVersion, baseVersion, matchedExclusions]): KeptVersion => ({ settingsVersion, baseVersion, matchedExclusions }),
  );
  const steps = storedSteps.map(([offset, stored]): KeptStep => {
    const version = versions[stored.settingsVersion as number];
    if (!version) throw new Error(`kept call data names settings version #${String(stored.settingsVersion)}, which it does not list`);
    return { receivedAt: new Date(startedAt + offset), answer: { ...stored, settingsVersion: version.settingsVersion } as KeptAnswer };
  });
  return { call, steps, versions };
}

/** Every rule that decided a step, each once, in order of first appearance. */
export function rulesOf(steps: readonly KeptStep[]): string[] {
  const rules = new Set<string>();
  for (const step of steps) for (const rule of step.answer.rules) rules.add(rule);
  return [...rules];
}

/** Calls kept before consent existed (CNS) have no `consent` in their answers: nothing could make them need it. */
const BEFORE_CONSENT: KeptCallConsent = Object.freeze({ status: 'not-needed', region: null });

/** The call's consent when it closed: its last step's (`KeptCallConsent`). */
export function consentOf(steps: readonly KeptStep[]): KeptCallConsent {
  const consent = steps.at(-1)?.answer.consent;
  return consent === undefined ? BEFORE_CONSENT : { status: consent.status, region: consent.region };
}
