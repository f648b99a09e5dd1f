import type { Settings } from '@ccp/policy-core';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/**
 * HIS-2: the settings a call was decided under, kept once per account and base version: the account's
 * settings without the exclusion list (`exclusions: []`; the entries that matched a call are kept with
 * the call). Written when a policy is built (`buildPolicy`), so every version a call names has its row.
 */
export const SettingsVersionSchema = defineEntity({
  name: 'SettingsVersion',
  tableName: 'settings_versions',
  properties: {
    account: () => p.manyToOne(AccountSchema).primary().deleteRule('cascade'),
    /** policy-core's `baseSettingsVersion` of `settings`. */
    baseVersion: p.string().length(80).primary(),
    settings: p.json<Settings>(),
    firstSeenAt: p.datetime(),
  },
});
export type SettingsVersion = InferEntity<typeof SettingsVersionSchema>;
