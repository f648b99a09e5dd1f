import { hash, verify } from '@node-rs/argon2';

/** argon2id hashes of passwords (api.md); the password itself is never stored or logged. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A hash of nothing anyone knows: verified when the email is unknown, so a wrong email costs the same
// time as a wrong password and the login cannot be used to find out who has an account.
const DECOY = hash('decoy password nobody has');

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (passwordHash === undefined) {
    await verify(await DECOY, password);
    return false;
  }
  return verify(passwordHash, password);
}
