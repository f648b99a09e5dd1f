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
    expect(budget.inUse).toBe(150 * MB);
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

  it('gives a reservation back once, however often it is released, and says so once', () => {
    let released = 0;
    const budget = new ImportMemoryBudget(200 * MB, () => released++);
    const first = budget.reserve(100 * MB);
    const second = budget.reserve(100 * MB);
    first?.();
    first?.();
    expect(budget.inUse).toBe(100 * MB);
    expect(released).toBe(1);
    expect(budget.reserve(150 * MB)).toBeNull();
    second?.();
    expect(budget.inUse).toBe(0);
  });

  it('refuses a budget of nothing', () => {
    expect(() => new ImportMemoryBudget(0)).toThrow('an import memory budget must be positive (got 0)');
  });
});
