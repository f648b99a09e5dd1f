import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, entryOfPath, SEARCH, searchDigits } from './exclusion-query.js';

describe('exclusion list cursor', () => {
  it.each(['+14155550100', '415', '200'])('round-trips %s and hides it', (entry) => {
    const cursor = encodeCursor(entry);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(entry);
    expect(decodeCursor(cursor)).toBe(entry);
  });

  it.each([
    ['', 'empty'],
    ['%%%', 'not base64url'],
    [Buffer.from('hello').toString('base64url'), 'not an entry'],
    [Buffer.from('4155550100').toString('base64url'), 'not normalized'],
    [`${encodeCursor('415')}=`, 'padded'],
    ['A'.repeat(40), 'too long'],
  ])('refuses %j (%s)', (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});

describe('exclusion list search', () => {
  it.each([
    ['415', '415'],
    ['(415) 55', '41555'],
    ['415*', '415'],
    ['+1 415-555-0100', '14155550100'],
  ])('EXC-1: %j searches for the digits %s', (q, digits) => {
    expect(q).toMatch(SEARCH);
    expect(searchDigits(q)).toBe(digits);
  });

  it.each(['abc', '()', '415 or 510', '4'.repeat(41)])('refuses %j', (q) => {
    expect(q).not.toMatch(SEARCH);
  });
});

describe('EXC-7: the entry a DELETE path names', () => {
  it.each([
    ['+14155550100', '+14155550100'],
    ['14155550100', '+14155550100'],
    ['4155550100', '+14155550100'],
    ['415', '415'],
    ['415*', '415'],
  ])('%s is %s', (path, entry) => {
    expect(entryOfPath(path)).toEqual({ ok: true, value: entry });
  });

  it.each([
    ['+4155550100', 'is not an exclusion entry'],
    ['+442079460958', 'is not an exclusion entry'],
    ['(415) 555-0100', 'is not an exclusion entry'],
    ['41', 'is not an exclusion entry'],
    ['911', '911 is a service code'],
    ['099', 'area codes are 3 digits from 200 to 999'],
    ['+11155550100', 'is not an exclusion entry'],
  ])('%s is refused: %s', (path, reason) => {
    const parsed = entryOfPath(path);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});
