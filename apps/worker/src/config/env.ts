import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '@ccp/db';
import { QUEUE_PREFIX } from '@ccp/jobs';

/** Pino's levels, plus `silent` (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The worker's configuration, validated: every other module reads it through `WorkerConfig`, never `process.env`. */
export interface Env {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly logLevel: LogLevel;
  /** Jobs one worker process runs at once (uploads of different accounts). */
  readonly concurrency: number;
  /** BullMQ's key prefix: the api's and the worker's must match; tests use their own. */
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
}

/** Raw variables, as in `process.env`; `createWorker()` overrides take the same shape. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

export interface EnvIssue {
  readonly variable: string;
  readonly message: string;
}

/** A bad variable stops start-up; the message names every bad variable and why. */
export class InvalidEnvironmentError extends Error {
  constructor(readonly issues: readonly EnvIssue[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Reads one variable: returns the value, or a string saying why it is refused. */
type Reader<T> = (value: string) => T | { readonly refused: string };

const refuse = (why: string, value: string) => ({ refused: `${why} (got ${JSON.stringify(value)})` });

const integer =
  (min: number, max: number): Reader<number> =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : refuse(`must be an integer from ${min} to ${max}`, v);

const databaseUrl: Reader<string> = (v) => {
  try {
    parseDatabaseUrl(v);
    return v;
  } catch (error) {
    return { refused: (error as Error).message.replace(/^DATABASE_URL /, '') };
  }
};

const redisUrl: Reader<string> = (v) => (/^rediss?:\/\/\S*$/.test(v) ? v : refuse('must be a redis:// or rediss:// URL', v));

const logLevel: Reader<LogLevel> = (v) =>
  (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : refuse(`must be one of ${LOG_LEVELS.join(', ')}`, v);

// BullMQ separates key parts with ':', so a prefix holding one would read as two parts.
const queuePrefix: Reader<string> = (v) => (/^[^\s:]+$/.test(v) ? v : refuse('must be one word without spaces or ":"', v));

/**
 * Validates the raw variables. An unset or empty variable takes its default; every refusal is
 * collected, so one start-up names all of them.
 */
export function parseEnv(raw: RawEnv): Env {
  const issues: EnvIssue[] = [];
  function read<T>(variable: string, reader: Reader<T>, fallback: T): T {
    const value = raw[variable];
    if (value === undefined || value.trim() === '') return fallback;
    const result = reader(value.trim());
    if (typeof result === 'object' && result !== null && 'refused' in result) {
      issues.push({ variable, message: result.refused });
      return fallback;
    }
    return result;
  }
  const env: Env = {
    databaseUrl: read('DATABASE_URL', databaseUrl, DEFAULT_DATABASE_URL),
    redisUrl: read('REDIS_URL', redisUrl, 'redis://127.0.0.1:6379'),
    logLevel: read('LOG_LEVEL', logLevel, 'info'),
    concurrency: read('WORKER_CONCURRENCY', integer(1, 64), 2),
    queuePrefix: read('QUEUE_PREFIX', queuePrefix, QUEUE_PREFIX),
    lockDurationMs: read('WORKER_LOCK_DURATION_MS', integer(1_000, 600_000), 30_000),
    shutdownGraceMs: read('WORKER_SHUTDOWN_GRACE_MS', integer(0, 600_000), 10_000),
    niceness: read('WORKER_NICENESS', integer(0, 19), 0),
    databaseShare: read('WORKER_DATABASE_SHARE', integer(10, 100), 100) / 100,
  };
  if (issues.length > 0) throw new InvalidEnvironmentError(issues);
  return env;
}

/** The one reader of `process.env`: the process environment, with `overrides` (tests) on top. */
export function loadEnv(overrides: RawEnv = {}): Env {
  return parseEnv({ ...process.env, ...overrides });
}
