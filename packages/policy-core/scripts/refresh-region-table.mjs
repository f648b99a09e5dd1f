#!/usr/bin/env node
// Builds src/consent/region-table.ts, the area-code table of CNS-1, from Google libphonenumber's
// geocoding data for country code 1 (resources/geocoding/en/1.txt, Apache License 2.0). Only the
// data is used, never libphonenumber's code.
//
//   node scripts/refresh-region-table.mjs                        downloads the file from GitHub
//   node scripts/refresh-region-table.mjs /tmp/1.txt --commit=SHA reads a local copy (SHA: the
//                                                                 source commit it came from)
//
// Plain Node ESM without dependencies. Its output is deterministic for one input and one date, and
// already formatted the way `biome check` wants it.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SOURCE_URL = 'https://raw.githubusercontent.com/google/libphonenumber/master/resources/geocoding/en/1.txt';
const COMMITS_URL = 'https://api.github.com/repos/google/libphonenumber/commits?path=resources/geocoding/en/1.txt&per_page=1';
const OUTPUT = resolve(dirname(fileURLToPath(import.meta.url)), '../src/consent/region-table.ts');

/**
 * The regions of CNS-1: the 50 US states, DC, the five inhabited US territories and the 13
 * Canadian provinces and territories. [code, name, country, kind].
 */
export const REGION_NAMES = [
  ['AL', 'Alabama', 'US', 'state'],
  ['AK', 'Alaska', 'US', 'state'],
  ['AZ', 'Arizona', 'US', 'state'],
  ['AR', 'Arkansas', 'US', 'state'],
  ['CA', 'California', 'US', 'state'],
  ['CO', 'Colorado', 'US', 'state'],
  ['CT', 'Connecticut', 'US', 'state'],
  ['DE', 'Delaware', 'US', 'state'],
  ['FL', 'Florida', 'US', 'state'],
  ['GA', 'Georgia', 'US', 'state'],
  ['HI', 'Hawaii', 'US', 'state'],
  ['ID', 'Idaho', 'US', 'state'],
  ['IL', 'Illinois', 'US', 'state'],
  ['IN', 'Indiana', 'US', 'state'],
  ['IA', 'Iowa', 'US', 'state'],
  ['KS', 'Kansas', 'US', 'state'],
  ['KY', 'Kentucky', 'US', 'state'],
  ['LA', 'Louisiana', 'US', 'state'],
  ['ME', 'Maine', 'US', 'state'],
  ['MD', 'Maryland', 'US', 'state'],
  ['MA', 'Massachusetts', 'US', 'state'],
  ['MI', 'Michigan', 'US', 'state'],
  ['MN', 'Minnesota', 'US', 'state'],
  ['MS', 'Mississippi', 'US', 'state'],
  ['MO', 'Missouri', 'US', 'state'],
  ['MT', 'Montana', 'US', 'state'],
  ['NE', 'Nebraska', 'US', 'state'],
  ['NV', 'Nevada', 'US', 'state'],
  ['NH', 'New Hampshire', 'US', 'state'],
  ['NJ', 'New Jersey', 'US', 'state'],
  ['NM', 'New Mexico', 'US', 'state'],
  ['NY', 'New York', 'US', 'state'],
  ['NC', 'North Carolina', 'US', 'state'],
  ['ND', 'North Dakota', 'US', 'state'],
  ['OH', 'Ohio', 'US', 'state'],
  ['OK', 'Oklahoma', 'US', 'state'],
  ['OR', 'Oregon', 'US', 'state'],
  ['PA', 'Pennsylvania', 'US', 'state'],
  ['RI', 'Rhode Island', 'US', 'state'],
  ['SC', 'South Carolina', 'US', 'state'],
  ['SD', 'South Dakota', 'US', 'state'],
  ['TN', 'Tennessee', 'US', 'state'],
  ['TX', 'Texas', 'US', 'state'],
  ['UT', 'Utah', 'US', 'state'],
  ['VT', 'Vermont', 'US', 'state'],
  ['VA', 'Virginia', 'US', 'state'],
  ['WA', 'Washington', 'US', 'state'],
  ['WV', 'West Virginia', 'US', 'state'],
  ['WI', 'Wisconsin', 'US', 'state'],
  ['WY', 'Wyoming', 'US', 'state'],
  ['DC', 'District of Columbia', 'US', 'district'],
  ['AS', 'American Samoa', 'US', 'territory'],
  ['GU', 'Guam', 'US', 'territory'],
  ['MP', 'Northern Mariana Islands', 'US', 'territory'],
  ['PR', 'Puerto Rico', 'US', 'territory'],
  ['VI', 'U.S. Virgin Islands', 'US', 'territory'],
  ['AB', 'Alberta', 'CA', 'province'],
  ['BC', 'British Columbia', 'CA', 'province'],
  ['MB', 'Manitoba', 'CA', 'province'],
  ['NB', 'New Brunswick', 'CA', 'province'],
  ['NL', 'Newfoundland and Labrador', 'CA', 'province'],
  ['NS', 'Nova Scotia', 'CA', 'province'],
  ['ON', 'Ontario', 'CA', 'province'],
  ['PE', 'Prince Edward Island', 'CA', 'province'],
  ['QC', 'Quebec', 'CA', 'province'],
  ['SK', 'Saskatchewan', 'CA', 'province'],
  ['NT', 'Northwest Territories', 'CA', 'territory'],
  ['NU', 'Nunavut', 'CA', 'territory'],
  ['YT', 'Yukon', 'CA', 'territory'],
];

const CODE_OF_NAME = new Map(REGION_NAMES.map(([code, name]) => [name.toLowerCase(), code]));
/** Other spellings the data has used (current and older versions of the file). */
const ALIASES = [
  ['washington state', 'WA'],
  ['washington d.c.', 'DC'],
  ['washington dc', 'DC'],
  ['québec', 'QC'],
  ['british colombia', 'BC'],
  ['yukon territory', 'YT'],
  ['us virgin islands', 'VI'],
  ['virgin islands', 'VI'],
];
for (const [alias, code] of ALIASES) CODE_OF_NAME.set(alias, code);
const REGION_CODES = new Set(REGION_NAMES.map(([code]) => code));

/**
 * Area codes of the US territories, from NANPA's list of NPAs by location (nationalnanpa.com,
 * "NPAs in service"). The geocoding file names none of them with a 4-digit line (PR, MP and AS do
 * not appear at all), so they are kept here; the data may only confirm them.
 */
export const TERRITORY_AREA_CODES = [
  [340, 'VI'],
  [670, 'MP'],
  [671, 'GU'],
  [684, 'AS'],
  [787, 'PR'],
  [939, 'PR'],
];

/**
 * Non-geographic NANP area codes, from NANPA (nationalnanpa.com: "Toll-free", "5XX-NXX",
 * "N00", "NPA 456", "NPA 600" pages and the NPA reports). The geocoding file does not carry them.
 */
export const NON_GEOGRAPHIC_AREA_CODES = [
  // Toll-free in service, and the codes NANPA reserves for future toll-free use.
  800, 833, 844, 855, 866, 877, 888, 822, 880, 881, 882, 883, 884, 885, 886, 887, 889,
  // Personal communications services (5XX-NXX) in use; 530 and 531 are geographic (CA, NE).
  500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 532, 533, 544, 566, 577, 588,
  // Canadian non-geographic services.
  600, 622,
  // Interexchange carrier services, US government (GETS), premium services, inter-carrier services.
  700, 710, 900, 456,
].sort((a, b) => a - b);

/** The region a place name stands for: a region's name, or `City, XX` with XX a region code. */
function regionsOfName(name) {
  const direct = CODE_OF_NAME.get(name.trim().toLowerCase());
  if (direct) return [direct];
  const suffix = /,\s*([A-Z]{2})$/.exec(name.trim());
  if (suffix && REGION_CODES.has(suffix[1])) return [suffix[1]];
  // `Nova Scotia/Prince Edward Island`: an area code several regions share.
  const parts = name.split('/').map((part) => CODE_OF_NAME.get(part.trim().toLowerCase()));
  if (parts.length > 1 && parts.every(Boolean)) return [...new Set(parts)].sort();
  return [];
}

/**
 * Reads the geocoding file (`prefix|place` lines, prefixes starting with the country code 1) into
 * the region table: each area code's region from its 4-digit line (`1NXX|Region`), else from its
 * longer lines when they all name one region; area codes the data names for several regions
 * (shared); the exchanges of shared area codes whose lines name one of those regions; and the
 * area codes whose lines name no region (other NANP countries), which are left out.
 * Throws on a 4-digit line naming an unknown place or an area code whose lines disagree.
 */
export function parseGeocoding(text) {
  const byAreaCode = new Map(); // area code -> { main: string[] | null, lines: [prefix, regions][] }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^1([2-9]\d\d)(\d*)\|(.+)$/.exec(line);
    if (!match) continue;
    const areaCode = Number(match[1]);
    const entry = byAreaCode.get(areaCode) ?? { main: null, lines: [] };
    byAreaCode.set(areaCode, entry);
    const regions = regionsOfName(match[3]);
    if (match[2] === '') {
      if (regions.length === 0) throw new Error(`1${match[1]}|${match[3]}: unknown region name`);
      entry.main = regions;
    } else {
      entry.lines.push([match[2], regions]);
    }
  }

  const areaCodes = new Map(); // region -> Set of area codes
  const shared = new Map(); // area code -> regions
  const exchanges = new Map(); // region -> Set of NPA*1000+NXX
  const otherCountries = [];
  const add = (region, areaCode) => {
    if (!areaCodes.has(region)) areaCodes.set(region, new Set());
    areaCodes.get(region).add(areaCode);
  };
  for (const [areaCode, { main, lines }] of [...byAreaCode].sort((a, b) => a[0] - b[0])) {
    let regions = main;
    if (!regions) {
      const named = new Set(lines.flatMap(([, r]) => r));
      const unnamed = lines.some(([, r]) => r.length === 0);
      if (named.size === 0) {
        otherCountries.push(areaCode);
        continue;
      }
      if (named.size > 1 || unnamed)
        throw new Error(`${areaCode}: its lines name ${[...named].join(', ') || 'no region'} and other places`);
      regions = [...named];
    }
    for (const region of regions) add(region, areaCode);
    if (regions.length === 1) continue;
    shared.set(areaCode, regions);
    // Longest prefix wins: a 6-digit line covers ten exchanges, a 7-digit line one.
    for (const [rest, named] of [...lines].sort((a, b) => a[0].length - b[0].length)) {
      if (rest.length > 3 || named.length !== 1 || !regions.includes(named[0])) continue;
      const width = 10 ** (3 - rest.length);
      for (let nxx = Number(rest) * width; nxx < (Number(rest) + 1) * width; nxx++) {
        for (const set of exchanges.values()) set.delete(areaCode * 1000 + nxx);
        if (!exchanges.has(named[0])) exchanges.set(named[0], new Set());
        exchanges.get(named[0]).add(areaCode * 1000 + nxx);
      }
    }
  }

  for (const [areaCode, region] of TERRITORY_AREA_CODES) {
    const other = [...areaCodes].find(([r, codes]) => r !== region && codes.has(areaCode));
    if (other) throw new Error(`${areaCode}: the data names ${other[0]}, NANPA ${region}`);
    const index = otherCountries.indexOf(areaCode);
    if (index >= 0) otherCountries.splice(index, 1);
    add(region, areaCode);
  }
  for (const areaCode of NON_GEOGRAPHIC_AREA_CODES) {
    if (byAreaCode.has(areaCode)) throw new Error(`${areaCode}: non-geographic per NANPA, but the data names a place`);
  }

  const sortedNumbers = (set) => [...set].sort((a, b) => a - b);
  return {
    regions: REGION_NAMES.filter(([code]) => areaCodes.has(code)).map(([code, name, country, kind]) => ({
      code,
      name,
      country,
      kind,
      areaCodes: sortedNumbers(areaCodes.get(code)),
    })),
    shared: [...shared].map(([areaCode, regions]) => ({ areaCode, regions })),
    exchanges: [...exchanges].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([region, set]) => ({ region, exchanges: sortedNumbers(set) })),
    otherCountries,
    nonGeographic: [...NON_GEOGRAPHIC_AREA_CODES],
  };
}

/** Throws unless every region of CNS-1 has at least one area code. */
export function checkComplete(table) {
  const present = new Set(table.regions.map((region) => region.code));
  const missing = REGION_NAMES.map(([code]) => code).filter((code) => !present.has(code));
  if (missing.length > 0) throw new Error(`no area code for ${missing.join(', ')}`);
}

const LINE_WIDTH = 140;

/** An object literal on one line when it fits, else one property a line (as biome formats it). */
function objectLiteral(indent, properties, suffix) {
  const pad = ' '.repeat(indent);
  const oneLine = `${pad}{ ${properties.map(([key, value]) => `${key}: ${value}`).join(', ')} }${suffix}`;
  if (oneLine.length <= LINE_WIDTH) return [oneLine];
  return [`${pad}{`, ...properties.flatMap(([key, value]) => assignment(indent + 2, `${key}:`, value, ',')), `${pad}}${suffix}`];
}

/**
 * `key: value` (or `key = value`), with the value on the next line when the line is too long, as
 * biome does; biome keeps a value after a key no longer than the indent width (`NS: '…'`).
 */
function assignment(indent, head, value, suffix) {
  const pad = ' '.repeat(indent);
  const oneLine = `${pad}${head} ${value}${suffix}`;
  const shortKey = head.endsWith(':') && head.length - 1 <= 2;
  return oneLine.length <= LINE_WIDTH || shortKey ? [oneLine] : [`${pad}${head}`, `${pad}  ${value}${suffix}`];
}

const quote = (text) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const codes = (numbers) => quote(numbers.map((n) => String(n).padStart(3, '0')).join(' '));

/**
 * The TypeScript source of src/consent/region-table.ts for a parsed table. `generated` is the
 * date (YYYY-MM-DD), `commit` the source's commit or null when unknown.
 */
export function renderRegionTable(table, { generated, commit }) {
  const lines = [
    '/**',
    " * The NANP area codes of each region of CNS-1 (the customer's location), and the non-geographic codes.",
    ' *',
    ` * Source: ${SOURCE_URL}`,
    ` * Source commit: ${commit ?? 'unknown'}`,
    ' * Licence: Apache License 2.0 (Copyright (C) 2011 Google Inc.), http://www.apache.org/licenses/LICENSE-2.0',
    ` * Generated: ${generated}`,
    ' * US territory area codes and the non-geographic codes: NANPA (nationalnanpa.com), kept in the script.',
    ` * Left out, other NANP countries named by the data: ${table.otherCountries.join(' ') || 'none'}.`,
    ' *',
    ' * generated by scripts/refresh-region-table.mjs; do not edit',
    ' */',
    '',
    '/** One region: its area codes ascending, space-separated, shared ones included. */',
    'export interface RegionRow {',
    '  readonly code: string;',
    '  readonly name: string;',
    "  readonly country: 'US' | 'CA';",
    "  readonly kind: 'state' | 'district' | 'territory' | 'province';",
    '  readonly areaCodes: string;',
    '}',
    '',
    '/** Every region, US then Canada, each by code. */',
    'export const REGION_ROWS: readonly RegionRow[] = [',
  ];
  const ordered = [...table.regions].sort((a, b) => (a.country === b.country ? (a.code < b.code ? -1 : 1) : a.country === 'US' ? -1 : 1));
  for (const region of ordered) {
    lines.push(
      ...objectLiteral(
        2,
        [
          ['code', quote(region.code)],
          ['name', quote(region.name)],
          ['country', quote(region.country)],
          ['kind', quote(region.kind)],
          ['areaCodes', codes(region.areaCodes)],
        ],
        ',',
      ),
    );
  }
  lines.push('];', '');
  lines.push('/** Area codes the data names for several regions, with those regions: the area code alone does not tell which. */');
  lines.push('export const SHARED_AREA_CODES: Readonly<Record<string, string>> = {');
  for (const { areaCode, regions } of table.shared) lines.push(...assignment(2, `'${areaCode}':`, quote(regions.join(' ')), ','));
  lines.push('};', '');
  lines.push('/** The exchanges (area code and exchange, 6 digits) of shared area codes whose place the data names, by region. */');
  lines.push('export const SHARED_AREA_CODE_EXCHANGES: Readonly<Record<string, string>> = {');
  for (const { region, exchanges } of table.exchanges) lines.push(...assignment(2, `${region}:`, quote(exchanges.join(' ')), ','));
  lines.push('};', '');
  lines.push('/** Non-geographic area codes (toll-free, 5XX, 600/622, 700, 710, 900, 456), ascending. */');
  lines.push(...assignment(0, 'export const NON_GEOGRAPHIC_AREA_CODES =', codes(table.nonGeographic), ';'));
  lines.push('');
  return lines.join('\n');
}

async function latestCommit() {
  try {
    const response = await fetch(COMMITS_URL, { headers: { accept: 'application/vnd.github+json' } });
    if (!response.ok) return null;
    const [latest] = await response.json();
    return typeof latest?.sha === 'string' ? latest.sha : null;
  } catch {
    return null;
  }
}

async function main(args) {
  const commitArg = args.find((arg) => arg.startsWith('--commit='));
  const path = args.find((arg) => !arg.startsWith('--'));
  let text;
  let commit = commitArg ? commitArg.slice('--commit='.length) : null;
  if (path) {
    text = await readFile(path, 'utf8');
  } else {
    const response = await fetch(SOURCE_URL);
    if (!response.ok) throw new Error(`${SOURCE_URL}: HTTP ${response.status}`);
    text = await response.text();
    commit ??= await latestCommit();
  }
  const table = parseGeocoding(text);
  checkComplete(table);
  const generated = new Date().toISOString().slice(0, 10);
  await writeFile(OUTPUT, renderRegionTable(table, { generated, commit }));
  const count = table.regions.reduce((sum, region) => sum + region.areaCodes.length, 0);
  console.log(`${OUTPUT}: ${table.regions.length} regions, ${count} area codes (${table.shared.length} shared)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
