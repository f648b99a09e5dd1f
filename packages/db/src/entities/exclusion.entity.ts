import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/**
 * One generation of an account's exclusion list. Exactly one is `active`; a *replace* upload fills a
 * `staging` list and swaps the states in one transaction, so no decision sees a half-replaced list (EXC-8).
 */
export const ExclusionListSchema = defineEntity({
  name: 'ExclusionList',
  tableName: 'exclusion_lists',
  indexes: [{ properties: ['account', 'state'] }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    state: p.enum(['active', 'staging', 'retired'] as const),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ExclusionList = InferEntity<typeof ExclusionListSchema>;

/**
 * An entry of a list, normalized by policy-core (E.164 or a 3-digit area code). The primary key
 * (account, list, entry) is the only index: it scopes every query, pages by cursor and refuses duplicates.
 */
export const ExclusionEntrySchema = defineEntity({
  name: 'ExclusionEntry',
  tableName: 'exclusion_entries',
  properties: {
    accountId: p.uuid().primary(),
    list: () => p.manyToOne(ExclusionListSchema).primary().deleteRule('cascade'),
    entry: p.string().length(16).primary(),
    addedAt: p.datetime(),
    addedBy: p.string(),
  },
});
export type ExclusionEntry = InferEntity<typeof ExclusionEntrySchema>;
