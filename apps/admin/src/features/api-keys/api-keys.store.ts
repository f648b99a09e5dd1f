import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiProblem, api, asProblem, type Refusal, refusalOf, type Schemas, unwrap } from '../../api';

export type ApiKey = Schemas['ApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKeyDto'];

/** What the New API key pop-up says after the API answered. */
export type CreateOutcome = { readonly kind: 'created'; readonly created: CreatedApiKey } | Refusal;

/**
 * The account's API keys (api.md: `POST /api-keys`, `GET /api-keys`, `DELETE /api-keys/{id}`): the
 * telephony side's credentials for `/calls` and `/simulate`. The secret of a new key is handed to the
 * caller once and never kept here: the API stores only its hash, and the list never shows it.
 */
export const useApiKeysStore = defineStore('api-keys', () => {
  const keys = ref<ApiKey[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const creating = ref(false);
  const revoking = ref(false);
  /** A problem that belongs to no field: the list's load, a revocation. */
  const problem = ref<ApiProblem | null>(null);

  const active = computed(() => keys.value.filter((key) => key.revokedAt === null));

  /** Every key, newest first, revoked ones included. */
  async function load(): Promise<void> {
    loading.value = true;
    problem.value = null;
    try {
      const { data } = await unwrap(api().GET('/api-keys'));
      keys.value = data;
      loaded.value = true;
    } catch (error) {
      problem.value = asProblem(error);
    } finally {
      loading.value = false;
    }
  }

  /** Creates a key named `name`; its secret is in the outcome, and nowhere else. */
  async function create(name: string): Promise<CreateOutcome> {
    creating.value = true;
    try {
      const { data } = await unwrap(api().POST('/api-keys', { body: { name } }));
      await load();
      return { kind: 'created', created: data };
    } catch (error) {
      return refusalOf(error, 'name');
    } finally {
      creating.value = false;
    }
  }

  /** Revokes a key (the view has asked for confirmation): requests with it are refused from now on. True when it is revoked. */
  async function revoke(key: ApiKey): Promise<boolean> {
    revoking.value = true;
    problem.value = null;
    try {
      await unwrap(api().DELETE('/api-keys/{id}', { params: { path: { id: key.id } } }));
      await load();
      return true;
    } catch (error) {
      problem.value = asProblem(error);
      return false;
    } finally {
      revoking.value = false;
    }
  }

  return { keys, active, loading, loaded, creating, revoking, problem, load, create, revoke };
});
