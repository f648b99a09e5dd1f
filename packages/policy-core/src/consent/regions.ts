import { ALL_PARTY_REGIONS } from './all-party-regions.js';
import { NON_GEOGRAPHIC_AREA_CODES, REGION_ROWS, SHARED_AREA_CODE_EXCHANGES, SHARED_AREA_CODES } from './region-table.js';

/** The countries of the regions of CNS-1. */
export type Country = 'US' | 'CA';

/** A region of CNS-1: a US state, DC, a US territory, or a Canadian province or territory. */
export interface Region {
  /** Two letters, e.g. `'CA'`. */
  readonly code: string;
  /** Its English name, e.g. `'California'`. */
  readonly name: string;
  readonly country: Country;
  readonly kind: 'state' | 'district' | 'territory' | 'province';
  /** Whether it is on the product's default all-party list (CNS-2, GLB-1). */
  readonly allPartyByDefault: boolean;
  /** The one-line note when sources disagree whether it is all-party, else null. */
  readonly disputed: string | null;
  /**
   * Its NANP area codes, ascending, 3 digits each. An area code several regions share (867 for
   * NT, NU and YT; 782 and 902 for NS and PE) is listed for each of them.
   */
  readonly areaCodes: readonly string[];
}

const disputes = new Map(ALL_PARTY_REGIONS.map((entry) => [entry.code, entry.disputed]));

/** Every region, by country (US, then CA) then code. Frozen. */
export const REGIONS: readonly Region[] = Object.freeze(
  REGION_ROWS.map((row) =>
    Object.freeze({
      code: row.code,
      name: row.name,
      country: row.country,
      kind: row.kind,
      allPartyByDefault: disputes.has(row.code),
      disputed: disputes.get(row.code) ?? null,
      areaCodes: Object.freeze(row.areaCodes.split(' ')),
    }),
  ),
);

/** The default all-party list (GLB-1 of CNS-2), codes ascending. Frozen. */
export const DEFAULT_ALL_PARTY_REGIONS: readonly string[] = Object.freeze(ALL_PARTY_REGIONS.map((entry) => entry.code).sort());

const A = 65;
/** Region index by its two upper-case letters ((first - 'A') * 26 + (second - 'A')), or -1. */
const INDEX_OF_CODE = new Int16Array(26 * 26).fill(-1);
/** Region index + 1 by area code; 0 for none; SHARED when several regions share it. */
const REGION_OF_AREA_CODE = new Uint8Array(1000);
const SHARED = 0xff;
/** Region index + 1 by area code * 1000 + exchange, for the exchanges of shared area codes the data names. */
const REGION_OF_EXCHANGE = new Map<number, number>();
const NON_GEOGRAPHIC = new Uint8Array(1000);

REGIONS.forEach((region, index) => {
  INDEX_OF_CODE[(region.code.charCodeAt(0) - A) * 26 + (region.code.charCodeAt(1) - A)] = index;
  for (const areaCode of region.areaCodes) REGION_OF_AREA_CODE[Number(areaCode)] = index + 1;
});
for (const areaCode of Object.keys(SHARED_AREA_CODES)) REGION_OF_AREA_CODE[Number(areaCode)] = SHARED;
for (const [code, exchanges] of Object.entries(SHARED_AREA_CODE_EXCHANGES)) {
  for (const exchange of exchanges.split(' ')) REGION_OF_EXCHANGE.set(Number(exchange), regionIndex(code) + 1);
}
for (const areaCode of NON_GEOGRAPHIC_AREA_CODES.split(' ')) NON_GEOGRAPHIC[Number(areaCode)] = 1;

/** A region's index in REGIONS (for bit sets), or -1. Exact, upper case. Allocates nothing. */
export function regionIndex(code: string): number {
  if (code.length !== 2) return -1;
  const first = code.charCodeAt(0) - A;
  const second = code.charCodeAt(1) - A;
  if (first < 0 || first > 25 || second < 0 || second > 25) return -1;
  return INDEX_OF_CODE[first * 26 + second] ?? -1;
}

/** Whether `code` is a region code of the table (exact, upper case). */
export function isRegionCode(code: string): boolean {
  return regionIndex(code) >= 0;
}

function codeAt(index: number): string | null {
  return index > 0 && index !== SHARED ? (REGIONS[index - 1]?.code ?? null) : null;
}

/**
 * The region of a NANP area code given as a number 200..999, or null: non-geographic, another
 * country, unknown, or shared by several regions (a choice made here for CNS-1: the area code alone
 * does not tell a customer in 902 from Nova Scotia or Prince Edward Island). Allocates nothing.
 */
export function regionOfAreaCode(areaCode: number): string | null {
  if (!Number.isInteger(areaCode) || areaCode < 200 || areaCode > 999) return null;
  return codeAt(REGION_OF_AREA_CODE[areaCode] ?? 0);
}

/** The digit at `index` of `text`, or -1. */
function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - 48;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/**
 * The region of a normalized E.164 number (CNS-1, basis `area-code`): `+1NXXNXXXXXX` gives its
 * area code's region; in an area code several regions share, the region the data names for its
 * exchange, if any. Anything else (not NANP, not normalized, no known region) gives null; a
 * withheld number is the caller's to handle. Allocates nothing (reads char codes, no slicing).
 */
export function regionOfNumber(e164: string): string | null {
  if (e164.length !== 12 || e164.charCodeAt(0) !== 43 /* + */ || e164.charCodeAt(1) !== 49 /* 1 */) return null;
  for (let i = 2; i < 12; i++) if (digitAt(e164, i) < 0) return null;
  if (digitAt(e164, 2) < 2 || digitAt(e164, 5) < 2) return null;
  const areaCode = digitAt(e164, 2) * 100 + digitAt(e164, 3) * 10 + digitAt(e164, 4);
  const index = REGION_OF_AREA_CODE[areaCode] ?? 0;
  if (index !== SHARED) return codeAt(index);
  const exchange = digitAt(e164, 5) * 100 + digitAt(e164, 6) * 10 + digitAt(e164, 7);
  return codeAt(REGION_OF_EXCHANGE.get(areaCode * 1000 + exchange) ?? 0);
}

/** Whether an area code is known as non-geographic: toll-free, 5XX, 600/622, 700, 710, 900, 456 (NANPA). */
export function isNonGeographicAreaCode(areaCode: number): boolean {
  return Number.isInteger(areaCode) && areaCode >= 200 && areaCode <= 999 && NON_GEOGRAPHIC[areaCode] === 1;
}
