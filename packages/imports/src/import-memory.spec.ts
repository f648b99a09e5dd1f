import { describe, expect, it } from 'vitest';
import { ImportMemoryBudget, importMemoryEstimate } from './import-memory.js';
import { MAX_UPLOAD_BYTES } from './limits.js';

const MB = 1024 * 1024;

describe('ImportMemoryBudget', () => {
  it('admits imports while their estimates fit, and the next one once one ends', () => {
    const budget = new ImportMemoryBudget(320 * MB);
    const first = budget.reserve(150 * MB);
    const second = budget.reserve(150 * MB);
    expect(first).toBeTypeOf('function');
    expect(second).toBeTypeOf('function');
    expect(budget.reserve(64 * MB)).toBeNull();

    first?.();
    // What the first gave back, and no more: 170 MB fit beside the second, then not a byte.
    const third = budget.reserve(170 * MB);
    expect(third).toBeTypeOf('function');
    expect(budget.reserve(1)).toBeNull();
    third?.();
    expect(budget.reserve(64 * MB)).toBeTypeOf('function');
  });

  it('admits a file whose estimate alone is over the budget when nothing else runs, and nothing beside it', () => {
    const budget = new ImportMemoryBudget(256 * MB);
    const largest = importMemoryEstimate(MAX_UPLOAD_BYTES);
    expect(largest).toBeGreaterThan(budget.limitBytes);

    const release = budget.reserve(largest);
    expect(release).toBeTypeOf('function');
    expect(budget.reserve(importMemoryEstimate(1_000))).toBeNull();
    release?.();
    expect(budget.reserve(largest)).toBeTypeOf('function');
  });

  it('gives a reservation back once, however often it is released', () => {
    const budget = new ImportMemoryBudget(200 * MB);
    const first = budget.reserve(100 * MB);
    const second = budget.reserve(100 * MB);
    first?.();
    first?.();
    // 100 MB left beside the second, and no more.
    expect(budget.reserve(150 * MB)).toBeNull();
    const third = budget.reserve(100 * MB);
    expect(third).toBeTypeOf('function');
    expect(budget.reserve(1)).toBeNull();
    third?.();
    second?.();
    // The whole budget again: two imports of 100 MB side by side, then not a byte.
    expect(budget.reserve(100 * MB)).toBeTypeOf('function');
    expect(budget.reserve(100 * MB)).toBeTypeOf('function');
    expect(budget.reserve(1)).toBeNull();
  });

  it('refuses a budget of nothing', () => {
    expect(() => new ImportMemoryBudget(0)).toThrow('an import memory budget must be positive (got 0)');
  });
});
