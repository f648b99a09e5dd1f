import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl } from '@ccp/db';

/**
 * The key that signs people's tokens. AUTH_TOKEN_SECRET when set (required with PostgreSQL, where
 * several replicas must share it); on the embedded SQLite default, one generated at first start and
 * kept beside the database file, so tokens survive restarts.
 */
export function resolveTokenSecret(authTokenSecret: string | undefined, databaseUrl: string): string {
  if (authTokenSecret) return authTokenSecret;
  const target = parseDatabaseUrl(databaseUrl);
  if (target.driver === 'postgresql') {
    throw new Error('AUTH_TOKEN_SECRET is required with PostgreSQL: every API replica must sign tokens with the same secret');
  }
  if (target.file === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dirname(target.file), 'auth-token.secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process started at the same moment and wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
