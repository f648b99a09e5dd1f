import { effectiveIndividualSetting, effectiveQueueSetting, normalizeNanpNumber } from '@ccp/policy-core';
import { FakeApi } from '../../test/fake-api';
import type { Employee, EmployeeRecording, Queue } from './scope-defaults.store';

const PROBLEM = 'application/problem+json; charset=utf-8';

type Item = Queue | Employee;

/**
 * The queues' and employees' recording contract (api.md; apps/api src/scoped-settings, queue.scope.ts, employee.scope.ts)
 * in memory, over the shared FakeApi for /recording-settings: `?custom=`, PUT with If-Match (428, 412),
 * DELETE with an optional If-Match, effective settings resolved against the defaults by policy-core, as the
 * API resolves them (QUE-1/QUE-3, IND-1/IND-2). Test support only.
 */
export class FakeScopeApi {
  /** /recording-settings, with its defaults. */
  readonly recording = new FakeApi();
  queues = new Map<string, Queue>();
  employees = new Map<string, Employee>();
  readonly requests: Array<{ method: string; path: string; ifMatch: string | null; body?: unknown }> = [];
  /** The next queue or employee change answers this problem instead. */
  refuseNextScopeChange: Record<string, unknown> | null = null;

  constructor() {
    this.addQueue('billing', 'Billing', { mode: 'never', announcement: 'never' });
    this.addQueue('sales', 'Sales', null);
    this.addEmployee('alice', 'Alice Moreno', '(415) 555-0100', null);
    this.addEmployee('bob', 'Bob Chen', '(628) 555-0101', {
      inbound: { mode: 'always', announcement: 'prompt' },
      outbound: { mode: 'manual', announcement: 'never' },
    });
  }

  addQueue(id: string, name: string, custom: Queue['custom']): void {
    const queue = { id, name, custom, followsDefault: custom === null, revision: 1 };
    this.queues.set(id, this.resolved('queues', { ...queue, effective: this.recording.settings.queueDefault }) as Queue);
  }

  addEmployee(id: string, name: string, display: string, custom: EmployeeRecording | null): void {
    const directLine = normalizeNanpNumber(display);
    if (!directLine.ok) throw new Error(directLine.reason);
    const employee = {
      id,
      name,
      directLine: directLine.value,
      directLineDisplay: display,
      custom,
      followsDefault: custom === null,
      revision: 1,
    };
    this.employees.set(id, this.resolved('employees', { ...employee, effective: this.recording.settings.individualDefault }) as Employee);
  }

  /** Another admin changes one queue or employee: its revision moves on. */
  otherAdminCustomizes(kind: 'queues' | 'employees', id: string, custom: unknown): void {
    const items = this[kind] as Map<string, Item>;
    const item = items.get(id);
    if (!item) throw new Error(`no ${kind} ${id}`);
    items.set(id, { ...item, custom, followsDefault: custom === null, revision: item.revision + 1 } as Item);
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const match = /^\/api\/v1\/(queues|employees)(?:\/([^/]+)(\/recording)?)?$/.exec(url.pathname);
    if (!match) return this.recording.fetch(request);
    if (request.headers.get('authorization') !== 'Bearer test-token') return problem(401, 'Not authenticated', 'Send a valid token');
    const kind = match[1] as 'queues' | 'employees';
    const items = this[kind] as Map<string, Item>;
    const id = match[2] && decodeURIComponent(match[2]);
    const ifMatch = request.headers.get('if-match');
    const body = request.method === 'PUT' ? await request.json() : undefined;
    this.requests.push({ method: request.method, path: `${url.pathname}${url.search}`, ifMatch, body });

    if (!id) {
      const custom = url.searchParams.get('custom');
      const all = [...items.values()].map((i) => this.resolved(kind, i)).sort((a, b) => (a.id < b.id ? -1 : 1));
      return json({ items: custom === null ? all : all.filter((i) => (i.custom !== null) === (custom === 'true')) });
    }
    const item = items.get(id);
    if (!item) return problem(404, 'Not found', `${kind === 'queues' ? 'Queue' : 'Employee'} "${id}" was not found`);
    if (request.method === 'GET' && !match[3]) return json(this.resolved(kind, item), item.revision);
    if (!match[3] || (request.method !== 'PUT' && request.method !== 'DELETE')) return problem(405, 'Method Not Allowed', request.method);

    if (this.refuseNextScopeChange) {
      const refusal = this.refuseNextScopeChange;
      this.refuseNextScopeChange = null;
      return new Response(JSON.stringify(refusal), { status: Number(refusal.status), headers: { 'content-type': PROBLEM } });
    }
    if (request.method === 'PUT' && !ifMatch) return problem(428, 'If-Match required', 'Send If-Match with the revision you read');
    const expected = ifMatch ? Number(/\d+/.exec(ifMatch)?.[0]) : item.revision;
    if (expected !== item.revision)
      return problem(412, 'Stale revision', `If-Match names revision ${expected}, but the current revision is ${item.revision}`);
    const custom = request.method === 'PUT' ? body : null;
    const changed = { ...item, custom, followsDefault: custom === null, revision: item.revision + 1 } as Item;
    items.set(id, changed);
    return json(this.resolved(kind, changed), changed.revision);
  };

  private resolved(kind: 'queues' | 'employees', item: Item): Item {
    const { queueDefault, individualDefault } = this.recording.settings;
    if (kind === 'queues') return { ...item, effective: effectiveQueueSetting((item as Queue).custom, queueDefault).setting } as Item;
    return { ...item, effective: effectiveIndividualSetting((item as Employee).custom, individualDefault) } as Item;
  }
}

function json(body: unknown, revision?: number): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (revision !== undefined) headers.etag = `"${revision}"`;
  return new Response(JSON.stringify(body), { status: 200, headers });
}

function problem(status: number, title: string, detail: string): Response {
  return new Response(
    JSON.stringify({ type: `https://ccp.example/problems/${title.toLowerCase().replace(/\W+/g, '-')}`, title, status, detail }),
    { status, headers: { 'content-type': PROBLEM, 'x-request-id': 'req-2' } },
  );
}
