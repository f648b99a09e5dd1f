import type { Call, CallOutcome, ConsentStatus, Settings } from '@ccp/policy-core';

/**
 * The call history (HIS-1): what is kept of every call decided through the live API. The api writes
 * each call's trail to Redis as it answers; the worker moves ended and expired calls here in batches.
 */

/** One accepted event of a call: when the API received it, and the step exactly as the API answered it. */
export interface KeptStep {
  /** When the API received the event. */
  readonly receivedAt: Date;
  /**
   * The answer of `POST /calls/{callId}/events`, as sent: `event`, `recording`, `controls`, `prompt`,
   * `autoPause`, `rules`, `rejected`, `settingsVersion` (and whatever later issues add, kept as is).
   */
  readonly answer: KeptAnswer;
}

/** The fields of an answer the history reads (search, outcome); the rest is kept without being read. */
export interface KeptAnswer {
  readonly event: { readonly type: string; readonly [key: string]: unknown };
  readonly recording: 'on' | 'off' | 'paused';
  readonly rules: readonly string[];
  readonly settingsVersion: string;
  /** Absent from the answers of calls kept before consent existed (CNS). */
  readonly consent?: { readonly status: ConsentStatus; readonly region: string | null; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * One settings version a call was decided under (HIS-2): the live version its answers name, the
 * version of the same settings without the exclusion list (kept once per account in
 * `settings_versions`), and the exclusion entries that matched the call's numbers under it.
 */
export interface KeptVersion {
  readonly settingsVersion: string;
  readonly baseVersion: string;
  /** Normalized entries (E.164 or a 3-digit area code), ascending. */
  readonly matchedExclusions: readonly string[];
}

export type KeptCallStatus = 'ended' | 'expired';

/** A call as the worker writes it (one batch holds many). Idempotent by (account, call id, startedAt). */
export interface KeptCall {
  readonly accountId: string;
  readonly callId: string;
  /** The call as started (policy-core's normalized `Call`). */
  readonly call: Call;
  readonly status: KeptCallStatus;
  /** When the API received `POST /calls`. */
  readonly startedAt: Date;
  /** When `ended` was received; for an expired call, when its session expired. */
  readonly endedAt: Date;
  /** In event order: step i answered event i. */
  readonly steps: readonly KeptStep[];
  /** In order of first use; every step's `answer.settingsVersion` is one of them. */
  readonly versions: readonly KeptVersion[];
}

/** What the history's list shows of a call (api.md `GET /calls` items). */
export interface KeptCallSummary {
  readonly callId: string;
  readonly call: Call;
  readonly status: KeptCallStatus;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly outcome: CallOutcome;
  /** Every rule that decided a step, each once, in order of first appearance. */
  readonly rules: readonly string[];
  readonly consent: KeptCallConsent;
}

/**
 * Where a call stood on its customer's consent (CNS) when it closed: its last step's status and
 * region. A call that ended while consent was still pending never consented: `pending`.
 */
export interface KeptCallConsent {
  readonly status: ConsentStatus;
  /** The customer's region (CNS-1), null when unknown. */
  readonly region: string | null;
}

/** A legal hold (HIS-4): kept whatever the retention until released. */
export interface CallHold {
  readonly reason: string;
  readonly by: string;
  readonly at: Date;
}

/** A kept call read back whole. */
export interface KeptCallRecord extends KeptCallSummary {
  readonly steps: readonly KeptStep[];
  readonly versions: readonly KeptVersion[];
  readonly hold: CallHold | null;
}

/** The settings of a base version: the account's settings without the exclusion list (`exclusions: []`). */
export interface StoredSettingsVersion {
  readonly baseVersion: string;
  readonly settings: Settings;
}

/** `GET /calls` filters (api.md), already normalized by the api. */
export interface CallSearch {
  /** A customer number in E.164, or a 3-digit area code. */
  readonly number?: string;
  /** startedAt >= from */
  readonly from?: Date;
  /** startedAt < to */
  readonly to?: Date;
  readonly queue?: string;
  readonly employee?: string;
  readonly outcome?: CallOutcome;
  readonly rule?: string;
  /** The call's consent status (`KeptCallConsent.status`). */
  readonly consent?: ConsentStatus;
}

/** A page of calls, newest first; `nextCursor` is opaque (null: no more). */
export interface CallPage {
  readonly items: readonly KeptCallSummary[];
  readonly nextCursor: string | null;
}
