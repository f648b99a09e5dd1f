/** Types of refresh-region-table.mjs, for its test (the script itself stays plain JavaScript). */

export declare const SOURCE_URL: string;
export declare const REGION_NAMES: readonly (readonly [code: string, name: string, country: 'US' | 'CA', kind: string])[];
export declare const TERRITORY_AREA_CODES: readonly (readonly [areaCode: number, region: string])[];
export declare const NON_GEOGRAPHIC_AREA_CODES: readonly number[];

/** The region table read from the geocoding file. */
export interface ParsedTable {
  readonly regions: readonly {
    readonly code: string;
    readonly name: string;
    readonly country: 'US' | 'CA';
    readonly kind: string;
    readonly areaCodes: readonly number[];
  }[];
  readonly shared: readonly { readonly areaCode: number; readonly regions: readonly string[] }[];
  readonly exchanges: readonly { readonly region: string; readonly exchanges: readonly number[] }[];
  readonly otherCountries: readonly number[];
  readonly nonGeographic: readonly number[];
}

export declare function parseGeocoding(text: string): ParsedTable;
export declare function checkComplete(table: ParsedTable): void;
export declare function renderRegionTable(table: ParsedTable, meta: { generated: string; commit: string | null }): string;
