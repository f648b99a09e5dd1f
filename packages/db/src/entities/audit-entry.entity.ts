import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/** ACC-4: who changed what, when, before and after. Written in the transaction of the change it records. */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entries',
  indexes: [{ properties: ['account', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    at: p.datetime(),
    actorId: p.string(),
    actorName: p.string(),
    action: p.string().length(64),
    target: p.string().nullable(),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
  },
});
export type AuditEntry = InferEntity<typeof AuditEntrySchema>;
