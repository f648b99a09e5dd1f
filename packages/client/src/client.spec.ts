import { describe, expect, it } from 'vitest';
import { getCallDecision, sendCallEvent, startCall } from './calls.js';
import { createClient, unwrap } from './client.js';
import { ApiProblem } from './problem.js';

const BASE = 'http://ccp.test/api/v1';

/** Records each request and answers what the test says. */
function fakeFetch(answer: (request: Request) => Response | Promise<Response> = () => json(200, {})) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request.clone());
    return answer(request);
  };
  return { requests, fetch };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type, 'x-request-id': 'req-7' } });

const DECISION = {
  callId: 'pbx:1',
  recording: 'off',
  controls: { start: false, stop: false, pause: false, resume: false },
  prompt: false,
  autoPause: false,
  rules: ['GLB-1'],
  settingsVersion: 'sha256:1',
};

describe('createClient', () => {
  it('sends the API key as a bearer credential, on every request', async () => {
    const api = fakeFetch();
    const client = createClient({ baseUrl: BASE, apiKey: 'ak_secret', fetch: api.fetch });
    await client.GET('/calls/{callId}', { params: { path: { callId: 'a' } } });
    await client.POST('/simulate', { body: {} as never });
    expect(api.requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer ak_secret', 'Bearer ak_secret']);
  });

  it("reads a person's token when it sends, and sends none when there is none", async () => {
    const api = fakeFetch();
    let token: string | null = 't-1';
    const client = createClient({ baseUrl: BASE, token: () => token, fetch: api.fetch });
    await client.GET('/me');
    token = null;
    await client.GET('/me');
    expect(api.requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t-1', null]);
  });

  it('takes an API key or a token, not both', () => {
    expect(() => createClient({ baseUrl: BASE, apiKey: 'ak_1', token: 't' })).toThrow(TypeError);
  });

  it('says when a request with a credential is refused 401 (expired or revoked), not when it had none', async () => {
    let unauthorized = 0;
    const api = fakeFetch(() => json(401, { title: 'Unauthorized', detail: 'Revoked' }, 'application/problem+json'));
    const withKey = createClient({ baseUrl: BASE, apiKey: 'ak_1', fetch: api.fetch, onUnauthorized: () => unauthorized++ });
    const without = createClient({ baseUrl: BASE, fetch: api.fetch, onUnauthorized: () => unauthorized++ });
    await withKey.GET('/me');
    await without.GET('/me');
    expect(unauthorized).toBe(1);
  });

  it('rejects with an ApiProblem of status 0 when the API does not answer at all', async () => {
    const client = createClient({
      baseUrl: BASE,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const failure = await client.GET('/me').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiProblem);
    expect(failure).toMatchObject({ status: 0, title: 'The API did not answer' });
  });
});

describe('unwrap', () => {
  it("throws the API's problem: detail, the rule behind a refusal, the fields, the request id", async () => {
    const api = fakeFetch(() =>
      json(
        422,
        {
          type: 'https://ccp.example/problems/rule-violation',
          title: 'Forbidden by a recording rule',
          status: 422,
          detail: 'Switching to On Call Connected needs confirmation',
          rule: 'GLB-5',
          errors: [{ path: 'trigger', message: 'confirm the switch' }],
        },
        'application/problem+json',
      ),
    );
    const client = createClient({ baseUrl: BASE, token: 't', fetch: api.fetch });
    const problem = await unwrap(client.GET('/recording-settings')).catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({
      status: 422,
      rule: 'GLB-5',
      detail: 'Switching to On Call Connected needs confirmation',
      requestId: 'req-7',
    });
    expect((problem as ApiProblem).fieldError('trigger')).toBe('confirm the switch');
  });

  it("makes a problem of an answer that is not one (a proxy's HTML 502)", async () => {
    const api = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const client = createClient({ baseUrl: BASE, token: 't', fetch: api.fetch });
    await expect(unwrap(client.GET('/me'))).rejects.toMatchObject({ status: 502, detail: 'The API answered 502 Bad Gateway' });
  });
});

describe('the call-event flow (api.md: POST /calls, then POST /calls/{callId}/events)', () => {
  it('starts a call and sends its events where api.md says, with the call id in the path escaped', async () => {
    const api = fakeFetch((request) =>
      request.url.endsWith('/events') ? json(200, { ...DECISION, event: { type: 'connected' }, rejected: null }) : json(201, DECISION),
    );
    const client = createClient({ baseUrl: BASE, apiKey: 'ak_1', fetch: api.fetch });
    const started = await startCall(client, 'pbx:1/2', { kind: 'queue', customer: '+14155550100', queue: 'sales' });
    const step = await sendCallEvent(client, 'pbx:1/2', { type: 'connected' });
    expect(started.rules).toEqual(['GLB-1']);
    expect(step.rejected).toBeNull();
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${BASE}/calls`, `POST ${BASE}/calls/pbx%3A1%2F2/events`]);
    expect(await api.requests[0]?.json()).toEqual({ callId: 'pbx:1/2', call: { kind: 'queue', customer: '+14155550100', queue: 'sales' } });
    expect(await api.requests[1]?.json()).toEqual({ event: { type: 'connected' } });
  });

  it('throws the refusal of an event as an ApiProblem (404: the call is unknown or expired)', async () => {
    const api = fakeFetch(() => json(404, { title: 'Not Found', status: 404, detail: 'No call pbx:9' }, 'application/problem+json'));
    const client = createClient({ baseUrl: BASE, apiKey: 'ak_1', fetch: api.fetch });
    await expect(sendCallEvent(client, 'pbx:9', { type: 'ended' })).rejects.toMatchObject({ status: 404, detail: 'No call pbx:9' });
  });

  it("reads a live call's decision with an API key", async () => {
    const api = fakeFetch(() => json(200, DECISION));
    const client = createClient({ baseUrl: BASE, apiKey: 'ak_1', fetch: api.fetch });
    expect(await getCallDecision(client, 'pbx:1')).toEqual(DECISION);
  });
});
