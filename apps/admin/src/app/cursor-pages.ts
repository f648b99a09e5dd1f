import { computed, type Ref, ref } from 'vue';

/** One page of an API's cursor-paged list. */
export interface CursorPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * Paging by the API's cursors (the exclusion list, the call history): the cursor each page read so far
 * started from is kept (the first page's is undefined), so going back retraces them. `read` loads one
 * page, or gives null when the API refused it (it keeps the refusal): a failed read moves nothing.
 */
export function useCursorPages<T>(read: (cursor: string | undefined) => Promise<CursorPage<T> | null>) {
  const items = ref<T[]>([]) as Ref<T[]>;
  /** A page has been read: until then there is nothing to show, not an empty list. */
  const loaded = ref(false);
  const cursors = ref<(string | undefined)[]>([undefined]);
  const nextCursor = ref<string | null>(null);

  async function load(cursor: string | undefined): Promise<boolean> {
    const page = await read(cursor);
    if (!page) return false;
    items.value = page.items;
    nextCursor.value = page.nextCursor;
    loaded.value = true;
    return true;
  }

  /** The first page, anew (a new search). */
  async function first(): Promise<void> {
    cursors.value = [undefined];
    nextCursor.value = null;
    await load(undefined);
  }

  async function next(): Promise<void> {
    const cursor = nextCursor.value;
    if (cursor === null) return;
    if (await load(cursor)) cursors.value = [...cursors.value, cursor];
  }

  async function previous(): Promise<void> {
    if (cursors.value.length < 2) return;
    const earlier = cursors.value.slice(0, -1);
    if (await load(earlier.at(-1))) cursors.value = earlier;
  }

  /** The page shown, read again. */
  async function current(): Promise<void> {
    await load(cursors.value.at(-1));
  }

  return {
    items,
    loaded,
    pageNumber: computed(() => cursors.value.length),
    hasPrevious: computed(() => cursors.value.length > 1),
    hasNext: computed(() => nextCursor.value !== null),
    first,
    next,
    previous,
    current,
  };
}
