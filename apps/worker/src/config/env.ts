import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '@ccp/db';
import {
  boolean,
  checkedBy,
  integer,
  type LogLevel,
  logLevel,
  metricsToken,
  type RawEnv,
  type RedisTarget,
  readQueuePrefix,
  readRedisTarget,
  variables,
} from '@ccp/runtime';

export { InvalidEnvironmentError, type LogLevel, type RawEnv } from '@ccp/runtime';

/** The worker's configuration, validated: every other module reads it through `WorkerConfig`, never `process.env`. */
export interface Env {
  readonly databaseUrl: string;
  /** REDIS_URL, or REDIS_CLUSTER_NODES for a Redis Cluster (never both). */
  readonly redis: RedisTarget;
  readonly logLevel: LogLevel;
  /** Jobs one worker process runs at once (uploads of different accounts). */
  readonly concurrency: number;
  /**
   * The memory one worker process lets its imports take at once, estimated from their files' sizes
   * (`importMemoryEstimate`): an upload that does not fit beside the running ones waits for this
   * worker or another. 320 MB unless set: with the process's own 150 MB, a worker stays under 512 MB.
   */
  readonly importMemoryBytes: number;
  /** BullMQ's key prefix: the api's and the worker's must match; unless set, derived from the database as the api does (tests use their own). */
  readonly queuePrefix: string;
  /** How long a job's lock lasts without renewal: a killed worker's job is taken over about this long after. */
  readonly lockDurationMs: number;
  /** On SIGTERM, how long running imports may take to finish before they are stopped and released. */
  readonly shutdownGraceMs: number;
  /**
   * How far below an api replica's CPU priority the worker runs (Unix niceness, 0–19): imports and
   * exports are batch work, and where they share a machine with an api, call decisions should come
   * first. 0 (as the api) unless set: `pnpm start` and `pnpm cluster` set 10.
   */
  readonly niceness: number;
  /**
   * The share of the time (0.1–1, from a percentage) an import's writes may keep the database busy:
   * below 1 it pauses after each batch, leaving room to the apis on a database (or a machine) they
   * share. 1 unless set: `pnpm start` and `pnpm cluster` set 50 %.
   */
  readonly databaseShare: number;
  /** Closed calls the history's writer reads and writes in one transaction (HIS-1). */
  readonly historyBatchSize: number;
  /**
   * How long the history's writer waits for more closed calls when it read fewer than a batch (ms):
   * a few large batches cost the database and the machine far less than many small ones, and HIS-1
   * gives a call 10 s to reach the database.
   */
  readonly historyLingerMs: number;
  /**
   * The port of the worker's own `/health/live`, `/health/ready` and `/metrics` (api.md). 0 (unset):
   * none, so any number of workers may run on one machine (`pnpm start`, `pnpm cluster`, tests);
   * a deployment sets it (9464, Prometheus's exporter port, by convention).
   */
  readonly workerPort: number;
  /** The address `WORKER_PORT` listens on: every interface unless set, as the api's HOST (containers). */
  readonly workerHost: string;
  /** Apply pending migrations at start (true unless set), or refuse to start while any is pending (false), as the api. */
  readonly migrateOnStart: boolean;
  /** The Bearer token that reads `/metrics` from anywhere; without it, `/metrics` answers this machine only (`metricsAccess`). */
  readonly metricsToken: string | undefined;
}

/**
 * Validates the raw variables. An unset or empty variable takes its default; every refusal is
 * collected, so one start-up names all of them.
 */
export function parseEnv(raw: RawEnv): Env {
  const { read, refuse: refuseVariable, check } = variables(raw);
  const database = read('DATABASE_URL', checkedBy('DATABASE_URL', parseDatabaseUrl), DEFAULT_DATABASE_URL);
  const env: Env = {
    databaseUrl: database,
    redis: readRedisTarget(read, refuseVariable),
    logLevel: read('LOG_LEVEL', logLevel, 'info'),
    concurrency: read('WORKER_CONCURRENCY', integer(1, 64), 2),
    importMemoryBytes: read('WORKER_IMPORT_MEMORY_MB', integer(64, 65_536), 320) * 1024 * 1024,
    queuePrefix: readQueuePrefix(read, parseDatabaseUrl(database)),
    lockDurationMs: read('WORKER_LOCK_DURATION_MS', integer(1_000, 600_000), 30_000),
    shutdownGraceMs: read('WORKER_SHUTDOWN_GRACE_MS', integer(0, 600_000), 10_000),
    niceness: read('WORKER_NICENESS', integer(0, 19), 0),
    databaseShare: read('WORKER_DATABASE_SHARE', integer(10, 100), 100) / 100,
    historyBatchSize: read('HISTORY_BATCH_SIZE', integer(1, 5_000), 500),
    historyLingerMs: read('HISTORY_LINGER_MS', integer(0, 5_000), 500),
    workerPort: read('WORKER_PORT', integer(0, 65_535), 0),
    workerHost: read('WORKER_HOST', (v) => v, '0.0.0.0'),
    migrateOnStart: read('MIGRATE_ON_START', boolean, true),
    metricsToken: read('METRICS_TOKEN', metricsToken),
  };
  check();
  return env;
}

/** The one reader of `process.env`: the process environment, with `overrides` (tests) on top. */
export function loadEnv(overrides: RawEnv = {}): Env {
  return parseEnv({ ...process.env, ...overrides });
}
