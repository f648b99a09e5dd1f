/**
 * Live calls through the API, as the telephony side reports them (`POST /calls`, `POST /calls/{id}/events`
 * with the account's API key), in the words of the engine's steps (../call.steps.ts, ../decision.steps.ts),
 * so a scenario of consent.feature runs through HTTP unchanged. "The decision" is the API's answer to the
 * last event of the current call; where a step says whether the call records, the telephony side's view
 * of the live call (`GET /calls/{id}`) must show the same state. The settings the call sentences need (a
 * queue's custom settings, the connect mode, the customer's account) are said before the call is placed.
 */
import assert from 'node:assert/strict';
import type { Announcement, Mode, RuleId, Trigger } from '@ccp/policy-core';
import { Given, Then, When } from '@cucumber/cucumber';
import { AGENT_CONTROLS, type AgentControl, ruleList } from '../vocabulary.js';
import './vocabulary.js';
import { type ConsentApiWorld, type Decision, decision, previousDecision, saveUnsavedSettings } from './consent-world.js';
import { type ApiWorld, expectStatus } from './world.js';

type World = ConsentApiWorld;

// Settings said before the call (the Given steps of ../settings.steps.ts the api profile had not bound)

Given(
  'the queue {string} has custom settings {mode} with {announcement}',
  async function (this: World, name: string, mode: Mode, announcement: Announcement) {
    await this.setQueueCustom(await this.theAccount(), name, { mode, announcement });
  },
);

Given('the global trigger is {trigger} with {mode}', async function (this: World, trigger: Trigger, mode: Mode) {
  const tenant = await this.theAccount();
  const answer = await this.putSettings(tenant.admin, tenant, (settings) => {
    settings.trigger = trigger;
    settings.connectMode = mode;
    // GLB-5: a Given is how the account came to be; the admin confirmed the switch.
    settings.confirmSwitchToOnConnect = trigger === 'on-connect' ? true : undefined;
  });
  expectStatus(answer, 200);
});

// Whether the call is linked to a customer account (PAY-1), and CNS-1's region of that account: said before the call is placed.

Given('the call is linked to a customer account', function (this: World) {
  this.linkedAccount = true;
});

Given('the call is not linked to a customer account', function (this: World) {
  this.linkedAccount = false;
});

Given("the customer's account is in {region}", function (this: World, region: string) {
  this.customerRegion = region;
});

// The calls

/**
 * Places a call (settings the admin changed but did not save are saved first, as the engine's next call
 * takes them): `call` with the API's ids, plus what was said about the customer's account.
 */
async function place(world: World, call: Record<string, unknown>, names: { customer?: string; queue?: string } = {}): Promise<void> {
  await saveUnsavedSettings(world);
  const body = { ...call };
  if (world.linkedAccount !== undefined) body.linkedAccount = world.linkedAccount;
  if (world.customerRegion !== undefined) body.customerRegion = world.customerRegion;
  await world.placeCall(body, { customer: names.customer ?? '', queue: names.queue ?? '' });
}

When('a customer calls the queue {string} from {string}', async function (this: World, queue: string, customer: string) {
  const tenant = this.tenant();
  await place(this, { kind: 'queue', customer, queue: this.queueId(tenant, queue) }, { customer, queue });
});

When('a customer with a withheld number calls the queue {string}', async function (this: World, queue: string) {
  await place(this, { kind: 'queue', queue: this.queueId(this.tenant(), queue) }, { queue });
});

When('a customer calls the direct line of {string} from {string}', async function (this: World, employee: string, customer: string) {
  await place(this, { kind: 'direct', customer, employee: this.employeeId(this.tenant(), employee) }, { customer });
});

When('a customer calls the Virtual Agent from {string}', async function (this: World, customer: string) {
  await place(this, { kind: 'virtual-agent', customer }, { customer });
});

When('{string} calls the customer {string}', async function (this: World, employee: string, customer: string) {
  await place(this, { kind: 'outbound', customer, employee: this.employeeId(this.tenant(), employee) }, { customer });
});

/** One event of the current call; the API must decide it (200). */
async function happens(world: World, event: Record<string, unknown>): Promise<void> {
  await world.report(world.currentCall(), event);
}

When('{string} answers', async function (this: World, employee: string) {
  await happens(this, { type: 'answered', employee: this.employeeId(this.tenant(), employee) });
});

When('the agent transfers the call to the queue {string}', async function (this: World, queue: string) {
  await happens(this, { type: 'transferred', toQueue: this.queueId(this.tenant(), queue) });
});

When('the Virtual Agent hands the call to the queue {string}', async function (this: World, queue: string) {
  await happens(this, { type: 'transferred', toQueue: this.queueId(this.tenant(), queue) });
});

When('the agent forwards the call to {string}', async function (this: World, number: string) {
  await happens(this, { type: 'forwarded', number });
});

When('the call ends', async function (this: World) {
  await happens(this, { type: 'ended' });
});

When(/^the agent (?:tries to )?(start|stop|pause|resume)s? the recording(?: again)?$/, async function (this: World, action: string) {
  await happens(this, { type: 'agent', action });
});

When('the agent opens the Charge Credit Card screen', async function (this: World) {
  await happens(this, { type: 'payment-screen', open: true });
});

When('the agent closes the Charge Credit Card screen', async function (this: World) {
  await happens(this, { type: 'payment-screen', open: false });
});

// The customer's consent (CNS-3..5), as the telephony side reports it.

When('the customer consents( again)', async function (this: World) {
  await happens(this, { type: 'consent', given: true });
});

When(/^the customer (?:refuses to be recorded|withdraws consent)$/, async function (this: World) {
  await happens(this, { type: 'consent', given: false });
});

// The decision after the last event

/** What a live call is now, whatever event led there: not the trace or the refusal of the answer to that event. */
function stateOf(decision: Partial<Decision>): Partial<Decision> {
  const { recording, controls, prompt, autoPause, consent, settingsVersion } = decision;
  return { recording, controls, prompt, autoPause, consent, settingsVersion };
}

/**
 * The recording after the last event; while the call is live, the telephony side reads the same state
 * (`GET /calls/{id}` with the API key: recording, controls, prompt, consent).
 */
async function assertRecording(world: ApiWorld, expected: string): Promise<void> {
  const last = decision(world);
  assert.equal(last.recording, expected, `the recording should be ${expected}: the API answered ${JSON.stringify(last)}`);
  const call = world.currentCall();
  if (call.endedAt) return;
  const now = await world.sendAsTelephony('GET', `/calls/${call.callId}`);
  expectStatus(now, 200);
  assert.deepEqual(stateOf(now.json<Decision>()), stateOf(last), 'the telephony side should read the state the last answer gave');
}

Then('the call is recording', async function (this: World) {
  await assertRecording(this, 'on');
});

Then('the call is not recording', async function (this: World) {
  await assertRecording(this, 'off');
});

Then('the recording is paused', async function (this: World) {
  await assertRecording(this, 'paused');
});

function controlsOf(allowed: readonly AgentControl[]): Record<AgentControl, boolean> {
  return Object.fromEntries(AGENT_CONTROLS.map((control) => [control, allowed.includes(control)])) as Record<AgentControl, boolean>;
}

Then('the agent can (only ){controls} the recording', function (this: World, allowed: AgentControl[]) {
  assert.deepEqual({ ...decision(this).controls }, controlsOf(allowed));
});

Then(/^the agent (?:has no control over|can do nothing with) the recording$/, function (this: World) {
  assert.deepEqual({ ...decision(this).controls }, controlsOf([]));
});

Then('the agent is prompted to announce the recording', function (this: World) {
  assert.equal(decision(this).prompt, true, 'the record button should show the announcement tooltip');
});

Then('the agent is not prompted to announce the recording', function (this: World) {
  assert.equal(decision(this).prompt, false, 'the record button should show no announcement tooltip');
});

Then('the decision names the rules {string}', function (this: World, rules: string) {
  assert.deepEqual([...decision(this).rules], ruleList(rules));
});

Then('the decision names no rule', function (this: World) {
  assert.deepEqual([...decision(this).rules], []);
});

/** An agent action refused, or changing nothing: the call's state is as before it. */
function assertUnchanged(world: ApiWorld): void {
  const before = previousDecision(world);
  const after = decision(world);
  assert.equal(after.recording, before.recording, 'the recording should be unchanged');
  assert.deepEqual({ ...after.controls }, { ...before.controls }, "the agent's controls should be unchanged");
}

Then('it is refused by {string}', function (this: World, rule: string) {
  assert.equal(decision(this).rejected, rule as RuleId);
  assertUnchanged(this);
});

Then('nothing changes', function (this: World) {
  assert.equal(decision(this).rejected, null, 'an action that changes nothing is not refused');
  assertUnchanged(this);
});
