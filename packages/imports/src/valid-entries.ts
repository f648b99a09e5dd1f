import { exclusionKey } from '@ccp/policy-core';

/**
 * The distinct valid entries of a file, held as policy-core's numeric keys (`exclusionKey`: the 10
 * national digits of a number, or the area code) in one typed array, sorted: 8 bytes an entry instead
 * of a string and a hash-set slot, so a million entries take 8 MB, and batches go to the database in
 * primary-key order.
 */
export class ValidEntries {
  constructor(private readonly keys: Float64Array) {}

  get size(): number {
    return this.keys.length;
  }

  /** The entries `[from, to)`, normalized (E.164 or the 3-digit area code). */
  slice(from: number, to: number): string[] {
    const entries: string[] = [];
    for (let i = from; i < Math.min(to, this.keys.length); i++) entries.push(entryOfKey(this.keys[i] as number));
    return entries;
  }

  toArray(): string[] {
    return this.slice(0, this.size);
  }
}

/** Collects normalized entries as they are validated; `collect()` sorts them and drops repeats. */
export class EntryCollector {
  private keys = new Float64Array(4_096);
  private count = 0;

  add(entry: string): void {
    const key = exclusionKey(entry);
    if (key < 0) throw new Error(`${JSON.stringify(entry)} is not a normalized exclusion entry`);
    if (this.count === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.count++] = key;
  }

  /** The distinct entries, and how many added entries repeated an earlier one. */
  collect(): { entries: ValidEntries; duplicates: number } {
    const keys = this.keys.subarray(0, this.count).sort();
    let unique = 0;
    for (let i = 0; i < keys.length; i++) {
      if (i === 0 || keys[i] !== keys[unique - 1]) keys[unique++] = keys[i] as number;
    }
    return { entries: new ValidEntries(keys.slice(0, unique)), duplicates: this.count - unique };
  }
}

/** The inverse of policy-core's `exclusionKey`: `415` → `'415'`, `4155550100` → `'+14155550100'`. */
function entryOfKey(key: number): string {
  return key < 1_000 ? String(key) : `+1${key}`;
}
