import { type ReplayStep, replay } from './scenario.js';

/** Replays a scenario that must be valid and returns its steps (test helper, not exported by the package). */
export function stepsOf(scenario: unknown): readonly ReplayStep[] {
  const outcome = replay(scenario);
  if (!outcome.ok) throw new Error(`invalid scenario: ${outcome.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return outcome.replay.steps;
}

/** The last step of a valid scenario. */
export function lastStep(scenario: unknown): ReplayStep {
  const steps = stepsOf(scenario);
  const last = steps[steps.length - 1];
  if (!last) throw new Error('the scenario has no events');
  return last;
}

/** The problems of an invalid scenario, as `path: message` lines. */
export function problemsOf(scenario: unknown): string[] {
  const outcome = replay(scenario);
  return outcome.ok ? [] : outcome.issues.map((i) => `${i.path}: ${i.message}`);
}

export const ALL = { start: true, stop: true, pause: true, resume: true };
export const NONE = { start: false, stop: false, pause: false, resume: false };
export const controls = (...allowed: Array<keyof typeof ALL>) => ({ ...NONE, ...Object.fromEntries(allowed.map((a) => [a, true])) });

/** A small account: Sales follows the default, Billing is custom, Alice follows the individual defaults, Bob is custom. */
export const account = {
  queues: [{ id: 'sales' }, { id: 'billing', custom: { mode: 'never', announcement: 'never' } }, { id: 'support' }],
  employees: [
    { id: 'alice', directLine: '+14155550100' },
    {
      id: 'bob',
      directLine: '(628) 555-0101',
      custom: { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'never' } },
    },
    { id: 'carol', directLine: '415.555.0199' },
  ],
};
