import { describe, expect, it } from 'vitest';
import { diffJson } from './audit-diff';

describe('diffJson', () => {
  it('lists only the values that changed, by dotted path', () => {
    expect(
      diffJson(
        { trigger: 'on-answer', transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' } },
        { trigger: 'on-answer', transfer: { toQueue: 'use-destination', toEmployee: 'keep-original' } },
      ),
    ).toEqual([{ path: 'transfer.toQueue', before: 'keep-original', after: 'use-destination' }]);
  });

  it('a creation lists every value as added, a deletion as removed', () => {
    expect(diffJson(null, { entry: '+14155550100', kind: 'number' })).toEqual([
      { path: 'entry', before: undefined, after: '+14155550100' },
      { path: 'kind', before: undefined, after: 'number' },
    ]);
    expect(diffJson({ custom: { mode: 'never' } }, { custom: null })).toEqual([
      { path: 'custom.mode', before: 'never', after: undefined },
      { path: 'custom', before: undefined, after: 'null' },
    ]);
  });

  it('shows arrays by index and non-strings as JSON', () => {
    expect(diffJson({ queues: ['sales'], count: 1, on: true }, { queues: ['sales', 'billing'], count: 2, on: true })).toEqual([
      { path: 'count', before: '1', after: '2' },
      { path: 'queues[1]', before: undefined, after: 'billing' },
    ]);
  });
});
