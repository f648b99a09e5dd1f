/**
 * The job queues of the platform, in one module that the api (which enqueues) and the worker (which
 * processes) both import, so names and payloads cannot drift apart.
 */

/**
 * The name BullMQ's key prefixes are made from. The default QUEUE_PREFIX is not this but
 * `{ccp-<hash of the database>}` (`defaultQueuePrefix`, @ccp/runtime), one per deployment, so two
 * on one Redis never share a queue; `{ccp}` itself only where QUEUE_PREFIX says so. The braces are a
 * Redis Cluster hash tag: every key of every queue lands in one slot, which BullMQ's multi-key
 * scripts require on a cluster.
 */
export const QUEUE_PREFIX = '{ccp}';

export const QUEUES = {
  /** Bulk uploads of the exclusion list (EXC-8, EXC-10). */
  exclusionImports: 'exclusion-imports',
  /** Downloads of the exclusion list too large to build during the request (EXC-9). */
  exclusionExports: 'exclusion-exports',
  /** Builds of accounts' policy snapshots after every change (architecture.md, data flow 2). */
  policySnapshots: 'policy-snapshots',
  /** The call history's upkeep: partitions made ahead, retention (HIS-4), retention changes applied. */
  historyMaintenance: 'history-maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** An upload to import: the file and its options are in the upload row, stored before the job was queued. */
export interface ExclusionImportJob {
  readonly accountId: string;
  readonly uploadId: string;
}

/**
 * The job id of an upload's import: one job per upload, so enqueuing it again (the reconciler, a retry
 * of the request) never imports a file twice.
 */
export function exclusionImportJobId(uploadId: string): string {
  return `upload-${uploadId}`;
}

/** The job name shown on the dashboard: which account and upload it belongs to. */
export function exclusionImportJobName(accountSlug: string, fileName: string): string {
  return `import ${fileName} for ${accountSlug}`;
}

/**
 * How an import job retries, for every producer (the api's upload, the worker's reconciler): a database
 * or Redis outage is retried with exponential backoff (2 s, 4 s, 8 s, … about a minute in all); a bad
 * file is never retried (the worker fails it at once). Finished jobs stay a while for the dashboard.
 */
export const EXCLUSION_IMPORT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** The options to add an upload's import job with (its job id included). */
export function exclusionImportJobOptions(uploadId: string): typeof EXCLUSION_IMPORT_JOB_OPTIONS & { readonly jobId: string } {
  return { ...EXCLUSION_IMPORT_JOB_OPTIONS, jobId: exclusionImportJobId(uploadId) };
}

/** An export to build: its format is in the export row, stored before the job was queued. */
export interface ExclusionExportJob {
  readonly accountId: string;
  readonly exportId: string;
}

/** One job per export: enqueuing it again never builds the file twice. */
export function exclusionExportJobId(exportId: string): string {
  return `export-${exportId}`;
}

/** The job name shown on the dashboard: which account and format it belongs to. */
export function exclusionExportJobName(accountSlug: string, format: string): string {
  return `export the ${format} list of ${accountSlug}`;
}

/**
 * How an export job retries: only the database or Redis failing stops one (or the list being replaced
 * while it was read), so a few tries with backoff; the last one records the failure on the export.
 * Finished jobs stay a while for the dashboard.
 */
export const EXCLUSION_EXPORT_JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** The options to add an export's job with (its job id included). */
export function exclusionExportJobOptions(exportId: string): typeof EXCLUSION_EXPORT_JOB_OPTIONS & { readonly jobId: string } {
  return { ...EXCLUSION_EXPORT_JOB_OPTIONS, jobId: exclusionExportJobId(exportId) };
}

/** A policy snapshot to build: the account's, including every change up to `revision` (its `policyRevision`). */
export interface PolicySnapshotJob {
  readonly accountId: string;
  readonly revision: number;
}

/** One job per account and revision: enqueuing the same change twice builds once. */
export function policySnapshotJobId(accountId: string, revision: number): string {
  return `policy-${accountId}-${revision}`;
}

export function policySnapshotJobName(accountSlug: string, revision: number): string {
  return `build the policy of ${accountSlug} at revision ${revision}`;
}

/** A build fails only when the database does: retried quickly, the api replicas decide with the last snapshot meanwhile. */
export const POLICY_SNAPSHOT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export function policySnapshotJobOptions(accountId: string, revision: number) {
  return { ...POLICY_SNAPSHOT_JOB_OPTIONS, jobId: policySnapshotJobId(accountId, revision) };
}

/** The one job scheduler of the history's upkeep: every worker upserts it at start, so it runs once per period whatever the workers. */
export const HISTORY_MAINTENANCE_SCHEDULER = 'history-maintenance';
/** How often the upkeep runs: retention is applied to the hour (HIS-4), partitions are made weeks ahead. */
export const HISTORY_MAINTENANCE_EVERY_MS = 3_600_000;

export const HISTORY_MAINTENANCE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 200 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/**
 * The Redis pub/sub channel on which "account X's policy is now at revision N" is announced, as JSON
 * (`PolicyAnnouncement`): under the deployment's QUEUE_PREFIX, so that another deployment on the same
 * Redis hears none of it. A message is only a hint: replicas also compare revisions with the database
 * now and then, so a lost message delays a swap, never prevents it.
 */
export function policyChangesChannel(queuePrefix: string): string {
  return `${queuePrefix}:policies:changed`;
}

export interface PolicyAnnouncement {
  readonly accountId: string;
  readonly revision: number;
  /** A snapshot of `revision` is stored (the worker built it); false when an api replica compiled for itself, no worker answering. */
  readonly snapshot: boolean;
}

/** Reads an announcement; null for anything else on the channel. */
export function parsePolicyAnnouncement(message: string): PolicyAnnouncement | null {
  try {
    const value = JSON.parse(message) as Partial<PolicyAnnouncement>;
    if (typeof value.accountId !== 'string' || !Number.isSafeInteger(value.revision) || typeof value.snapshot !== 'boolean') return null;
    return value as PolicyAnnouncement;
  } catch {
    return null;
  }
}

/** Every worker writes its heartbeat this often... */
export const WORKER_HEARTBEAT_INTERVAL_MS = 5_000;
/** ...and it expires after this long without one: no key, no live worker. */
export const WORKER_HEARTBEAT_TTL_MS = 15_000;

/**
 * The workers of a queue prefix that beat lately: a sorted set of instances scored by their last beat
 * (ms, Redis's clock), `<prefix>:workers` (`ccp:workers` on the prefix `{ccp}`). One key, read with one
 * ZCOUNT: a SCAN over per-worker keys walks one node of a Redis Cluster only.
 */
export function workerHeartbeatsKey(queuePrefix: string = QUEUE_PREFIX): string {
  return `${heartbeatNamespace(queuePrefix)}:workers`;
}

/**
 * A worker's beat. KEYS: the workers set. ARGV: instance, ttl (ms). The clock is Redis's, as the reader's, so a worker's clock running late never hides it. Beats older
 * than the ttl are dropped, and the set expires with the last worker.
 */
export const WORKER_BEAT_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

/** How many workers beat within the ttl, by Redis's clock. KEYS: the workers set. ARGV: ttl (ms). */
export const LIVE_WORKERS_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. (now - tonumber(ARGV[1])), '+inf')`;

/**
 * One worker instance's own key (`<prefix>:worker:heartbeat:<instance>`, value: the ISO time of its
 * last beat; `ccp:worker:heartbeat:<instance>` on the prefix `{ccp}`): which worker beat when, for a
 * person with redis-cli. Nothing counts workers by it.
 */
export function workerHeartbeatKey(instance: string, queuePrefix: string = QUEUE_PREFIX): string {
  return `${heartbeatNamespace(queuePrefix)}:worker:heartbeat:${instance}`;
}

/** The pattern of the workers' own keys, for a person looking: on a Redis Cluster SCAN sees one node's. */
export function workerHeartbeatPattern(queuePrefix: string = QUEUE_PREFIX): string {
  return `${heartbeatNamespace(queuePrefix)}:worker:heartbeat:*`;
}

function heartbeatNamespace(queuePrefix: string): string {
  return queuePrefix === QUEUE_PREFIX ? 'ccp' : queuePrefix;
}

export * from './call-trails.js';
