import { randomUUID } from 'node:crypto';
import { INITIAL_CONSENT, settingsVersion } from '@ccp/policy-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingSettingsSchema } from './entities/index.js';
import { openDatabase } from './orm.js';
import { globalSettingsColumns, globalSettingsOf, loadPolicySettings } from './policy-settings.js';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from './testing/databases.js';
import { useTestOrm } from './testing/test-orm.js';

/** The migration that added the consent settings, and the one before it. */
const CONSENT_MIGRATION = 'Migration20261206231945';
const BEFORE_CONSENT = 'Migration20261206113800';

/** The product's all-party list when consent settings were added: what existing accounts were given. */
const LIST_AT_UPGRADE = ['CA', 'CT', 'DE', 'FL', 'HI', 'IL', 'MA', 'MD', 'MI', 'MT', 'NH', 'NV', 'OR', 'PA', 'VT', 'WA'];

describe.each(TEST_DRIVERS)('consent settings (CNS-2..4) on %s', (driver) => {
  const db = useTestOrm(driver);

  it('GLB-1: a new account starts with consent off, the default all-party list, unknown regions strict', async () => {
    const accountId = await db.account();
    expect((await loadPolicySettings(db.em(), accountId)).consent).toEqual(INITIAL_CONSENT);
  });

  it('CNS-2: consent settings written are read back as written, and change the settings version', async () => {
    const accountId = await db.account();
    const before = await loadPolicySettings(db.em(), accountId);
    const em = db.em();
    const row = await em.findOneOrFail(RecordingSettingsSchema, { account: accountId });
    const consent = { mode: 'require', regions: ['CA', 'QC', 'WA'], unknownRegion: 'lenient' } as const;
    em.assign(row, globalSettingsColumns({ ...globalSettingsOf(row), consent }));
    await em.flush();

    const after = await loadPolicySettings(db.em(), accountId);
    expect(after.consent).toEqual(consent);
    expect(settingsVersion(after)).not.toBe(settingsVersion(before));
    const reread = await db.em().findOneOrFail(RecordingSettingsSchema, { account: accountId });
    expect(reread.revision).toBe(2);
  });

  it('an empty all-party list is kept empty, not read as the default', async () => {
    const accountId = await db.account();
    const em = db.em();
    const row = await em.findOneOrFail(RecordingSettingsSchema, { account: accountId });
    em.assign(row, globalSettingsColumns({ ...globalSettingsOf(row), consent: { ...INITIAL_CONSENT, mode: 'announce', regions: [] } }));
    await em.flush();
    expect((await loadPolicySettings(db.em(), accountId)).consent.regions).toEqual([]);
  });
});

describe.each(TEST_DRIVERS)('the consent migration on %s', (driver) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('GLB-1: an account that existed before consent settings gets consent off, the list of that release, strict', async () => {
    database = await createTestDatabase(driver);
    const orm = await openDatabase(database.url, { migrations: 'skip' });
    try {
      await orm.migrator.up({ to: BEFORE_CONSENT });
      const accountId = randomUUID();
      const connection = orm.em.getConnection();
      const now = driver === 'postgresql' ? 'now()' : String(Date.now());
      await connection.execute(
        `insert into accounts (id, slug, name, contact_center_pro, enterprise_hub_network, created_at) values (?, 'old', 'Old', true, true, ${now})`,
        [accountId],
      );
      await connection.execute(
        `insert into recording_settings (account_id, trigger, connect_mode, transfer_to_queue, transfer_to_employee, queue_mode, queue_announcement, inbound_mode, inbound_announcement, outbound_mode, outbound_announcement, revision, updated_at)
         values (?, 'on-connect', 'always', 'keep-original', 'use-destination', 'manual', 'never', 'automatic', 'prompt', 'never', 'never', 3, ${now})`,
        [accountId],
      );

      expect((await orm.migrator.up()).map((migration) => migration.name)).toEqual([CONSENT_MIGRATION]);

      const settings = await loadPolicySettings(orm.em.fork(), accountId, { exclusions: false });
      expect(settings.consent).toEqual({ mode: 'off', regions: LIST_AT_UPGRADE, unknownRegion: 'strict' });
      // The rest of the row is untouched, and the account's settings keep the version they had.
      expect(settings).toMatchObject({ trigger: 'on-connect', connectMode: 'always', queueDefault: { mode: 'manual' } });
      expect(settingsVersion(settings)).toBe(settingsVersion({ ...settings, consent: INITIAL_CONSENT }));
      expect((await orm.em.fork().findOneOrFail(RecordingSettingsSchema, { account: accountId })).revision).toBe(3);
    } finally {
      await orm.close();
    }
  });
});
