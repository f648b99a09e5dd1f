import type { ApiKey } from './api-keys.store';

const PROBLEM = 'application/problem+json';

/**
 * `GET`, `POST` and `DELETE /api-keys` as apps/api api-keys.service.ts answers them: newest first, the
 * secret in the creation's answer only, a revoked key kept in the list with `revokedAt`, 422 for a bad name.
 */
export class FakeApiKeysApi {
  keys: (ApiKey & { key: string })[] = [];
  readonly requests: { method: string; path: string; body: unknown }[] = [];
  /** The next request answers this status with a problem instead (e.g. 503, or 403 missing-permission). */
  failNext: { status: number; type?: string; detail: string } | null = null;
  private created = 0;

  add(name: string, revokedAt: string | null = null): ApiKey & { key: string } {
    this.created += 1;
    const key = `ak_${'test'.repeat(4)}${String(this.created).padStart(4, '0')}`;
    const row = {
      id: `00000000-0000-4000-8000-${String(this.created).padStart(12, '0')}`,
      name,
      prefix: key.slice(0, 10),
      createdBy: 'admin@demo.test',
      createdAt: new Date(Date.UTC(2026, 0, 15, 9, this.created)).toISOString(),
      revokedAt,
      key,
    };
    this.keys.unshift(row);
    return row;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const body = request.method === 'POST' ? await request.json() : undefined;
    this.requests.push({ method: request.method, path, body });
    if (request.headers.get('authorization') !== 'Bearer test-token') return problem(401, 'Unauthorized', 'Send a valid token');
    if (this.failNext) {
      const { status, type, detail } = this.failNext;
      this.failNext = null;
      return problem(status, 'Refused', detail, type);
    }
    if (path === '/api/v1/api-keys' && request.method === 'GET')
      return json(
        200,
        this.keys.map(({ key: _key, ...row }) => row),
      );
    if (path === '/api/v1/api-keys' && request.method === 'POST') {
      const name = typeof (body as { name?: unknown }).name === 'string' ? (body as { name: string }).name.trim() : '';
      if (name.length < 1 || name.length > 100)
        return problem(422, 'Unprocessable Entity', 'The request is not valid', undefined, [
          { path: 'name', message: 'name must be 1 to 100 characters long' },
        ]);
      const row = this.add(name);
      return json(201, { id: row.id, name: row.name, prefix: row.prefix, key: row.key, createdAt: row.createdAt });
    }
    const revoke = /^\/api\/v1\/api-keys\/([^/]+)$/.exec(path);
    if (revoke && request.method === 'DELETE') {
      const row = this.keys.find((key) => key.id === revoke[1]);
      if (!row) return problem(404, 'Not Found', 'No such API key');
      row.revokedAt ??= new Date(Date.UTC(2026, 0, 16, 10, 0)).toISOString();
      return new Response(null, { status: 204 });
    }
    return problem(404, 'Not Found', `No route ${request.method} ${path}`);
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function problem(status: number, title: string, detail: string, type?: string, errors?: { path: string; message: string }[]): Response {
  return new Response(
    JSON.stringify({ type: type ?? 'about:blank', title, status, detail, requestId: 'req-1', ...(errors && { errors }) }),
    {
      status,
      headers: { 'content-type': PROBLEM, 'x-request-id': 'req-1' },
    },
  );
}
