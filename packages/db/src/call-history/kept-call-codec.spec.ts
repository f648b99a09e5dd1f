import { describe, expect, it } from 'vitest';
import { decodeKeptCall, encodeKeptCall, InconsistentKeptCall } from './kept-call-codec.js';
import { sampleCall } from './sample-calls.js';

const ACCOUNT = '00000000-0000-4000-8000-000000000001';

describe('kept call data', () => {
  it('HIS-2: gives back the call, its versions and every answer exactly, keys in their order', () => {
    const call = sampleCall({
      accountId: ACCOUNT,
      callId: 'c',
      startedAt: new Date('2026-12-09T10:00:00.123Z'),
      extra: { future: { nested: ['a', 1, null, { deep: false }] }, emoji: '☎️' },
    });
    const decoded = decodeKeptCall(encodeKeptCall(call), call.startedAt.getTime());
    expect(decoded.call).toStrictEqual(call.call);
    expect(decoded.versions).toStrictEqual(call.versions);
    expect(decoded.steps).toStrictEqual(call.steps);
    expect(decoded.steps.map((step) => Object.keys(step.answer))).toEqual(call.steps.map((step) => Object.keys(step.answer)));
  });

  it('HIS-1: an 8-event call takes a few hundred bytes instead of its JSON’s two kilobytes', () => {
    const call = sampleCall({ accountId: ACCOUNT, callId: 'pbx-eu1:8f14e45f.0042', startedAt: new Date('2026-12-09T10:00:00Z') });
    expect(call.steps).toHaveLength(8);
    const json = JSON.stringify({ call: call.call, steps: call.steps, versions: call.versions }).length;
    const data = encodeKeptCall(call).length;
    expect(json).toBeGreaterThan(1_900);
    expect(data).toBeLessThan(300);
  });

  it('HIS-2: a call far longer than the compression window comes back exactly', () => {
    const short = sampleCall({ accountId: ACCOUNT, callId: 'long', startedAt: new Date('2026-12-09T10:00:00Z') });
    const steps = Array.from({ length: 40 }, (_, i) =>
      short.steps.map((step) => ({ ...step, answer: { ...step.answer, note: `${i}` } })),
    ).flat();
    const call = { ...short, steps };
    expect(JSON.stringify(steps).length).toBeGreaterThan(64_000);
    expect(decodeKeptCall(encodeKeptCall(call), call.startedAt.getTime()).steps).toStrictEqual(steps);
  });

  it('HIS-1: a step naming a version the call does not list is refused', () => {
    const call = sampleCall({ accountId: ACCOUNT, callId: 'c', startedAt: new Date() });
    expect(() => encodeKeptCall({ ...call, versions: [] })).toThrow(InconsistentKeptCall);
  });

  it('refuses data of a format it does not know', () => {
    expect(() => decodeKeptCall(Uint8Array.of(9, 1, 2), 0)).toThrow('unknown format 9');
  });
});
