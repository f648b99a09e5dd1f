import { describe, expect, it } from 'vitest';
import {
  displayExclusion,
  exclusionKey,
  exclusionKind,
  normalizeExclusionEntry,
  normalizeNanpNumber,
  normalizePhoneNumber,
} from './phone.js';

describe('EXC-1: exclusion entries in the forms people type and spreadsheets hold', () => {
  it.each([
    ['(415) 555-0100', '+14155550100'],
    ['415.555.0100', '+14155550100'],
    ['14155550100', '+14155550100'],
    ['+1 415 555 0100', '+14155550100'],
    ['  415-555-0100 ', '+14155550100'],
    [4155550100, '+14155550100'],
    [14155550100, '+14155550100'],
  ])('EXC-1: %j is the number %s', (input, e164) => {
    const entry = normalizeExclusionEntry(input);
    expect(entry).toEqual({ ok: true, value: { entry: e164, kind: 'number', display: '(415) 555-0100' } });
  });

  it.each(['415', '415*', ' 415 * ', '(415)'])('EXC-1: %j is the area code 415, shown 415*', (input) => {
    expect(normalizeExclusionEntry(input)).toEqual({ ok: true, value: { entry: '415', kind: 'area-code', display: '415*' } });
  });

  it.each([
    ['555-01', '"555-01" is not a phone number: too short'],
    ['12345', '"12345" is not a phone number: too short'],
    ['+1 415 555 01000', '"+1 415 555 01000" is not a phone number: too long'],
    ['abc', '"abc" is not a phone number: not a number'],
    ['', 'is empty: expected a phone number'],
    ['+44 20 7946 0958', '"+44 20 7946 0958" is not a North American (+1) number'],
    ['+1 415 155 0100', '"+1 415 155 0100" is not a valid phone number'],
    ['415-555-0100 x12', '"415-555-0100 x12" has an extension: list the number alone'],
    ['911', '"911" is not an area code: 911 is a service code'],
    ['41', '"41" is not an area code: area codes are 3 digits from 200 to 999'],
    ['099', '"099" is not an area code: area codes are 3 digits from 200 to 999'],
    [null, 'must be a phone number written as text'],
    [-5, '-5 is not a phone number'],
  ])('EXC-1: %j is refused with the reason', (input, reason) => {
    expect(normalizeExclusionEntry(input)).toEqual({ ok: false, reason });
  });

  it('EXC-1: a normalized entry is an area code or a number, as normalizing said', () => {
    expect(exclusionKind('415')).toBe('area-code');
    expect(exclusionKind('+14155550100')).toBe('number');
    for (const input of ['415*', '(415) 555-0100']) {
      const parsed = normalizeExclusionEntry(input);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(exclusionKind(parsed.value.entry)).toBe(parsed.value.kind);
    }
  });

  it('EXC-1: area codes show with *, numbers formatted', () => {
    expect(displayExclusion('646')).toBe('646*');
    expect(displayExclusion('+12125550123')).toBe('(212) 555-0123');
  });
});

describe('phone numbers of calls and direct lines', () => {
  it('reads international numbers for the other party of a call', () => {
    expect(normalizePhoneNumber('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
  });

  it('refuses a direct line outside North America', () => {
    expect(normalizeNanpNumber('+44 20 7946 0958').ok).toBe(false);
    expect(normalizeNanpNumber('(628) 555-0101')).toEqual({ ok: true, value: '+16285550101' });
  });
});

describe('exclusionKey', () => {
  it('keys normalized entries and refuses anything else', () => {
    expect(exclusionKey('+14155550100')).toBe(4155550100);
    expect(exclusionKey('415')).toBe(415);
    expect(exclusionKey('(415) 555-0100')).toBe(-1);
    expect(exclusionKey('+44207946095')).toBe(-1);
    expect(exclusionKey('099')).toBe(-1);
  });
});
