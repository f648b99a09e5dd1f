import { randomUUID } from 'node:crypto';
import { createAccount, openDatabase, UserSchema, unitOfWork } from '@ccp/db';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hashPassword } from '../src/auth/password-hasher.js';
import { EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY } from '../src/auth/permissions.js';

export const DEMO_PASSWORD = 'demo-password-for-tests';

/** Adds an account with one admin to the database at `databaseUrl` (a second tenant for ACC-3 tests). */
export async function addAccountWithAdmin(
  databaseUrl: string,
  slug: string,
  features = { contactCenterPro: true, enterpriseHubNetwork: true },
) {
  const orm = await openDatabase(databaseUrl);
  try {
    const em = unitOfWork(orm);
    const account = await createAccount(em, { slug, name: slug, ...features });
    em.create(UserSchema, {
      id: randomUUID(),
      account,
      email: `admin@${slug}.test`,
      name: `${slug} admin`,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      permissions: [EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY],
    });
    await em.flush();
    return { accountId: account.id, email: `admin@${slug}.test` };
  } finally {
    await orm.close();
  }
}

/** Logs in and returns the `Authorization` header value. */
export async function login(app: NestFastifyApplication, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login of ${email}: ${res.statusCode} ${res.body}`);
  return `Bearer ${res.json().token}`;
}
