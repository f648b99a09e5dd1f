/**
 * The call history through the API (HIS-1..5) and who reads it (ACC-5). Calls are reported as the
 * telephony side reports them (`POST /calls`, `POST /calls/{id}/events` with the account's API key);
 * the worker moves each ended call to the database, and every step that reads the history first waits
 * for it (`awaitHistory`: at most 10 s after a call's end, HIS-1). People read the history as the
 * console does, through `GET /calls…`.
 */
import assert from 'node:assert/strict';
import { replay, type TransferRule } from '@ccp/policy-core';
import { Given, Then, When } from '@cucumber/cucumber';
import { auditOfTheAction } from './access.steps.js';
import { storedEntry } from './exclusions.steps.js';
import type { Answer } from './http.js';
import { setTransferRule } from './settings.given.js';
import { NAMES, quotedNames } from './vocabulary.js';
import {
  type ApiWorld,
  type CallPage,
  EDIT_RECORDING_SETTINGS,
  expectProblem,
  expectStatus,
  type Person,
  type ReportedCall,
  VIEW_CALL_HISTORY,
} from './world.js';

/** `GET /calls/{callId}` for people: the whole record. */
interface CallRecord {
  callId: string;
  status: string;
  outcome: string;
  hold: { reason: string; by: string; at: string } | null;
  steps: (Record<string, unknown> & { receivedAt: string })[];
}

/** `GET /history-settings`. */
interface HistorySettings {
  retentionDays: number;
  revision: number;
}

/** Everything the admin reads of the call history: the list, each call's record, the retention period. */
interface HistoryState {
  calls: CallPage;
  records: Record<string, unknown>;
  settings: HistorySettings;
}

interface HistoryWorld {
  /** The call history as the admin read it just before the last action on it. */
  historyBefore?: HistoryState;
  /** The number the admin erased the calls of, as typed (HIS-5). */
  erased?: string;
}

type World = ApiWorld & HistoryWorld;

/** HIS-3: the outcomes as the spec words them, and as the API names them. */
const OUTCOMES: Readonly<Record<string, string>> = { recorded: 'recorded', 'partly recorded': 'partly', 'not recorded': 'not-recorded' };

async function historyOf(world: World): Promise<HistoryState> {
  const admin = world.tenant().admin;
  const calls = await world.read<CallPage>(admin, '/calls?limit=200');
  const records: Record<string, unknown> = {};
  for (const { callId } of calls.items) records[callId] = await world.read(admin, `/calls/${callId}`);
  return { calls, records, settings: await world.read<HistorySettings>(admin, '/history-settings') };
}

/** An action on the call history: once the worker has kept every call the scenario ended, and what the admin read of it just before. */
async function actOnHistory(world: World, action: () => Promise<Answer | Answer[]>): Promise<void> {
  await world.awaitHistory();
  world.historyBefore = await historyOf(world);
  await world.act(action);
}

/** The one answer of the last action: a page of kept calls. */
function foundCalls(world: World): CallPage['items'] {
  const answer = world.answer();
  expectStatus(answer, 200);
  return answer.json<CallPage>().items;
}

/** The decision of a step without the version of the settings that made it (an evidence file's versions hash its reduced settings). */
function withoutVersion(step: Record<string, unknown>): Record<string, unknown> {
  const { settingsVersion: _, ...decision } = step;
  return decision;
}

/** Fails unless `at` (an ISO time the API wrote) is between the two times (the steps and the API share this machine's clock). */
function assertBetween(at: string, from: Date, to: Date, what: string): void {
  const time = Date.parse(at);
  assert.ok(time >= from.getTime() && time <= to.getTime(), `${what} at ${at}, not between ${from.toISOString()} and ${to.toISOString()}`);
}

function person(world: World, name: string): Person {
  const found = world.person(name);
  world.they = found;
  return found;
}

// Calls, as the telephony side reported them

/** A queue call from `customer`, started, connected and answered by `employee`. */
async function answeredCall(world: World, customer: string, queue: string, employee: string): Promise<ReportedCall> {
  const call = await world.startCall(customer, queue);
  await world.report(call, { type: 'answered', employee: world.employeeId(world.tenant(), employee) });
  return call;
}

Given(
  'a call from {string} to the queue {string} was answered by {string}',
  async function (this: World, customer: string, queue: string, employee: string) {
    await answeredCall(this, customer, queue, employee);
  },
);

Given(
  'a call from {string} to the queue {string} was answered by {string} and ended',
  async function (this: World, customer: string, queue: string, employee: string) {
    const call = await answeredCall(this, customer, queue, employee);
    await this.report(call, { type: 'ended' });
  },
);

Given(
  'a call from {string} to the queue {string} was answered by {string}, who stopped the recording, and ended',
  async function (this: World, customer: string, queue: string, employee: string) {
    const call = await answeredCall(this, customer, queue, employee);
    const stopped = await this.report(call, { type: 'agent', action: 'stop' });
    assert.equal(stopped.recording, 'off', `the agent could not stop the recording: ${JSON.stringify(stopped)}`);
    await this.report(call, { type: 'ended' });
  },
);

Given(
  'the call was transferred to the queue {string} and answered by {string}',
  async function (this: World, queue: string, employee: string) {
    const tenant = this.tenant();
    const call = this.currentCall();
    await this.report(call, { type: 'transferred', toQueue: this.queueId(tenant, queue) });
    await this.report(call, { type: 'answered', employee: this.employeeId(tenant, employee) });
  },
);

Given('the call ended', async function (this: World) {
  await this.report(this.currentCall(), { type: 'ended' });
});

// HIS-2: settings saved between two events of a call decide its next event.

Given(
  'the admin saved {string} as {transferRule} while the call was in progress',
  async function (this: World, section: string, rule: TransferRule) {
    const call = this.currentCall();
    assert.ok(call.steps.length > 0 && !call.endedAt, 'no call is in progress');
    await setTransferRule(this, this.tenant(), section, rule);
    call.savedBeforeEvent = call.steps.length;
  },
);

// HIS-1, HIS-3: searching the history

async function search(world: World, query: Record<string, string>): Promise<void> {
  const admin = world.tenant().admin;
  await actOnHistory(world, () => world.send(admin, 'GET', `/calls?${new URLSearchParams(query)}`));
}

When('the admin searches the call history for {string}', async function (this: World, number: string) {
  await search(this, { number });
});

When('the admin searches the call history for the queue {string}', async function (this: World, queue: string) {
  await search(this, { queue: this.queueId(this.tenant(), queue) });
});

When('the admin searches the call history for the employee {string}', async function (this: World, employee: string) {
  await search(this, { employee: this.employeeId(this.tenant(), employee) });
});

When(
  /^the admin searches the call history for the calls (recorded|partly recorded|not recorded)$/,
  async function (this: World, outcome: string) {
    await search(this, { outcome: OUTCOMES[outcome] as string });
  },
);

When('the admin searches the call history for the rule {string}', async function (this: World, rule: string) {
  await search(this, { rule });
});

When(
  'the admin searches the call history for the calls since the call from {string} started',
  async function (this: World, customer: string) {
    await search(this, { from: this.reportedCall(customer).startingAt.toISOString() });
  },
);

Then('the call is found, with every decision it got, in order, with when each event arrived', async function (this: World) {
  const call = this.currentCall();
  assert.deepEqual(
    foundCalls(this).map((item) => item.callId),
    [call.callId],
  );
  const record = await this.read<CallRecord>(this.tenant().admin, `/calls/${call.callId}`);
  assert.equal(record.status, 'ended');
  // Each step exactly as the API answered it (settings version included), none missing, doubled or out of order.
  assert.deepEqual(
    record.steps.map(({ receivedAt: _, ...step }) => step),
    call.steps.map((step) => step.answer),
  );
  record.steps.forEach((step, i) => {
    const sent = call.steps[i];
    assert.ok(sent);
    assertBetween(step.receivedAt, sent.sentAt, sent.answeredAt, `event ${i} (${JSON.stringify(sent.event)}) received`);
  });
});

Then(new RegExp(`^it finds the calls? from ${NAMES}, newest first$`), function (this: World, customers: string) {
  // Each call of the scenario known by its customer's number (one call each), a call it did not report by its id.
  const customerOf = (callId: string) => this.calls.find((call) => call.callId === callId)?.customer ?? callId;
  const expected = quotedNames(customers).map((customer) => this.reportedCall(customer).callId);
  assert.deepEqual(
    foundCalls(this).map((item) => customerOf(item.callId)),
    expected.map(customerOf),
  );
});

// HIS-2: the evidence

When('the admin downloads the evidence of the call', async function (this: World) {
  const admin = this.tenant().admin;
  const call = this.currentCall();
  await actOnHistory(this, () => this.send(admin, 'GET', `/calls/${call.callId}/scenario`));
});

/** The evidence file the last action downloaded. */
function evidence(world: World): Record<string, unknown> & {
  settings: { transfer: { toQueue: string } };
  settingsChanges?: { beforeEvent: number; settings: { transfer: { toQueue: string } } }[];
  meta: { callId: string; receivedAt: string[]; settingsVersions: string[] };
} {
  const answer = world.answer();
  expectStatus(answer, 200);
  return answer.json();
}

Then('it holds the settings the call started with, and from the event after the save those saved during the call', function (this: World) {
  const call = this.currentCall();
  const file = evidence(this);
  const first = call.steps[0]?.answer.settingsVersion;
  const saved = call.steps.at(-1)?.answer.settingsVersion;
  assert.ok(call.savedBeforeEvent !== undefined && first !== saved, 'the live decisions do not show settings saved during the call');
  // The live calls' versions, as the API named them, in `meta`; the settings of each in the file.
  assert.deepEqual(
    file.meta.settingsVersions,
    call.steps.map((step) => step.answer.settingsVersion),
  );
  assert.equal(file.meta.callId, call.callId);
  assert.equal(file.meta.receivedAt.length, call.steps.length);
  assert.deepEqual(
    { started: file.settings.transfer.toQueue, changes: file.settingsChanges?.map((c) => [c.beforeEvent, c.settings.transfer.toQueue]) },
    { started: 'keep-original', changes: [[call.savedBeforeEvent, 'use-destination']] },
  );
});

Then('replaying it with the simulator gives exactly the decisions the call got', function (this: World) {
  const call = this.currentCall();
  const outcome = replay(evidence(this));
  assert.ok(outcome.ok, `the evidence does not replay: ${JSON.stringify(outcome.ok || outcome.issues)}`);
  const steps = outcome.replay.steps as unknown as Record<string, unknown>[];
  assert.deepEqual(
    steps.map(withoutVersion),
    call.steps.map((step) => withoutVersion(step.answer)),
  );
  // The replay changes settings exactly where the live call met the saved ones.
  const changes = (versions: unknown[]) => versions.flatMap((version, i) => (i > 0 && version !== versions[i - 1] ? [i] : []));
  assert.deepEqual(changes(steps.map((step) => step.settingsVersion)), changes(call.steps.map((step) => step.answer.settingsVersion)));
});

// HIS-4: legal holds and the retention period

Given(
  'the call from {string} to the queue {string} is under legal hold because {string}',
  async function (this: World, customer: string, queue: string, reason: string) {
    await this.awaitHistory();
    const call = this.reportedCall(customer, queue);
    await this.expect(this.tenant().admin, 200, 'PUT', `/calls/${call.callId}/hold`, { body: { reason } });
  },
);

When('the admin places the call under legal hold because {string}', async function (this: World, reason: string) {
  const admin = this.tenant().admin;
  const call = this.currentCall();
  await actOnHistory(this, () => this.send(admin, 'PUT', `/calls/${call.callId}/hold`, { body: { reason } }));
});

When('the admin releases the call from legal hold', async function (this: World) {
  const admin = this.tenant().admin;
  const call = this.currentCall();
  await actOnHistory(this, () => this.send(admin, 'DELETE', `/calls/${call.callId}/hold`));
});

Then('the call shows the legal hold {string}, who placed it and when', async function (this: World, reason: string) {
  expectStatus(this.answer(), 200);
  const admin = this.tenant().admin;
  const record = await this.read<CallRecord>(admin, `/calls/${this.currentCall().callId}`);
  assert.ok(record.hold, 'the call shows no hold');
  assert.deepEqual({ reason: record.hold.reason, by: record.hold.by }, { reason, by: admin.email });
  const acted = this.actedBetween;
  assert.ok(acted);
  assertBetween(record.hold.at, new Date(Math.floor(acted.from.getTime() / 1000) * 1000), acted.to, 'held');
  assert.deepEqual(this.answer().json<CallRecord>().hold, record.hold);
});

Then('the call shows no legal hold', async function (this: World) {
  expectStatus(this.answer(), 200);
  const record = await this.read<CallRecord>(this.tenant().admin, `/calls/${this.currentCall().callId}`);
  assert.equal(record.hold, null);
  const before = this.historyBefore?.records[record.callId] as CallRecord | undefined;
  assert.deepEqual(record.steps, before?.steps, 'the call itself is kept as it was');
});

Then(
  'the audit log shows that the admin placed the call under legal hold because {string}, and when',
  async function (this: World, reason: string) {
    const row = await auditOfTheAction(this, this.tenant().admin.name);
    assert.deepEqual(
      { action: row.action, target: row.target, after: row.after },
      { action: 'call.held', target: this.currentCall().callId, after: { reason } },
    );
  },
);

Then(
  'the audit log shows that the admin released the call from legal hold {string}, and when',
  async function (this: World, reason: string) {
    const row = await auditOfTheAction(this, this.tenant().admin.name);
    assert.deepEqual(
      { action: row.action, target: row.target, before: row.before },
      { action: 'call.released', target: this.currentCall().callId, before: { reason } },
    );
  },
);

/** `PUT /history-settings` as a person, with the revision the admin reads now (none: `withRevision` false). */
async function changeRetention(world: World, who: Person, retentionDays: number, withRevision = true): Promise<void> {
  const { revision } = await world.read<HistorySettings>(world.tenant().admin, '/history-settings');
  const headers: Record<string, string> = withRevision ? { 'if-match': `"${revision}"` } : {};
  await actOnHistory(world, () => world.send(who, 'PUT', '/history-settings', { body: { retentionDays }, headers }));
}

async function retentionDays(world: World): Promise<number> {
  return (await world.read<HistorySettings>((await world.theAccount()).admin, '/history-settings')).retentionDays;
}

Given('the account keeps its call history {int} days', async function (this: World, days: number) {
  assert.equal(await retentionDays(this), days);
});

Then('the account still keeps its call history {int} days', async function (this: World, days: number) {
  assert.equal(await retentionDays(this), days);
  assert.deepEqual(await historyOf(this), this.historyBefore, 'nothing changed in the call history');
  assert.deepEqual(await this.stateOf(this.tenant()), this.stateBefore(this.tenant()), 'nothing was audited');
});

When('the admin changes the retention period to {int} days', async function (this: World, days: number) {
  await changeRetention(this, this.tenant().admin, days);
});

When(
  'the admin changes the retention period to {int} days without naming the period they read',
  async function (this: World, days: number) {
    await changeRetention(this, this.tenant().admin, days, false);
  },
);

Then('they are told to read the retention period before changing it', function (this: World) {
  expectProblem(this.answer(), 428, 'precondition-required');
});

Then(
  'the audit log shows that the admin changed the retention period from {int} to {int} days, and when',
  async function (this: World, from: number, to: number) {
    expectStatus(this.answer(), 200);
    const row = await auditOfTheAction(this, this.tenant().admin.name);
    assert.deepEqual(
      { action: row.action, before: row.before, after: row.after },
      { action: 'history-settings.updated', before: { retentionDays: from }, after: { retentionDays: to } },
    );
  },
);

// HIS-5: erasure

When('the admin erases every call of {string}', async function (this: World, number: string) {
  const admin = this.tenant().admin;
  this.erased = number;
  await actOnHistory(this, () => this.send(admin, 'POST', '/calls/erasures', { body: { number } }));
});

Then('they are told {int} calls were erased and {int} was kept under legal hold', function (this: World, erased: number, kept: number) {
  const answer = this.answer();
  // api.md names no status for an erasure: a success.
  assert.ok(answer.status === 200 || answer.status === 201, `${answer.method} ${answer.path} answered ${answer.status} ${answer.text}`);
  assert.deepEqual(answer.json(), { erased, keptUnderHold: kept });
});

/** The kept calls of one customer number, as the admin searches them. */
async function callsOf(world: World, customer: string): Promise<string[]> {
  const query = new URLSearchParams({ number: customer });
  const { items } = await world.read<CallPage>(world.tenant().admin, `/calls?${query}`);
  return items.map((item) => item.callId);
}

Then(
  'of the calls from {string}, the call history keeps only the one to the queue {string}',
  async function (this: World, customer: string, queue: string) {
    assert.deepEqual(await callsOf(this, customer), [this.reportedCall(customer, queue).callId]);
  },
);

Then('the call from {string} is still in the call history', async function (this: World, customer: string) {
  assert.deepEqual(await callsOf(this, customer), [this.reportedCall(customer).callId]);
});

Then(
  'the audit log shows that the admin erased {int} calls and kept {int} under legal hold, and when, never naming the number',
  async function (this: World, erased: number, kept: number) {
    const row = await auditOfTheAction(this, this.tenant().admin.name);
    assert.deepEqual({ action: row.action, after: row.after }, { action: 'calls.erased', after: { erased, keptUnderHold: kept } });
    // The number in none of the forms it was typed, stored or shown in, anywhere in the log.
    const typed = this.erased;
    assert.ok(typed, 'nothing was erased');
    const { entry, display } = storedEntry(typed);
    const national = entry.slice(2);
    const log = JSON.stringify(await this.read(this.tenant().admin, '/audit?limit=200'));
    for (const form of [typed, entry, national, display, `${national.slice(3, 6)}-${national.slice(6)}`])
      assert.ok(!log.includes(form), `the audit log shows the number as ${form}`);
    assert.ok(!JSON.stringify(row).replace(/\D/g, '').includes(national), "the audit row holds the number's digits");
  },
);

// ACC-5: who reads the history

Given(
  '{string} of the account has the permission {string} but not {string}',
  async function (this: World, name: string, granted: string, withheld: string) {
    const permissions = [EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY];
    assert.deepEqual([granted, withheld].sort(), [...permissions].sort(), `the permissions are ${permissions.join(' and ')}`);
    this.they = await this.addPerson(await this.theAccount(), name, [granted]);
  },
);

/** What the console reads when someone opens the call history: the list, a search, a call and its evidence, the retention period. */
function historyScreens(call: ReportedCall): string[] {
  const number = new URLSearchParams({ number: call.customer });
  return ['/calls', `/calls?${number}`, `/calls/${call.callId}`, `/calls/${call.callId}/scenario`, '/history-settings'];
}

When('{string} opens the call history', async function (this: World, name: string) {
  const who = person(this, name);
  const paths = historyScreens(this.currentCall());
  await actOnHistory(this, () => Promise.all(paths.map((path) => this.send(who, 'GET', path))));
});

When('{string} tries to place the call under legal hold', async function (this: World, name: string) {
  const who = person(this, name);
  const call = this.currentCall();
  await actOnHistory(this, () => this.send(who, 'PUT', `/calls/${call.callId}/hold`, { body: { reason: 'Litigation 2026-114' } }));
});

When('{string} tries to erase every call of {string}', async function (this: World, name: string, number: string) {
  const who = person(this, name);
  await actOnHistory(this, () => this.send(who, 'POST', '/calls/erasures', { body: { number } }));
});

When('{string} tries to change the retention period to {int} days', async function (this: World, name: string, days: number) {
  await changeRetention(this, person(this, name), days);
});

Then('the call history is unchanged', async function (this: World) {
  const tenant = this.tenant();
  assert.ok(this.historyBefore, 'nothing was read of the call history before the action');
  assert.deepEqual(await historyOf(this), this.historyBefore);
  assert.deepEqual(await this.stateOf(tenant), this.stateBefore(tenant), 'nothing else changed either (audit log included)');
});

Then('{string} finds the call in the call history', async function (this: World, name: string) {
  const { items } = await this.read<CallPage>(this.person(name), '/calls');
  assert.deepEqual(
    items.map((item) => item.callId),
    [this.currentCall().callId],
  );
});

// ACC-5: the telephony side (an API key) reports calls and reads a live call's decision, never the history

When("the telephony side asks for the call's decision", async function (this: World) {
  const call = this.currentCall();
  await this.act(() => this.sendAsTelephony('GET', `/calls/${call.callId}`));
});

Then("it gets the call's current decision, without the call's events or the customer's number", function (this: World) {
  const answer = this.answer();
  expectStatus(answer, 200);
  const call = this.currentCall();
  const last = call.steps.at(-1)?.answer;
  assert.ok(last);
  const { event: _, ...decision } = last;
  assert.deepEqual(answer.json(), { callId: call.callId, ...decision });
  const national = storedEntry(call.customer).entry.slice(2);
  assert.ok(!answer.text.replace(/\D/g, '').includes(national), `the answer holds the customer's number: ${answer.text}`);
});

When('the telephony side tries to read or change the call history', async function (this: World) {
  const call = this.currentCall();
  const reads = historyScreens(call).filter((path) => path !== `/calls/${call.callId}`);
  await actOnHistory(this, async () => [
    ...(await Promise.all(reads.map((path) => this.sendAsTelephony('GET', path)))),
    await this.sendAsTelephony('PUT', `/calls/${call.callId}/hold`, { body: { reason: 'Litigation 2026-114' } }),
    await this.sendAsTelephony('POST', '/calls/erasures', { body: { number: call.customer } }),
    await this.sendAsTelephony('PUT', '/history-settings', { body: { retentionDays: 30 }, headers: { 'if-match': '"1"' } }),
  ]);
});

Then('it is refused, as API keys never read the call history', function (this: World) {
  for (const answer of this.answers) expectProblem(answer, 403, 'api-key-not-allowed');
});
