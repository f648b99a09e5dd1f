import { compilePolicy, formatIssue, type Issue, parseScenario, replayScenario, type Settings, validateSettings } from '@ccp/policy-core';
import { consentRegionsResponse } from '../../test/fake-api';

/** Like the demo account's (apps/api demo-tenant.ts): the default preset's queues and employees exist. */
export const DEMO_LIVE_SETTINGS = {
  queues: [{ id: 'sales' }, { id: 'billing', custom: { mode: 'never', announcement: 'never' } }],
  employees: [
    { id: 'alice', directLine: '+14155550100' },
    { id: 'bob', directLine: '+16285550101' },
  ],
};

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8' };

/**
 * `POST /simulate` as the API's SimulateService does it (apps/api simulate.service.ts), on policy-core
 * itself: the tests see real replays and real validation problems, not canned ones. `live` stands for
 * the account's saved settings, used when the scenario has none.
 */
export class FakeSimulateApi {
  readonly bodies: Record<string, unknown>[] = [];
  live: Settings;

  constructor(live: unknown = DEMO_LIVE_SETTINGS) {
    const read = validateSettings(live, 'settings');
    if (!read.ok) throw new Error(read.issues.map(formatIssue).join('; '));
    this.live = read.value;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    // The customer-region picker and the timeline's region names read the API's region table (CNS-1).
    if (path === '/api/v1/consent/regions' && request.method === 'GET') return consentRegionsResponse();
    if (path !== '/api/v1/simulate' || request.method !== 'POST') return new Response(null, { status: 404 });
    if (request.headers.get('authorization') !== 'Bearer test-token')
      return new Response(JSON.stringify({ title: 'Not authenticated', status: 401, detail: 'Send a valid token' }), {
        status: 401,
        headers: PROBLEM,
      });
    const body = (await request.json()) as Record<string, unknown>;
    this.bodies.push(body);
    const scenario = parseScenario(body);
    if (!scenario.ok) return invalid(scenario.issues);
    const outcome = replayScenario(scenario.value, compilePolicy(scenario.value.settings ?? this.live));
    if (!outcome.ok) return invalid(outcome.issues);
    return new Response(`${JSON.stringify(outcome.replay, null, 2)}\n`, { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

function invalid(issues: readonly Issue[]): Response {
  return new Response(
    JSON.stringify({
      type: 'https://ccp.example/problems/validation-failed',
      title: 'Invalid request',
      status: 422,
      detail: issues[0] ? formatIssue(issues[0]) : 'Invalid scenario',
      errors: issues.map((i) => (i.rule ? { path: i.path, message: i.message, rule: i.rule } : { path: i.path, message: i.message })),
    }),
    { status: 422, headers: PROBLEM },
  );
}
