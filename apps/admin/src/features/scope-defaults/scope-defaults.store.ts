import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { type ApiProblem, api, asProblem, revisionFromEtag, type Schemas, unwrap } from '../../api';
import type { ModeSetting } from './labels';

export type Queue = Schemas['QueueDto'];
export type Employee = Schemas['EmployeeDto'];
export type EmployeeRecording = Schemas['EmployeeRecordingDto'];

interface Answer<T> {
  readonly data: T;
  readonly response: Response;
}

/** The API's calls for one kind of scope (queues, employees): the same contract, other paths and bodies. */
interface ScopeEndpoints<Item, Custom> {
  list(custom: boolean): Promise<Answer<{ items: Item[] }>>;
  get(id: string): Promise<Answer<Item>>;
  put(id: string, ifMatch: string, body: Custom): Promise<Answer<Item>>;
  reset(id: string, ifMatch: string): Promise<Answer<Item>>;
}

export interface ScopeItem {
  readonly id: string;
  readonly name: string;
  readonly revision: number;
  readonly custom: unknown;
}

/** A change a 412 stopped: custom settings to set, or `null` for Reset to Default; and the item as the other admin left it. */
export interface ScopeConflict<Item, Custom> {
  readonly id: string;
  readonly change: Custom | null;
  readonly theirs: Item;
}

const byId = (a: ScopeItem, b: ScopeItem): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The items of one scope with custom settings (the table, QUE-5 / IND-4) and those following the default
 * (what can be customized). Every change names the item's revision in `If-Match`, so another admin's
 * change is never silently overwritten: a 412 reads the item again, shows it, and keeps the admin's change to reapply.
 */
function defineScopeStore<Item extends ScopeItem, Custom>(name: string, endpoints: ScopeEndpoints<Item, Custom>) {
  return defineStore(name, () => {
    const customized = shallowRef<readonly Item[]>([]);
    const following = shallowRef<readonly Item[]>([]);
    const loading = ref(false);
    /** The id being saved or reset. */
    const busy = ref<string | null>(null);
    /** A problem of the page: the lists could not be read. */
    const problem = ref<ApiProblem | null>(null);
    /** The last refusal of custom settings: by dotted path into the body (`inbound.mode`), else as a whole. */
    const fieldErrors = ref<Record<string, string>>({});
    const editProblem = ref<ApiProblem | null>(null);
    /** A Reset to Default the API refused, by item id: shown beside that row. */
    const rowProblems = ref<Record<string, ApiProblem>>({});
    const conflict = shallowRef<ScopeConflict<Item, Custom> | null>(null);

    function find(id: string): Item | undefined {
      return customized.value.find((i) => i.id === id) ?? following.value.find((i) => i.id === id);
    }

    /** The item as the API answered it, moved to the list it now belongs to. */
    function place(data: Item, response: Response): Item {
      const item = { ...data, revision: revisionFromEtag(response) ?? data.revision };
      const custom = customized.value.filter((i) => i.id !== item.id);
      const plain = following.value.filter((i) => i.id !== item.id);
      customized.value = item.custom === null ? custom : [...custom, item].sort(byId);
      following.value = item.custom === null ? [...plain, item].sort(byId) : plain;
      return item;
    }

    async function load(): Promise<void> {
      loading.value = true;
      problem.value = null;
      try {
        const [custom, plain] = await Promise.all([endpoints.list(true), endpoints.list(false)]);
        customized.value = custom.data.items;
        following.value = plain.data.items;
      } catch (error) {
        problem.value = asProblem(error);
      } finally {
        loading.value = false;
      }
    }

    function clearErrors(): void {
      fieldErrors.value = {};
      editProblem.value = null;
    }

    /** Sets one item's custom settings; true when the API took them. */
    async function save(id: string, custom: Custom): Promise<boolean> {
      return change(id, custom, (item) => endpoints.put(id, `"${item.revision}"`, custom));
    }

    /** Reset to Default (QUE-4, IND-4): the item follows the default again. */
    async function reset(id: string): Promise<boolean> {
      return change(id, null, (item) => endpoints.reset(id, `"${item.revision}"`));
    }

    async function change(id: string, custom: Custom | null, send: (item: Item) => Promise<Answer<Item>>): Promise<boolean> {
      const item = find(id);
      if (!item) return false;
      busy.value = id;
      clearErrors();
      const { [id]: _dropped, ...otherRows } = rowProblems.value;
      rowProblems.value = otherRows;
      try {
        const { data, response } = await send(item);
        place(data, response);
        conflict.value = null;
        return true;
      } catch (error) {
        await refused(asProblem(error), id, custom);
        return false;
      } finally {
        busy.value = null;
      }
    }

    async function refused(refusal: ApiProblem, id: string, custom: Custom | null): Promise<void> {
      if (refusal.status === 412) {
        try {
          const { data, response } = await endpoints.get(id);
          conflict.value = { id, change: custom, theirs: place(data, response) };
        } catch (error) {
          problem.value = asProblem(error);
        }
        return;
      }
      if (custom === null) {
        rowProblems.value = { ...rowProblems.value, [id]: refusal };
        return;
      }
      const byPath: Record<string, string> = {};
      for (const e of refusal.errors) byPath[e.path] = e.message;
      fieldErrors.value = byPath;
      // A refusal no field can show (the item gone, a rule) is still shown in the editor.
      editProblem.value = refusal.errors.length === 0 ? refusal : null;
    }

    /** After a 412: the admin's change again, over the other admin's values. */
    async function reapply(): Promise<boolean> {
      const pending = conflict.value;
      if (!pending) return false;
      return pending.change === null ? reset(pending.id) : save(pending.id, pending.change);
    }

    function dismissConflict(): void {
      conflict.value = null;
    }

    return {
      customized,
      following,
      loading,
      busy,
      problem,
      fieldErrors,
      editProblem,
      rowProblems,
      conflict,
      find,
      load,
      save,
      reset,
      reapply,
      dismissConflict,
      clearErrors,
    };
  });
}

/** The store of one scope's custom settings, as the scope defaults view drives it. */
export type ScopeCustomsStore<Item extends ScopeItem, Custom> = ReturnType<ReturnType<typeof defineScopeStore<Item, Custom>>>;

export const useQueueCustomsStore = defineScopeStore<Queue, ModeSetting>('queue-customs', {
  list: (custom) => unwrap(api().GET('/queues', { params: { query: { custom } } })),
  get: (id) => unwrap(api().GET('/queues/{id}', { params: { path: { id } } })),
  put: (id, ifMatch, body) =>
    unwrap(api().PUT('/queues/{id}/recording', { params: { path: { id }, header: { 'If-Match': ifMatch } }, body })),
  reset: (id, ifMatch) => unwrap(api().DELETE('/queues/{id}/recording', { params: { path: { id }, header: { 'If-Match': ifMatch } } })),
});

export const useEmployeeCustomsStore = defineScopeStore<Employee, EmployeeRecording>('employee-customs', {
  list: (custom) => unwrap(api().GET('/employees', { params: { query: { custom } } })),
  get: (id) => unwrap(api().GET('/employees/{id}', { params: { path: { id } } })),
  put: (id, ifMatch, body) =>
    unwrap(api().PUT('/employees/{id}/recording', { params: { path: { id }, header: { 'If-Match': ifMatch } }, body })),
  reset: (id, ifMatch) => unwrap(api().DELETE('/employees/{id}/recording', { params: { path: { id }, header: { 'If-Match': ifMatch } } })),
});
