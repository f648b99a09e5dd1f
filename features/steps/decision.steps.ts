/** Then steps: the decision after the last event, compared exactly with what the engine returned. */
import assert from 'node:assert/strict';
import { type ConsentStatus, LABELS, type Recording } from '@ccp/policy-core';
import { Then } from '@cucumber/cucumber';
import { defineConsentTraceSteps } from './shared/consent-trace.js';
import { AGENT_CONTROLS, type AgentControl, regionName, ruleList } from './vocabulary.js';
import type { RecordingWorld } from './world.js';

function assertRecording(world: RecordingWorld, expected: Recording): void {
  assert.equal(world.decision().recording, expected, `the recording should be ${expected}`);
}

Then('the call is recording', function (this: RecordingWorld) {
  assertRecording(this, 'on');
});

Then('the call is not recording', function (this: RecordingWorld) {
  assertRecording(this, 'off');
});

Then('the recording is paused', function (this: RecordingWorld) {
  assertRecording(this, 'paused');
});

// Controls: "the agent can X and Y the recording" lists every control the agent has, and no other.

function controlsOf(allowed: readonly AgentControl[]): Record<AgentControl, boolean> {
  return Object.fromEntries(AGENT_CONTROLS.map((control) => [control, allowed.includes(control)])) as Record<AgentControl, boolean>;
}

Then('the agent can (only ){controls} the recording', function (this: RecordingWorld, allowed: AgentControl[]) {
  assert.deepEqual({ ...this.decision().controls }, controlsOf(allowed));
});

Then(/^the agent (?:has no control over|can do nothing with) the recording$/, function (this: RecordingWorld) {
  assert.deepEqual({ ...this.decision().controls }, controlsOf([]));
});

Then('the agent cannot {controls} the recording', function (this: RecordingWorld, forbidden: AgentControl[]) {
  const controls = this.decision().controls;
  for (const control of forbidden) assert.equal(controls[control], false, `the agent should not be able to ${control} the recording`);
});

// Announcement prompt (ANN-1) and payments (PAY-1, PAY-2)

Then('the agent is prompted to announce the recording', function (this: RecordingWorld) {
  assert.equal(this.decision().prompt, true, 'the record button should show the announcement tooltip');
});

Then('the agent is not prompted to announce the recording', function (this: RecordingWorld) {
  assert.equal(this.decision().prompt, false, 'the record button should show no announcement tooltip');
});

Then('the call can be paused automatically for payments', function (this: RecordingWorld) {
  assert.equal(this.decision().autoPause, true);
});

Then('the agent is told to pause the recording manually for payments', function (this: RecordingWorld) {
  assert.equal(this.decision().autoPause, false);
});

// The trace

Then('the decision names the rules {string}', function (this: RecordingWorld, rules: string) {
  assert.deepEqual([...this.decision().rules], ruleList(rules));
});

Then('the decision names the rule {string}', function (this: RecordingWorld, rule: string) {
  assert.deepEqual([...this.decision().rules], ruleList(rule));
});

Then('the decision names no rule', function (this: RecordingWorld) {
  assert.deepEqual([...this.decision().rules], []);
});

// Agent actions: refused (with the rule), or changing nothing. Either way the state is unchanged.

function assertUnchanged(world: RecordingWorld): void {
  const before = world.previousDecision();
  const after = world.decision();
  assert.equal(after.recording, before.recording, 'the recording should be unchanged');
  assert.deepEqual({ ...after.controls }, { ...before.controls }, "the agent's controls should be unchanged");
}

Then('it is refused by {string}', function (this: RecordingWorld, rule: string) {
  assert.equal(this.decision().rejected, rule);
  assertUnchanged(this);
});

Then('it is not refused', function (this: RecordingWorld) {
  assert.equal(this.decision().rejected, null);
});

Then('nothing changes', function (this: RecordingWorld) {
  assert.equal(this.decision().rejected, null, 'an action that changes nothing is not refused');
  assertUnchanged(this);
});

// A call that cannot happen this way: the engine refuses the whole scenario with the reason.

Then('the simulator refuses the call: {string}', function (this: RecordingWorld, message: string) {
  assert.ok(this.outcome, 'nothing has happened on a call yet');
  assert.equal(this.outcome.ok, false, 'the engine should refuse the call');
  if (this.outcome.ok) return;
  assert.deepEqual(
    this.outcome.issues.map((issue) => issue.message),
    [message],
  );
});

// ANN-3: a decision has no say on the announcements of call workflows; it carries only the agent's prompt.
// Its `consent` is the consent settings' own notice (CNS-3, CNS-4), which the announcement setting never turns on.

const DECISION_FIELDS = ['event', 'recording', 'controls', 'prompt', 'autoPause', 'rules', 'rejected', 'consent'];

Then(
  "the decision says only whether the agent is prompted, and nothing about the workflow's announcements",
  function (this: RecordingWorld) {
    assert.deepEqual(Object.keys(this.decision()).sort(), [...DECISION_FIELDS].sort());
    assert.equal(typeof this.decision().prompt, 'boolean');
    assert.equal(this.decision().consent.announce, false, 'the announcement setting should play no notice to the customer');
  },
);

// The settings version a call was decided with: the same for equal settings, however they are written.

function versions(world: RecordingWorld): { current: string; before: string; first: string } {
  const all = world.settingsVersions;
  world.decision();
  assert.ok(all.length >= 2, 'the scenario needs two calls to compare their settings versions');
  return { current: all[all.length - 1] as string, before: all[all.length - 2] as string, first: all[0] as string };
}

Then('the call is decided with the same settings version as the call before', function (this: RecordingWorld) {
  const { current, before } = versions(this);
  assert.equal(current, before);
});

Then('the call is decided with another settings version than the call before', function (this: RecordingWorld) {
  const { current, before } = versions(this);
  assert.notEqual(current, before);
});

Then('the call is decided with the same settings version as the first call', function (this: RecordingWorld) {
  const { current, first } = versions(this);
  assert.equal(current, first);
});

// HIS-2: with settings saved during the call, every decision names the version of the settings that made it.

Then('the decisions before the save were made with the settings the call started with', function (this: RecordingWorld) {
  const before = this.steps().slice(0, this.savedFromEvent());
  assert.ok(before.length > 0, 'no decision was made before the settings were saved');
  for (const step of before) assert.equal(step.settingsVersion, this.settingsVersionOf('start'));
});

Then('the decision is made with the settings saved during the call', function (this: RecordingWorld) {
  assert.equal(this.decision().settingsVersion, this.settingsVersionOf('saved'));
});

// Consent by the customer's location (CNS-1..5): the `consent` of the decision after the last event.

Then("the customer's region is {region} from the area code", function (this: RecordingWorld, region: string) {
  const { consent } = this.decision();
  assert.deepEqual(
    { region: regionName(consent.region), basis: consent.basis },
    { region: regionName(region), basis: 'area-code' },
    "the region should come from the customer number's area code",
  );
});

Then("the customer's region is {region} from the customer's account", function (this: RecordingWorld, region: string) {
  const { consent } = this.decision();
  assert.deepEqual(
    { region: regionName(consent.region), basis: consent.basis },
    { region: regionName(region), basis: 'account' },
    "the region should be the one the telephony side sent from the customer's account",
  );
});

Then("the customer's region is unknown", function (this: RecordingWorld) {
  const { consent } = this.decision();
  assert.deepEqual({ region: consent.region, basis: consent.basis }, { region: null, basis: 'unknown' });
});

Then('the customer hears the recording notice', function (this: RecordingWorld) {
  assert.equal(this.decision().consent.announce, true, 'the telephony side should play the recording notice');
});

Then('the customer does not hear the recording notice', function (this: RecordingWorld) {
  assert.equal(this.decision().consent.announce, false, 'the telephony side should play no recording notice');
});

Then('consent is {consentStatus}', function (this: RecordingWorld, status: ConsentStatus) {
  const actual = this.decision().consent.status;
  assert.equal(LABELS.consentStatus[actual], LABELS.consentStatus[status]);
});

// Consent over the whole call: the trace of every step, and what was recorded after a refusal.
defineConsentTraceSteps((world: RecordingWorld) => world.steps(), 'step');
