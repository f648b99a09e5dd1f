import type { ImportResult } from '@ccp/imports';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const v8 = vi.hoisted(() => ({ flags: [] as string[] }));
const vm = vi.hoisted(() => ({ collections: 0 }));
vi.mock('node:v8', () => ({ setFlagsFromString: (flag: string) => v8.flags.push(flag) }));
vi.mock('node:vm', () => ({ runInNewContext: () => () => vm.collections++ }));

const { whileImporting } = await import('./heap.js');

const result = (kind: 'busy' | 'waiting' | 'superseded') => ({ kind }) as ImportResult;

describe('whileImporting', () => {
  beforeEach(() => {
    v8.flags.length = 0;
    vm.collections = 0;
  });

  it('issue 13: optimizes for size while any import runs, and collects the garbage once after each import that ran', async () => {
    let finish: (result: ImportResult) => void = () => undefined;
    const first = whileImporting(() => new Promise<ImportResult>((resolve) => (finish = resolve)));
    const second = whileImporting(async () => result('superseded'));
    await second;
    expect(vm.collections).toBe(1);
    expect(v8.flags.filter((flag) => flag !== '--expose-gc')).toEqual(['--optimize-for-size']);

    finish(result('superseded'));
    await first;
    expect(vm.collections).toBe(2);
    expect(v8.flags.filter((flag) => flag !== '--expose-gc')).toEqual(['--optimize-for-size', '--no-optimize-for-size']);
  });

  it('issue 13: collects after an import that threw, and not after an upload that went back to the queue unimported', async () => {
    await expect(whileImporting(() => Promise.reject(new Error('the database went away')))).rejects.toThrow('the database went away');
    expect(vm.collections).toBe(1);
    expect(await whileImporting(async () => result('busy'))).toEqual({ kind: 'busy' });
    expect(await whileImporting(async () => result('waiting'))).toEqual({ kind: 'waiting' });
    expect(vm.collections).toBe(1);
    expect(v8.flags.filter((flag) => flag !== '--expose-gc').at(-1)).toBe('--no-optimize-for-size');
  });
});
