import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A customer of the platform (a tenant). Every other table carries its account. */
export const AccountSchema = defineEntity({
  name: 'Account',
  tableName: 'accounts',
  properties: {
    id: p.uuid().primary(),
    slug: p.string().length(64).unique(),
    name: p.string(),
    /** ACC-1: Contact Center Pro (early access) is enabled for the account. */
    contactCenterPro: p.boolean(),
    /** ACC-1: the account has an Enterprise Hub network. */
    enterpriseHubNetwork: p.boolean(),
    /**
     * Counts the changes to the account's settings and exclusion list (bumped after each commits): a
     * policy snapshot built from revision N includes every change up to N.
     */
    policyRevision: p.integer().default(0),
    /** The `policyRevision` of the last change to the exclusion list: a build whose list has not changed since reuses it. */
    exclusionsRevision: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Account = InferEntity<typeof AccountSchema>;
