import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENTS, LABELS, MODES, TRANSFER_RULES, TRIGGERS } from './vocabulary.js';

describe("LABELS: the console's words for each value", () => {
  it.each([
    ['trigger', TRIGGERS],
    ['mode', MODES],
    ['announcement', ANNOUNCEMENTS],
    ['transferRule', TRANSFER_RULES],
  ] as const)('%s: every value has its own label, so a label names one value', (kind, values) => {
    const labels: Record<string, string> = LABELS[kind];
    expect(Object.keys(labels)).toEqual([...values]);
    expect(new Set(Object.values(labels)).size).toBe(values.length);
  });
});
