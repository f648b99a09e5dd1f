import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesNumberOrAreaCode } from './exclusion-set.js';
import { exclusionKey } from './phone.js';
import { compilePolicy, compilePolicyWithExclusionKeys } from './policy.js';
import { validateSettings } from './settings.js';
import { decodePolicy, encodePolicy, SNAPSHOT_FORMAT, SnapshotFormatError, snapshotExclusionKeys } from './snapshot.js';
import { account } from './test-support.js';

const modeSetting = fc.record({
  mode: fc.constantFrom('always', 'automatic', 'manual', 'never'),
  announcement: fc.constantFrom('prompt', 'never'),
});
const listedNumber = fc.integer({ min: 0, max: 9999 }).map((line) => `+1415555${String(line).padStart(4, '0')}`);

function compiled(input: object) {
  const read = validateSettings(input);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return compilePolicy(read.value);
}

describe('policy snapshots', () => {
  it('a decoded snapshot is the policy that was encoded: every queue, employee, rule trace and listed number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('on-answer', 'on-connect'),
        modeSetting,
        fc.option(modeSetting, { nil: undefined }),
        fc.uniqueArray(fc.oneof(listedNumber, fc.constantFrom('212', '628', '+14155550100')), { maxLength: 300 }),
        (trigger, queueDefault, billing, exclusions) => {
          const policy = compiled({
            ...account,
            trigger,
            queueDefault,
            queues: account.queues.map((queue) =>
              queue.id === 'billing' ? { id: 'billing', ...(billing ? { custom: billing } : {}) } : queue,
            ),
            exclusions,
          });
          const bytes = encodePolicy(policy);
          const decoded = decodePolicy(bytes);
          expect(decoded).toEqual(policy);
          // The list alone, to compile other settings with it: the same policy again.
          const read = validateSettings({ ...account, trigger, queueDefault, exclusions: [] });
          if (!read.ok) throw new Error('invalid');
          const recompiled = compilePolicyWithExclusionKeys(
            { ...read.value, queues: [...policy.queues.keys()].map((id) => ({ id })) },
            snapshotExclusionKeys(bytes),
          );
          expect(recompiled.exclusions).toEqual(policy.exclusions);
          for (const entry of exclusions) {
            const key = exclusionKey(entry.length === 3 ? `+1${entry}5550000` : entry);
            expect(matchesNumberOrAreaCode(decoded.exclusions, key)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a snapshot stored at an offset that is not 8-byte aligned (a database driver buffer)', () => {
    const policy = compiled({ ...account, exclusions: ['+14155550100', '628'] });
    const bytes = encodePolicy(policy);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const decoded = decodePolicy(shifted.subarray(3));
    expect(decoded.version).toBe(policy.version);
    expect(matchesNumberOrAreaCode(decoded.exclusions, exclusionKey('+14155550100'))).toBe(true);
    expect(matchesNumberOrAreaCode(decoded.exclusions, exclusionKey('+14155550101'))).toBe(false);
    expect(decoded.employees.get('alice')?.directLineListed).toBe(true);
  });

  it('stores a million-number list in under 4 bytes a number', () => {
    const keys = new Float64Array(1_000_000);
    for (let i = 0; i < keys.length; i++) keys[i] = 2_125_550_000 + i * 7;
    const read = validateSettings(account);
    if (!read.ok) throw new Error('invalid');
    const policy = compilePolicyWithExclusionKeys(read.value, keys);
    const bytes = encodePolicy(policy);
    expect(bytes.length / keys.length).toBeLessThan(4);
    expect(decodePolicy(bytes).exclusions).toEqual(policy.exclusions);
    // Comparing a million-entry table takes seconds when every package's tests share two cores: not a speed test.
  }, 30_000);

  it('refuses bytes that are not a snapshot, another format, or cut short, saying which', () => {
    const bytes = encodePolicy(compiled({ ...account, exclusions: ['+14155550100', '628'] }));
    expect(() => decodePolicy(new TextEncoder().encode('{"version": "sha256:x"}'))).toThrow(
      new SnapshotFormatError('not a policy snapshot'),
    );
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, SNAPSHOT_FORMAT + 1, true);
    expect(() => decodePolicy(future)).toThrow(`policy snapshot format ${SNAPSHOT_FORMAT + 1}; this build reads format ${SNAPSHOT_FORMAT}`);
    expect(() => decodePolicy(bytes.subarray(0, bytes.length - 1))).toThrow('policy snapshot truncated');
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodePolicy(longer)).toThrow('policy snapshot has bytes after its last key');
  });
});
