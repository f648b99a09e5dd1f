import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '@ccp/db';
import {
  boolean,
  checkedBy,
  integer,
  type LogLevel,
  logLevel,
  metricsToken,
  type RawEnv,
  type Reader,
  type RedisTarget,
  readQueuePrefix,
  readRedisTarget,
  refuse,
  variables,
} from '@ccp/runtime';

export { InvalidEnvironmentError, type LogLevel, type RawEnv } from '@ccp/runtime';

/** The API's configuration, validated: every other module reads it through `AppConfig`, never `process.env`. */
export interface Env {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  /** REDIS_URL, or REDIS_CLUSTER_NODES for a Redis Cluster (never both). */
  readonly redis: RedisTarget;
  readonly demoSeed: boolean;
  readonly demoAdminPassword: string | undefined;
  readonly logLevel: LogLevel;
  readonly authTokenSecret: string | undefined;
  /**
   * BullMQ's key prefix and the deployment's namespace in Redis: the api and the worker must share it.
   * Unless set, derived from the database (`{ccp-<hash>}`, `defaultQueuePrefix` in @ccp/runtime), so
   * they do, and two deployments on one Redis do not (tests give each app its own).
   */
  readonly queuePrefix: string;
  /** The built admin console served at `/`, or null (`CONSOLE_DIR=off`): see `src/console/`. */
  readonly consoleDir: string | null;
  /**
   * The proxies in front (addresses or CIDR ranges) whose `X-Forwarded-For` names the client: the
   * address the login limit counts and the logs show. None by default: the header would be a lie
   * anyone can tell.
   */
  readonly trustProxy: readonly string[];
  /** The Bearer token that reads `/metrics` from anywhere; without it, `/metrics` answers this machine only (`metricsAccess`). */
  readonly metricsToken: string | undefined;
  /** A call nobody ends expires this long after its last event, and is kept in the history as `expired` (HIS-1). */
  readonly callSessionTtlMs: number;
  /**
   * Apply pending migrations at start, under the migration lock (true unless set), or refuse to
   * start while any is pending (false: a deployment that runs `migrate` first). See @ccp/db's schema-migrations.ts.
   */
  readonly migrateOnStart: boolean;
}

const port: Reader<number> = (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? Number(v) : refuse('must be an integer from 0 to 65535', v));

const nonEmpty: Reader<string> = (v) => v;

/**
 * `apps/admin/dist` of this checkout (from `src/config/` and from `dist/config/` alike). Not
 * required to exist: `pnpm start` works before the console is built, and the banner says so.
 */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../admin/dist', import.meta.url));

/** A folder that holds a built console (its index.html), or `off`; a set path that is not one is a mistake worth stopping for. */
const consoleDir: Reader<string | null> = (v) => {
  if (v.toLowerCase() === 'off') return null;
  const dir = resolve(v);
  return existsSync(join(dir, 'index.html')) ? dir : refuse('must be a folder holding the built console (its index.html), or off', v);
};

/** Addresses or CIDR ranges, comma-separated (`127.0.0.1`, `10.0.0.0/8, ::1`). */
const proxies: Reader<readonly string[]> = (v) => {
  const listed = v.split(',').map((part) => part.trim());
  const bad = listed.find((part) => {
    const [address = '', bits, ...rest] = part.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    return family === 0 || rest.length > 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits));
  });
  return bad === undefined ? listed : refuse(`must be addresses or CIDR ranges separated by commas ("${bad}" is neither)`, v);
};

const minLength =
  (n: number): Reader<string> =>
  (v) =>
    v.length >= n ? v : { refused: `must be at least ${n} characters long (got ${v.length})` };

/**
 * Validates the raw variables. An unset or empty variable takes its default; every refusal is
 * collected, so one start-up names all of them.
 */
export function parseEnv(raw: RawEnv): Env {
  const { read, refuse: refuseVariable, check } = variables(raw);
  const database = read('DATABASE_URL', checkedBy('DATABASE_URL', parseDatabaseUrl), DEFAULT_DATABASE_URL);
  const env: Env = {
    port: read('PORT', port, 3000),
    // This machine only unless told otherwise: a container or a host behind a balancer sets HOST=0.0.0.0.
    host: read('HOST', nonEmpty, '127.0.0.1'),
    databaseUrl: database,
    redis: readRedisTarget(read, refuseVariable),
    demoSeed: read('DEMO_SEED', boolean, true),
    demoAdminPassword: read('DEMO_ADMIN_PASSWORD', minLength(8)),
    logLevel: read('LOG_LEVEL', logLevel, 'info'),
    authTokenSecret: read('AUTH_TOKEN_SECRET', minLength(32)),
    queuePrefix: readQueuePrefix(read, parseDatabaseUrl(database)),
    consoleDir: read('CONSOLE_DIR', consoleDir, DEFAULT_CONSOLE_DIR),
    trustProxy: read('TRUST_PROXY', proxies, []),
    metricsToken: read('METRICS_TOKEN', metricsToken),
    callSessionTtlMs: read('CALL_SESSION_TTL_SECONDS', integer(1, 7 * 24 * 3600), 4 * 3600) * 1000,
    migrateOnStart: read('MIGRATE_ON_START', boolean, true),
  };
  check();
  return env;
}

/** The one reader of `process.env`: the process environment, with `overrides` (tests) on top. */
export function loadEnv(overrides: RawEnv = {}): Env {
  return parseEnv({ ...process.env, ...overrides });
}
