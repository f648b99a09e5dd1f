/**
 * @ccp/policy-core: the call recording rules of recording-rules.md, once, as pure functions.
 * Settings are validated and normalized, compiled into a policy, and calls are decided event by
 * event by `step` (or replayed whole by `replay`). No I/O, no clock, no framework.
 */
export {
  CALL_EVENT_TYPES,
  type Call,
  type CallEvent,
  type CallEventType,
  defaultLinkedAccount,
  validateCall,
  validateEvent,
} from './call.js';
export {
  type EvidenceInput,
  type EvidenceVersion,
  evidenceScenario,
  matchedExclusions,
  type ScenarioFile,
} from './evidence.js';
export { type ExclusionSet, hasNumber, matchesNumberOrAreaCode } from './exclusion-set.js';
export { CALL_OUTCOMES, type CallOutcome, callOutcome, callParties } from './history.js';
export * as interpretations from './interpretations.js';
export { formatIssue, type Issue, type Validated } from './issues.js';
export {
  customerKey,
  displayExclusion,
  displayNumber,
  type ExclusionEntry,
  exclusionKey,
  normalizeExclusionEntry,
  normalizeNanpNumber,
  normalizePhoneNumber,
  type Parsed,
} from './phone.js';
export {
  type CompiledEmployee,
  type CompiledPolicy,
  type CompiledQueue,
  compilePolicy,
  compilePolicyWithExclusionKeys,
  type Terms,
} from './policy.js';
export { isRuleId, RULE_IDS, RULES, type RuleId } from './rules.js';
export {
  parseScenario,
  type Replay,
  type ReplayOutcome,
  type ReplayStep,
  replay,
  replayScenario,
  type Scenario,
  type SettingsChange,
} from './scenario.js';
export {
  type CallSession,
  type Controls,
  callReferenceIssue,
  currentDecision,
  type Decision,
  type StepOutcome,
  startSession,
  step,
} from './session.js';
export {
  type EmployeeSettings,
  INITIAL_SETTINGS,
  type IndividualSetting,
  type ModeSetting,
  type QueueSettings,
  type Settings,
  validateSettings,
} from './settings.js';
export { decodePolicy, encodePolicy, SNAPSHOT_FORMAT, SnapshotFormatError, snapshotExclusionKeys } from './snapshot.js';
export { baseSettingsVersion, settingsVersion, sortedExclusionKeys } from './version.js';
export * from './vocabulary.js';
