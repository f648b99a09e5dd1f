import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi';
import { ApiProblem } from './problem';

export const API_PREFIX = '/api/v1';

/** The document's paths carry `/api/v1`; the client's base URL does, so calls read `GET('/me')` as in api.md. */
export type V1Paths = { [P in keyof paths as P extends `${typeof API_PREFIX}${infer Rest}` ? Rest : never]: paths[P] };

export type ApiClient = Client<V1Paths>;
export type Schemas = components['schemas'];

export interface ApiClientOptions {
  /** Up to and including `/api/v1`: `http://host:3000/api/v1`, or `/api/v1` on the console's own origin. */
  readonly baseUrl: string;
  /** The session's bearer token, read on every request (it changes at login and logout). */
  readonly token: () => string | null;
  /** A signed-in request answered 401: the token expired or was revoked. */
  readonly onUnauthorized?: () => void;
  readonly fetch?: (request: Request) => Promise<Response>;
}

/** The one way the console talks to the API: typed from the committed OpenAPI document, problems thrown as `ApiProblem`. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  const client = createClient<V1Paths>({
    baseUrl: options.baseUrl,
    // A network failure rejects inside fetch: turn it into a problem the views can show like any other.
    fetch: (request: Request) => fetchImpl(request).catch((error: unknown) => Promise.reject(ApiProblem.unreachable(error))),
  });
  client.use({
    onRequest({ request }) {
      const token = options.token();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
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

/** The body of a successful answer, or the answer's problem thrown (openapi-fetch returns errors as values). */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw ApiProblem.fromResponse(response, error);
  return { data: data as T, response };
}

/** `ETag: "7"` → 7; the revision `If-Match` takes back (api.md). */
export function revisionFromEtag(response: Response): number | undefined {
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(response.headers.get('etag') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The name the API gave the file (`filename*` first: it keeps non-ASCII names), else the fallback. */
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
