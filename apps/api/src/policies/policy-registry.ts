import { loadPolicySettings } from '@ccp/db';
import { POLICY_CHANGES_CHANNEL } from '@ccp/jobs';
import { type CompiledPolicy, compilePolicy } from '@ccp/policy-core';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Database } from '../database/database.js';

/**
 * The compiled policy of every active account, in memory: built from the database on first use,
 * rebuilt when the account's settings or exclusion list change, on this replica and, through Redis
 * pub/sub, on every other. The decision path reads it and never the database. A rebuild replaces the
 * policy whole, so a decision sees the old one or the new one, never a mix.
 */
@Injectable()
export class PolicyRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyRegistry.name);
  private readonly policies = new Map<string, Promise<CompiledPolicy>>();
  /** Per account: the rebuild running now, and whether another must follow it. */
  private readonly rebuilds = new Map<string, { running: Promise<CompiledPolicy>; again: boolean }>();
  private subscriber: Redis | undefined;

  constructor(
    private readonly database: Database,
    private readonly redis: Redis,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate({ connectionName: 'ccp-policy-changes' });
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, accountId: string) => {
      if (this.policies.has(accountId)) void this.rebuildHere(accountId).catch(() => {});
    });
    // Whatever was announced while disconnected is lost: build every policy again on the next use.
    this.subscriber.on('ready', () => this.policies.clear());
    await this.subscriber
      .subscribe(POLICY_CHANGES_CHANNEL)
      .catch((error: Error) => this.logger.warn(`cannot subscribe to policy changes: ${error.message}`));
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  /** The account's current policy (compiled on first use; concurrent first uses share one build). */
  get(accountId: string): Promise<CompiledPolicy> {
    const known = this.policies.get(accountId);
    if (known) return known;
    const building = this.build(accountId);
    this.policies.set(accountId, building);
    // A failed build is not remembered: the next call tries again.
    building.catch(() => {
      if (this.policies.get(accountId) === building) this.policies.delete(accountId);
    });
    return building;
  }

  /**
   * The account's settings changed (call it after the change committed): compile again here, and tell
   * the other replicas to. Resolves once this replica decides with a policy that includes the change.
   */
  async refresh(accountId: string): Promise<CompiledPolicy> {
    const policy = await this.rebuildHere(accountId);
    await this.redis.publish(POLICY_CHANGES_CHANNEL, accountId).catch((error: Error) => {
      this.logger.warn(`could not announce the new policy of account ${accountId}: ${error.message}`);
    });
    return policy;
  }

  /**
   * Compiles again, deciding with the old policy until the new one is ready. Changes announced while a
   * rebuild runs are coalesced into one more rebuild, so a burst of edits costs two compilations.
   */
  private rebuildHere(accountId: string): Promise<CompiledPolicy> {
    const current = this.rebuilds.get(accountId);
    if (current) {
      current.again = true;
      return current.running.then(() => this.rebuilds.get(accountId)?.running ?? this.get(accountId));
    }
    const state = { running: this.rebuild(accountId), again: false };
    this.rebuilds.set(accountId, state);
    return state.running;
  }

  private async rebuild(accountId: string): Promise<CompiledPolicy> {
    try {
      const policy = await this.build(accountId);
      this.policies.set(accountId, Promise.resolve(policy));
      return policy;
    } finally {
      const state = this.rebuilds.get(accountId);
      this.rebuilds.delete(accountId);
      if (state?.again) void this.rebuildHere(accountId).catch(() => {});
    }
  }

  private async build(accountId: string): Promise<CompiledPolicy> {
    const started = performance.now();
    const policy = compilePolicy(await loadPolicySettings(this.database.em(), accountId));
    this.logger.log(
      `compiled the policy of account ${accountId}: ${policy.exclusions.size} exclusions, version ${policy.version} (${Math.round(performance.now() - started)} ms)`,
    );
    return policy;
  }
}
