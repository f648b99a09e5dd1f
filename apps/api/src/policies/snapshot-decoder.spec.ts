import { compilePolicy, decodePolicy, encodePolicy, INITIAL_SETTINGS, matchesNumberOrAreaCode, type Settings } from '@ccp/policy-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotDecoder } from './snapshot-decoder.js';

/** A policy with `count` listed numbers (+1 212 555 0000 onwards) and the area code 646. */
function snapshotWith(count: number): Uint8Array {
  const exclusions = ['646', ...Array.from({ length: count }, (_, i) => `+1212${String(5_550_000 + i).padStart(7, '0')}`)];
  return encodePolicy(compilePolicy({ ...INITIAL_SETTINGS, exclusions } as Settings));
}

describe('SnapshotDecoder', () => {
  // Every snapshot through the thread, however small.
  const decoder = new SnapshotDecoder(0);

  afterAll(() => decoder.close());

  it('decodes on its thread the same policy as on the event loop, which finds the listed numbers', async () => {
    const bytes = snapshotWith(50_000);
    const policy = await decoder.decode(bytes);
    expect(policy).toEqual(decodePolicy(bytes));
    expect(policy.exclusions.size).toBe(50_001);
    // EXC-2: a listed number, a number of a listed area code; and one neither.
    expect([2125550042, 6465550100, 3125550100].map((key) => matchesNumberOrAreaCode(policy.exclusions, key))).toEqual([true, true, false]);
  });

  it('decodes several at once, each to its own policy', async () => {
    const [small, large] = [snapshotWith(10), snapshotWith(20_000)];
    const [a, b] = await Promise.all([decoder.decode(small), decoder.decode(large)]);
    expect([a.exclusions.size, b.exclusions.size]).toEqual([11, 20_001]);
  });

  it('rejects a snapshot it cannot read with the reason, and goes on decoding', async () => {
    await expect(decoder.decode(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))).rejects.toThrow('not a policy snapshot');
    expect((await decoder.decode(snapshotWith(5))).exclusions.size).toBe(6);
  });
});
