import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'ak_';

/** A new API key: `ak_` and 32 random bytes. Only its hash is stored; the key is shown once. */
export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const key = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), secretHash: hashApiKey(key) };
}

export function isApiKey(token: string): boolean {
  return token.startsWith(PREFIX);
}

/** SHA-256 suffices: the key is 256 random bits, so there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
