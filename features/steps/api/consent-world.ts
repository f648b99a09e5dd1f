/**
 * What the consent steps share (consent.steps.ts, consent-calls.steps.ts): what a scenario says before or
 * between its calls, the settings the admin changed without saving them yet, and the API's answers to
 * the current call's events as decisions.
 */
import assert from 'node:assert/strict';
import type { ReplayStep } from '@ccp/policy-core';
import type { Answer } from './http.js';
import { type ApiWorld, expectStatus, type ReportedCall, type SettingsBody } from './world.js';

export interface ConsentWorld {
  /** The region the telephony side sends with the next call, from the customer's account (CNS-1). */
  customerRegion?: string;
  /** Whether the next call is linked to a customer account (else the format's default). */
  linkedAccount?: boolean;
  /** Changes the admin made to the settings and has not saved yet: saved during the call, or before the next call. */
  unsaved?: ((settings: SettingsBody) => void)[];
  /** Where the last action put a region on the all-party list it sent (`consent.regions[i]`). */
  sentAt?: number;
}

export type ConsentApiWorld = ApiWorld & ConsentWorld;

/** An answer of `POST /calls/{id}/events`: a replay step of scenario-format.md with the version of the settings that made it. */
export type Decision = ReplayStep & { readonly settingsVersion: string };

/**
 * Saves, as the account's admin, what the admin changed and had not saved (`PUT /recording-settings`); the
 * engine's next call takes such changes, so the steps save them before placing one. Fails unless 200.
 */
export async function saveUnsavedSettings(world: ConsentApiWorld): Promise<Answer | undefined> {
  const changes = world.unsaved ?? [];
  if (changes.length === 0) return undefined;
  world.unsaved = [];
  const tenant = world.tenant();
  const answer = await world.putSettings(tenant.admin, tenant, (settings) => {
    for (const change of changes) change(settings);
  });
  expectStatus(answer, 200);
  return answer;
}

/** The API's answers to the events of a call (the current one unless said), in order. */
export function decisions(world: ApiWorld, call: ReportedCall = world.currentCall()): Decision[] {
  return call.steps.map((step) => step.answer as unknown as Decision);
}

/** The API's answer to the last event of the current call: "the decision" of the Then steps. */
export function decision(world: ApiWorld): Decision {
  const last = decisions(world).at(-1);
  assert.ok(last, 'the call has no events yet');
  return last;
}

/** The answer before it. */
export function previousDecision(world: ApiWorld): Decision {
  const previous = decisions(world).at(-2);
  assert.ok(previous, 'the last event is the first of the call');
  return previous;
}
