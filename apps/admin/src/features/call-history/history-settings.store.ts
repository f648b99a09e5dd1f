import { defineStore } from 'pinia';
import { ref } from 'vue';
import { type ApiProblem, api, asProblem, type Refusal, refusalOf, revisionFromEtag, type Schemas, unwrap } from '../../api';

export type HistorySettings = Schemas['HistorySettingsDto'];
export type Erasure = Schemas['ErasureDto'];

/** What the erasure pop-up says after the API answered (HIS-5). */
export type ErasureOutcome = { readonly kind: 'erased'; readonly erasure: Erasure } | Refusal;

/**
 * The history's account-wide care (HIS-4, HIS-5): the retention period, changed with `If-Match` so
 * nobody's change is silently overwritten (a 412 keeps the admin's value aside and shows theirs), and
 * the erasure of every kept call of one customer number. Both need Edit Call Recording Settings (ACC-5).
 */
export const useHistorySettingsStore = defineStore('history-settings', () => {
  const settings = ref<HistorySettings | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const problem = ref<ApiProblem | null>(null);
  /** The API's reason for refusing the days (`retentionDays`). */
  const fieldError = ref<string | null>(null);
  /** The period a 412 stopped, and the settings another admin saved meanwhile. */
  const conflict = ref<{ readonly mine: number; readonly theirs: HistorySettings } | null>(null);
  const erasing = ref(false);

  function accept(data: HistorySettings, response: Response): void {
    settings.value = { ...data, revision: revisionFromEtag(response) ?? data.revision };
  }

  async function load(): Promise<void> {
    loading.value = true;
    problem.value = null;
    try {
      const { data, response } = await unwrap(api().GET('/history-settings'));
      accept(data, response);
    } catch (error) {
      problem.value = asProblem(error);
    } finally {
      loading.value = false;
    }
  }

  /** HIS-4: the retention period in days; true when saved. */
  async function saveRetention(retentionDays: number): Promise<boolean> {
    const current = settings.value;
    if (!current) return false;
    saving.value = true;
    problem.value = null;
    fieldError.value = null;
    try {
      const { data, response } = await unwrap(
        api().PUT('/history-settings', { body: { retentionDays }, params: { header: { 'If-Match': `"${current.revision}"` } } }),
      );
      accept(data, response);
      conflict.value = null;
      return true;
    } catch (error) {
      const refusal = asProblem(error);
      if (refusal.status === 412) {
        // Someone saved first: their period stands. Read it, and keep the admin's to reapply.
        try {
          const { data, response } = await unwrap(api().GET('/history-settings'));
          accept(data, response);
          conflict.value = { mine: retentionDays, theirs: data };
        } catch (again) {
          problem.value = asProblem(again);
        }
      } else if (refusal.status === 422) {
        fieldError.value = refusal.fieldError('retentionDays') ?? refusal.detail;
      } else {
        problem.value = refusal;
      }
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** After a 412: the admin's period again, over the other admin's revision. */
  async function reapply(): Promise<boolean> {
    const pending = conflict.value;
    return pending ? saveRetention(pending.mine) : false;
  }

  function dismissConflict(): void {
    conflict.value = null;
  }

  /** HIS-5: every kept call of one number erased (the view has asked for confirmation); calls under a hold stay (HIS-4). */
  async function erase(number: string): Promise<ErasureOutcome> {
    erasing.value = true;
    try {
      const { data } = await unwrap(api().POST('/calls/erasures', { body: { number } }));
      return { kind: 'erased', erasure: data };
    } catch (error) {
      return refusalOf(error, 'number');
    } finally {
      erasing.value = false;
    }
  }

  return { settings, loading, saving, problem, fieldError, conflict, erasing, load, saveRetention, reapply, dismissConflict, erase };
});
