/** The call history (HIS): what the api and the worker call. */
export * from './call-search.js';
export * from './kept-call.js';
export { consentOf, InconsistentKeptCall } from './kept-call-codec.js';
export * from './kept-call-from-trail.js';
export {
  CallsToKeep,
  type Erasure,
  eraseCustomerCalls,
  findKeptCall,
  holdCall,
  type KeepOutcome,
  keepCalls,
  releaseCall,
} from './kept-calls.js';
export { type DroppedHistory, dropExpiredHistory, ensureHistoryPartitions } from './partitions.js';
export {
  applyRetentionChange,
  applyRetentionChanges,
  DEFAULT_RETENTION_DAYS,
  type HistorySettingsView,
  historySettings,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  type RetentionBatch,
  type RetentionChangesOptions,
  setRetention,
} from './retention.js';
export { loadSettingsVersions, rememberSettingsVersion } from './settings-versions.js';
