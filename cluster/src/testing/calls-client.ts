import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiMember, Cluster } from '../cluster.js';

/** What an api answered. */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the tests
  readonly body: any;
  readonly headers: Headers;
}

/** The decision fields of a step, as `pnpm simulate` prints them, to compare a replay with what the api answered. */
export const decisionOf = (step: Record<string, unknown>) => ({
  event: step.event,
  recording: step.recording,
  controls: step.controls,
  prompt: step.prompt,
  autoPause: step.autoPause,
  rules: step.rules,
  rejected: step.rejected,
});

/**
 * The telephony side and the demo admin of a cluster's demo tenant, for the call history's tests:
 * calls sent to the replicas in turn, and the history read back.
 */
export class CallsClient {
  admin: Record<string, string> = {};
  telephony: Record<string, string> = {};

  constructor(
    private readonly cluster: Cluster,
    private readonly password: string,
  ) {}

  /** Logs the demo admin in and makes an API key for the telephony side. */
  async open(): Promise<this> {
    this.admin = await this.login('admin@demo.test');
    const key = await this.request(this.api(0), 'POST', '/api-keys', { name: 'telephony' }, this.admin);
    this.telephony = { authorization: `Bearer ${key.body.key}` };
    return this;
  }

  api(i: number): ApiMember {
    return this.cluster.apis[i % this.cluster.apis.length] as ApiMember;
  }

  async request(member: ApiMember, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${member.url}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(email: string): Promise<Record<string, string>> {
    const res = await this.request(this.api(0), 'POST', '/auth/login', { email, password: this.password });
    if (res.status !== 200) throw new Error(`login of ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return { authorization: `Bearer ${res.body.token}` };
  }

  /** Starts a call through the first replica; returns its id. */
  async start(call: object, callId = `his-${randomUUID()}`): Promise<string> {
    const res = await this.request(this.api(0), 'POST', '/calls', { callId, call }, this.telephony);
    if (res.status !== 201) throw new Error(`POST /calls: ${res.status} ${JSON.stringify(res.body)}`);
    return callId;
  }

  /** Sends one event of a call to a replica: the answer when 200, else throws with what it got. */
  async send(member: ApiMember, callId: string, event: object): Promise<Record<string, unknown>> {
    const res = await this.request(member, 'POST', `/calls/${callId}/events`, { event }, this.telephony);
    if (res.status !== 200)
      throw new Error(`${member.name}: event ${JSON.stringify(event)} of ${callId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A whole call, its events sent to the replicas in turn; returns its id and the answers. */
  async run(call: object, events: readonly object[], between?: (index: number) => Promise<void>) {
    const callId = await this.start(call);
    const answers: Record<string, unknown>[] = [];
    for (const [i, event] of events.entries()) {
      await between?.(i);
      answers.push(await this.send(this.api(i + 1), callId, event));
    }
    return { callId, answers };
  }

  /** The page of the history listing calls of `number` (any form), newest first. */
  async search(query: string): Promise<{ items: { callId: string }[]; nextCursor: string | null }> {
    const res = await this.request(this.api(1), 'GET', `/calls?${query}`, undefined, this.admin);
    if (res.status !== 200) throw new Error(`GET /calls?${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Waits until the history (the database, not the session) lists every one of `callIds` under `number`; fails after `withinMs`. */
  async waitKept(number: string, callIds: readonly string[], withinMs = 10_000): Promise<number> {
    const since = Date.now();
    for (;;) {
      const listed = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = await this.search(
          `number=${encodeURIComponent(number)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        for (const item of page.items) listed.add(item.callId);
        cursor = page.nextCursor;
      } while (cursor);
      const missing = callIds.filter((id) => !listed.has(id));
      if (missing.length === 0) return Date.now() - since;
      if (Date.now() - since > withinMs) {
        const workers = this.cluster.workers.map((w) => `--- ${w.name}:\n${w.output().slice(-3_000)}`).join('\n');
        throw new Error(
          `${missing.length} call(s) not in the history after ${withinMs} ms (${missing.slice(0, 3).join(', ')}…)\n${workers}`,
        );
      }
      await sleep(100);
    }
  }

  /** A kept or live call's whole record. */
  async record(callId: string): Promise<Answer> {
    return this.request(this.api(0), 'GET', `/calls/${callId}`, undefined, this.admin);
  }
}
