import type { ApiClient } from '@ccp/client';

// The console talks to the API through @ccp/client, as any integrator does; this module only holds the app's one client.
export {
  API_PREFIX,
  type ApiClient,
  ApiProblem,
  type ClientOptions,
  createClient,
  type FieldError,
  fileNameOf,
  PROBLEM_TYPES,
  revisionFromEtag,
  type Schemas,
  unwrap,
} from '@ccp/client';

let current: ApiClient | undefined;

/** main.ts installs the app's client once; tests install one pointed at their own API. Stores read it when they call. */
export function provideApi(client: ApiClient): void {
  current = client;
}

export function api(): ApiClient {
  if (!current) throw new Error('No API client: call provideApi() first (main.ts does)');
  return current;
}
