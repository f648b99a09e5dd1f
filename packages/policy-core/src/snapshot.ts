import { type ConsentSettings, compileConsent } from './consent/consent.js';
import { buildExclusionSet, type ExclusionSet } from './exclusion-set.js';
import type { CompiledEmployee, CompiledPolicy, CompiledQueue, Terms } from './policy.js';

/**
 * A compiled policy as bytes, so one process (the worker) compiles and every api replica loads it
 * without compiling. The exclusion list is stored as its sorted keys, delta-encoded as LEB128
 * varints (about 3 bytes a number instead of the hash table's 16), and the table is rebuilt from
 * them on load, which costs far less than reading more bytes from the database. Layout: "CCPS", the
 * format (u32), the header's length (u32), the header (JSON: everything but the list), the keys.
 */
// Globals of every runtime policy-core runs in (Node, browsers); the package builds without DOM or Node types.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

const MAGIC = 0x53504343; // "CCPS" read as a little-endian u32
/** Bumped whenever the layout or the hash function changes: an old snapshot is then built again, never misread. */
export const SNAPSHOT_FORMAT = 4;

interface Header {
  readonly version: string;
  readonly baseVersion: string;
  readonly trigger: CompiledPolicy['trigger'];
  readonly transfer: CompiledPolicy['transfer'];
  readonly connectTerms: Terms;
  readonly consent: ConsentSettings;
  /** How many keys follow the header. */
  readonly exclusions: number;
  /** Every distinct Terms once; queues and employees refer to them by index. */
  readonly terms: readonly Terms[];
  readonly queues: readonly (readonly [id: string, custom: boolean, terms: number])[];
  readonly employees: readonly (readonly [
    id: string,
    directLine: string,
    custom: boolean,
    directLineListed: boolean,
    inbound: number,
    outbound: number,
    clickToCall: number,
  ])[];
}

/** Why bytes cannot be read as a policy snapshot. */
export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
}

/** Encodes a compiled policy (see the layout above); `sortedKeys`, if given, must be the keys it was compiled with. */
export function encodePolicy(policy: CompiledPolicy, sortedKeys?: Float64Array): Uint8Array {
  // The keys the policy was compiled from, when the caller has them, spare sorting them again.
  const keys = sortedKeys ?? exclusionKeysOf(policy.exclusions);
  const terms: Terms[] = [];
  const termsIndex = new Map<string, number>();
  const indexOf = (value: Terms): number => {
    const key = JSON.stringify(value);
    let index = termsIndex.get(key);
    if (index === undefined) {
      index = terms.push(value) - 1;
      termsIndex.set(key, index);
    }
    return index;
  };
  const header: Header = {
    version: policy.version,
    baseVersion: policy.baseVersion,
    trigger: policy.trigger,
    transfer: policy.transfer,
    connectTerms: policy.connectTerms,
    consent: { mode: policy.consent.mode, regions: policy.consent.regions, unknownRegion: policy.consent.unknownRegion },
    exclusions: keys.length,
    terms,
    queues: [...policy.queues.values()].map((queue) => [queue.id, queue.custom, indexOf(queue.terms)] as const),
    employees: [...policy.employees.values()].map(
      (employee) =>
        [
          employee.id,
          employee.directLine,
          employee.custom,
          employee.directLineListed,
          indexOf(employee.inbound),
          indexOf(employee.outbound),
          indexOf(employee.clickToCall),
        ] as const,
    ),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(12 + json.length + keys.length * MAX_VARINT_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, SNAPSHOT_FORMAT, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  const end = writeDeltas(bytes, 12 + json.length, keys);
  return bytes.slice(0, end);
}

/** Decodes `encodePolicy`'s bytes into the policy it encoded; throws `SnapshotFormatError` for anything else. */
export function decodePolicy(bytes: Uint8Array): CompiledPolicy {
  const { header, keys } = readSnapshot(bytes);
  const exclusions: ExclusionSet = buildExclusionSet(keys);
  const terms = header.terms.map((value) => Object.freeze({ ...value, rules: Object.freeze([...value.rules]) }));
  const termsAt = (index: number): Terms => terms[index] as Terms;
  const queues = new Map<string, CompiledQueue>();
  for (const [id, custom, index] of header.queues) queues.set(id, Object.freeze({ id, custom, terms: termsAt(index) }));
  const employees = new Map<string, CompiledEmployee>();
  for (const [id, directLine, custom, directLineListed, inbound, outbound, clickToCall] of header.employees) {
    employees.set(
      id,
      Object.freeze({
        id,
        directLine,
        custom,
        directLineListed,
        inbound: termsAt(inbound),
        outbound: termsAt(outbound),
        clickToCall: termsAt(clickToCall),
      }),
    );
  }
  return Object.freeze({
    version: header.version,
    baseVersion: header.baseVersion,
    trigger: header.trigger,
    transfer: Object.freeze(header.transfer),
    connectTerms: Object.freeze({ ...header.connectTerms, rules: Object.freeze([...header.connectTerms.rules]) }),
    queues,
    employees,
    exclusions: Object.freeze(exclusions),
    consent: compileConsent({ ...header.consent, regions: Object.freeze(header.consent.regions) }),
  });
}

/** The sorted exclusion keys of a snapshot, without the rest (to compile new settings with an unchanged list). */
export function snapshotExclusionKeys(bytes: Uint8Array): Float64Array {
  return readSnapshot(bytes).keys;
}

/** The header and the sorted exclusion keys of a snapshot; throws `SnapshotFormatError` for anything else. */
function readSnapshot(bytes: Uint8Array): { readonly header: Header; readonly keys: Float64Array } {
  if (bytes.byteLength < 12) throw new SnapshotFormatError('not a policy snapshot: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new SnapshotFormatError('not a policy snapshot');
  const format = view.getUint32(4, true);
  if (format !== SNAPSHOT_FORMAT)
    throw new SnapshotFormatError(`policy snapshot format ${format}; this build reads format ${SNAPSHOT_FORMAT}`);
  const jsonLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  return { header, keys: readDeltas(bytes, 12 + jsonLength, header.exclusions) };
}

/** Every key of the set (area codes, then numbers), ascending. */
function exclusionKeysOf(set: ExclusionSet): Float64Array {
  const keys = new Float64Array(set.size);
  let count = 0;
  for (let code = 0; code < set.areaCodes.length; code++) if (set.areaCodes[code] === 1) keys[count++] = code;
  const firstNumber = count;
  for (const key of set.numbers) if (key !== 0) keys[count++] = key;
  keys.subarray(firstNumber, count).sort();
  return keys.subarray(0, count);
}

/** Keys are below 2^53, so a delta takes at most 8 varint bytes. */
const MAX_VARINT_BYTES = 8;

/** Writes the gaps between ascending keys as LEB128 varints (arithmetic, not bit operations: keys exceed 32 bits). */
function writeDeltas(bytes: Uint8Array, offset: number, keys: Float64Array): number {
  let at = offset;
  let previous = 0;
  for (const key of keys) {
    let delta = key - previous;
    previous = key;
    while (delta >= 128) {
      bytes[at++] = (delta % 128) | 128;
      delta = Math.floor(delta / 128);
    }
    bytes[at++] = delta;
  }
  return at;
}

function readDeltas(bytes: Uint8Array, offset: number, count: number): Float64Array {
  const keys = new Float64Array(count);
  let at = offset;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let delta = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new SnapshotFormatError('policy snapshot truncated');
      const byte = bytes[at++] as number;
      delta += (byte & 127) * scale;
      if (byte < 128) break;
      scale *= 128;
    }
    previous += delta;
    keys[i] = previous;
  }
  if (at !== bytes.length) throw new SnapshotFormatError('policy snapshot has bytes after its last key');
  return keys;
}
