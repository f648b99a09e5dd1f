import { compilePolicy, decodePolicy } from '@ccp/policy-core';
import { describe, expect, it } from 'vitest';
import { activeExclusionListId } from './accounts.js';
import { ExclusionEntrySchema, type Queue, QueueSchema } from './entities/index.js';
import { loadPolicySettings } from './policy-settings.js';
import { buildPolicy, bumpPolicyRevision, loadPolicySnapshot, policyRevisions, storePolicySnapshot } from './policy-snapshots.js';
import { TEST_DRIVERS } from './testing/databases.js';
import { useTestOrm } from './testing/test-orm.js';

describe.each(TEST_DRIVERS)('policy snapshots on %s', (driver) => {
  const db = useTestOrm(driver);

  async function addEntry(accountId: string, entry: string): Promise<void> {
    const em = db.em();
    const list = await activeExclusionListId(em, accountId);
    await em.insert(ExclusionEntrySchema, { accountId, list, entry, addedBy: 'test', addedAt: new Date() });
  }

  /** A queue of the account, counted as a change of its settings (a new revision), as the api writes it. */
  async function addQueue(accountId: string, queue: Pick<Queue, 'key' | 'name' | 'customMode' | 'customAnnouncement'>): Promise<void> {
    const em = db.em();
    em.create(QueueSchema, { id: crypto.randomUUID(), account: accountId, ...queue });
    await em.flush();
    await bumpPolicyRevision(db.em(), accountId);
  }

  it('counts changes per account: each bump returns the next revision, other accounts untouched', async () => {
    const [a, b] = [await db.account(`rev-a-${driver}`), await db.account(`rev-b-${driver}`)];
    expect(await bumpPolicyRevision(db.em(), a)).toBe(1);
    expect(await bumpPolicyRevision(db.em(), a)).toBe(2);
    expect(await policyRevisions(db.em(), [a, b])).toEqual(
      new Map([
        [a, { slug: `rev-a-${driver}`, account: 2, snapshot: null }],
        [b, { slug: `rev-b-${driver}`, account: 0, snapshot: null }],
      ]),
    );
    await expect(bumpPolicyRevision(db.em(), '00000000-0000-4000-8000-000000000000')).rejects.toThrow('does not exist');
  });

  it('stores a snapshot that decodes to the policy built, and never lets an older build replace a newer one', async () => {
    const id = await db.account(`snap-${driver}`);
    await addEntry(id, '+14155550100');
    await bumpPolicyRevision(db.em(), id, { exclusions: true });
    const first = await buildPolicy(db.em(), id);
    expect(first.revision).toBe(1);

    await addQueue(id, { key: 'sales', name: 'Sales', customMode: 'never', customAnnouncement: 'never' });
    const second = await buildPolicy(db.em(), id);
    expect(second.policy.version).not.toBe(first.policy.version);

    // The later build finishes first; the earlier one must not replace it.
    expect(await storePolicySnapshot(db.em(), id, second)).toBe('stored');
    expect(await storePolicySnapshot(db.em(), id, first)).toBe('older');
    const stored = await loadPolicySnapshot(db.em(), id);
    expect(stored).toMatchObject({ revision: 2, settingsVersion: second.policy.version });
    expect(decodePolicy(stored?.data as Uint8Array)).toEqual(second.policy);
    expect(await loadPolicySnapshot(db.em(), id, 2)).toBeNull();
    expect((await policyRevisions(db.em(), [id])).get(id)).toMatchObject({ account: 2, snapshot: 2 });

    // A change that changes nothing (same settings version) moves the revision only.
    await bumpPolicyRevision(db.em(), id);
    const third = await buildPolicy(db.em(), id);
    expect(await storePolicySnapshot(db.em(), id, third)).toBe('revision-only');
    expect(await loadPolicySnapshot(db.em(), id)).toMatchObject({ revision: 3, settingsVersion: second.policy.version });
  });

  it('a settings change compiles with the list of the stored snapshot, and a list change reads the list again', async () => {
    const id = await db.account(`reuse-${driver}`);
    await addEntry(id, '+14155550100');
    await bumpPolicyRevision(db.em(), id, { exclusions: true });
    const built = await buildPolicy(db.em(), id);
    await storePolicySnapshot(db.em(), id, built);

    await addQueue(id, { key: 'vip', name: 'VIP', customMode: 'always', customAnnouncement: 'prompt' });
    const settingsChanged = await buildPolicy(db.em(), id);
    expect(settingsChanged).toMatchObject({ revision: 2, exclusionsRevision: 1 });
    expect(settingsChanged.policy).toEqual(compilePolicy(await loadPolicySettings(db.em(), id)));

    await addEntry(id, '628');
    await bumpPolicyRevision(db.em(), id, { exclusions: true });
    const listChanged = await buildPolicy(db.em(), id);
    expect(listChanged).toMatchObject({ revision: 3, exclusionsRevision: 3 });
    expect(listChanged.policy.exclusions.size).toBe(2);
  });

  it('two builds racing for the first snapshot: the later revision is the one kept', async () => {
    const id = await db.account(`race-${driver}`);
    await bumpPolicyRevision(db.em(), id);
    const early = await buildPolicy(db.em(), id);
    await addEntry(id, '628');
    await bumpPolicyRevision(db.em(), id, { exclusions: true });
    const late = await buildPolicy(db.em(), id);
    const outcomes = await Promise.all([storePolicySnapshot(db.em(), id, early), storePolicySnapshot(db.em(), id, late)]);
    expect(outcomes).toContain('stored');
    expect(await loadPolicySnapshot(db.em(), id)).toMatchObject({ revision: 2, settingsVersion: late.policy.version });
  });
});
