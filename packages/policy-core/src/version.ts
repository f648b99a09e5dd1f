import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isInitialConsent } from './consent/consent.js';
import { exclusionKey } from './phone.js';
import type { EmployeeSettings, QueueSettings, Settings } from './settings.js';

/**
 * The stable version of normalized settings: `sha256:` and the hash of their canonical form (keys in
 * a fixed order, queues and employees by id, exclusions by number), so equal settings have equal
 * versions whatever their order or number formatting. Every decision names the version that made it.
 */
export function settingsVersion(settings: Settings): string {
  return versionFromKeys(settings, sortedExclusionKeys(settings.exclusions));
}

/** The exclusion keys (see `exclusionKey`) in ascending order, duplicates removed. Throws on an entry that is not normalized. */
export function sortedExclusionKeys(exclusions: readonly string[]): Float64Array {
  const keys = new Float64Array(exclusions.length);
  for (let i = 0; i < exclusions.length; i++) {
    const key = exclusionKey(exclusions[i] as string);
    if (key < 0) throw new TypeError(`exclusions[${i}]: ${JSON.stringify(exclusions[i])} is not a normalized entry`);
    keys[i] = key;
  }
  keys.sort();
  let unique = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[unique++] = keys[i] as number;
  return keys.subarray(0, unique);
}

/**
 * The version of the settings without their exclusion list: what the call history keeps once per
 * account (HIS-2), the entries that matched a call being kept with the call. Equal settings whatever
 * their order have equal base versions, as with `settingsVersion`.
 */
export function baseSettingsVersion(settings: Settings): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalHead(settings))))}`;
}

/**
 * Everything but the exclusion list, in canonical form (keys in a fixed order, queues and employees
 * by id). Consent settings at their GLB-1 values are left out, so the settings of accounts that never
 * set consent keep the versions their calls were decided and kept under.
 */
function canonicalHead(settings: Settings): string {
  const consent = settings.consent;
  return JSON.stringify({
    trigger: settings.trigger,
    connectMode: settings.connectMode,
    transfer: { toQueue: settings.transfer.toQueue, toEmployee: settings.transfer.toEmployee },
    queueDefault: modeSetting(settings.queueDefault),
    individualDefault: individual(settings.individualDefault),
    queues: [...settings.queues].sort(byId).map(canonicalQueue),
    employees: [...settings.employees].sort(byId).map(canonicalEmployee),
    ...(isInitialConsent(consent)
      ? {}
      : { consent: { mode: consent.mode, regions: [...consent.regions].sort(), unknownRegion: consent.unknownRegion } }),
  });
}

/** `settingsVersion` for settings whose exclusion keys are already sorted (compiling needs them too). */
export function versionFromKeys(settings: Settings, sortedKeys: Float64Array): string {
  const hash = sha256.create();
  const head = canonicalHead(settings);
  hash.update(utf8ToBytes(`${head.slice(0, -1)},"exclusions":[`));
  const chunk = new Uint8Array(65536);
  let at = 0;
  for (let i = 0; i < sortedKeys.length; i++) {
    if (at > chunk.length - 32) {
      hash.update(chunk.subarray(0, at));
      at = 0;
    }
    if (i > 0) chunk[at++] = 44; // ,
    chunk[at++] = 34; // "
    const key = sortedKeys[i] as number;
    if (key >= 1000) {
      chunk[at++] = 43; // +
      chunk[at++] = 49; // 1
      at = writeDigits(chunk, at, key, 10);
    } else {
      at = writeDigits(chunk, at, key, 3);
    }
    chunk[at++] = 34;
  }
  chunk[at++] = 93; // ]
  chunk[at++] = 125; // }
  hash.update(chunk.subarray(0, at));
  return `sha256:${bytesToHex(hash.digest())}`;
}

function writeDigits(into: Uint8Array, at: number, value: number, width: number): number {
  let rest = value;
  for (let i = width - 1; i >= 0; i--) {
    into[at + i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + width;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const modeSetting = (s: { mode: string; announcement: string }) => ({ mode: s.mode, announcement: s.announcement });
const individual = (s: Settings['individualDefault']) => ({ inbound: modeSetting(s.inbound), outbound: modeSetting(s.outbound) });
const canonicalQueue = (q: QueueSettings) => (q.custom ? { id: q.id, custom: modeSetting(q.custom) } : { id: q.id });
const canonicalEmployee = (e: EmployeeSettings) =>
  e.custom ? { id: e.id, directLine: e.directLine, custom: individual(e.custom) } : { id: e.id, directLine: e.directLine };
