/**
 * The compiled exclusion list: an open-addressing hash set of numeric keys in one Float64Array
 * (load factor ≤ 0.75, so under 22 bytes of heap per number whatever the size) and a 1,000-bit
 * table of area codes. A lookup is O(1) and allocates nothing.
 */
export interface ExclusionSet {
  /** Distinct entries, numbers and area codes together. */
  readonly size: number;
  readonly numbers: Float64Array;
  readonly mask: number;
  readonly areaCodes: Uint8Array;
}

const EMPTY_SLOT = 0;
const MAX_LOAD = 0.75;

function slotOf(key: number, mask: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

/** Builds the set from keys made by `exclusionKey` (numbers ≥ 2e9, area codes 200..999). */
export function buildExclusionSet(keys: ArrayLike<number>): ExclusionSet {
  let numberCount = 0;
  for (let i = 0; i < keys.length; i++) if ((keys[i] as number) >= 1000) numberCount++;
  let capacity = 8;
  while (capacity * MAX_LOAD < numberCount) capacity *= 2;
  const numbers = new Float64Array(capacity);
  const mask = capacity - 1;
  const areaCodes = new Uint8Array(1000);
  let size = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as number;
    if (key < 1000) {
      if (areaCodes[key] === 0) size++;
      areaCodes[key] = 1;
      continue;
    }
    let slot = slotOf(key, mask);
    while (numbers[slot] !== EMPTY_SLOT && numbers[slot] !== key) slot = (slot + 1) & mask;
    if (numbers[slot] === EMPTY_SLOT) {
      numbers[slot] = key;
      size++;
    }
  }
  return { size, numbers, mask, areaCodes };
}

/** Whether the full number with this key is listed (area codes not considered). */
export function hasNumber(set: ExclusionSet, key: number): boolean {
  let slot = slotOf(key, set.mask);
  for (;;) {
    const found = set.numbers[slot];
    if (found === key) return true;
    if (found === EMPTY_SLOT) return false;
    slot = (slot + 1) & set.mask;
  }
}

/** Whether a number with this key is listed, itself or by its area code (EXC-2). */
export function matchesNumberOrAreaCode(set: ExclusionSet, key: number): boolean {
  if (key < 2_000_000_000) return false;
  return set.areaCodes[Math.floor(key / 10_000_000)] === 1 || hasNumber(set, key);
}
