import { isLockedOut } from '@ccp/db';
import { ConnectionException } from '@mikro-orm/core';

/**
 * PostgreSQL SQLSTATEs meaning "the database is not there right now", not "this request is wrong":
 * class 08 (connection exceptions) and the shutdown / not-accepting states of class 57.
 */
const UNAVAILABLE_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
/** Node's socket errors, and what the pg driver says when the server hangs up. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /is not currently accepting connections/i,
  /timeout .*acquir/i,
  // pg's pool, when no connection came free in time (`connectionTimeoutMillis`).
  /timeout exceeded when trying to connect/i,
];

/**
 * Whether an error thrown by the database layer means the database is unavailable (a 503, not a 500):
 * not there, or (SQLite) held by another writer for longer than a change waits.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (isLockedOut(error)) return true;
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if (current instanceof ConnectionException) return true;
    const { code, sqlState } = current as { code?: unknown; sqlState?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_CODES.has(code))) return true;
    if (typeof sqlState === 'string' && UNAVAILABLE_STATES.has(sqlState)) return true;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current instanceof Error ? current.message : ''))) return true;
  }
  return false;
}
