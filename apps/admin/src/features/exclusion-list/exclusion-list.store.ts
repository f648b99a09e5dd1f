import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiProblem, api, fileNameOf, type Schemas, unwrap } from '../../api';
import { useCursorPages } from '../../app/cursor-pages';

export type Exclusion = Schemas['ExclusionDto'];
export type Upload = Schemas['UploadDto'];
export type UploadMode = Upload['mode'];
export type ExportFormat = 'csv' | 'xlsx';

/** A file the API sent, ready to be saved by the browser. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/** The uploads whose outcome this tab has shown (EXC-10): each is shown once per browser session. */
export const SEEN_UPLOADS_KEY = 'ccp.exclusion-list.seen-uploads';
/** Enough to cover the uploads an account makes in one session; older ids drop off. */
const SEEN_UPLOADS_KEPT = 50;

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
 * large XLSX exports run in the worker: the store polls them until they end, one poller at a time.
 */
export const useExclusionListStore = defineStore('exclusion-list', () => {
  const items = ref<Exclusion[]>([]);
  const query = ref('');
  const pages = useCursorPages(readPage);
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
  /** The upload polled now, if any: a second request to follow it is not a second poller. */
  let followed: { readonly run: number; readonly id: string } | null = null;
  /** The polling loop: a new one starts only once the one before has returned (its last request answered). */
  let poller: Promise<void> = Promise.resolve();
  /** Ends the pause between two polls at once when the polling stops. */
  let interruptPause: (() => void) | null = null;
  const seenUploads = new Set<string>(readSeenUploads());

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
      pages.nextCursor.value = data.nextCursor;
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
    await pages.first();
  }

  /** The page shown, read again after a change; an emptied last page falls back to the one before. */
  async function refresh(): Promise<void> {
    await pages.current();
    if (items.value.length === 0 && pages.hasPrevious.value) await pages.previous();
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
      upload.value = null;
      followUpload(data.uploadId);
      return true;
    } catch (error) {
      uploadProblem.value = asProblem(error);
      return false;
    } finally {
      uploading.value = false;
    }
  }

  /**
   * EXC-10, when the screen opens: the account's newest upload. Queued or running (whoever started it),
   * it shows its progress and is followed; ended, its outcome shows if `user` uploaded it and this
   * browser session has not shown it yet (an outcome still on screen from before stays).
   */
  async function resumeUpload(user: string | null): Promise<void> {
    const run = following;
    try {
      const { data } = await unwrap(api().GET('/exclusions/uploads', { params: { query: { limit: 1 } } }));
      // An upload started, or the screen was left, while the API answered: that decides, not this answer.
      if (run !== following) return;
      const newest = data.items[0];
      const held = upload.value?.id === newest?.id ? upload.value : null;
      if (!newest) {
        upload.value = null;
      } else if (!ended(newest)) {
        upload.value = held ?? { ...newest, rejected: [] };
        followUpload(newest.id);
      } else if (held && ended(held)) {
        upload.value = held;
      } else if (!seenUploads.has(newest.id) && (newest.createdBy === user || held)) {
        // Only the upload itself carries the rejected rows the outcome lists.
        followUpload(newest.id);
      } else {
        upload.value = null;
      }
    } catch (error) {
      const refusal = asProblem(error);
      // A refused account or permission is already shown by the list's own read.
      if (run === following && refusal.status !== 403) uploadProblem.value = refusal;
    }
  }

  function followUpload(uploadId: string): void {
    if (followed?.run === following && followed.id === uploadId) return;
    const run = ++following;
    interruptPause?.();
    followed = { run, id: uploadId };
    // A loop that failed on a bug has been reported unhandled already; the next one starts all the same.
    poller = poller.catch(() => undefined).then(() => follow(run, uploadId));
  }

  async function follow(run: number, uploadId: string): Promise<void> {
    try {
      while (run === following) {
        const { data } = await unwrap(api().GET('/exclusions/uploads/{id}', { params: { path: { id: uploadId } } }));
        if (run !== following) return;
        show(data);
        if (ended(data)) {
          if (data.status === 'done') await search(query.value);
          return;
        }
        await pause(pollIntervalMs.value);
      }
    } catch (error) {
      if (run === following) uploadProblem.value = asProblem(error);
    } finally {
      if (followed?.run === run) followed = null;
    }
  }

  function show(next: Upload): void {
    upload.value = next;
    if (!ended(next) || seenUploads.has(next.id)) return;
    seenUploads.add(next.id);
    writeSeenUploads([...seenUploads].slice(-SEEN_UPLOADS_KEPT));
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        if (interruptPause === done) interruptPause = null;
        resolve();
      }
      interruptPause = done;
    });
  }

  function stopPolling(): void {
    following++;
    interruptPause?.();
  }

  function stopFollowing(): void {
    stopPolling();
    exportRun++;
  }

  function dismissUpload(): void {
    stopPolling();
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
    pageNumber: pages.pageNumber,
    hasPrevious: pages.hasPrevious,
    hasNext: pages.hasNext,
    adding,
    deleting,
    uploading,
    uploadProblem,
    upload,
    exporting,
    pollIntervalMs,
    search,
    nextPage: pages.next,
    previousPage: pages.previous,
    refresh,
    add,
    remove,
    startUpload,
    resumeUpload,
    stopFollowing,
    dismissUpload,
    rejectedRows,
    exportList,
  };
});

function ended(upload: Pick<Upload, 'status'>): boolean {
  return upload.status === 'done' || upload.status === 'failed';
}

function seenStorage(): Storage | undefined {
  return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
}

function readSeenUploads(): string[] {
  try {
    const ids: unknown = JSON.parse(seenStorage()?.getItem(SEEN_UPLOADS_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writeSeenUploads(ids: readonly string[]): void {
  try {
    seenStorage()?.setItem(SEEN_UPLOADS_KEY, JSON.stringify(ids));
  } catch {
    // Storage full or blocked: the outcome may show once more after a reload, nothing worse.
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  throw error;
}
