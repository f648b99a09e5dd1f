import { compilePolicy, decodePolicy } from '@ccp/policy-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeExclusionListId, createAccount } from './accounts.js';
import { ExclusionEntrySchema, QueueSchema } from './entities/index.js';
import { type Orm, openDatabase, unitOfWork } from './orm.js';
import { loadPolicySettings } from './policy-settings.js';
import { buildPolicy, bumpPolicyRevision, loadPolicySnapshot, policyRevisions, storePolicySnapshot } from './policy-snapshots.js';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from './testing/databases.js';

describe.each(TEST_DRIVERS)('policy snapshots on %s', (driver) => {
  let database: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  async function account(slug: string): Promise<string> {
    const em = unitOfWork(orm);
    const created = await createAccount(em, { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true });
    return created.id;
  }

  async function addEntry(accountId: string, entry: string): Promise<void> {
    const em = unitOfWork(orm);
    const list = await activeExclusionListId(em, accountId);
    await em.insert(ExclusionEntrySchema, { accountId, list, entry, addedBy: 'test', addedAt: new Date() });
  }

  it('counts changes per account: each bump returns the next revision, other accounts untouched', async () => {
    const [a, b] = [await account(`rev-a-${driver}`), await account(`rev-b-${driver}`)];
    expect(await bumpPolicyRevision(orm.em.fork(), a)).toBe(1);
    expect(await bumpPolicyRevision(orm.em.fork(), a)).toBe(2);
    expect(await policyRevisions(orm.em.fork(), [a, b])).toEqual(
      new Map([
        [a, { slug: `rev-a-${driver}`, account: 2, snapshot: null }],
        [b, { slug: `rev-b-${driver}`, account: 0, snapshot: null }],
      ]),
    );
    await expect(bumpPolicyRevision(orm.em.fork(), '00000000-0000-4000-8000-000000000000')).rejects.toThrow('does not exist');
  });

  it('stores a snapshot that decodes to the policy built, and never lets an older build replace a newer one', async () => {
    const id = await account(`snap-${driver}`);
    await addEntry(id, '+14155550100');
    await bumpPolicyRevision(orm.em.fork(), id, { exclusions: true });
    const first = await buildPolicy(orm.em.fork(), id);
    expect(first.revision).toBe(1);

    const em = unitOfWork(orm);
    em.create(QueueSchema, {
      id: crypto.randomUUID(),
      account: id,
      key: 'sales',
      name: 'Sales',
      customMode: 'never',
      customAnnouncement: 'never',
    });
    await em.flush();
    await bumpPolicyRevision(orm.em.fork(), id);
    const second = await buildPolicy(orm.em.fork(), id);
    expect(second.policy.version).not.toBe(first.policy.version);

    // The later build finishes first; the earlier one must not replace it.
    expect(await storePolicySnapshot(orm.em.fork(), id, second)).toBe('stored');
    expect(await storePolicySnapshot(orm.em.fork(), id, first)).toBe('older');
    const stored = await loadPolicySnapshot(orm.em.fork(), id);
    expect(stored).toMatchObject({ revision: 2, settingsVersion: second.policy.version });
    expect(decodePolicy(stored?.data as Uint8Array)).toEqual(second.policy);
    expect(await loadPolicySnapshot(orm.em.fork(), id, 2)).toBeNull();
    expect((await policyRevisions(orm.em.fork(), [id])).get(id)).toMatchObject({ account: 2, snapshot: 2 });

    // A change that changes nothing (same settings version) moves the revision only.
    await bumpPolicyRevision(orm.em.fork(), id);
    const third = await buildPolicy(orm.em.fork(), id);
    expect(await storePolicySnapshot(orm.em.fork(), id, third)).toBe('revision-only');
    expect(await loadPolicySnapshot(orm.em.fork(), id)).toMatchObject({ revision: 3, settingsVersion: second.policy.version });
  });

  it('a settings change compiles with the list of the stored snapshot, and a list change reads the list again', async () => {
    const id = await account(`reuse-${driver}`);
    await addEntry(id, '+14155550100');
    await bumpPolicyRevision(orm.em.fork(), id, { exclusions: true });
    const built = await buildPolicy(orm.em.fork(), id);
    await storePolicySnapshot(orm.em.fork(), id, built);

    const em = unitOfWork(orm);
    em.create(QueueSchema, {
      id: crypto.randomUUID(),
      account: id,
      key: 'vip',
      name: 'VIP',
      customMode: 'always',
      customAnnouncement: 'prompt',
    });
    await em.flush();
    await bumpPolicyRevision(orm.em.fork(), id);
    const settingsChanged = await buildPolicy(orm.em.fork(), id);
    expect(settingsChanged).toMatchObject({ revision: 2, exclusionsRevision: 1 });
    expect(settingsChanged.policy).toEqual(compilePolicy(await loadPolicySettings(orm.em.fork(), id)));

    await addEntry(id, '628');
    await bumpPolicyRevision(orm.em.fork(), id, { exclusions: true });
    const listChanged = await buildPolicy(orm.em.fork(), id);
    expect(listChanged).toMatchObject({ revision: 3, exclusionsRevision: 3 });
    expect(listChanged.policy.exclusions.size).toBe(2);
  });

  it('two builds racing for the first snapshot: the later revision is the one kept', async () => {
    const id = await account(`race-${driver}`);
    await bumpPolicyRevision(orm.em.fork(), id);
    const early = await buildPolicy(orm.em.fork(), id);
    await addEntry(id, '628');
    await bumpPolicyRevision(orm.em.fork(), id, { exclusions: true });
    const late = await buildPolicy(orm.em.fork(), id);
    const outcomes = await Promise.all([storePolicySnapshot(orm.em.fork(), id, early), storePolicySnapshot(orm.em.fork(), id, late)]);
    expect(outcomes).toContain('stored');
    expect(await loadPolicySnapshot(orm.em.fork(), id)).toMatchObject({ revision: 2, settingsVersion: late.policy.version });
  });
});
