import type { AuditEntry } from './audit-log.store';

/** `GET /audit` as apps/api audit.controller.ts answers it: newest first, `cursor` = the last id seen, `action` a prefix. */
export class FakeAuditApi {
  readonly queries: URLSearchParams[] = [];
  entries: AuditEntry[] = [];

  add(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): AuditEntry {
    const id = this.entries.length + 1;
    const added = { id, at: entry.at ?? new Date(Date.UTC(2026, 0, 15, 9, id)).toISOString(), ...entry };
    this.entries.push(added);
    return added;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname !== '/api/v1/audit') return new Response(null, { status: 404 });
    if (request.headers.get('authorization') !== 'Bearer test-token')
      return new Response(JSON.stringify({ title: 'Not authenticated', status: 401, detail: 'Send a valid token' }), {
        status: 401,
        headers: { 'content-type': 'application/problem+json' },
      });
    this.queries.push(url.searchParams);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const cursor = url.searchParams.get('cursor');
    const action = url.searchParams.get('action');
    const rows = [...this.entries]
      .reverse()
      .filter((e) => (cursor ? e.id < Number(cursor) : true))
      .filter((e) => (action ? e.action.startsWith(action) : true))
      .slice(0, limit + 1);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? String(items.at(-1)?.id) : null;
    return new Response(JSON.stringify({ items, nextCursor }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

export const SETTINGS_BEFORE = {
  trigger: 'on-answer',
  connectMode: 'automatic',
  transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' },
};
