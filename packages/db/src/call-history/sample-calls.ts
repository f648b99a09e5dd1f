import { baseSettingsVersion, type Call, type CallEvent, replay, type Settings, settingsVersion, validateSettings } from '@ccp/policy-core';
import type { KeptAnswer, KeptCall } from './kept-call.js';

/**
 * Realistic kept calls for the history's tests and measurements: decided by policy-core's replay
 * under SAMPLE_SETTINGS, so every step is an answer the API could have given.
 */

const validated = validateSettings({
  queues: [{ id: 'sales' }, { id: 'support', custom: { mode: 'always', announcement: 'prompt' } }, { id: 'billing' }],
  employees: [
    { id: 'alice', directLine: '+14155550100' },
    { id: 'bob', directLine: '+14155550101' },
    {
      id: 'carol',
      directLine: '+16285550102',
      custom: { inbound: { mode: 'manual', announcement: 'never' }, outbound: { mode: 'always', announcement: 'prompt' } },
    },
  ],
  exclusions: ['646', '+12125550123'],
});
if (!validated.ok) throw new Error('sample settings are invalid');
export const SAMPLE_SETTINGS: Settings = validated.value;
export const SAMPLE_VERSION = settingsVersion(SAMPLE_SETTINGS);
export const SAMPLE_BASE_VERSION = baseSettingsVersion(SAMPLE_SETTINGS);

/** The shapes of call the samples take; `eight` is the 8-event queue call of the size target. */
export type SampleShape = 'eight' | 'direct-excluded' | 'outbound-stopped' | 'virtual-agent';

const SHAPES: Record<
  SampleShape,
  (queue: string, employee: string, transferTo: string) => { call: Omit<Call, 'customer'>; events: CallEvent[] }
> = {
  eight: (queue, employee, transferTo) => ({
    call: { kind: 'queue', queue, linkedAccount: true },
    events: [
      { type: 'connected' },
      { type: 'answered', employee },
      { type: 'agent', action: 'pause' },
      { type: 'agent', action: 'resume' },
      { type: 'payment-screen', open: true },
      { type: 'payment-screen', open: false },
      { type: 'transferred', toQueue: transferTo },
      { type: 'ended' },
    ],
  }),
  'direct-excluded': (_queue, employee) => ({
    call: { kind: 'direct', employee, linkedAccount: false },
    events: [{ type: 'connected' }, { type: 'answered', employee }, { type: 'agent', action: 'start' }, { type: 'ended' }],
  }),
  'outbound-stopped': (_queue, employee) => ({
    call: { kind: 'outbound', employee, keypad: true, linkedAccount: false },
    events: [{ type: 'connected' }, { type: 'agent', action: 'stop' }, { type: 'ended' }],
  }),
  'virtual-agent': (queue, employee) => ({
    call: { kind: 'virtual-agent', linkedAccount: true },
    events: [{ type: 'connected' }, { type: 'transferred', toQueue: queue }, { type: 'answered', employee }, { type: 'ended' }],
  }),
};

export interface SampleCallOptions {
  readonly accountId: string;
  readonly callId: string;
  readonly startedAt: Date;
  /** E.164, or null for a withheld number. */
  readonly customer?: string | null;
  readonly shape?: SampleShape;
  readonly queue?: string;
  readonly employee?: string;
  /** Added to every answer, as fields a later API version might send. */
  readonly extra?: Record<string, unknown>;
  /** Milliseconds between two events. */
  readonly every?: number;
  /** Where the 8-event call is transferred (`support`, or `billing` from `support`, by default). */
  readonly transferTo?: string;
  /** The settings the call is decided under (SAMPLE_SETTINGS by default): its queue and employee must be in them. */
  readonly settings?: Settings;
  /** The region the telephony side sends with the call (CNS-1). */
  readonly customerRegion?: string;
  /** The customer's answer, reported right after `connected` (CNS-4, CNS-5); none by default. */
  readonly consentGiven?: boolean;
}

/** A call as the worker would keep it. */
export function sampleCall(options: SampleCallOptions): KeptCall {
  const { accountId, callId, startedAt, shape = 'eight', queue = 'sales', employee = 'alice', every = 17_000 } = options;
  const customer = options.customer === undefined ? '+13105550142' : options.customer;
  const { call: partial, events: shaped } = SHAPES[shape](
    queue,
    employee,
    options.transferTo ?? (queue === 'support' ? 'billing' : 'support'),
  );
  const call = { ...partial, customer, ...(options.customerRegion ? { customerRegion: options.customerRegion } : {}) } as Call;
  const events: CallEvent[] =
    options.consentGiven === undefined
      ? shaped
      : [shaped[0] as CallEvent, { type: 'consent', given: options.consentGiven }, ...shaped.slice(1)];
  const settings = options.settings ?? SAMPLE_SETTINGS;
  const version = settings === SAMPLE_SETTINGS ? SAMPLE_VERSION : settingsVersion(settings);
  const replayed = replay({ settings, call, events });
  if (!replayed.ok) throw new Error(`sample call ${callId}: ${JSON.stringify(replayed.issues)}`);
  const steps = replayed.replay.steps.map((step, i) => {
    const { event, ...decision } = step;
    const answer = { event, ...decision, settingsVersion: version, ...options.extra } as unknown as KeptAnswer;
    return { receivedAt: new Date(startedAt.getTime() + (i + 1) * every + (i % 3)), answer };
  });
  const matched = customer?.startsWith('+1646') ? ['646'] : [];
  return {
    accountId,
    callId,
    call,
    status: 'ended',
    startedAt,
    endedAt: steps.at(-1)?.receivedAt ?? startedAt,
    steps,
    versions: [
      {
        settingsVersion: version,
        baseVersion: settings === SAMPLE_SETTINGS ? SAMPLE_BASE_VERSION : baseSettingsVersion(settings),
        matchedExclusions: matched,
      },
    ],
  };
}
