import { type ApiClient, ApiProblem } from '@ccp/client';

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

/** The API's refusal of a request, which a store keeps to show; anything else is a bug, thrown on to be reported. */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  throw error;
}

/** How the API turned down what a pop-up sent: its reason for the pop-up's field (a 422), else the problem. */
export type Refusal =
  | { readonly kind: 'refused'; readonly message: string; readonly rule?: string }
  | { readonly kind: 'failed'; readonly problem: ApiProblem };

/** `error` as a pop-up shows it: a 422's reason on `field` (else its detail) with its rule, anything else as the problem. */
export function refusalOf(error: unknown, field: string): Refusal {
  const problem = asProblem(error);
  if (problem.status !== 422) return { kind: 'failed', problem };
  const message = problem.fieldError(field) ?? problem.detail;
  return problem.rule ? { kind: 'refused', message, rule: problem.rule } : { kind: 'refused', message };
}
