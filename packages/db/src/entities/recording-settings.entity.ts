import { ANNOUNCEMENTS, CONNECT_MODES, CONSENT_MODES, MODES, TRANSFER_RULES, TRIGGERS, UNKNOWN_REGION_TREATMENTS } from '@ccp/policy-core';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/** An account's global, queue-default and individual-default settings (GLB, QUE-1, IND) and its consent settings (CNS-2..4). One row per account. */
export const RecordingSettingsSchema = defineEntity({
  name: 'RecordingSettings',
  tableName: 'recording_settings',
  properties: {
    account: () => p.oneToOne(AccountSchema).owner().primary().deleteRule('cascade'),
    trigger: p.enum(TRIGGERS),
    connectMode: p.enum(CONNECT_MODES),
    transferToQueue: p.enum(TRANSFER_RULES),
    transferToEmployee: p.enum(TRANSFER_RULES),
    queueMode: p.enum(MODES),
    queueAnnouncement: p.enum(ANNOUNCEMENTS),
    inboundMode: p.enum(MODES),
    inboundAnnouncement: p.enum(ANNOUNCEMENTS),
    outboundMode: p.enum(MODES),
    outboundAnnouncement: p.enum(ANNOUNCEMENTS),
    consentMode: p.enum(CONSENT_MODES),
    /**
     * The account's all-party list (CNS-2), normalized (upper case, ascending, once each), always
     * written out in full, never "the product's default": a release that changes the default list
     * must not silently change what an account decided its calls under (admins edit their own list).
     */
    consentRegions: p.json<string[]>(),
    consentUnknownRegion: p.enum(UNKNOWN_REGION_TREATMENTS),
    /** Optimistic concurrency: the `If-Match` revision of the API. */
    revision: p.integer().version(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type RecordingSettings = InferEntity<typeof RecordingSettingsSchema>;
