import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiProblem, api, asProblem, fileNameOf, type Schemas, unwrap } from '../../api';
import { createPoller } from '../../app/polling';
import type { DownloadedFile } from '../../app/save-file';

export type ExportFormat = 'csv' | 'xlsx';

/**
 * EXC-9: the whole list as a file. A large XLSX answers 202 and is built by the worker: the store polls
 * the export until it is built, then fetches its file.
 */
export const useExclusionExportsStore = defineStore('exclusion-exports', () => {
  const exporting = ref<ExportFormat | null>(null);
  const problem = ref<ApiProblem | null>(null);
  /** How often an export being built is asked about. */
  const pollIntervalMs = ref(500);
  const poller = createPoller(() => pollIntervalMs.value);

  /** Null when the API refused (the problem says why) or the screen was left while the worker built it. */
  async function exportList(format: ExportFormat): Promise<DownloadedFile | null> {
    exporting.value = format;
    problem.value = null;
    try {
      return await poller.start(async (run) => {
        const { data, response } = await unwrap(api().GET('/exclusions/export', { params: { query: { format } }, parseAs: 'blob' }));
        const fallback = `exclusion-list.${format}`;
        if (response.status !== 202) return { blob: data as Blob, fileName: fileNameOf(response, fallback) };
        const { exportId } = JSON.parse(await (data as Blob).text()) as Schemas['ExportCreatedDto'];
        for (;;) {
          await run.pause();
          if (!run.current()) return null;
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
      }).done;
    } catch (error) {
      problem.value = asProblem(error);
      return null;
    } finally {
      exporting.value = null;
    }
  }

  /** The screen was left: an export being built is no longer waited for. */
  function stopFollowing(): void {
    poller.stop();
  }

  return { exporting, problem, pollIntervalMs, exportList, stopFollowing };
});
