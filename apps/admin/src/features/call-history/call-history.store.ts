import type { paths } from '@ccp/client';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiProblem, api, asProblem, fileNameOf, type Schemas, unwrap } from '../../api';
import { type CursorPage, useCursorPages } from '../../app/cursor-pages';
import type { DownloadedFile } from '../../app/save-file';
import { addUtcDays, chartPeriod, everyDay, localDay, startOfLocalDay } from './period';

export type CallSummary = Schemas['CallSummaryDto'];
export type CallOutcome = CallSummary['outcome'];
export type CallConsent = CallSummary['consent'];
export type ConsentStatus = CallConsent['status'];
export type CallsOnDay = Schemas['CallsOnDayDto'];
/** `GET /calls`'s filters (HIS-3), without the paging and the format. */
type CallSearchQuery = Omit<NonNullable<paths['/api/v1/calls']['get']['parameters']['query']>, 'cursor' | 'limit' | 'format'>;

/** What the admin searches by (HIS-3, and the consent status: CNS); '' leaves a filter out. Days are `YYYY-MM-DD` in the admin's time zone, `to` included. */
export interface CallFilters {
  readonly number: string;
  readonly from: string;
  readonly to: string;
  readonly queue: string;
  readonly employee: string;
  readonly outcome: CallOutcome | '';
  readonly rule: string;
  readonly consent: ConsentStatus | '';
}

export const NO_FILTERS: CallFilters = { number: '', from: '', to: '', queue: '', employee: '', outcome: '', rule: '', consent: '' };

/** Calls per page: the history may hold millions, so it is only ever read a page at a time with the API's cursor. */
export const PAGE_SIZE = 50;

/** The filters as `GET /calls` takes them: only those set, the days as instants (the API's `to` is exclusive). */
export function searchQuery(filters: CallFilters): CallSearchQuery {
  const query: CallSearchQuery = {};
  const number = filters.number.trim();
  if (number) query.number = number;
  const from = startOfLocalDay(filters.from);
  if (from) query.from = from;
  const to = startOfLocalDay(filters.to, 1);
  if (to) query.to = to;
  if (filters.queue.trim()) query.queue = filters.queue.trim();
  if (filters.employee.trim()) query.employee = filters.employee.trim();
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.rule) query.rule = filters.rule as CallSearchQuery['rule'];
  if (filters.consent) query.consent = filters.consent;
  return query;
}

/** The search's fields the API may name in `errors[].path`; other refusals are the page's problem. */
const FILTER_FIELDS = new Set(['number', 'from', 'to', 'queue', 'employee', 'outcome', 'rule', 'consent']);

/**
 * The call history (HIS-3, ACC-5): kept calls newest first, a page at a time by cursor (Newer goes
 * back through the cursors already followed), the calls per day and outcome for the chart, and the
 * CSV of every call matching the filters. The API reads the number (EXC-1 forms, area codes) and
 * decides what matches; the console sends what the admin typed.
 */
export const useCallHistoryStore = defineStore('call-history', () => {
  const filters = ref<CallFilters>({ ...NO_FILTERS });
  const pages = useCursorPages(readPage);
  const loading = ref(false);
  /** A problem no filter explains: 403, 5xx, the API gone. */
  const problem = ref<ApiProblem | null>(null);
  /** The API's reasons, by filter (`number`: "… is not a phone number"). */
  const fieldErrors = ref<Record<string, string>>({});

  const days = ref<CallsOnDay[]>([]);
  const period = ref<{ from: string; to: string } | null>(null);
  const chartLoading = ref(false);
  const chartProblem = ref<ApiProblem | null>(null);

  const exporting = ref(false);
  const exportProblem = ref<ApiProblem | null>(null);

  const filtered = computed(() => Object.keys(searchQuery(filters.value)).length > 0);

  async function readPage(cursor: string | undefined): Promise<CursorPage<CallSummary> | null> {
    loading.value = true;
    problem.value = null;
    fieldErrors.value = {};
    try {
      const query = { ...searchQuery(filters.value), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
      const { data } = await unwrap(api().GET('/calls', { params: { query } }));
      // Without format=csv the answer is always the JSON page (the CSV is another content type of the same route).
      if (typeof data === 'string') throw new Error('GET /calls answered CSV to a JSON search');
      return data;
    } catch (error) {
      const refusal = asProblem(error);
      const byField: Record<string, string> = {};
      if (refusal.status === 422) for (const e of refusal.errors) if (FILTER_FIELDS.has(e.path)) byField[e.path] = e.message;
      if (Object.keys(byField).length > 0) fieldErrors.value = byField;
      else problem.value = refusal;
      return null;
    } finally {
      loading.value = false;
    }
  }

  /** The newest page of the calls matching `next`; the chart follows the chosen days. */
  async function search(next: CallFilters = filters.value): Promise<void> {
    filters.value = { ...next };
    await Promise.all([pages.first(), loadChart()]);
  }

  /** The page shown, read again (back from a call, or after an erasure). */
  async function refresh(): Promise<void> {
    await Promise.all([pages.current(), loadChart()]);
  }

  /** Calls per UTC day and outcome over the chosen days, or the last 30; days without calls count zero. */
  async function loadChart(): Promise<void> {
    const chosen = chartPeriod(filters.value.from, filters.value.to, localDay(new Date()));
    chartLoading.value = true;
    chartProblem.value = null;
    try {
      const { data } = await unwrap(
        api().GET('/calls-per-day', { params: { query: { from: chosen.from, to: addUtcDays(chosen.to, 1) } } }),
      );
      days.value = everyDay(chosen.from, chosen.to, data, (day) => ({ day, recorded: 0, partly: 0, notRecorded: 0 }));
      period.value = chosen;
    } catch (error) {
      days.value = [];
      period.value = chosen;
      chartProblem.value = asProblem(error);
    } finally {
      chartLoading.value = false;
    }
  }

  /** HIS-3: every call matching the filters as CSV (the API streams it, whatever the count). */
  async function exportCsv(): Promise<DownloadedFile | null> {
    exporting.value = true;
    exportProblem.value = null;
    try {
      const query = { ...searchQuery(filters.value), format: 'csv' as const };
      const { data, response } = await unwrap(api().GET('/calls', { params: { query }, parseAs: 'blob' }));
      return { blob: data as unknown as Blob, fileName: fileNameOf(response, 'call-history.csv') };
    } catch (error) {
      exportProblem.value = asProblem(error);
      return null;
    } finally {
      exporting.value = false;
    }
  }

  return {
    filters,
    items: pages.items,
    loading,
    loaded: pages.loaded,
    problem,
    fieldErrors,
    pageNumber: pages.pageNumber,
    hasNewer: pages.hasPrevious,
    hasOlder: pages.hasNext,
    filtered,
    days,
    period,
    chartLoading,
    chartProblem,
    exporting,
    exportProblem,
    search,
    olderPage: pages.next,
    newerPage: pages.previous,
    refresh,
    loadChart,
    exportCsv,
  };
});
