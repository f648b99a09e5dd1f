/** examples/queue-call-transfer-chain.json (the example of scenario-format.md), shown in OpenAPI; a test keeps it equal to the file. */
export const SCENARIO_EXAMPLE = {
  settings: {
    trigger: 'on-answer',
    connectMode: 'automatic',
    transfer: {
      toQueue: 'keep-original',
      toEmployee: 'use-destination',
    },
    queueDefault: {
      mode: 'automatic',
      announcement: 'prompt',
    },
    individualDefault: {
      inbound: {
        mode: 'automatic',
        announcement: 'prompt',
      },
      outbound: {
        mode: 'manual',
        announcement: 'never',
      },
    },
    queues: [
      {
        id: 'sales',
      },
      {
        id: 'billing',
        custom: {
          mode: 'never',
          announcement: 'never',
        },
      },
    ],
    employees: [
      {
        id: 'alice',
        directLine: '+14155550100',
      },
      {
        id: 'bob',
        directLine: '(628) 555-0101',
        custom: {
          inbound: {
            mode: 'always',
            announcement: 'prompt',
          },
          outbound: {
            mode: 'manual',
            announcement: 'never',
          },
        },
      },
    ],
    exclusions: ['+12125550123', '646'],
  },
  call: {
    kind: 'queue',
    customer: '+13105550142',
    queue: 'billing',
    linkedAccount: true,
  },
  events: [
    {
      type: 'connected',
    },
    {
      type: 'redirected',
      queue: 'sales',
    },
    {
      type: 'answered',
      employee: 'alice',
    },
    {
      type: 'agent',
      action: 'stop',
    },
    {
      type: 'transferred',
      toQueue: 'sales',
    },
    {
      type: 'answered',
      employee: 'bob',
    },
    {
      type: 'payment-screen',
      open: true,
    },
    {
      type: 'payment-screen',
      open: false,
    },
    {
      type: 'forwarded',
      number: '+17185550111',
    },
    {
      type: 'ended',
    },
  ],
} as const;
