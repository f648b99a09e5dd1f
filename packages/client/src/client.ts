import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.js';
import { ApiProblem } from './problem.js';

/** The API's base path (api.md); the document's paths carry it. */
export const API_PREFIX = '/api/v1';

/** The document's paths under `/api/v1`, without it: calls read `POST('/calls')`, as api.md names them. */
export type V1Paths = { [P in keyof paths as P extends `${typeof API_PREFIX}${infer Rest}` ? Rest : never]: paths[P] };

/** The typed client: `GET`, `POST`, `PUT`, `DELETE` on the paths of api.md, bodies and answers typed from the OpenAPI document. */
export type ApiClient = Client<V1Paths>;

/** Every schema of the OpenAPI document, by name: `Schemas['CallDecisionDto']`. */
export type Schemas = components['schemas'];

/** A bearer credential, or a function that reads it on every request (a person's token changes at login and logout). */
export type Credential = string | (() => string | null | undefined);

export interface ClientOptions {
  /** Up to and including `/api/v1`: `https://ccp.example.com/api/v1`, or `/api/v1` in a page on the API's own origin. */
  readonly baseUrl: string;
  /** An account API key (`ak_…`, from `POST /api-keys`): the telephony side's credential, for `/calls` and `/simulate`. */
  readonly apiKey?: Credential;
  /** A person's token (`POST /auth/login`). */
  readonly token?: Credential;
  /** An answer 401 to a request that carried a credential: it expired, or was revoked. */
  readonly onUnauthorized?: () => void;
  /** Instead of the global `fetch` (tests, a proxy agent). */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/**
 * The client of the API (api.md), for the telephony side, any integration and the console: typed from the
 * committed OpenAPI document, `Authorization: Bearer` from `apiKey` or `token`, and a request that gets no
 * answer at all rejects with an `ApiProblem` (status 0). Answers come as openapi-fetch's `{ data, error, response }`;
 * `unwrap` turns an error into a thrown `ApiProblem`.
 */
export function createClient(options: ClientOptions): ApiClient {
  if (options.apiKey !== undefined && options.token !== undefined) throw new TypeError('Give createClient an apiKey or a token, not both');
  const credential = options.apiKey ?? options.token;
  const read = typeof credential === 'function' ? credential : () => credential;
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createFetchClient<V1Paths>({
    baseUrl: options.baseUrl,
    // A network failure rejects inside fetch: a problem like any other, for the caller to show or retry.
    fetch: (request: Request) => fetchImpl(request).catch((error: unknown) => Promise.reject(ApiProblem.unreachable(error))),
  });
  client.use({
    onRequest({ request }) {
      const value = read();
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && request.headers.has('authorization')) options.onUnauthorized?.();
      return response;
    },
  });
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful answer, or the answer's problem thrown as `ApiProblem` (openapi-fetch returns errors as values). */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw ApiProblem.fromResponse(response, error);
  return { data: data as T, response };
}

/** `ETag: "7"` → 7: the revision `If-Match` takes back (api.md). */
export function revisionFromEtag(response: Response): number | undefined {
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(response.headers.get('etag') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The name the API gave a downloaded file (`filename*` first: it keeps non-ASCII names), else the fallback. */
export function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed escape: the plain filename below still names the file.
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}
