import type { ApiClient } from './client';

export type { ApiClient, ApiClientOptions, Schemas } from './client';
export { API_PREFIX, createApiClient, fileNameOf, revisionFromEtag, unwrap } from './client';
export { ApiProblem, type FieldError, PROBLEM_TYPES } from './problem';

let current: ApiClient | undefined;

/** main.ts installs the app's client once; tests install one pointed at their own API. Stores read it when they call. */
export function provideApi(client: ApiClient): void {
  current = client;
}

export function api(): ApiClient {
  if (!current) throw new Error('No API client: call provideApi() first (main.ts does)');
  return current;
}
