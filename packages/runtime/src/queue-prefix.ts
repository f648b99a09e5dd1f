import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The database a deployment serves, as `@ccp/db`'s `parseDatabaseUrl` reads `DATABASE_URL`: a
 * PostgreSQL URL or a SQLite file.
 */
export type ServedDatabase = { readonly driver: 'postgresql'; readonly url: string } | { readonly driver: 'sqlite'; readonly file: string };

/**
 * QUEUE_PREFIX when it is not set: `{ccp-<8 hex>}`, the start of the SHA-256 of the database's
 * identity (`databaseIdentity`). The api and the worker of one deployment serve one database, so
 * they agree without being told; two deployments (two checkouts, two databases) on one Redis never
 * share a key: queues, worker heartbeats, revoked tokens, the history stream, pub/sub channels.
 * The braces are a Redis Cluster hash tag, as in `{ccp}`: every key of the deployment in one slot.
 */
export function defaultQueuePrefix(database: ServedDatabase, cwd: string = process.cwd()): string {
  return `{ccp-${createHash('sha256').update(databaseIdentity(database, cwd)).digest('hex').slice(0, 8)}}`;
}

/**
 * What names one database however `DATABASE_URL` spells it. SQLite: the file's absolute path, through
 * the real path of its deepest existing folder (a symlink, or a file not created yet, names the same
 * file as before). PostgreSQL: `postgresql://host:port/database`, without user or password (a
 * replica with other credentials serves the same database) nor other parameters.
 */
export function databaseIdentity(database: ServedDatabase, cwd: string = process.cwd()): string {
  if (database.driver === 'sqlite') return `sqlite:${realFile(resolve(cwd, database.file))}`;
  const url = new URL(database.url);
  const host = decodeURIComponent(url.hostname || url.searchParams.get('host') || 'localhost').toLowerCase();
  const port = url.port || url.searchParams.get('port') || '5432';
  // Without a database in the URL, PostgreSQL connects to the one named like the user.
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres';
  return `postgresql://${host}:${port}/${name}`;
}

function realFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realFile(parent), basename(path));
  }
}
