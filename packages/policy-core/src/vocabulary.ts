/** The values of recording-rules.md's vocabulary, and the labels the console and the specs use. */

export const TRIGGERS = ['on-answer', 'on-connect'] as const;
/** When recording may start: at the answer (queue and individual settings apply) or at connect. */
export type Trigger = (typeof TRIGGERS)[number];

export const CONNECT_MODES = ['always', 'automatic'] as const;
/** The only modes offered under `on-connect` (GLB-6). */
export type ConnectMode = (typeof CONNECT_MODES)[number];

export const MODES = ['always', 'automatic', 'manual', 'never'] as const;
/** A recording mode (MOD-1..4). */
export type Mode = (typeof MODES)[number];

export const ANNOUNCEMENTS = ['prompt', 'never'] as const;
/** Whether the agent is prompted to announce the recording (ANN-1, ANN-2). */
export type Announcement = (typeof ANNOUNCEMENTS)[number];

export const TRANSFER_RULES = ['keep-original', 'use-destination'] as const;
/** What a transfer does to the recording settings of a call (TRF-1..4). */
export type TransferRule = (typeof TRANSFER_RULES)[number];

export const CALL_KINDS = ['queue', 'direct', 'outbound', 'click-to-call', 'virtual-agent'] as const;
/** The kinds of call of scenario-format.md. */
export type CallKind = (typeof CALL_KINDS)[number];

export const AGENT_ACTIONS = ['start', 'stop', 'pause', 'resume'] as const;
/** What an agent may ask of the recording. */
export type AgentAction = (typeof AGENT_ACTIONS)[number];

export const RECORDING_STATES = ['off', 'on', 'paused'] as const;
/** Whether a call is being recorded after an event. */
export type Recording = (typeof RECORDING_STATES)[number];

export const CONSENT_MODES = ['off', 'announce', 'require'] as const;
/** What an account does where the customer's region needs every party's consent (CNS-3, CNS-4). */
export type ConsentMode = (typeof CONSENT_MODES)[number];

export const UNKNOWN_REGION_TREATMENTS = ['strict', 'lenient'] as const;
/** Whether a customer whose region is unknown needs consent (`strict`) or not (CNS-2). */
export type UnknownRegionTreatment = (typeof UNKNOWN_REGION_TREATMENTS)[number];

export const CONSENT_BASES = ['account', 'area-code', 'unknown'] as const;
/** Where the customer's region came from (CNS-1). */
export type ConsentBasis = (typeof CONSENT_BASES)[number];

export const CONSENT_STATUSES = ['not-needed', 'implied', 'pending', 'given', 'refused'] as const;
/** Where a call stands on its customer's consent (scenario-format.md's `consent.status`). */
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** The console's words for each value (the vendor page's wording), shared by the console and the specs. */
export const LABELS = {
  trigger: { 'on-answer': 'On Call Answered', 'on-connect': 'On Call Connected' },
  mode: {
    always: 'Always Record',
    automatic: 'Automatically Record',
    manual: 'Manually Record',
    never: 'Never Record',
  },
  announcement: {
    prompt: 'Prompt employees to announce recording status',
    never: 'Never announce recording status',
  },
  transferRule: {
    'keep-original': "Continue to follow call's original recording status after transfer",
    'use-destination': 'Change to recording settings of the transfer destination',
  },
  consentMode: {
    off: 'Off',
    announce: 'Announce to customers where every party must consent',
    require: 'Require consent before recording',
  },
  unknownRegion: {
    strict: 'Treat as needing consent',
    lenient: 'Treat as not needing consent',
  },
  consentStatus: {
    'not-needed': 'Not needed',
    implied: 'Implied (announced)',
    pending: 'Pending',
    given: 'Given',
    refused: 'Refused',
  },
} as const satisfies {
  trigger: Record<Trigger, string>;
  mode: Record<Mode, string>;
  announcement: Record<Announcement, string>;
  transferRule: Record<TransferRule, string>;
  consentMode: Record<ConsentMode, string>;
  unknownRegion: Record<UnknownRegionTreatment, string>;
  consentStatus: Record<ConsentStatus, string>;
};
