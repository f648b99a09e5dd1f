import { exclusionKey, normalizeExclusionEntry, type Parsed } from '@ccp/policy-core';

/**
 * Paging and search over the exclusion list, as pure functions: the cursor is the last entry of a
 * page (keyset on `entry`, the last column of the primary key), base64url so clients treat it as opaque.
 */

const CURSOR = /^[A-Za-z0-9_-]{4,24}$/;

export function encodeCursor(entry: string): string {
  return Buffer.from(entry, 'utf8').toString('base64url');
}

/** The entry a cursor stands for, or undefined when it is not the `nextCursor` of a page. */
export function decodeCursor(cursor: string): string | undefined {
  if (!CURSOR.test(cursor)) return undefined;
  const entry = Buffer.from(cursor, 'base64url').toString('utf8');
  // Strict round trip: Buffer's base64url decoder skips what it does not understand.
  return exclusionKey(entry) !== -1 && encodeCursor(entry) === cursor ? entry : undefined;
}

/** What `q` may hold: the digits of a number or area code as people type them, with their punctuation. */
export const SEARCH = /^(?=.*\d)[\d\s().+*-]{1,40}$/;

/** The digits of a search (`(415) 55` → `41555`): entries containing them match. */
export function searchDigits(q: string): string {
  return q.replace(/\D/g, '');
}

const NUMBER_IN_PATH = /^(?:\+?1)?([2-9]\d{2}[2-9]\d{6})$/;
const AREA_CODE_IN_PATH = /^\d{3}\*?$/;

/**
 * The stored entry that `DELETE /exclusions/{entry}` names: an E.164 number with or without its `+`
 * (`+14155550100`, `14155550100`, also the 10 national digits) or an area code (`415`, `415*`).
 * Numbers are only checked for their shape, not against the phone-number metadata, so an entry
 * stored under older metadata can always be removed.
 */
export function entryOfPath(raw: string): Parsed<string> {
  const text = raw.trim();
  const number = NUMBER_IN_PATH.exec(text);
  if (number) return { ok: true, value: `+1${number[1]}` };
  if (AREA_CODE_IN_PATH.test(text)) {
    // EXC-1: policy-core says why 011 or 911 is not an area code.
    const areaCode = normalizeExclusionEntry(text);
    return areaCode.ok ? { ok: true, value: areaCode.value.entry } : areaCode;
  }
  return {
    ok: false,
    reason: `${JSON.stringify(raw)} is not an exclusion entry: name it by its E.164 number (+14155550100) or its 3-digit area code (415)`,
  };
}
