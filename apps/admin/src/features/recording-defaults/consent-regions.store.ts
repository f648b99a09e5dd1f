import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiProblem, api, asProblem, type Schemas, unwrap } from '../../api';

export type ConsentRegion = Schemas['ConsentRegionDto'];
export type Country = ConsentRegion['country'];

/** The countries the table groups regions by, in its order, with the name the console shows. */
export const COUNTRIES: readonly { readonly code: Country; readonly name: string }[] = [
  { code: 'US', name: 'United States' },
  { code: 'CA', name: 'Canada' },
];

/**
 * The product's region table (CNS-1/2) as the API answers it (`GET /consent/regions`): the regions the
 * all-party list and a call's `customerRegion` may name, their names, the default list and the disputed
 * ones. Read from the API rather than bundled, so the console offers exactly the codes the API accepts
 * (the table changes with a release of the API). Read once per session; the Simulator shares it.
 */
export const useConsentRegionsStore = defineStore('consent-regions', () => {
  const regions = ref<readonly ConsentRegion[] | null>(null);
  const loading = ref(false);
  const problem = ref<ApiProblem | null>(null);

  const byCode = computed(() => new Map((regions.value ?? []).map((region) => [region.code, region])));
  /** The product's default all-party list (GLB-1 of CNS-2), codes ascending. */
  const defaults = computed(() =>
    (regions.value ?? [])
      .filter((region) => region.allPartyByDefault)
      .map((region) => region.code)
      .sort(),
  );

  async function load(): Promise<void> {
    if (regions.value || loading.value) return;
    loading.value = true;
    problem.value = null;
    try {
      const { data } = await unwrap(api().GET('/consent/regions'));
      regions.value = data.items;
    } catch (error) {
      problem.value = asProblem(error);
    } finally {
      loading.value = false;
    }
  }

  /** A region's name (`California`), or its code while the table is not read or does not know it. */
  function nameOf(code: string): string {
    return byCode.value.get(code.toUpperCase())?.name ?? code;
  }

  return { regions, loading, problem, byCode, defaults, load, nameOf };
});
