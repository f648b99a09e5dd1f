import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';

/** What an exclusion entry lists (EXC-1): one number, or every number of an area code. */
export type ExclusionKind = 'number' | 'area-code';

/** A normalized exclusion entry: a NANP number in E.164 (`+14155550100`) or a 3-digit area code (`415`). */
export interface ExclusionEntry {
  readonly entry: string;
  readonly kind: ExclusionKind;
  /** How the console shows it: the number formatted, the area code with `*` (EXC-1). */
  readonly display: string;
}

/** The outcome of reading a number someone typed or a spreadsheet held. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const AREA_CODE = /^\(?([2-9]\d{2})\)?\s*\*?$/;
const NANP_E164 = /^\+1[2-9]\d{2}[2-9]\d{6}$/;
const LENGTH_REASONS: Record<string, string> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'the wrong length',
  NOT_A_NUMBER: 'not a number',
  INVALID_COUNTRY: 'from an unknown country',
};

function quoted(raw: unknown): string {
  return JSON.stringify(String(raw));
}

/** The text of a spreadsheet cell or a JSON value, or why it cannot hold a number. */
function textOf(raw: unknown): Parsed<string> {
  if (typeof raw === 'number') {
    // A number cell that lost its formatting (EXC-1): 4155550100 or 14155550100.
    if (!Number.isSafeInteger(raw) || raw <= 0) return { ok: false, reason: `${raw} is not a phone number` };
    return { ok: true, value: String(raw) };
  }
  if (typeof raw !== 'string') return { ok: false, reason: 'must be a phone number written as text' };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'is empty: expected a phone number' };
  return { ok: true, value: text };
}

/**
 * Normalizes any phone number (the customer's, a forward's destination) to E.164. Numbers without
 * a country code are read as North American. Refuses, with the reason, anything that is not a
 * valid number.
 */
export function normalizePhoneNumber(raw: unknown): Parsed<string> {
  const text = textOf(raw);
  if (!text.ok) return text;
  const phone = parsePhoneNumberFromString(text.value, 'US');
  if (!phone?.isPossible()) {
    const why = LENGTH_REASONS[validatePhoneNumberLength(text.value, 'US') ?? 'NOT_A_NUMBER'] ?? 'not a number';
    return { ok: false, reason: `${quoted(raw)} is not a phone number: ${why}` };
  }
  if (phone.ext) return { ok: false, reason: `${quoted(raw)} has an extension: list the number alone` };
  if (!phone.isValid()) return { ok: false, reason: `${quoted(raw)} is not a valid phone number` };
  return { ok: true, value: phone.number };
}

/** Normalizes a North American (+1) number, such as an employee's direct line, to E.164. */
export function normalizeNanpNumber(raw: unknown): Parsed<string> {
  const number = normalizePhoneNumber(raw);
  if (!number.ok) return number;
  if (!NANP_E164.test(number.value)) {
    return { ok: false, reason: `${quoted(raw)} is not a North American (+1) number` };
  }
  return number;
}

/**
 * Reads an exclusion-list entry in any form EXC-1 accepts: `(415) 555-0100`, `415.555.0100`,
 * `14155550100`, `+1 415 555 0100`, a number cell, an area code `415` or `415*`.
 */
export function normalizeExclusionEntry(raw: unknown): Parsed<ExclusionEntry> {
  const text = textOf(raw);
  if (!text.ok) return text;
  const areaCode = AREA_CODE.exec(text.value);
  if (areaCode) {
    const code = areaCode[1] as string;
    if (code.endsWith('11')) {
      return { ok: false, reason: `${quoted(raw)} is not an area code: ${code} is a service code` };
    }
    return { ok: true, value: { entry: code, kind: 'area-code', display: `${code}*` } };
  }
  if (/^\d{1,3}\*?$/.test(text.value)) {
    return { ok: false, reason: `${quoted(raw)} is not an area code: area codes are 3 digits from 200 to 999` };
  }
  const number = normalizeNanpNumber(raw);
  if (!number.ok) return number;
  return { ok: true, value: { entry: number.value, kind: 'number', display: displayNumber(number.value) } };
}

/** `+14155550100` as people read it: `(415) 555-0100`. */
export function displayNumber(e164: string): string {
  if (!NANP_E164.test(e164)) return e164;
  return `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
}

/**
 * EXC-1: the kind of an already normalized entry. Normalized, an area code is its 3 digits and a
 * number is E.164 (`+1` and 10 digits), so the length alone tells them apart.
 */
export function exclusionKind(entry: string): ExclusionKind {
  return entry.length === 3 ? 'area-code' : 'number';
}

/** How an already normalized entry is shown: area codes with `*` (EXC-1). */
export function displayExclusion(entry: string): string {
  return exclusionKind(entry) === 'area-code' ? `${entry}*` : displayNumber(entry);
}

/**
 * The numeric key of a normalized entry: the 10 national digits of a number (≥ 2,000,000,000) or
 * the 3-digit area code. Returns -1 for anything that is not normalized. No parsing library on this
 * path: it runs once per entry when a policy with a million entries is compiled.
 */
export function exclusionKey(entry: string): number {
  if (exclusionKind(entry) === 'area-code') {
    const code = Number(entry);
    return code >= 200 && code <= 999 && entry.charCodeAt(0) !== 48 ? code : -1;
  }
  if (entry.length !== 12 || entry.charCodeAt(0) !== 43 || entry.charCodeAt(1) !== 49) return -1;
  let key = 0;
  for (let i = 2; i < 12; i++) {
    const digit = entry.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    key = key * 10 + digit;
  }
  return key >= 2_000_000_000 ? key : -1;
}

/** The key of a customer's E.164 number, or -1 when it is not a North American number. */
export function customerKey(e164: string): number {
  return e164.length === 12 ? exclusionKey(e164) : -1;
}
