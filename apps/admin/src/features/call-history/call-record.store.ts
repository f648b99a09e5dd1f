import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiProblem, api, asProblem, type Refusal, refusalOf, type Schemas, unwrap } from '../../api';
import type { DownloadedFile } from '../../app/save-file';
import { evidenceFileName } from './labels';

export type CallRecord = Schemas['CallRecordDto'];
export type HistoryStep = Schemas['HistoryStepDto'];

/** What the Hold pop-up says after the API answered (HIS-4). */
export type HoldOutcome = { readonly kind: 'held' } | Refusal;

/**
 * One call of the history (HIS-1): its record as the API kept it (every step exactly as answered,
 * with when its event arrived), its legal hold (HIS-4: placed with a reason and released, both
 * needing Edit Call Recording Settings too, ACC-5) and its evidence file (HIS-2).
 */
export const useCallRecordStore = defineStore('call-record', () => {
  const record = ref<CallRecord | null>(null);
  const loading = ref(false);
  /** The call's own read failed: 404 (not in this account's history), 403, the API gone. */
  const problem = ref<ApiProblem | null>(null);
  const holding = ref(false);
  /** A release or the evidence failed: the record stays shown, with this beside it. */
  const actionProblem = ref<ApiProblem | null>(null);
  const downloading = ref(false);

  async function load(callId: string): Promise<void> {
    if (record.value?.callId !== callId) record.value = null;
    loading.value = true;
    problem.value = null;
    actionProblem.value = null;
    try {
      const { data } = await unwrap(api().GET('/calls/{callId}', { params: { path: { callId } } }));
      // A person reads the record; the other shape is the live decision an API key reads (ACC-5).
      if (!('steps' in data))
        throw new ApiProblem({ status: 500, title: 'Unexpected answer', detail: 'The API sent a call decision, not its record.' });
      record.value = data;
    } catch (error) {
      record.value = null;
      problem.value = asProblem(error);
    } finally {
      loading.value = false;
    }
  }

  /** HIS-4: a legal hold with its reason; the API's reason for refusing (an empty reason) comes back for the pop-up. */
  async function hold(reason: string): Promise<HoldOutcome> {
    const callId = record.value?.callId;
    if (!callId) return { kind: 'failed', problem: new ApiProblem({ status: 0, title: 'No call', detail: 'No call is shown.' }) };
    holding.value = true;
    actionProblem.value = null;
    try {
      const { data } = await unwrap(api().PUT('/calls/{callId}/hold', { params: { path: { callId } }, body: { reason } }));
      record.value = data;
      return { kind: 'held' };
    } catch (error) {
      return refusalOf(error, 'reason');
    } finally {
      holding.value = false;
    }
  }

  /** HIS-4: the hold released; the call expires with the retention period again. True when released. */
  async function release(): Promise<boolean> {
    const callId = record.value?.callId;
    if (!callId) return false;
    holding.value = true;
    actionProblem.value = null;
    try {
      const { data } = await unwrap(api().DELETE('/calls/{callId}/hold', { params: { path: { callId } } }));
      record.value = data;
      return true;
    } catch (error) {
      actionProblem.value = asProblem(error);
      return false;
    } finally {
      holding.value = false;
    }
  }

  /** HIS-2: the call's evidence, the scenario file whose replay (`pnpm simulate`) gives back its decisions. */
  async function evidence(): Promise<DownloadedFile | null> {
    const callId = record.value?.callId;
    if (!callId) return null;
    downloading.value = true;
    actionProblem.value = null;
    try {
      const { data } = await unwrap(api().GET('/calls/{callId}/scenario', { params: { path: { callId } } }));
      const text = `${JSON.stringify(data, null, 2)}\n`;
      return { blob: new Blob([text], { type: 'application/json' }), fileName: evidenceFileName(callId) };
    } catch (error) {
      actionProblem.value = asProblem(error);
      return null;
    } finally {
      downloading.value = false;
    }
  }

  return { record, loading, problem, holding, actionProblem, downloading, load, hold, release, evidence };
});
