import { describe, expect, it } from 'vitest';
import { ALL_PARTY_REGIONS } from './all-party-regions.js';
import {
  DEFAULT_ALL_PARTY_REGIONS,
  isNonGeographicAreaCode,
  isRegionCode,
  REGIONS,
  regionIndex,
  regionOfAreaCode,
  regionOfNumber,
} from './regions.js';

const STATES = [
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO',
  'MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY',
]
  .join(' ')
  .split(' ');
const TERRITORIES = ['AS', 'GU', 'MP', 'PR', 'VI'];
const CANADA = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'];
const SHARED = ['782', '867', '902'];
const UNDISPUTED_ALL_PARTY = ['CA', 'CT', 'FL', 'IL', 'MA', 'MD', 'MT', 'NH', 'PA', 'WA'];

function region(code: string) {
  const found = REGIONS[regionIndex(code)];
  if (!found) throw new Error(`no region ${code}`);
  return found;
}

describe('CNS-1: the regions and their area codes', () => {
  it('CNS-1: every state, DC, the five territories and the 13 provinces and territories, each with an area code', () => {
    expect(STATES).toHaveLength(50);
    const expected = [...STATES, 'DC', ...TERRITORIES, ...CANADA];
    expect(REGIONS.map((r) => r.code).sort()).toEqual(expected.sort());
    for (const r of REGIONS) expect(r.areaCodes.length, r.code).toBeGreaterThan(0);
    expect(region('DC').kind).toBe('district');
    for (const code of TERRITORIES) expect(region(code)).toMatchObject({ country: 'US', kind: 'territory' });
    for (const code of ['NT', 'NU', 'YT']) expect(region(code)).toMatchObject({ country: 'CA', kind: 'territory' });
    for (const code of STATES) expect(region(code)).toMatchObject({ country: 'US', kind: 'state' });
  });

  it('CNS-1: regions are ordered by country (US, then CA) then code, and frozen', () => {
    const keys = REGIONS.map((r) => `${r.country === 'US' ? 0 : 1}${r.code}`);
    expect(keys).toEqual([...keys].sort());
    expect(Object.isFrozen(REGIONS)).toBe(true);
    expect(Object.isFrozen(REGIONS[0])).toBe(true);
    expect(Object.isFrozen(REGIONS[0]?.areaCodes)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ALL_PARTY_REGIONS)).toBe(true);
  });

  it('CNS-1: area codes are 3 digits, ascending, and geographic', () => {
    for (const r of REGIONS) {
      for (const areaCode of r.areaCodes) {
        expect(areaCode).toMatch(/^[2-9]\d\d$/);
        expect(isNonGeographicAreaCode(Number(areaCode)), areaCode).toBe(false);
      }
      expect([...r.areaCodes].sort(), r.code).toEqual(r.areaCodes);
      expect(new Set(r.areaCodes).size).toBe(r.areaCodes.length);
    }
  });

  it('CNS-1: no area code belongs to two regions, except 782, 867 and 902, which the data names for several', () => {
    const owners = new Map<string, string[]>();
    for (const r of REGIONS) for (const areaCode of r.areaCodes) owners.set(areaCode, [...(owners.get(areaCode) ?? []), r.code]);
    const shared = [...owners].filter(([, codes]) => codes.length > 1);
    expect(shared.map(([areaCode]) => areaCode).sort()).toEqual(SHARED);
    expect(Object.fromEntries(shared)).toEqual({ '782': ['NS', 'PE'], '867': ['NT', 'NU', 'YT'], '902': ['NS', 'PE'] });
    for (const [areaCode, codes] of owners) {
      if (codes.length === 1) expect(regionOfAreaCode(Number(areaCode))).toBe(codes[0]);
    }
  });

  it.each([
    [415, 'CA'],
    [212, 'NY'],
    [718, 'NY'],
    [202, 'DC'],
    [203, 'CT'],
    [416, 'ON'],
    [905, 'ON'],
    [604, 'BC'],
    [514, 'QC'],
    [787, 'PR'],
    [939, 'PR'],
    [671, 'GU'],
    [340, 'VI'],
    [670, 'MP'],
    [684, 'AS'],
    [907, 'AK'],
    [808, 'HI'],
    [206, 'WA'],
    [709, 'NL'],
  ])('CNS-1: area code %i is in %s', (areaCode, code) => {
    expect(regionOfAreaCode(areaCode)).toBe(code);
    expect(region(code).areaCodes).toContain(String(areaCode));
  });

  it.each([800, 833, 844, 855, 866, 877, 888, 900, 500, 533, 600, 622, 700, 710, 456])(
    'CNS-1: %i is non-geographic: no region (basis unknown)',
    (areaCode) => {
      expect(isNonGeographicAreaCode(areaCode)).toBe(true);
      expect(regionOfAreaCode(areaCode)).toBeNull();
      expect(regionOfNumber(`+1${areaCode}5550100`)).toBeNull();
    },
  );

  it.each([
    [876, 'Jamaica'],
    [242, 'Bahamas'],
    [809, 'Dominican Republic'],
    [441, 'Bermuda'],
  ])('CNS-1: %i (%s) is another NANP country: no region', (areaCode) => {
    expect(regionOfAreaCode(areaCode)).toBeNull();
    expect(isNonGeographicAreaCode(areaCode)).toBe(false);
  });

  it('CNS-1: a shared area code alone names no region; its exchange does where the data names its place', () => {
    for (const areaCode of SHARED) expect(regionOfAreaCode(Number(areaCode))).toBeNull();
    expect(regionOfNumber('+18676670100')).toBe('YT'); // Whitehorse
    expect(regionOfNumber('+18679200100')).toBe('NT'); // Yellowknife
    expect(regionOfNumber('+18679790100')).toBe('NU'); // Iqaluit
    expect(regionOfNumber('+19025660100')).toBe('PE'); // Charlottetown
    expect(regionOfNumber('+19024250100')).toBe('NS'); // Halifax
    expect(regionOfNumber('+19022000100')).toBeNull(); // an exchange the data does not place
  });

  it.each([0, 199, 1000, 415.5, -415, Number.NaN])('CNS-1: %d is not an area code', (areaCode) => {
    expect(regionOfAreaCode(areaCode)).toBeNull();
    expect(isNonGeographicAreaCode(areaCode)).toBe(false);
  });

  it.each([
    ['+14155550100', 'CA'],
    ['+12125550100', 'NY'],
    ['+17875550100', 'PR'],
    ['+16045550100', 'BC'],
    ['+442071234567', null],
    ['+18005550100', null],
    ['+18765550100', null],
    ['+1415555010', null],
    ['+141555501000', null],
    ['14155550100', null],
    ['+24155550100', null],
    ['+11155550100', null],
    ['+14151550100', null],
    ['+1415555O100', null],
    ['', null],
  ])('CNS-1: %s is in %s', (e164, code) => {
    expect(regionOfNumber(e164)).toBe(code);
  });

  it('CNS-1: region codes and indexes are exact and upper case', () => {
    REGIONS.forEach((r, index) => {
      expect(regionIndex(r.code)).toBe(index);
      expect(isRegionCode(r.code)).toBe(true);
    });
    for (const code of ['ca', 'Ca', 'XX', 'C', 'CAL', '', 'C@', '[A', 'BS', 'JM']) {
      expect(regionIndex(code), code).toBe(-1);
      expect(isRegionCode(code), code).toBe(false);
    }
  });
});

describe("CNS-2: the product's default all-party list", () => {
  it('CNS-2: holds the undisputed all-party states, without a note', () => {
    for (const code of UNDISPUTED_ALL_PARTY) {
      expect(DEFAULT_ALL_PARTY_REGIONS).toContain(code);
      expect(region(code)).toMatchObject({ allPartyByDefault: true, disputed: null });
    }
  });

  it('CNS-2: the strictest reading: the disputed regions are on it, each with a one-line note', () => {
    const disputed = REGIONS.filter((r) => r.disputed !== null);
    expect(disputed.map((r) => r.code)).toEqual(['DE', 'HI', 'MI', 'NV', 'OR', 'VT']);
    for (const r of disputed) {
      expect(r.allPartyByDefault).toBe(true);
      expect(r.disputed?.length ?? 0, r.code).toBeGreaterThan(20);
      expect(r.disputed, r.code).not.toContain('\n');
    }
    expect(DEFAULT_ALL_PARTY_REGIONS).toEqual([...UNDISPUTED_ALL_PARTY, ...disputed.map((r) => r.code)].sort());
  });

  it('CNS-2: codes ascending, each a US region of the table; no Canadian province (Criminal Code s. 184: one-party)', () => {
    expect(DEFAULT_ALL_PARTY_REGIONS).toEqual([...DEFAULT_ALL_PARTY_REGIONS].sort());
    expect(ALL_PARTY_REGIONS.map((entry) => entry.code)).toEqual(DEFAULT_ALL_PARTY_REGIONS);
    for (const code of DEFAULT_ALL_PARTY_REGIONS) expect(region(code).country).toBe('US');
    expect(REGIONS.filter((r) => r.allPartyByDefault).map((r) => r.code)).toEqual(DEFAULT_ALL_PARTY_REGIONS);
  });
});
