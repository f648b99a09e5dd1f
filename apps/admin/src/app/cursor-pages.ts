import { computed, ref } from 'vue';

/**
 * Paging by the API's cursors (the exclusion list, the call history): the cursor each page read so far
 * started from is kept (the first page's is undefined), so going back retraces them. `read` loads one
 * page, sets `nextCursor` from the answer and says whether it worked: a failed read moves nothing.
 */
export function useCursorPages(read: (cursor: string | undefined) => Promise<boolean>) {
  const cursors = ref<(string | undefined)[]>([undefined]);
  const nextCursor = ref<string | null>(null);

  /** The first page, anew (a new search). */
  async function first(): Promise<void> {
    cursors.value = [undefined];
    nextCursor.value = null;
    await read(undefined);
  }

  async function next(): Promise<void> {
    const cursor = nextCursor.value;
    if (cursor === null) return;
    if (await read(cursor)) cursors.value = [...cursors.value, cursor];
  }

  async function previous(): Promise<void> {
    if (cursors.value.length < 2) return;
    const earlier = cursors.value.slice(0, -1);
    if (await read(earlier.at(-1))) cursors.value = earlier;
  }

  /** The page shown, read again. */
  async function current(): Promise<void> {
    await read(cursors.value.at(-1));
  }

  return {
    nextCursor,
    pageNumber: computed(() => cursors.value.length),
    hasPrevious: computed(() => cursors.value.length > 1),
    hasNext: computed(() => nextCursor.value !== null),
    first,
    next,
    previous,
    current,
  };
}
