import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/**
 * The latest compiled policy of an account, built by the worker (architecture, data flow 2): the api
 * replicas load it instead of compiling. One row per account, replaced only by a newer revision.
 */
export const PolicySnapshotSchema = defineEntity({
  name: 'PolicySnapshot',
  tableName: 'policy_snapshots',
  properties: {
    account: () => p.oneToOne(AccountSchema).primary().deleteRule('cascade'),
    /** The account's `policyRevision` the snapshot was built from (it includes every change up to it). */
    revision: p.integer(),
    /** The account's `exclusionsRevision` when it was built: the list it holds is that one. */
    exclusionsRevision: p.integer(),
    /** policy-core's `settingsVersion` of the settings: what every decision made with it names. */
    settingsVersion: p.string(),
    /** policy-core's encoded policy (`encodePolicy`). */
    data: p.blob().lazy(),
    builtAt: p.datetime(),
  },
});
export type PolicySnapshot = InferEntity<typeof PolicySnapshotSchema>;
