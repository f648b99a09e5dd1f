import { defineStore } from 'pinia';
import { ref } from 'vue';
import { type ApiProblem, api, asProblem, type Refusal, refusalOf, type Schemas, unwrap } from '../../api';
import { type CursorPage, useCursorPages } from '../../app/cursor-pages';

export type Exclusion = Schemas['ExclusionDto'];

/** Entries per page: one screen at 1280×800 without scrolling far. */
export const PAGE_SIZE = 25;

/** What the Add Number pop-up says after the API answered (EXC-1, EXC-6). */
export type AddOutcome =
  | { readonly kind: 'added'; readonly exclusion: Exclusion }
  | { readonly kind: 'already-present'; readonly exclusion: Exclusion }
  | Refusal;

/**
 * The account's exclusion list. The list may hold a million entries, so it is only ever read a page at
 * a time with the API's cursor; Previous goes back through the cursors already followed.
 */
export const useExclusionListStore = defineStore('exclusion-list', () => {
  const query = ref('');
  const pages = useCursorPages(readPage);
  const loading = ref(false);
  /** A problem that belongs to no field: the page's load, a delete. */
  const problem = ref<ApiProblem | null>(null);
  /** The API's reason a search was refused (errors[] on `q`). */
  const searchError = ref<string | null>(null);

  const adding = ref(false);
  const deleting = ref(false);

  async function readPage(cursor: string | undefined): Promise<CursorPage<Exclusion> | null> {
    loading.value = true;
    problem.value = null;
    searchError.value = null;
    try {
      const q = query.value.trim();
      const { data } = await unwrap(
        api().GET('/exclusions', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...(q ? { q } : {}) } } }),
      );
      return data;
    } catch (error) {
      const refusal = asProblem(error);
      const onSearch = refusal.status === 422 ? refusal.fieldError('q') : undefined;
      if (onSearch) searchError.value = onSearch;
      else problem.value = refusal;
      return null;
    } finally {
      loading.value = false;
    }
  }

  /** The first page of the list, or of the entries matching `q` (digits in any format). */
  async function search(q: string): Promise<void> {
    query.value = q;
    await pages.first();
  }

  /** The page shown, read again after a change; an emptied last page falls back to the one before. */
  async function refresh(): Promise<void> {
    await pages.current();
    if (pages.items.value.length === 0 && pages.hasPrevious.value) await pages.previous();
  }

  /** EXC-1 / EXC-6: adds one number or area code as typed; a refusal comes back with the API's reason. */
  async function add(entry: string): Promise<AddOutcome> {
    adding.value = true;
    try {
      const { data } = await unwrap(api().POST('/exclusions', { body: { entry } }));
      if (!data.alreadyPresent) await refresh();
      return { kind: data.alreadyPresent ? 'already-present' : 'added', exclusion: data };
    } catch (error) {
      return refusalOf(error, 'entry');
    } finally {
      adding.value = false;
    }
  }

  /** EXC-7 (the view has asked for confirmation). True when the entry is gone. */
  async function remove(exclusion: Exclusion): Promise<boolean> {
    deleting.value = true;
    problem.value = null;
    try {
      await unwrap(api().DELETE('/exclusions/{entry}', { params: { path: { entry: exclusion.entry } } }));
      await refresh();
      return true;
    } catch (error) {
      const refusal = asProblem(error);
      // Someone else deleted it first: it is gone, which is what the admin asked for.
      if (refusal.status === 404) {
        await refresh();
        return true;
      }
      problem.value = refusal;
      return false;
    } finally {
      deleting.value = false;
    }
  }

  return {
    items: pages.items,
    query,
    loading,
    loaded: pages.loaded,
    problem,
    searchError,
    pageNumber: pages.pageNumber,
    hasPrevious: pages.hasPrevious,
    hasNext: pages.hasNext,
    adding,
    deleting,
    search,
    nextPage: pages.next,
    previousPage: pages.previous,
    refresh,
    add,
    remove,
  };
});
