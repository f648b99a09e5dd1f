import { randomUUID } from 'node:crypto';
import { baseSettingsVersion, INITIAL_CONSENT, INITIAL_SETTINGS, replay } from '@ccp/policy-core';
import { describe, expect, it } from 'vitest';
import { activeExclusionListId } from '../accounts.js';
import { ExclusionEntrySchema, QueueSchema, SettingsVersionSchema } from '../entities/index.js';
import { loadPolicySettings } from '../policy-settings.js';
import { buildPolicy, bumpPolicyRevision, storePolicySnapshot } from '../policy-snapshots.js';
import { TEST_DRIVERS } from '../testing/databases.js';
import { useTestOrm } from '../testing/test-orm.js';
import { SAMPLE_SETTINGS } from './sample-calls.js';
import { loadSettingsVersions, rememberSettingsVersion } from './settings-versions.js';
import { runSql, sql } from './sql.js';

describe.each(TEST_DRIVERS)('settings versions on %s', (driver) => {
  const db = useTestOrm(driver);

  it('HIS-2: the settings of a base version are kept once, without the exclusion list, whoever remembers them at the same time', async () => {
    const accountId = await db.account();
    const base = baseSettingsVersion(SAMPLE_SETTINGS);
    const remembered = await Promise.all(Array.from({ length: 5 }, () => rememberSettingsVersion(db.em(), accountId, SAMPLE_SETTINGS)));
    expect(new Set(remembered)).toEqual(new Set([base]));
    expect(await db.em().count(SettingsVersionSchema, { account: accountId })).toBe(1);
    const loaded = await loadSettingsVersions(db.em(), accountId, [base, 'sha256:unknown']);
    expect([...loaded.keys()]).toEqual([base]);
    expect(loaded.get(base)).toEqual({ ...SAMPLE_SETTINGS, exclusions: [] });
    expect(baseSettingsVersion(loaded.get(base) ?? INITIAL_SETTINGS)).toBe(base);
  });

  it('HIS-2: settings kept before consent existed read as GLB-1 consent, under the base version they were kept by', async () => {
    const accountId = await db.account();
    // The row as the release before consent wrote it: the same JSON but no `consent` key.
    const { consent, ...before } = { ...SAMPLE_SETTINGS, exclusions: [] };
    const base = baseSettingsVersion({ ...before, consent: INITIAL_CONSENT });
    await runSql(
      db.em(),
      sql`insert into settings_versions (account_id, base_version, settings, first_seen_at)
          values (${accountId}, ${base}, ${JSON.stringify(before)}, ${new Date()})`,
    );
    const loaded = (await loadSettingsVersions(db.em(), accountId, [base])).get(base);
    expect(consent).toEqual(INITIAL_CONSENT);
    expect(loaded).toEqual({ ...SAMPLE_SETTINGS, exclusions: [] });
    expect(baseSettingsVersion(loaded ?? INITIAL_SETTINGS)).toBe(base);
    // They decide a call from an all-party state as they did then: no consent needed.
    const replayed = replay({
      settings: loaded,
      call: { kind: 'queue', queue: 'sales', customer: '+14155550123' },
      events: [{ type: 'connected' }],
    });
    expect(replayed.ok && replayed.replay.steps[0]?.consent.status).toBe('not-needed');
  });

  it("ACC-3: an account never reads another's settings versions", async () => {
    const [mine, theirs] = [await db.account(), await db.account()];
    const base = await rememberSettingsVersion(db.em(), mine, SAMPLE_SETTINGS);
    expect((await loadSettingsVersions(db.em(), theirs, [base])).size).toBe(0);
    expect((await loadSettingsVersions(db.em(), mine, [])).size).toBe(0);
  });

  it("HIS-2: every policy built keeps its base version's settings, in a transaction of the caller's or not", async () => {
    const accountId = await db.account();
    const list = await activeExclusionListId(db.em(), accountId);
    await db.em().insert(ExclusionEntrySchema, { accountId, list, entry: '+14155550100', addedBy: 'test', addedAt: new Date() });
    await bumpPolicyRevision(db.em(), accountId, { exclusions: true });
    // From the exclusion list read row by row.
    const first = await buildPolicy(db.em(), accountId);
    expect(first.policy.baseVersion).toBe(baseSettingsVersion(await loadPolicySettings(db.em(), accountId)));
    expect((await loadSettingsVersions(db.em(), accountId, [first.policy.baseVersion])).get(first.policy.baseVersion)).toEqual({
      ...INITIAL_SETTINGS,
      exclusions: [],
    });
    await storePolicySnapshot(db.em(), accountId, first);

    // From the stored snapshot's list, inside a transaction that also has pending changes of its own.
    const em = db.em();
    em.create(QueueSchema, {
      id: randomUUID(),
      account: accountId,
      key: 'vip',
      name: 'VIP',
      customMode: 'always',
      customAnnouncement: 'prompt',
    });
    await em.flush();
    await bumpPolicyRevision(db.em(), accountId);
    const second = await db.em().transactional(async (tx) => {
      const built = await buildPolicy(tx, accountId);
      // Building twice in one transaction is fine: the version is there already.
      await buildPolicy(tx, accountId);
      return built;
    });
    expect(second.policy.baseVersion).not.toBe(first.policy.baseVersion);
    const versions = await loadSettingsVersions(db.em(), accountId, [first.policy.baseVersion, second.policy.baseVersion]);
    expect(versions.get(second.policy.baseVersion)?.queues).toEqual([{ id: 'vip', custom: { mode: 'always', announcement: 'prompt' } }]);
    expect(await db.em().count(SettingsVersionSchema, { account: accountId })).toBe(2);
  });
});
