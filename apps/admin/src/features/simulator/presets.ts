/// <reference types="vite/client" />
import { LABELS } from '@ccp/policy-core';

// import.meta.glob is Vite's; the node-side tests (tsconfig.node.json) reach this file through the store.
// The repository's own example calls (examples/README.md), bundled as their files' text: a preset is
// exactly what `pnpm simulate examples/<file>.json` reads, so the console and the command line agree.
const FILES = import.meta.glob<string>(
  [
    '../../../../../examples/queue-call-transfer-chain.json',
    '../../../../../examples/payment-call.json',
    '../../../../../examples/transfer-use-destination.json',
    '../../../../../examples/click-to-call.json',
    '../../../../../examples/virtual-agent-excluded-caller.json',
    '../../../../../examples/on-call-connected-always.json',
    '../../../../../examples/consent-require-all-party-state.json',
    '../../../../../examples/consent-withdrawn-mid-call.json',
  ],
  { query: '?raw', import: 'default', eager: true },
);

function example(name: string): string {
  const text = FILES[`../../../../../examples/${name}.json`];
  if (text === undefined) throw new Error(`examples/${name}.json is not bundled`);
  return text;
}

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly text: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'queue-call-transfer-chain',
    label: 'Queue call: redirect, transfer, payment, forward',
    description: 'Redirected before answer, stopped by the agent, transferred (keep original), then forwarded to an external number.',
    text: example('queue-call-transfer-chain'),
  },
  {
    id: 'payment-call',
    label: 'Payment call',
    description: 'The Charge Credit Card screen pauses and resumes a linked call; resume is refused while it is open.',
    text: example('payment-call'),
  },
  {
    id: 'transfer-use-destination',
    label: 'Transfer to an employee (use destination)',
    description: "A paused call is off until the employee answers, then follows the employee's inbound settings.",
    text: example('transfer-use-destination'),
  },
  {
    id: 'click-to-call',
    label: 'Click-to-call',
    description: "Follows the employee's outbound settings: the agent starts the recording by hand.",
    text: example('click-to-call'),
  },
  {
    id: 'virtual-agent-excluded-caller',
    label: 'Virtual Agent call from a listed number',
    description: 'Recorded from connect to end, even though the caller is on the Exclusion List.',
    text: example('virtual-agent-excluded-caller'),
  },
  {
    id: 'on-call-connected-always',
    label: `${LABELS.trigger['on-connect']}, ${LABELS.mode.always}`,
    description: 'Recorded from connect; custom queue and employee settings are ignored; the agent cannot stop it.',
    text: example('on-call-connected-always'),
  },
  {
    id: 'consent-require-all-party-state',
    label: `Consent: ${LABELS.consentMode.require}`,
    description:
      'A Washington caller (by area code): nothing records at answer while consent is pending, the agent cannot start; the customer consents while the payment screen is open.',
    text: example('consent-require-all-party-state'),
  },
  {
    id: 'consent-withdrawn-mid-call',
    label: 'Consent withdrawn mid-call',
    description:
      "The linked account's region (Washington) wins over the New York number; the customer withdraws consent: recording stops for the rest of the call.",
    text: example('consent-withdrawn-mid-call'),
  },
];
