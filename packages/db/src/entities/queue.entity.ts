import { ANNOUNCEMENTS, MODES } from '@ccp/policy-core';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/** A queue of the account; `key` is the id calls name it by. Custom settings are both set or both null (QUE-3). */
export const QueueSchema = defineEntity({
  name: 'Queue',
  tableName: 'queues',
  uniques: [{ properties: ['account', 'key'] }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    key: p.string().length(100),
    name: p.string(),
    customMode: p.enum(MODES).nullable(),
    customAnnouncement: p.enum(ANNOUNCEMENTS).nullable(),
    revision: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Queue = InferEntity<typeof QueueSchema>;
