import { callOutcome, callParties, normalizeExclusionEntry, normalizePhoneNumber, parseScenario, replay } from '@ccp/policy-core';
import type { Schemas } from '../../api';

type CallRecord = Schemas['CallRecordDto'];
type CallSummary = Schemas['CallSummaryDto'];
type HistorySettings = Schemas['HistorySettingsDto'];

/** A scenario of scenario-format.md: what the fake replays into a kept call. */
export interface CallScenario {
  readonly settings?: Record<string, unknown>;
  readonly settingsChanges?: ReadonlyArray<{ beforeEvent: number; settings: Record<string, unknown> }>;
  readonly call: Record<string, unknown>;
  readonly events: ReadonlyArray<Record<string, unknown>>;
}

interface KeptCall {
  readonly record: CallRecord;
  readonly scenario: CallScenario;
  readonly customer: string | null;
}

const PROBLEM = 'application/problem+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Like the demo tenant's (apps/api demo-tenant.ts): sales and a `never` support queue, alice and bob, one listed number. */
export const DEMO_SETTINGS = {
  queues: [{ id: 'sales' }, { id: 'support', custom: { mode: 'never', announcement: 'never' } }],
  employees: [
    { id: 'alice', directLine: '+14155550100' },
    { id: 'bob', directLine: '+16285550101' },
  ],
  exclusions: ['+12125550123'],
};

/** A queue call to sales, answered by alice, and ended: recorded (GLB-2, QUE-1, MOD-2). */
export function salesCall(customer: string, extra: ReadonlyArray<Record<string, unknown>> = []): CallScenario {
  return {
    settings: DEMO_SETTINGS,
    call: { kind: 'queue', customer, queue: 'sales' },
    events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, ...extra, { type: 'ended' }],
  };
}

/**
 * The call history's contract (api.md "Call history"; apps/api call-history.controller.ts), in memory
 * and simplified. It decides nothing itself: a call added here is replayed by policy-core (its steps,
 * outcome and rules are what the engine decides), numbers are read by policy-core as the API reads
 * them (EXC-1 forms, area codes), and the parties a call touches are policy-core's `callParties`.
 */
export class FakeCallHistoryApi {
  readonly calls: KeptCall[] = [];
  readonly requests: string[] = [];
  settings: HistorySettings = { retentionDays: 400, revision: 1 };
  /** ACC-5: the person's permissions. */
  canView = true;
  canEdit = true;
  readonly erasures: string[] = [];

  /** A call decided through the API and kept (HIS-1), replayed by policy-core; event i arrived i + 1 seconds after `startedAt`. */
  add(callId: string, scenario: CallScenario, startedAt: string, options: { status?: 'ended' | 'expired' } = {}): CallRecord {
    const parsed = parseScenario(scenario);
    const replayed = replay(scenario);
    if (!parsed.ok || !replayed.ok) throw new Error(`Not a valid scenario: ${JSON.stringify(parsed.ok ? replayed : parsed)}`);
    const start = Date.parse(startedAt);
    const steps = replayed.replay.steps.map((step, i) => ({
      ...step,
      settingsVersion: step.settingsVersion ?? replayed.replay.settingsVersion,
      receivedAt: new Date(start + (i + 1) * 1000).toISOString(),
    }));
    const rules = [...new Set(steps.flatMap((step) => step.rules))];
    const last = steps.at(-1)?.consent;
    const record = {
      callId,
      call: parsed.value.call,
      status: options.status ?? 'ended',
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(start + (steps.length + 1) * 1000).toISOString(),
      outcome: callOutcome(steps),
      rules,
      // As the API: the last step's consent (a call that ended pending never consented).
      consent: { status: last?.status ?? 'not-needed', region: last?.region ?? null },
      hold: null,
      steps,
    } as unknown as CallRecord;
    this.calls.push({ record, scenario, customer: parsed.value.call.customer });
    return record;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.replace('/api/v1', '');
    this.requests.push(`${request.method} ${path}${url.search}`);
    if (request.headers.get('authorization') !== 'Bearer test-token') return problem(401, 'Not authenticated', 'Send a valid token');
    if (!this.canView) return missingPermission('View Call History');

    if (path === '/calls' && request.method === 'GET') return this.search(url.searchParams);
    if (path === '/calls/erasures' && request.method === 'POST') return this.erase((await request.json()) as { number: unknown });
    if (path === '/calls-per-day') return this.perDay(url.searchParams);
    if (path === '/history-settings') return this.historySettings(request);
    const hold = /^\/calls\/([^/]+)\/hold$/.exec(path);
    if (hold) return this.hold(decodeURIComponent(hold[1] as string), request);
    const scenario = /^\/calls\/([^/]+)\/scenario$/.exec(path);
    if (scenario) return this.scenario(decodeURIComponent(scenario[1] as string));
    const one = /^\/calls\/([^/]+)$/.exec(path);
    if (one && request.method === 'GET') return this.one(decodeURIComponent(one[1] as string));
    return problem(404, 'Not found', `No route ${request.method} ${path}`);
  };

  /** Newest first, by start then id; the cursor is the last call of the page. */
  private ordered(): KeptCall[] {
    return [...this.calls].sort(
      (a, b) => b.record.startedAt.localeCompare(a.record.startedAt) || b.record.callId.localeCompare(a.record.callId),
    );
  }

  private search(query: URLSearchParams): Response {
    let matches: (call: KeptCall) => boolean = () => true;
    const number = query.get('number');
    if (number !== null) {
      // As CallHistoryService.searchOf: an EXC-1 entry (number or area code), else any phone number.
      const entry = normalizeExclusionEntry(number);
      const phone = entry.ok ? null : normalizePhoneNumber(number);
      if (entry.ok && entry.value.kind === 'area-code') {
        const prefix = `+1${entry.value.entry}`;
        matches = (c) => c.customer?.startsWith(prefix) ?? false;
      } else if (entry.ok || phone?.ok) {
        const e164 = entry.ok ? entry.value.entry : (phone as { value: string }).value;
        matches = (c) => c.customer === e164;
      } else return invalid([{ path: 'number', message: entry.reason }]);
    }
    const from = query.get('from');
    const to = query.get('to');
    if (from && to && Date.parse(from) >= Date.parse(to)) return invalid([{ path: 'to', message: 'must be after from' }]);
    const queue = query.get('queue');
    const employee = query.get('employee');
    const outcome = query.get('outcome');
    const rule = query.get('rule');
    const consent = query.get('consent');
    const found = this.ordered().filter((c) => {
      const parties = callParties(c.record.call as never, c.record.steps.map((s) => s.event) as never);
      return (
        matches(c) &&
        (!from || Date.parse(c.record.startedAt) >= Date.parse(from)) &&
        (!to || Date.parse(c.record.startedAt) < Date.parse(to)) &&
        (!queue || parties.queues.includes(queue)) &&
        (!employee || parties.employees.includes(employee)) &&
        (!outcome || c.record.outcome === outcome) &&
        (!rule || c.record.steps.some((s) => (s.rules as string[]).includes(rule))) &&
        (!consent || c.record.consent.status === consent)
      );
    });
    if (query.get('format') === 'csv') {
      const rows = found.map((c) =>
        [
          c.record.startedAt,
          c.record.call.kind,
          c.customer ?? '',
          c.record.outcome,
          c.record.rules.join(' '),
          c.record.consent.status,
        ].join(','),
      );
      return new Response(['started,kind,number,outcome,rules,consent status', ...rows].join('\n'), {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="calls-demo.csv"' },
      });
    }
    const limit = Number(query.get('limit') ?? 50);
    const cursor = query.get('cursor');
    const start = cursor === null ? 0 : found.findIndex((c) => `${c.record.startedAt}|${c.record.callId}` === cursor) + 1;
    if (cursor !== null && start === 0) return invalid([{ path: 'cursor', message: 'is not the nextCursor of a previous page' }]);
    const page = found.slice(start, start + limit);
    const last = page.at(-1);
    const nextCursor = start + limit < found.length && last ? `${last.record.startedAt}|${last.record.callId}` : null;
    return json(200, { items: page.map((c) => summary(c.record)), nextCursor });
  }

  private find(callId: string): KeptCall | undefined {
    return this.ordered().find((c) => c.record.callId === callId);
  }

  private one(callId: string): Response {
    const call = this.find(callId);
    return call ? json(200, call.record) : notFound(callId);
  }

  /** HIS-2: the scenario the call was replayed from (its replay gives back these decisions), with `meta`. */
  private scenario(callId: string): Response {
    const call = this.find(callId);
    if (!call) return notFound(callId);
    return json(200, {
      ...call.scenario,
      meta: { account: 'demo', callId, startedAt: call.record.startedAt, receivedAt: call.record.steps.map((s) => s.receivedAt) },
    });
  }

  private async hold(callId: string, request: Request): Promise<Response> {
    if (!this.canEdit) return missingPermission('Edit Call Recording Settings');
    const call = this.find(callId);
    if (!call) return notFound(callId);
    const index = this.calls.indexOf(call);
    if (request.method === 'PUT') {
      const { reason } = (await request.json()) as { reason?: unknown };
      if (typeof reason !== 'string' || !/\S/.test(reason))
        return invalid([{ path: 'reason', message: 'reason must say why the call is held' }]);
      const record = { ...call.record, hold: { reason: reason.trim(), by: 'admin@demo.test', at: '2026-11-20T10:00:00.000Z' } };
      this.calls[index] = { ...call, record };
      return json(200, record);
    }
    if (request.method === 'DELETE') {
      const record = { ...call.record, hold: null };
      this.calls[index] = { ...call, record };
      return json(200, record);
    }
    return problem(405, 'Method Not Allowed', request.method);
  }

  /** HIS-5: the number read by policy-core; held calls stay (HIS-4). */
  private erase(body: { number: unknown }): Response {
    if (!this.canEdit) return missingPermission('Edit Call Recording Settings');
    const number = normalizePhoneNumber(body.number);
    if (!number.ok) return invalid([{ path: 'number', message: number.reason }]);
    const theirs = this.calls.filter((c) => c.customer === number.value);
    const held = theirs.filter((c) => c.record.hold !== null);
    for (const call of theirs) if (!call.record.hold) this.calls.splice(this.calls.indexOf(call), 1);
    this.erasures.push(number.value);
    return json(200, { erased: theirs.length - held.length, keptUnderHold: held.length });
  }

  /** Days with calls only (UTC), as the API's GROUP BY gives them. */
  private perDay(query: URLSearchParams): Response {
    const from = query.get('from');
    const to = query.get('to');
    if (!from || !to) return invalid([{ path: from ? 'to' : 'from', message: 'must be a date (ISO 8601)' }]);
    const days = new Map<string, { day: string; recorded: number; partly: number; notRecorded: number }>();
    for (const { record } of this.calls) {
      const day = record.startedAt.slice(0, 10);
      if (day < from || day >= to) continue;
      const counts = days.get(day) ?? { day, recorded: 0, partly: 0, notRecorded: 0 };
      if (record.outcome === 'recorded') counts.recorded++;
      else if (record.outcome === 'partly') counts.partly++;
      else counts.notRecorded++;
      days.set(day, counts);
    }
    return json(
      200,
      [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    );
  }

  /** Another admin changes the retention period: the revision moves on. */
  otherAdminSets(retentionDays: number): void {
    this.settings = { retentionDays, revision: this.settings.revision + 1 };
  }

  private async historySettings(request: Request): Promise<Response> {
    if (request.method === 'GET') return json(200, this.settings, { etag: `"${this.settings.revision}"` });
    if (request.method !== 'PUT') return problem(405, 'Method Not Allowed', request.method);
    if (!this.canEdit) return missingPermission('Edit Call Recording Settings');
    const ifMatch = request.headers.get('if-match');
    if (!ifMatch) return problem(428, 'If-Match required', 'Send If-Match with the revision you read');
    if (Number(/\d+/.exec(ifMatch)?.[0]) !== this.settings.revision)
      return problem(412, 'Stale revision', `If-Match names a revision that is no longer current (${this.settings.revision})`);
    const { retentionDays } = (await request.json()) as { retentionDays: number };
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650)
      return invalid([{ path: 'retentionDays', message: 'retentionDays must not be greater than 3650' }]);
    this.settings = { retentionDays, revision: this.settings.revision + 1 };
    return json(200, this.settings, { etag: `"${this.settings.revision}"` });
  }
}

function summary(record: CallRecord): CallSummary {
  const { hold: _hold, steps: _steps, ...rest } = record;
  return rest;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({ type: `https://ccp.example/problems/${title.toLowerCase().replace(/\W+/g, '-')}`, title, status, detail, ...extra }),
    { status, headers: { 'content-type': PROBLEM } },
  );
}

function invalid(errors: { path: string; message: string }[]): Response {
  return problem(422, 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

function notFound(callId: string): Response {
  return problem(404, 'Not found', `No call "${callId}" in this account's history`);
}

function missingPermission(permission: string): Response {
  return new Response(
    JSON.stringify({
      type: 'https://ccp.example/problems/missing-permission',
      title: 'Missing permission',
      status: 403,
      detail: `This needs the permission "${permission}"`,
    }),
    { status: 403, headers: { 'content-type': PROBLEM } },
  );
}
