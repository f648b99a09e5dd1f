import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/**
 * An account's call history settings (HIS-4). No row: the defaults (`DEFAULT_RETENTION_DAYS`, revision 0).
 * A change of the retention re-expires the calls kept before it in batches (`applyRetentionChanges`):
 * `reexpirePending` says some are left, `reexpireCursor` where the next batch starts.
 */
export const HistorySettingsSchema = defineEntity({
  name: 'HistorySettings',
  tableName: 'history_settings',
  properties: {
    account: () => p.oneToOne(AccountSchema).owner().primary().deleteRule('cascade'),
    retentionDays: p.integer(),
    /** The `If-Match` revision of the API: 0 without a row, then 1, 2, … */
    revision: p.integer(),
    updatedAt: p.datetime(),
    updatedBy: p.string().nullable(),
    reexpirePending: p.boolean().default(false),
    /** The keyset position (opaque) of the next batch of re-expiry; null: from the newest call. */
    reexpireCursor: p.string().length(200).nullable(),
  },
});
export type HistorySettings = InferEntity<typeof HistorySettingsSchema>;
