import { randomUUID } from 'node:crypto';
import { baseSettingsVersion, INITIAL_SETTINGS } from '@ccp/policy-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeExclusionListId, createAccount } from '../accounts.js';
import { ExclusionEntrySchema, QueueSchema, SettingsVersionSchema } from '../entities/index.js';
import { type Orm, openDatabase } from '../orm.js';
import { loadPolicySettings } from '../policy-settings.js';
import { buildPolicy, bumpPolicyRevision, storePolicySnapshot } from '../policy-snapshots.js';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '../testing/databases.js';
import { SAMPLE_SETTINGS } from './sample-calls.js';
import { loadSettingsVersions, rememberSettingsVersion } from './settings-versions.js';

describe.each(TEST_DRIVERS)('settings versions on %s', (driver) => {
  let database: TestDatabase;
  let orm: Orm;
  let slugs = 0;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  async function account(): Promise<string> {
    const slug = `versions-${driver}-${++slugs}`;
    return (await createAccount(orm.em.fork(), { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true })).id;
  }

  it('HIS-2: the settings of a base version are kept once, without the exclusion list, whoever remembers them at the same time', async () => {
    const accountId = await account();
    const base = baseSettingsVersion(SAMPLE_SETTINGS);
    const remembered = await Promise.all(
      Array.from({ length: 5 }, () => rememberSettingsVersion(orm.em.fork(), accountId, SAMPLE_SETTINGS)),
    );
    expect(new Set(remembered)).toEqual(new Set([base]));
    expect(await orm.em.fork().count(SettingsVersionSchema, { account: accountId })).toBe(1);
    const loaded = await loadSettingsVersions(orm.em.fork(), accountId, [base, 'sha256:unknown']);
    expect([...loaded.keys()]).toEqual([base]);
    expect(loaded.get(base)).toEqual({ ...SAMPLE_SETTINGS, exclusions: [] });
    expect(baseSettingsVersion(loaded.get(base) ?? INITIAL_SETTINGS)).toBe(base);
  });

  it("ACC-3: an account never reads another's settings versions", async () => {
    const [mine, theirs] = [await account(), await account()];
    const base = await rememberSettingsVersion(orm.em.fork(), mine, SAMPLE_SETTINGS);
    expect((await loadSettingsVersions(orm.em.fork(), theirs, [base])).size).toBe(0);
    expect((await loadSettingsVersions(orm.em.fork(), mine, [])).size).toBe(0);
  });

  it("HIS-2: every policy built keeps its base version's settings, in a transaction of the caller's or not", async () => {
    const accountId = await account();
    const list = await activeExclusionListId(orm.em.fork(), accountId);
    await orm.em.fork().insert(ExclusionEntrySchema, { accountId, list, entry: '+14155550100', addedBy: 'test', addedAt: new Date() });
    await bumpPolicyRevision(orm.em.fork(), accountId, { exclusions: true });
    // From the exclusion list read row by row.
    const first = await buildPolicy(orm.em.fork(), accountId);
    expect(first.policy.baseVersion).toBe(baseSettingsVersion(await loadPolicySettings(orm.em.fork(), accountId)));
    expect((await loadSettingsVersions(orm.em.fork(), accountId, [first.policy.baseVersion])).get(first.policy.baseVersion)).toEqual({
      ...INITIAL_SETTINGS,
      exclusions: [],
    });
    await storePolicySnapshot(orm.em.fork(), accountId, first);

    // From the stored snapshot's list, inside a transaction that also has pending changes of its own.
    const em = orm.em.fork();
    em.create(QueueSchema, {
      id: randomUUID(),
      account: accountId,
      key: 'vip',
      name: 'VIP',
      customMode: 'always',
      customAnnouncement: 'prompt',
    });
    await em.flush();
    await bumpPolicyRevision(orm.em.fork(), accountId);
    const second = await orm.em.fork().transactional(async (tx) => {
      const built = await buildPolicy(tx, accountId);
      // Building twice in one transaction is fine: the version is there already.
      await buildPolicy(tx, accountId);
      return built;
    });
    expect(second.policy.baseVersion).not.toBe(first.policy.baseVersion);
    const versions = await loadSettingsVersions(orm.em.fork(), accountId, [first.policy.baseVersion, second.policy.baseVersion]);
    expect(versions.get(second.policy.baseVersion)?.queues).toEqual([{ id: 'vip', custom: { mode: 'always', announcement: 'prompt' } }]);
    expect(await orm.em.fork().count(SettingsVersionSchema, { account: accountId })).toBe(2);
  });
});
