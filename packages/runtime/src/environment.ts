/**
 * Reading a process's environment variables: each through a reader that returns the value or says
 * why it is refused, every refusal collected, so that one start-up names every bad variable.
 */

import { defaultQueuePrefix, type ServedDatabase } from './queue-prefix.js';
import { hidePasswords, type RedisClusterTarget, type RedisNode, type RedisTarget } from './redis-connection.js';

/** Raw variables, as in `process.env`; overrides (tests) take the same shape. */
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

/** Reads one variable: returns the value, or says why it is refused. */
export type Reader<T> = (value: string) => T | { readonly refused: string };

export const refuse = (why: string, value: string) => ({ refused: `${why} (got ${JSON.stringify(value)})` });

/** `refuse` for a value that may hold redis:// URLs: their passwords are not repeated. */
const refuseRedis = (why: string, value: string) => refuse(why, hidePasswords(value));

export const integer =
  (min: number, max: number): Reader<number> =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : refuse(`must be an integer from ${min} to ${max}`, v);

export const boolean: Reader<boolean> = (v) => {
  const lower = v.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  return refuse('must be true or false', v);
};

/** A reader that accepts what `check` does not throw on; the refusal is its message without the variable's name in front. */
export const checkedBy =
  (variable: string, check: (value: string) => unknown): Reader<string> =>
  (v) => {
    try {
      check(v);
      return v;
    } catch (error) {
      return { refused: (error as Error).message.replace(new RegExp(`^${variable} `), '') };
    }
  };

export const redisUrl: Reader<string> = (v) => (/^rediss?:\/\/\S*$/.test(v) ? v : refuseRedis('must be a redis:// or rediss:// URL', v));

/** One seed of REDIS_CLUSTER_NODES: where, and for a URL its scheme and credentials. */
interface Seed {
  readonly node: RedisNode;
  readonly url?: { readonly tls: boolean; readonly username?: string; readonly password?: string };
}

const HOST_PORT = /^([^\s:/@]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;
const validPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;

/** A seed, or why it is refused (the sentence after the variable's name). */
function seed(text: string): Seed | string {
  const shown = JSON.stringify(hidePasswords(text));
  const notOne = `must be host:port seeds, or redis:// or rediss:// URLs, separated by commas (${shown} is not one)`;
  if (!/^rediss?:\/\//i.test(text)) {
    const match = HOST_PORT.exec(text);
    const port = Number(match?.[2]);
    return match?.[1] && validPort(port) ? { node: { host: match[1].replace(/^\[|\]$/g, ''), port } } : notOne;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return notOne;
  }
  const port = url.port === '' ? 6379 : Number(url.port);
  if (url.hostname === '' || !validPort(port) || url.search !== '' || url.hash !== '') return notOne;
  if (!/^\/?0?$/.test(url.pathname)) return `has database ${url.pathname.slice(1)} in ${shown}: a Redis Cluster has database 0 only`;
  if (url.username !== '' && url.password === '') return `names a user without a password in ${shown} (rediss://user:password@host:port)`;
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  return { node: { host: url.hostname.replace(/^\[|\]$/g, ''), port }, url: { tls: url.protocol === 'rediss:', username, password } };
}

/**
 * REDIS_CLUSTER_NODES: seeds separated by commas; ioredis finds the other nodes from any of them.
 * Either every seed is `host:port`, or every one is a URL as REDIS_URL's (`rediss://user:password@host:port`):
 * a cluster's nodes share one user, password and TLS, so the first URL's apply to every node, and the
 * others may repeat them or leave them out, never differ (a node reached otherwise than its peers
 * would fail only once ioredis is sent there).
 */
export const redisClusterNodes: Reader<RedisClusterTarget> = (v) => {
  const seeds: Seed[] = [];
  for (const text of v.split(',').map((part) => part.trim())) {
    const parsed = seed(text);
    if (typeof parsed === 'string') return refuseRedis(parsed, v);
    seeds.push(parsed);
  }
  const clusterNodes = seeds.map(({ node }) => node);
  const [first] = seeds;
  if (!first?.url) {
    if (seeds.some(({ url }) => url))
      return refuseRedis('mixes host:port seeds and URLs: write every seed as host:port, or every one as a URL', v);
    return { clusterNodes };
  }
  const { tls, username, password } = first.url;
  if (seeds.some(({ url }) => !url))
    return refuseRedis('mixes URLs and host:port seeds: write every seed as a URL, or every one as host:port', v);
  if (seeds.some(({ url }) => url?.tls !== tls))
    return refuseRedis('mixes redis:// and rediss:// seeds: the nodes of a Redis Cluster all take TLS (rediss://), or none does', v);
  const sameAccess = ({ url }: Seed) =>
    (url?.username === undefined && url?.password === undefined) || (url.username === username && url.password === password);
  if (!seeds.every(sameAccess))
    return refuseRedis('gives seeds different users or passwords: the nodes of a Redis Cluster share them; give them in the first seed', v);
  return {
    clusterNodes,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(tls ? { tls } : {}),
  };
};

/**
 * The Redis of the api and the worker alike: REDIS_CLUSTER_NODES for a Redis Cluster, else REDIS_URL
 * (default: this machine's). Both set is refused rather than one silently ignored: a process on
 * another Redis than its peers would decide calls no other replica sees.
 */
export function readRedisTarget(read: Variables['read'], refuseVariable: Variables['refuse']): RedisTarget {
  const url = read('REDIS_URL', redisUrl);
  const cluster = read('REDIS_CLUSTER_NODES', redisClusterNodes);
  if (cluster === undefined) return { url: url ?? 'redis://127.0.0.1:6379' };
  if (url !== undefined)
    refuseVariable(
      'REDIS_CLUSTER_NODES',
      'and REDIS_URL are both set: set REDIS_URL for one Redis, or REDIS_CLUSTER_NODES for a Redis Cluster',
    );
  return cluster;
}

/**
 * QUEUE_PREFIX, which the api and the worker must share: BullMQ's key prefix and the deployment's
 * namespace in Redis. No spaces and no `:` (BullMQ's separator), short; a Redis Cluster hash tag
 * (`{ccp}`) keeps every key of every queue in one slot.
 */
export const queuePrefix: Reader<string> = (v) =>
  /^[\w.{}-]{1,64}$/.test(v) ? v : refuse('must be 1 to 64 letters, digits or _ . - { } (a Redis key prefix, e.g. {ccp})', v);

/**
 * The one rule for QUEUE_PREFIX, read by the api and the worker alike: as set, or else derived from
 * the database the process serves (`defaultQueuePrefix`), so that one deployment's processes agree
 * and two deployments on one Redis stay apart.
 */
export function readQueuePrefix(read: Variables['read'], database: ServedDatabase): string {
  return read('QUEUE_PREFIX', queuePrefix) ?? defaultQueuePrefix(database);
}

/** Pino's levels, plus `silent` (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logLevel: Reader<LogLevel> = (v) =>
  (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : refuse(`must be one of ${LOG_LEVELS.join(', ')}`, v);

export interface Variables {
  /** The variable through `reader`; unset or blank, or refused (the refusal noted): `fallback`. */
  read<T>(variable: string, reader: Reader<T>, fallback: T): T;
  read<T>(variable: string, reader: Reader<T>): T | undefined;
  /** Notes a refusal that no single variable's reader can make (two variables that exclude each other). */
  refuse(variable: string, message: string): void;
  /** Throws `InvalidEnvironmentError` naming every variable refused so far. */
  check(): void;
}

export function variables(raw: RawEnv): Variables {
  const issues: EnvIssue[] = [];
  return {
    read<T>(variable: string, reader: Reader<T>, fallback?: T): T | undefined {
      const value = raw[variable];
      if (value === undefined || value.trim() === '') return fallback;
      const result = reader(value);
      if (typeof result === 'object' && result !== null && 'refused' in result) {
        issues.push({ variable, message: result.refused });
        return fallback;
      }
      return result;
    },
    refuse(variable: string, message: string) {
      issues.push({ variable, message });
    },
    check() {
      if (issues.length > 0) throw new InvalidEnvironmentError(issues);
    },
  };
}

/**
 * A base class whose instances carry the validated variables' fields: a process's configuration class
 * (the api's `AppConfig`, the worker's `WorkerConfig`) is injectable and typed without listing them again.
 */
export function configurationOf<T extends object>(): Configuration<T> {
  return class {
    constructor(values: T) {
      Object.assign(this, values);
    }
  } as Configuration<T>;
}

export type Configuration<T> = new (values: T) => Readonly<T>;
