import type { IssueList } from '../issues.js';
import {
  CONSENT_MODES,
  type ConsentBasis,
  type ConsentMode,
  type ConsentStatus,
  UNKNOWN_REGION_TREATMENTS,
  type UnknownRegionTreatment,
} from '../vocabulary.js';
import { DEFAULT_ALL_PARTY_REGIONS, isRegionCode, REGIONS, regionIndex, regionOfNumber } from './regions.js';

/** An account's consent settings (CNS-2..4), normalized: regions upper case, ascending, once each. */
export interface ConsentSettings {
  readonly mode: ConsentMode;
  /** The all-party list: the regions where every party must consent. */
  readonly regions: readonly string[];
  readonly unknownRegion: UnknownRegionTreatment;
}

/** GLB-1: consent off, the product's all-party list, unknown regions treated strictly. */
export const INITIAL_CONSENT: ConsentSettings = Object.freeze({
  mode: 'off',
  regions: DEFAULT_ALL_PARTY_REGIONS,
  unknownRegion: 'strict',
});

/** Where a call stands on its customer's consent: scenario-format.md's `consent` object of every step. */
export interface Consent {
  readonly region: string | null;
  readonly basis: ConsentBasis;
  /** Whether the telephony side plays the recording notice to the customer (consent needed, mode not off). */
  readonly announce: boolean;
  readonly status: ConsentStatus;
}

/** Consent settings compiled for deciding calls: the all-party list as a lookup by region index. */
export interface CompiledConsent {
  readonly mode: ConsentMode;
  readonly regions: readonly string[];
  readonly unknownRegion: UnknownRegionTreatment;
  readonly allParty: Uint8Array;
}

export function compileConsent(settings: ConsentSettings): CompiledConsent {
  const allParty = new Uint8Array(REGIONS.length);
  for (const code of settings.regions) {
    const index = regionIndex(code);
    if (index < 0) throw new TypeError(`consent.regions: ${JSON.stringify(code)} is not a normalized region code`);
    allParty[index] = 1;
  }
  return Object.freeze({ mode: settings.mode, regions: settings.regions, unknownRegion: settings.unknownRegion, allParty });
}

/** Whether consent settings are GLB-1's: such settings leave the settings' version as it was before consent existed. */
export function isInitialConsent(settings: ConsentSettings): boolean {
  if (settings.mode !== INITIAL_CONSENT.mode || settings.unknownRegion !== INITIAL_CONSENT.unknownRegion) return false;
  const regions = [...settings.regions].sort();
  return regions.length === DEFAULT_ALL_PARTY_REGIONS.length && regions.every((code, i) => code === DEFAULT_ALL_PARTY_REGIONS[i]);
}

const CONSENT_KEYS = ['mode', 'regions', 'unknownRegion'];

/**
 * Reads `settings.consent`, every field optional (GLB-1 values). A region is a two-letter code of the
 * product's table; lower case is read as upper case, and the list is kept ascending without
 * duplicates, so equal lists have equal settings versions.
 */
export function readConsentSettings(issues: IssueList, input: unknown, path: string): ConsentSettings | undefined {
  if (input === undefined) return INITIAL_CONSENT;
  const raw = issues.object(input, path, CONSENT_KEYS);
  if (!raw) return undefined;
  const mode = issues.oneOf(raw.mode, `${path}.mode`, CONSENT_MODES, INITIAL_CONSENT.mode);
  const unknownRegion = issues.oneOf(raw.unknownRegion, `${path}.unknownRegion`, UNKNOWN_REGION_TREATMENTS, INITIAL_CONSENT.unknownRegion);
  const regions = raw.regions === undefined ? INITIAL_CONSENT.regions : readRegions(issues, raw.regions, `${path}.regions`);
  return mode && unknownRegion && regions ? { mode, regions, unknownRegion } : undefined;
}

function readRegions(issues: IssueList, input: unknown, path: string): readonly string[] | undefined {
  const list = issues.array(input, path);
  if (!list) return undefined;
  const codes = new Set<string>();
  let valid = true;
  list.forEach((item, i) => {
    const code = readRegionCode(item);
    if (code === null) {
      issues.add(`${path}[${i}]`, regionCodeProblem(item), 'CNS-2');
      valid = false;
    } else codes.add(code);
  });
  return valid ? [...codes].sort() : undefined;
}

/** A region code of the table, upper-cased, or null. */
export function readRegionCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  return isRegionCode(code) ? code : null;
}

/** Why a value is not a region code, as a message for its path. */
export function regionCodeProblem(value: unknown): string {
  // A long string is cut: the message names the value, it need not send 10 KB back.
  const long = typeof value === 'string' && value.length > 24;
  const what = long
    ? `${JSON.stringify(value.slice(0, 16))}… (${value.length} characters)`
    : typeof value === 'string'
      ? JSON.stringify(value)
      : value === null
        ? 'null'
        : `a ${Array.isArray(value) ? 'list' : typeof value}`;
  return `${what} is not a region code (two letters naming a US state, DC, a US territory or a Canadian province or territory; GET /consent/regions lists them)`;
}

/**
 * CNS-1: where the customer is, before the call connects: the region the telephony side sent from the
 * linked customer account, else the customer number's area code's, else unknown. Consent is not
 * needed yet: that is decided when the call connects.
 */
export function consentOfCall(call: { readonly customerRegion?: string; readonly customer: string | null }): Consent {
  if (call.customerRegion !== undefined) return { region: call.customerRegion, basis: 'account', announce: false, status: 'not-needed' };
  const region = call.customer === null ? null : regionOfNumber(call.customer);
  return { region, basis: region === null ? 'unknown' : 'area-code', announce: false, status: 'not-needed' };
}

/**
 * CNS-2: whether a call needs consent, decided when it connects: when the mode is not off and the
 * customer's region is on the all-party list, or is unknown and unknown regions are treated strictly.
 * Needed consent is implied under `announce` (CNS-3), pending under `require` (CNS-4).
 */
export function consentAtConnect(
  consent: Consent,
  settings: CompiledConsent,
): { readonly consent: Consent; readonly consentRule: 'CNS-3' | 'CNS-4' | null } {
  if (settings.mode === 'off') return { consent, consentRule: null };
  const listed = consent.region === null ? settings.unknownRegion === 'strict' : settings.allParty[regionIndex(consent.region)] === 1;
  if (!listed) return { consent, consentRule: null };
  return settings.mode === 'announce'
    ? { consent: { ...consent, announce: true, status: 'implied' }, consentRule: 'CNS-3' }
    : { consent: { ...consent, announce: true, status: 'pending' }, consentRule: 'CNS-4' };
}

/** The consent of a call whose customer reported consent: pending and implied consent become given (CNS-3, CNS-4). */
export function consentGiven(consent: Consent): Consent {
  return consent.status === 'pending' || consent.status === 'implied' ? { ...consent, status: 'given' } : consent;
}

/** CNS-5: the consent of a call whose customer refused or withdrew consent, in every mode. */
export function consentRefused(consent: Consent): Consent {
  return consent.status === 'refused' ? consent : { ...consent, status: 'refused' };
}
