import { type ApiClient, type Schemas, unwrap } from './client.js';

/** A call as `POST /calls` takes it (scenario-format.md): `kind`, `customer`, and its queue or employee. */
export type Call = Schemas['CallDocDto'];
/** One event of a call: `type`, and the one field its type needs. */
export type CallEvent = Schemas['CallEventDocDto'];
/** A call's current decision: after `POST /calls`, or `GET /calls/{callId}` with an API key. */
export type CallDecision = Schemas['CallDecisionDto'];
/**
 * The decision after one event: `recording`, `controls`, `prompt`, `autoPause`, the `rules` behind it (most decisive first),
 * `rejected`, and `consent` (CNS-1..5: the customer's region, whether to play the recording notice, the consent status).
 */
export type CallStep = Schemas['CallStepDto'];

/**
 * `POST /calls`: starts the call's session. Nothing is decided before `connected`: send it and every event
 * that follows with `sendCallEvent`. Throws an `ApiProblem` (409 when the account has a live call with this id).
 */
export async function startCall(client: ApiClient, callId: string, call: Call): Promise<CallDecision> {
  return (await unwrap(client.POST('/calls', { body: { callId, call } }))).data;
}

/**
 * `POST /calls/{callId}/events`: one event, one step. An agent action a rule forbids is a step too, with
 * `rejected` naming the rule; an event that cannot happen now throws an `ApiProblem` 422, an unknown or
 * expired call 404.
 */
export async function sendCallEvent(client: ApiClient, callId: string, event: CallEvent): Promise<CallStep> {
  return (await unwrap(client.POST('/calls/{callId}/events', { params: { path: { callId } }, body: { event } }))).data;
}

/** `GET /calls/{callId}` with an API key: the live call's current decision. */
export async function getCallDecision(client: ApiClient, callId: string): Promise<CallDecision> {
  const { data } = await unwrap(client.GET('/calls/{callId}', { params: { path: { callId } } }));
  // A person's token gets the whole record instead (HIS-1); this helper is the telephony side's.
  if (!('settingsVersion' in data) || 'steps' in data) throw new TypeError('GET /calls/{callId} answered a call record: use an API key');
  return data;
}
