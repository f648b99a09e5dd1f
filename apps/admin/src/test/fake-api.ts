import { INITIAL_CONSENT, onConnectSwitchIssue, REGIONS, validateSettings } from '@ccp/policy-core';
import type { Schemas } from '../api';

type Settings = Schemas['RecordingSettingsDto'];

const PROBLEM = 'application/problem+json; charset=utf-8';

export const GLB1_SETTINGS: Settings = {
  trigger: 'on-answer',
  connectMode: 'automatic',
  transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' },
  queueDefault: { mode: 'automatic', announcement: 'prompt' },
  individualDefault: { inbound: { mode: 'automatic', announcement: 'prompt' }, outbound: { mode: 'automatic', announcement: 'prompt' } },
  consent: { ...INITIAL_CONSENT, regions: [...INITIAL_CONSENT.regions] },
  revision: 1,
};

/** The 422 the API's validation sends for a transfer rule it does not know, naming the field. */
export const TO_EMPLOYEE_INVALID = {
  type: 'https://ccp.example/problems/validation-failed',
  title: 'Invalid request',
  status: 422,
  detail: 'One field is not valid',
  errors: [{ path: 'transfer.toEmployee', message: 'toEmployee must be one of keep-original, use-destination' }],
};

/**
 * The API's recording-settings contract (api.md; apps/api recording-settings.service.ts), in memory:
 * ETag/If-Match (428, 412), GLB-5 (422 without the confirmation), the meaning of the values by policy-core's
 * `validateSettings` (422 naming each path, e.g. an unknown consent region), consent kept when a body omits it. Served over real HTTP by
 * `http-server.ts` for store tests, or called as `fetch` by component tests.
 */
export class FakeApi {
  settings: Settings = structuredClone(GLB1_SETTINGS);
  readonly puts: Array<{ ifMatch: string | null; body: Record<string, unknown> }> = [];
  /** The next PUT answers this problem instead (e.g. a 422 naming a field). */
  refuseNextPut: Record<string, unknown> | null = null;
  /** How many times the region table was read. */
  regionReads = 0;

  /** Another admin saves: the revision moves on under the console's feet. */
  otherAdminSaves(change: Partial<Omit<Settings, 'revision'>>): void {
    this.settings = { ...this.settings, ...change, revision: this.settings.revision + 1 };
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/consent/regions' && request.method === 'GET') return this.regions(request);
    if (path !== '/api/v1/recording-settings') return problem(404, 'Not found', `No route ${path}`);
    if (request.headers.get('authorization') !== 'Bearer test-token') return problem(401, 'Not authenticated', 'Send a valid token');
    if (request.method === 'GET') return this.current();
    if (request.method !== 'PUT') return problem(405, 'Method Not Allowed', request.method);

    const body = (await request.json()) as Record<string, unknown>;
    const ifMatch = request.headers.get('if-match');
    this.puts.push({ ifMatch, body });
    if (this.refuseNextPut) {
      const refusal = this.refuseNextPut;
      this.refuseNextPut = null;
      return new Response(JSON.stringify(refusal), { status: Number(refusal.status), headers: { 'content-type': PROBLEM } });
    }
    if (!ifMatch) return problem(428, 'If-Match required', 'Send If-Match with the revision you read');
    const revision = Number(/\d+/.exec(ifMatch)?.[0]);
    if (revision !== this.settings.revision)
      return problem(412, 'Stale revision', `If-Match names revision ${revision}, but the current revision is ${this.settings.revision}`);
    const { confirmSwitchToOnConnect, ...settings } = body as Partial<Settings> & { confirmSwitchToOnConnect?: boolean };
    const refused = onConnectSwitchIssue(this.settings.trigger, settings.trigger ?? this.settings.trigger, confirmSwitchToOnConnect);
    if (refused) return problem(422, 'Forbidden by a recording rule', refused.message, { rule: refused.rule });
    const consent = settings.consent ?? this.settings.consent;
    const read = validateSettings({ ...settings, consent }, 'settings');
    if (!read.ok) {
      const errors = read.issues.map(({ path, message, rule }) => ({
        path: path.replace(/^settings\.?/, ''),
        message,
        ...(rule && { rule }),
      }));
      return problem(422, 'Invalid request', read.issues[0]?.message ?? 'Invalid settings', { errors });
    }
    // Normalized as the API answers them (consent regions upper case, ascending, once each).
    this.settings = {
      ...(settings as Omit<Settings, 'revision'>),
      consent: { ...read.value.consent, regions: [...read.value.consent.regions] },
      revision: this.settings.revision + 1,
    };
    return this.current();
  };

  /** `GET /consent/regions`: policy-core's table, as the API's controller answers it. */
  private regions(request: Request): Response {
    if (request.headers.get('authorization') !== 'Bearer test-token') return problem(401, 'Not authenticated', 'Send a valid token');
    this.regionReads += 1;
    return consentRegionsResponse();
  }

  private current(): Response {
    return new Response(JSON.stringify(this.settings), {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', etag: `"${this.settings.revision}"` },
    });
  }
}

/** `GET /consent/regions` as the API's controller answers it: policy-core's table (CNS-1/2). */
export function consentRegionsResponse(): Response {
  const items = REGIONS.map((region) => ({ ...region, areaCodes: [...region.areaCodes] }));
  return new Response(JSON.stringify({ items }), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({ type: `https://ccp.example/problems/${title.toLowerCase().replace(/\W+/g, '-')}`, title, status, detail, ...extra }),
    { status, headers: { 'content-type': PROBLEM, 'x-request-id': 'req-1' } },
  );
}
