import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiProblem, api, asProblem, type Schemas, unwrap } from '../../api';

export type AuditEntry = Schemas['AuditEntryDto'];

export const PAGE_SIZE = 25;

/**
 * The account's audit log (ACC-4, `GET /audit`), newest first, a page at a time by cursor. The API
 * filters by action (a prefix such as `exclusion.`); it has no filter by person, so "who" filters
 * the pages loaded so far.
 */
export const useAuditLogStore = defineStore('audit-log', () => {
  const entries = ref<AuditEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const problem = ref<ApiProblem | null>(null);
  /** An action prefix the API filters by (`recording-settings.`), or '' for every action. */
  const action = ref('');
  /** An actor's id, or '' for everyone. */
  const actor = ref('');

  const actors = computed(() => {
    const byId = new Map<string, string>();
    for (const entry of entries.value) if (!byId.has(entry.actorId)) byId.set(entry.actorId, entry.actorName);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  });
  const shown = computed(() => (actor.value ? entries.value.filter((e) => e.actorId === actor.value) : entries.value));
  const hasMore = computed(() => nextCursor.value !== null);

  async function fetchPage(cursor: string | null): Promise<Schemas['AuditPageDto'] | null> {
    loading.value = true;
    problem.value = null;
    try {
      const query = { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...(action.value ? { action: action.value } : {}) };
      const { data } = await unwrap(api().GET('/audit', { params: { query } }));
      return data;
    } catch (error) {
      problem.value = asProblem(error);
      return null;
    } finally {
      loading.value = false;
    }
  }

  /** The newest page, for the current action filter. */
  async function load(): Promise<void> {
    const page = await fetchPage(null);
    if (!page) return;
    entries.value = page.items;
    nextCursor.value = page.nextCursor;
    loaded.value = true;
  }

  /** The next, older page, appended. */
  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await fetchPage(nextCursor.value);
    if (!page) return;
    entries.value = [...entries.value, ...page.items];
    nextCursor.value = page.nextCursor;
  }

  async function filterByAction(prefix: string): Promise<void> {
    action.value = prefix;
    await load();
  }

  return { entries, nextCursor, loading, loaded, problem, action, actor, actors, shown, hasMore, load, loadMore, filterByAction };
});
