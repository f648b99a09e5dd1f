import assert from 'node:assert/strict';
import type { ReplayStep, RuleId } from '@ccp/policy-core';
import { Then } from '@cucumber/cucumber';

/**
 * Consent over the whole call (CNS-3..5): the trace of every step, and what was recorded after a
 * refusal. The same sentences for the engine (the replay's steps) and the API (its answers), so both
 * profiles check them alike: `stepsOf` gives a scenario's steps, `what` names one in a failure.
 */
export function defineConsentTraceSteps<W>(stepsOf: (world: W) => readonly ReplayStep[], what: 'step' | 'answer'): void {
  const describe = (step: ReplayStep, index: number) => `${what} ${index + 1} (${step.event.type}): ${step.rules.join(', ')}`;
  // The steps that decide something: all but `ended` (whose trace is empty).
  const live = (world: W) => stepsOf(world).filter((step) => step.event.type !== 'ended');
  const fromRefusal = (world: W) => {
    const steps = stepsOf(world);
    const refusal = steps.findIndex((step) => step.event.type === 'consent' && !step.event.given);
    assert.ok(refusal >= 0, 'the customer has not refused');
    return steps.slice(refusal);
  };

  Then('every decision of the call names {string}', function (this: W, rule: string) {
    const missing = live(this).filter((step) => !step.rules.includes(rule as RuleId));
    assert.deepEqual(missing.map(describe), [], `every decision should name ${rule}`);
  });

  Then('no decision of the call names {string}', function (this: W, rule: string) {
    const naming = stepsOf(this).filter((step) => step.rules.includes(rule as RuleId));
    assert.deepEqual(naming.map(describe), [], `no decision should name ${rule}`);
  });

  Then('every decision while consent was pending names {string} first', function (this: W, rule: string) {
    const pending = live(this).filter((step) => step.consent.status === 'pending');
    assert.ok(pending.length > 0, 'consent was never pending');
    assert.deepEqual(
      pending.filter((step) => step.rules[0] !== rule).map(describe),
      [],
      `every decision while consent was pending should start with ${rule}`,
    );
  });

  Then("every decision from the customer's refusal on names {string} first", function (this: W, rule: string) {
    const after = fromRefusal(this).filter((step) => step.event.type !== 'ended');
    assert.deepEqual(after.filter((step) => step.rules[0] !== rule).map(describe), [], `every decision should start with ${rule}`);
  });

  Then("nothing has been recorded since the customer's refusal", function (this: W) {
    const recorded = fromRefusal(this).filter((step) => step.recording !== 'off');
    assert.deepEqual(recorded.map(describe), [], 'the recording should stay off after the refusal');
  });
}
