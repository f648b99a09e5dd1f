/**
 * @ccp/policy-core: the call recording rules of recording-rules.md, once, as pure functions.
 * Settings are validated and normalized, compiled into a policy, and calls are decided event by
 * event by `step` (or replayed whole by `replay`). No I/O, no clock, no framework.
 * Exports only what other packages use.
 */
export { CALL_EVENT_TYPES, type Call, type CallEvent, validateCall, validateEvent } from './call.js';
export { type Consent, type ConsentSettings, consentOfCall, INITIAL_CONSENT } from './consent/consent.js';
export { type Country, DEFAULT_ALL_PARTY_REGIONS, isRegionCode, REGIONS, type Region, regionOfNumber } from './consent/regions.js';
export { connectModeDecides, type EffectiveQueueSetting, effectiveIndividualSetting, effectiveQueueSetting } from './effective-settings.js';
export { evidenceScenario, matchedExclusions } from './evidence.js';
export { matchesNumberOrAreaCode } from './exclusion-set.js';
export { CALL_OUTCOMES, type CallOutcome, callOutcome, callParties } from './history.js';
export { formatIssue, type Issue } from './issues.js';
export {
  customerKey,
  displayExclusion,
  displayNumber,
  type ExclusionEntry,
  type ExclusionKind,
  exclusionKey,
  exclusionKind,
  normalizeExclusionEntry,
  normalizeNanpNumber,
  normalizePhoneNumber,
  type Parsed,
} from './phone.js';
export { type CompiledPolicy, compilePolicy, compilePolicyWithExclusionKeys } from './policy.js';
export { isRuleId, RULE_IDS, RULES, type RuleId } from './rules.js';
export { parseScenario, type Replay, type ReplayStep, replay, replayScenario } from './scenario.js';
export { type CallSession, type Controls, callReferenceIssue, currentDecision, type Decision, startSession, step } from './session.js';
export {
  type EmployeeSettings,
  INITIAL_SETTINGS,
  type IndividualSetting,
  type ModeSetting,
  type QueueSettings,
  type Settings,
  validateSettings,
} from './settings.js';
export { decodePolicy, encodePolicy, SnapshotFormatError, snapshotExclusionKeys } from './snapshot.js';
export { onConnectSwitchIssue } from './trigger-switch.js';
export { baseSettingsVersion, settingsVersion, sortedExclusionKeys } from './version.js';
export {
  AGENT_ACTIONS,
  ANNOUNCEMENTS,
  type Announcement,
  CALL_KINDS,
  CONNECT_MODES,
  CONSENT_BASES,
  CONSENT_MODES,
  CONSENT_STATUSES,
  type ConnectMode,
  type ConsentBasis,
  type ConsentMode,
  type ConsentStatus,
  LABELS,
  MODES,
  type Mode,
  RECORDING_STATES,
  type Recording,
  TRANSFER_RULES,
  TRIGGERS,
  type TransferRule,
  type Trigger,
  UNKNOWN_REGION_TREATMENTS,
  type UnknownRegionTreatment,
} from './vocabulary.js';
