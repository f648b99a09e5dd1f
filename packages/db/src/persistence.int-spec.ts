import { randomUUID } from 'node:crypto';
import { compilePolicy, INITIAL_SETTINGS, replay, settingsVersion, validateSettings } from '@ccp/policy-core';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { activeExclusionListId, createAccount } from './accounts.js';
import { AccountSchema, EmployeeSchema, ExclusionEntrySchema, QueueSchema, RecordingSettingsSchema } from './entities/index.js';
import { openDatabase } from './orm.js';
import { loadPolicySettings } from './policy-settings.js';
import { TEST_DRIVERS } from './testing/databases.js';
import { useTestOrm } from './testing/test-orm.js';

describe.each(TEST_DRIVERS)('persistence on %s', (driver) => {
  const db = useTestOrm(driver);

  async function accountWithData(slug: string) {
    const em = db.em();
    const account = await createAccount(em, { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true });
    const listId = await activeExclusionListId(em, account.id);
    em.create(QueueSchema, { id: randomUUID(), account, key: 'sales', name: 'Sales' });
    em.create(QueueSchema, {
      id: randomUUID(),
      account,
      key: 'billing',
      name: 'Billing',
      customMode: 'never',
      customAnnouncement: 'never',
    });
    em.create(EmployeeSchema, { id: randomUUID(), account, key: 'alice', name: 'Alice', directLine: '+14155550100' });
    em.create(EmployeeSchema, {
      id: randomUUID(),
      account,
      key: 'bob',
      name: 'Bob',
      directLine: '+16285550101',
      inboundMode: 'always',
      inboundAnnouncement: 'prompt',
      outboundMode: 'manual',
      outboundAnnouncement: 'never',
    });
    for (const entry of ['+12125550123', '646'])
      em.create(ExclusionEntrySchema, { accountId: account.id, list: listId, entry, addedAt: new Date(), addedBy: 'test' });
    await em.flush();
    return account;
  }

  it('migrations run on start and running them again changes nothing', async () => {
    const again = await openDatabase(db.database.url);
    await expect(again.migrator.getPending()).resolves.toEqual([]);
    await again.close();
  });

  it('GLB-1: a new account starts with the initial settings and an empty list', async () => {
    const em = db.em();
    const account = await createAccount(em, { slug: 'fresh', name: 'Fresh', contactCenterPro: true, enterpriseHubNetwork: false });
    const settings = await loadPolicySettings(db.em(), account.id);
    expect(settings).toEqual(INITIAL_SETTINGS);
  });

  it("reads an account's settings as policy-core settings, and they decide a call", async () => {
    const account = await accountWithData('acme');
    const settings = await loadPolicySettings(db.em(), account.id);
    const expected = validateSettings({
      queues: [{ id: 'billing', custom: { mode: 'never', announcement: 'never' } }, { id: 'sales' }],
      employees: [
        { id: 'alice', directLine: '(415) 555-0100' },
        {
          id: 'bob',
          directLine: '628 555 0101',
          custom: { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'never' } },
        },
      ],
      exclusions: ['646*', '212-555-0123'],
    });
    expect(expected.ok).toBe(true);
    expect(expected.ok && settingsVersion(settings)).toBe(expected.ok && settingsVersion(expected.value));
    expect(compilePolicy(settings).exclusions.size).toBe(2);
    const decided = replay({
      settings,
      call: { kind: 'queue', queue: 'billing', customer: '+13105550142' },
      events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }],
    });
    expect(decided.ok && decided.replay.steps[1]?.rules).toEqual(['GLB-2', 'QUE-3', 'MOD-4', 'ANN-2']);
  });

  it("ACC-3: one account's settings never include another's rows", async () => {
    const other = await accountWithData('other-tenant');
    const lonely = await db.account('lonely');
    const settings = await loadPolicySettings(db.em(), lonely);
    expect(settings.queues).toEqual([]);
    expect(settings.employees).toEqual([]);
    expect(settings.exclusions).toEqual([]);
    expect((await loadPolicySettings(db.em(), other.id)).queues).toHaveLength(2);
  });

  it('a stale edit of the settings fails instead of silently overwriting', async () => {
    const accountId = await db.account('concurrent');
    const first = db.em();
    const second = db.em();
    const mine = await first.findOneOrFail(RecordingSettingsSchema, { account: accountId });
    const theirs = await second.findOneOrFail(RecordingSettingsSchema, { account: accountId });
    expect(mine.revision).toBe(1);
    theirs.queueMode = 'never';
    await second.flush();
    expect(theirs.revision).toBe(2);
    mine.queueMode = 'always';
    await expect(first.flush()).rejects.toThrow(OptimisticLockError);
    const stored = await db.em().findOneOrFail(RecordingSettingsSchema, { account: accountId });
    expect(stored.queueMode).toBe('never');
  });

  it('EXC-6: the list refuses the same entry twice', async () => {
    const account = await accountWithData('dupes');
    const listId = await activeExclusionListId(db.em(), account.id);
    const em = db.em();
    em.create(ExclusionEntrySchema, { accountId: account.id, list: listId, entry: '646', addedAt: new Date(), addedBy: 'test' });
    await expect(em.flush()).rejects.toThrow(UniqueConstraintViolationException);
  });

  it('deleting an account removes everything it owns', async () => {
    const account = await accountWithData('leaving');
    await db.em().nativeDelete(AccountSchema, { id: account.id });
    const em = db.em();
    expect(await em.count(QueueSchema, { account: account.id })).toBe(0);
    expect(await em.count(RecordingSettingsSchema, { account: account.id })).toBe(0);
    expect(await em.count(ExclusionEntrySchema, { accountId: account.id })).toBe(0);
  });
});
