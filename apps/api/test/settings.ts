import { DEFAULT_ALL_PARTY_REGIONS } from '@ccp/policy-core';

const AUTOMATIC = { mode: 'automatic', announcement: 'prompt' };

/** GLB-1's consent settings (CNS-2), as the API answers them. */
export const INITIAL_CONSENT_BODY = { mode: 'off', regions: [...DEFAULT_ALL_PARTY_REGIONS], unknownRegion: 'strict' };

/** GLB-1's initial settings as a `PUT /recording-settings` body, with `overrides`. */
export const settingsBody = (overrides: Record<string, unknown> = {}) => ({
  trigger: 'on-answer',
  connectMode: 'automatic',
  transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' },
  queueDefault: AUTOMATIC,
  individualDefault: { inbound: AUTOMATIC, outbound: AUTOMATIC },
  consent: INITIAL_CONSENT_BODY,
  ...overrides,
});

/** The global settings of scenario-format.md's example, which call tests PUT on the demo tenant. */
export const SCENARIO_GLOBAL_SETTINGS = settingsBody({
  transfer: { toQueue: 'keep-original', toEmployee: 'use-destination' },
  individualDefault: { inbound: AUTOMATIC, outbound: { mode: 'manual', announcement: 'never' } },
});

/** The events of scenario-format.md's example call, ending with its forward. */
export const SCENARIO_EVENTS = [
  { type: 'connected' },
  { type: 'redirected', queue: 'sales' },
  { type: 'answered', employee: 'alice' },
  { type: 'agent', action: 'stop' },
  { type: 'transferred', toQueue: 'sales' },
  { type: 'answered', employee: 'bob' },
  { type: 'payment-screen', open: true },
  { type: 'payment-screen', open: false },
  { type: 'forwarded', number: '(718) 555-0111' },
  { type: 'ended' },
];
