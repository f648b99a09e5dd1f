import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiProblem, api, type Schemas, unwrap } from '../../api';

export type Exclusion = Schemas['ExclusionDto'];
export type Upload = Schemas['UploadDto'];
export type UploadMode = Upload['mode'];
export type ExportFormat = 'csv' | 'xlsx';

/** A file the API sent, ready to be saved by the browser. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/** Entries per page: one screen at 1280×800 without scrolling far. */
export const PAGE_SIZE = 25;

/** What the Add Number pop-up says after the API answered (EXC-1, EXC-6). */
export type AddOutcome =
  | { readonly kind: 'added'; readonly exclusion: Exclusion }
  | { readonly kind: 'already-present'; readonly exclusion: Exclusion }
  | { readonly kind: 'refused'; readonly message: string; readonly rule: string | undefined }
  | { readonly kind: 'failed'; readonly problem: ApiProblem };

/**
 * The account's exclusion list. The list may hold a million entries, so it is only ever read a page at
 * a time with the API's cursor; Previous goes back through the cursors already followed. Uploads and
 * large XLSX exports run in the worker: the store polls them until they end.
 */
export const useExclusionListStore = defineStore('exclusion-list', () => {
  const items = ref<Exclusion[]>([]);
  const query = ref('');
  /** The cursor each page read so far started from (the first page's is undefined). */
  const cursors = ref<(string | undefined)[]>([undefined]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  /** A problem that belongs to no field: the page's load, a delete, an export. */
  const problem = ref<ApiProblem | null>(null);
  /** The API's reason a search was refused (errors[] on `q`). */
  const searchError = ref<string | null>(null);

  const adding = ref(false);
  const deleting = ref(false);
  const uploading = ref(false);
  const uploadProblem = ref<ApiProblem | null>(null);
  /** The upload followed on this screen (EXC-10): its progress, then its outcome. */
  const upload = ref<Upload | null>(null);
  const exporting = ref<ExportFormat | null>(null);
  /** How often running uploads and exports are asked about. */
  const pollIntervalMs = ref(500);
  // Bumped to stop following an upload (the screen was left, or another upload started) or an export (the screen was left).
  let following = 0;
  let exportRun = 0;

  const pageNumber = computed(() => cursors.value.length);
  const hasPrevious = computed(() => cursors.value.length > 1);
  const hasNext = computed(() => nextCursor.value !== null);

  async function readPage(cursor: string | undefined): Promise<boolean> {
    loading.value = true;
    problem.value = null;
    searchError.value = null;
    try {
      const q = query.value.trim();
      const { data } = await unwrap(
        api().GET('/exclusions', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...(q ? { q } : {}) } } }),
      );
      items.value = data.items;
      nextCursor.value = data.nextCursor;
      loaded.value = true;
      return true;
    } catch (error) {
      const refusal = asProblem(error);
      const onSearch = refusal.status === 422 ? refusal.fieldError('q') : undefined;
      if (onSearch) searchError.value = onSearch;
      else problem.value = refusal;
      return false;
    } finally {
      loading.value = false;
    }
  }

  /** The first page of the list, or of the entries matching `q` (digits in any format). */
  async function search(q: string): Promise<void> {
    query.value = q;
    cursors.value = [undefined];
    await readPage(undefined);
  }

  async function nextPage(): Promise<void> {
    const cursor = nextCursor.value;
    if (cursor === null) return;
    if (await readPage(cursor)) cursors.value = [...cursors.value, cursor];
  }

  async function previousPage(): Promise<void> {
    if (cursors.value.length < 2) return;
    const previous = cursors.value.slice(0, -1);
    if (await readPage(previous.at(-1))) cursors.value = previous;
  }

  /** The page shown, read again after a change; an emptied last page falls back to the one before. */
  async function refresh(): Promise<void> {
    await readPage(cursors.value.at(-1));
    if (items.value.length === 0 && cursors.value.length > 1) await previousPage();
  }

  /** EXC-1 / EXC-6: adds one number or area code as typed; a refusal comes back with the API's reason. */
  async function add(entry: string): Promise<AddOutcome> {
    adding.value = true;
    try {
      const { data } = await unwrap(api().POST('/exclusions', { body: { entry } }));
      if (!data.alreadyPresent) await refresh();
      return { kind: data.alreadyPresent ? 'already-present' : 'added', exclusion: data };
    } catch (error) {
      const refusal = asProblem(error);
      if (refusal.status !== 422) return { kind: 'failed', problem: refusal };
      return { kind: 'refused', message: refusal.fieldError('entry') ?? refusal.detail, rule: refusal.rule };
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

  /** EXC-8: stores the file with the API, then follows its import until it ends (EXC-10). */
  async function startUpload(file: File, mode: UploadMode): Promise<boolean> {
    uploading.value = true;
    uploadProblem.value = null;
    try {
      const form = new FormData();
      form.append('mode', mode);
      form.append('file', file, file.name);
      const { data } = await unwrap(
        api().POST('/exclusions/uploads', {
          body: { file: '', mode },
          // The typed body describes the multipart fields; what goes on the wire is the form with the file.
          bodySerializer: () => form,
        }),
      );
      const run = ++following;
      upload.value = null;
      void follow(run, data.uploadId);
      return true;
    } catch (error) {
      uploadProblem.value = asProblem(error);
      return false;
    } finally {
      uploading.value = false;
    }
  }

  async function follow(run: number, uploadId: string): Promise<void> {
    while (run === following) {
      try {
        const { data } = await unwrap(api().GET('/exclusions/uploads/{id}', { params: { path: { id: uploadId } } }));
        if (run !== following) return;
        upload.value = data;
        if (data.status === 'done' || data.status === 'failed') {
          if (data.status === 'done') await search(query.value);
          return;
        }
      } catch (error) {
        if (run === following) uploadProblem.value = asProblem(error);
        return;
      }
      await wait(pollIntervalMs.value);
    }
  }

  function stopFollowing(): void {
    following++;
    exportRun++;
  }

  function dismissUpload(): void {
    following++;
    upload.value = null;
    uploadProblem.value = null;
  }

  /** Every rejected row of an upload as CSV (the outcome shows the first ones only). */
  async function rejectedRows(uploadId: string): Promise<DownloadedFile | null> {
    problem.value = null;
    try {
      const { data, response } = await unwrap(
        api().GET('/exclusions/uploads/{id}/rejected.csv', { params: { path: { id: uploadId } }, parseAs: 'blob' }),
      );
      return { blob: data as Blob, fileName: fileNameOf(response, `rejected-rows-${uploadId}.csv`) };
    } catch (error) {
      problem.value = asProblem(error);
      return null;
    }
  }

  /**
   * EXC-9: the whole list as a file. A large XLSX answers 202 and is built by the worker: the store
   * polls it, then fetches its file. Null when the API refused (the problem says why).
   */
  async function exportList(format: ExportFormat): Promise<DownloadedFile | null> {
    exporting.value = format;
    problem.value = null;
    const run = exportRun;
    try {
      const { data, response } = await unwrap(api().GET('/exclusions/export', { params: { query: { format } }, parseAs: 'blob' }));
      const fallback = `exclusion-list.${format}`;
      if (response.status !== 202) return { blob: data as Blob, fileName: fileNameOf(response, fallback) };
      const { exportId } = JSON.parse(await (data as Blob).text()) as Schemas['ExportCreatedDto'];
      for (;;) {
        await wait(pollIntervalMs.value);
        if (run !== exportRun) return null;
        const { data: built } = await unwrap(api().GET('/exclusions/exports/{id}', { params: { path: { id: exportId } } }));
        if (built.status === 'failed') {
          problem.value = new ApiProblem({
            status: 500,
            title: 'The export failed',
            detail: built.error ?? 'The worker could not build the file. Ask for a new download.',
          });
          return null;
        }
        if (built.status === 'done') break;
      }
      const file = await unwrap(api().GET('/exclusions/exports/{id}/file', { params: { path: { id: exportId } }, parseAs: 'blob' }));
      return { blob: file.data as Blob, fileName: fileNameOf(file.response, fallback) };
    } catch (error) {
      problem.value = asProblem(error);
      return null;
    } finally {
      exporting.value = null;
    }
  }

  return {
    items,
    query,
    loading,
    loaded,
    problem,
    searchError,
    pageNumber,
    hasPrevious,
    hasNext,
    adding,
    deleting,
    uploading,
    uploadProblem,
    upload,
    exporting,
    pollIntervalMs,
    search,
    nextPage,
    previousPage,
    refresh,
    add,
    remove,
    startUpload,
    stopFollowing,
    dismissUpload,
    rejectedRows,
    exportList,
  };
});

/** The name the API gave the file (`filename*` first: it keeps non-ASCII names), else the fallback. */
export function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed escape: the plain filename below still names the file.
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  throw error;
}
