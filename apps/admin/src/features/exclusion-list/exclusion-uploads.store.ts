import { defineStore } from 'pinia';
import { ref } from 'vue';
import { type ApiProblem, api, asProblem, fileNameOf, type Schemas, unwrap } from '../../api';
import { createPoller, type PollRun } from '../../app/polling';
import type { DownloadedFile } from '../../app/save-file';
import { useExclusionListStore } from './exclusion-list.store';

export type Upload = Schemas['UploadDto'];
export type UploadMode = Upload['mode'];

/** The uploads whose outcome this tab has shown (EXC-10): each is shown once per browser session. */
export const SEEN_UPLOADS_KEY = 'ccp.exclusion-list.seen-uploads';
/** Enough to cover the uploads an account makes in one session; older ids drop off. */
const SEEN_UPLOADS_KEPT = 50;

/**
 * Bulk uploads of the exclusion list (EXC-8, EXC-10). The import runs in the worker: the store polls
 * the upload followed on this screen until it ends, one poller at a time, and then reads the list anew.
 */
export const useExclusionUploadsStore = defineStore('exclusion-uploads', () => {
  const uploading = ref(false);
  /** A problem of the upload itself: sending it, or following it. */
  const problem = ref<ApiProblem | null>(null);
  /** The rejected rows' CSV could not be fetched. */
  const downloadProblem = ref<ApiProblem | null>(null);
  /** The upload followed on this screen (EXC-10): its progress, then its outcome. */
  const upload = ref<Upload | null>(null);
  /** How often a running upload is asked about. */
  const pollIntervalMs = ref(500);
  const poller = createPoller(() => pollIntervalMs.value);
  /** The upload polled now, if any: a second request to follow it is not a second poller. */
  let followed: { readonly run: PollRun; readonly id: string } | null = null;
  const seenUploads = new Set<string>(readSeenUploads());

  /** EXC-8: stores the file with the API, then follows its import until it ends (EXC-10). */
  async function startUpload(file: File, mode: UploadMode): Promise<boolean> {
    uploading.value = true;
    problem.value = null;
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
      problem.value = asProblem(error);
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
    const run = poller.watch();
    try {
      const { data } = await unwrap(api().GET('/exclusions/uploads', { params: { query: { limit: 1 } } }));
      // An upload started, or the screen was left, while the API answered: that decides, not this answer.
      if (!run.current()) return;
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
      if (run.current() && refusal.status !== 403) problem.value = refusal;
    }
  }

  function followUpload(uploadId: string): void {
    if (followed?.run.current() && followed.id === uploadId) return;
    const { run } = poller.start((run) => follow(run, uploadId));
    followed = { run, id: uploadId };
  }

  async function follow(run: PollRun, uploadId: string): Promise<void> {
    try {
      while (run.current()) {
        const { data } = await unwrap(api().GET('/exclusions/uploads/{id}', { params: { path: { id: uploadId } } }));
        if (!run.current()) return;
        show(data);
        if (ended(data)) {
          if (data.status === 'done') {
            const list = useExclusionListStore();
            await list.search(list.query);
          }
          return;
        }
        await run.pause();
      }
    } catch (error) {
      if (run.current()) problem.value = asProblem(error);
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

  /** The screen was left: the import goes on in the worker, unpolled. */
  function stopFollowing(): void {
    poller.stop();
  }

  function dismissUpload(): void {
    poller.stop();
    upload.value = null;
    problem.value = null;
  }

  /** Every rejected row of an upload as CSV (the outcome shows the first ones only). */
  async function rejectedRows(uploadId: string): Promise<DownloadedFile | null> {
    downloadProblem.value = null;
    try {
      const { data, response } = await unwrap(
        api().GET('/exclusions/uploads/{id}/rejected.csv', { params: { path: { id: uploadId } }, parseAs: 'blob' }),
      );
      return { blob: data as Blob, fileName: fileNameOf(response, `rejected-rows-${uploadId}.csv`) };
    } catch (error) {
      downloadProblem.value = asProblem(error);
      return null;
    }
  }

  return {
    uploading,
    problem,
    downloadProblem,
    upload,
    pollIntervalMs,
    startUpload,
    resumeUpload,
    stopFollowing,
    dismissUpload,
    rejectedRows,
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
