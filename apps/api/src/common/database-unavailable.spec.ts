import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable (a 503 "try again shortly", not a 500)', () => {
  it.each([
    ['PostgreSQL refusing connections', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['PostgreSQL shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['a lost connection, wrapped', new Error('query failed', { cause: withCode('Connection terminated unexpectedly', 'ECONNRESET') })],
    ['SQLite held by another writer past the retries', withCode('database is locked', 'SQLITE_BUSY')],
    ['a stale SQLite snapshot past the retries', withCode('database is locked', 'SQLITE_BUSY_SNAPSHOT')],
  ])('%s is unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a constraint failure on SQLite', withCode('UNIQUE constraint failed: queues.key', 'SQLITE_CONSTRAINT_UNIQUE')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('%s is not', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
