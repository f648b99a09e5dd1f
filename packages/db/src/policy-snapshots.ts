import {
  type CompiledPolicy,
  compilePolicyWithExclusionKeys,
  encodePolicy,
  type Settings,
  SnapshotFormatError,
  snapshotExclusionKeys,
  sortedExclusionKeys,
} from '@ccp/policy-core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { rememberSettingsVersion } from './call-history/settings-versions.js';
import { AccountSchema } from './entities/account.entity.js';
import { PolicySnapshotSchema } from './entities/policy-snapshot.entity.js';
import { loadPolicySettings } from './policy-settings.js';

/**
 * Records that the account's settings (or, with `exclusions`, its exclusion list) changed, in the
 * transaction of the change, and returns the new revision: a policy built from this revision on
 * includes the change.
 */
export async function bumpPolicyRevision(em: SqlEntityManager, accountId: string, changed: { exclusions?: boolean } = {}): Promise<number> {
  // Both columns are set from the row as it was: exclusions_revision becomes the new policy_revision.
  const [row] = await em.execute<Array<{ policy_revision: number }>>(
    changed.exclusions
      ? 'update accounts set policy_revision = policy_revision + 1, exclusions_revision = policy_revision + 1 where id = ? returning policy_revision'
      : 'update accounts set policy_revision = policy_revision + 1 where id = ? returning policy_revision',
    [accountId],
  );
  if (!row) throw new Error(`account ${accountId} does not exist`);
  return Number(row.policy_revision);
}

/** Per account: its revision now, and the revision of its stored snapshot (null: none yet). */
export interface PolicyRevisions {
  readonly slug: string;
  readonly account: number;
  readonly snapshot: number | null;
}

/** The revisions of these accounts, in two small queries whatever the size of their policies. */
export async function policyRevisions(em: SqlEntityManager, accountIds: readonly string[]): Promise<Map<string, PolicyRevisions>> {
  const result = new Map<string, PolicyRevisions>();
  if (accountIds.length === 0) return result;
  const accounts = await em.find(AccountSchema, { id: { $in: [...accountIds] } }, { fields: ['id', 'slug', 'policyRevision'] });
  const snapshots = await em.find(PolicySnapshotSchema, { account: { $in: [...accountIds] } }, { fields: ['account', 'revision'] });
  const snapshotOf = new Map(snapshots.map((snapshot) => [snapshot.account.id, snapshot.revision]));
  for (const account of accounts)
    result.set(account.id, { slug: account.slug, account: account.policyRevision, snapshot: snapshotOf.get(account.id) ?? null });
  return result;
}

export interface StoredPolicySnapshot {
  readonly revision: number;
  readonly settingsVersion: string;
  /** `encodePolicy`'s bytes: `decodePolicy` reads them. */
  readonly data: Uint8Array;
}

/** The account's snapshot when it is newer than `after` (null otherwise: the blob is not read for nothing). */
export async function loadPolicySnapshot(em: SqlEntityManager, accountId: string, after = -1): Promise<StoredPolicySnapshot | null> {
  const row = await em.findOne(PolicySnapshotSchema, { account: accountId, revision: { $gt: after } }, { populate: ['data'] });
  if (!row) return null;
  return { revision: row.revision, settingsVersion: row.settingsVersion, data: row.data as Uint8Array };
}

/** A policy compiled from the database, with the revisions it includes. */
export interface BuiltPolicy {
  readonly revision: number;
  readonly exclusionsRevision: number;
  readonly policy: CompiledPolicy;
  /** The exclusion keys it was compiled with, sorted (encoding needs them). */
  readonly keys: Float64Array;
}

/**
 * Compiles the account's policy from what is stored. The revisions are read first, so the policy
 * includes at least every change up to them (a change committed in between is included too, and its
 * own build finds nothing new). When the list has not changed since the stored snapshot, the list is
 * taken from the snapshot (a few MB) instead of read row by row (a second for a million).
 */
export async function buildPolicy(em: SqlEntityManager, accountId: string): Promise<BuiltPolicy> {
  const account = await em.findOneOrFail(AccountSchema, { id: accountId }, { fields: ['id', 'policyRevision', 'exclusionsRevision'] });
  const revisions = { revision: account.policyRevision, exclusionsRevision: account.exclusionsRevision };
  const previous = await em.findOne(
    PolicySnapshotSchema,
    { account: accountId, exclusionsRevision: account.exclusionsRevision },
    { populate: ['data'] },
  );
  if (previous) {
    try {
      const keys = snapshotExclusionKeys(previous.data as Uint8Array);
      const settings = await loadPolicySettings(em, accountId, { exclusions: false });
      return remembered(em, accountId, settings, { ...revisions, policy: compilePolicyWithExclusionKeys(settings, keys), keys });
    } catch (error) {
      // Written by another build of the product: read the list instead.
      if (!(error instanceof SnapshotFormatError)) throw error;
    }
  }
  const settings = await loadPolicySettings(em, accountId);
  const keys = sortedExclusionKeys(settings.exclusions);
  return remembered(em, accountId, settings, { ...revisions, policy: compilePolicyWithExclusionKeys(settings, keys), keys });
}

/**
 * HIS-2: every policy any replica decides with is built here, so the settings of its base version are
 * kept here, before the policy can decide a call: a kept call naming that version can be replayed.
 */
async function remembered(em: SqlEntityManager, accountId: string, settings: Settings, built: BuiltPolicy): Promise<BuiltPolicy> {
  const baseVersion = await rememberSettingsVersion(em, accountId, settings);
  if (baseVersion !== built.policy.baseVersion) {
    throw new Error(`account ${accountId}: the policy's base version ${built.policy.baseVersion} is not its settings' ${baseVersion}`);
  }
  return built;
}

export type StoreOutcome = 'stored' | 'revision-only' | 'older';

/**
 * Stores a built policy as the account's snapshot unless a snapshot of the same or a later revision is
 * stored already (two builds racing: the later revision wins whatever the order they finish in). When
 * the settings are unchanged (same version), only the revision moves and the blob is not written again.
 */
export async function storePolicySnapshot(
  em: SqlEntityManager,
  accountId: string,
  built: BuiltPolicy,
  now = new Date(),
): Promise<StoreOutcome> {
  const { revision, exclusionsRevision, policy } = built;
  const older = { account: accountId, revision: { $lt: revision } };
  const unchanged = { ...older, settingsVersion: policy.version };
  if ((await em.nativeUpdate(PolicySnapshotSchema, unchanged, { revision, exclusionsRevision, builtAt: now })) === 1) {
    return 'revision-only';
  }
  const data = Buffer.from(encodePolicy(policy, built.keys));
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = { revision, exclusionsRevision, settingsVersion: policy.version, data, builtAt: now };
    if ((await em.nativeUpdate(PolicySnapshotSchema, older, row)) === 1) {
      return 'stored';
    }
    // Only a snapshot as new is a reason to stop: an older one may have been inserted by another
    // build since the update above, and must still be replaced (the insert below fails, then the
    // update of the next attempt replaces it).
    if (await em.count(PolicySnapshotSchema, { account: accountId, revision: { $gte: revision } })) return 'older';
    try {
      await em.insert(PolicySnapshotSchema, { account: accountId, ...row });
      return 'stored';
    } catch (error) {
      // Another build inserted the first snapshot meanwhile: compare revisions with it.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
  return 'older';
}
