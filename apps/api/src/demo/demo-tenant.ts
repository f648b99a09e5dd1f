import { randomBytes, randomUUID } from 'node:crypto';
import {
  AccountSchema,
  activeExclusionListId,
  createAccount,
  EmployeeSchema,
  ExclusionEntrySchema,
  QueueSchema,
  UserSchema,
} from '@ccp/db';
import { normalizeExclusionEntry } from '@ccp/policy-core';
import { type SqlEntityManager, UniqueConstraintViolationException } from '@mikro-orm/sql';
import { hashPassword } from '../auth/password-hasher.js';
import { EDIT_RECORDING_SETTINGS, OPERATE_JOB_QUEUES, VIEW_CALL_HISTORY } from '../auth/permissions.js';

/** What the seed made, for the start-up banner. */
export interface DemoTenant {
  readonly password: string;
  readonly generatedPassword: boolean;
  readonly users: readonly string[];
}

const QUEUES = [
  { key: 'sales', name: 'Sales' },
  { key: 'billing', name: 'Billing', customMode: 'never', customAnnouncement: 'never' },
  { key: 'support', name: 'Support' },
  { key: 'collections', name: 'Collections', customMode: 'always', customAnnouncement: 'prompt' },
] as const;

const EMPLOYEES = [
  { key: 'alice', name: 'Alice Moreno', directLine: '+14155550100' },
  { key: 'bob', name: 'Bob Chen', directLine: '+16285550101', custom: ['always', 'prompt', 'manual', 'never'] },
  { key: 'carol', name: 'Carol Diaz', directLine: '+14155550199' },
] as const;

const EXCLUSIONS = ['+12125550123', '+13105550142', '646'];

/**
 * api.md's "Embedded start": on a fresh database, once, the demo tenant to try the product with:
 * account `demo` (feature and network on) with `admin@demo.test` and `viewer@demo.test` (without the
 * permission), queues, employees and a few exclusions; account `basic` (no feature) with
 * `admin@basic.test`. Returns null when it exists already.
 */
export async function seedDemoTenant(em: SqlEntityManager, password: string | undefined): Promise<DemoTenant | null> {
  if ((await em.count(AccountSchema, { slug: 'demo' })) > 0) return null;
  const shared = password ?? randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(shared);
  try {
    await em.transactional(async (tx) => {
      const demo = await createAccount(tx, {
        slug: 'demo',
        name: 'Demo Plumbing & HVAC',
        contactCenterPro: true,
        enterpriseHubNetwork: true,
      });
      const basic = await createAccount(tx, {
        slug: 'basic',
        name: 'Basic Electric',
        contactCenterPro: false,
        enterpriseHubNetwork: false,
      });
      const user = (account: typeof demo, email: string, name: string, permissions: string[]) =>
        tx.create(UserSchema, { id: randomUUID(), account, email, name, passwordHash, permissions });
      user(demo, 'admin@demo.test', 'Dana Admin', [EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY, OPERATE_JOB_QUEUES]);
      user(demo, 'viewer@demo.test', 'Victor Viewer', []);
      user(basic, 'admin@basic.test', 'Bea Basic', [EDIT_RECORDING_SETTINGS]);
      for (const queue of QUEUES) tx.create(QueueSchema, { id: randomUUID(), account: demo, ...queue });
      for (const { custom, ...employee } of EMPLOYEES.map((e) => ({ custom: undefined, ...e }))) {
        const [inboundMode, inboundAnnouncement, outboundMode, outboundAnnouncement] = custom ?? [];
        tx.create(EmployeeSchema, {
          id: randomUUID(),
          account: demo,
          ...employee,
          inboundMode,
          inboundAnnouncement,
          outboundMode,
          outboundAnnouncement,
        });
      }
      const listId = await activeExclusionListId(tx, demo.id);
      for (const typed of EXCLUSIONS) {
        const entry = normalizeExclusionEntry(typed);
        if (!entry.ok) throw new Error(`demo exclusion ${typed}: ${entry.reason}`);
        tx.create(ExclusionEntrySchema, {
          accountId: demo.id,
          list: listId,
          entry: entry.value.entry,
          addedAt: new Date(),
          addedBy: 'demo seed',
        });
      }
    });
  } catch (error) {
    // Another instance started on the same fresh database and seeded it first.
    if (error instanceof UniqueConstraintViolationException) return null;
    throw error;
  }
  return {
    password: shared,
    generatedPassword: password === undefined,
    users: ['admin@demo.test', 'viewer@demo.test', 'admin@basic.test'],
  };
}
