import { buildPolicy, loadPolicySnapshot, type PolicyRevisions, policyRevisions, type StoredPolicySnapshot } from '@ccp/db';
import { parsePolicyAnnouncement, policyChangesChannel } from '@ccp/jobs';
import type { CompiledPolicy } from '@ccp/policy-core';
import { duplicateRedis, RedisClient } from '@ccp/runtime';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { WorkerHeartbeats } from '../jobs/worker-heartbeats.js';
import { PolicySnapshotQueue } from './policy-snapshot-queue.js';
import { SnapshotDecoder } from './snapshot-decoder.js';

/** How long the replica that made a change waits for the worker's snapshot before compiling it itself. */
const SNAPSHOT_WAIT_MS = 5_000;
/** How often every replica compares its revisions with the database (what a lost message costs at most, twice). */
const CATCH_UP_INTERVAL_MS = 5_000;
/** Accounts whose revisions one catch-up query reads. */
const CATCH_UP_BATCH = 500;

/** A policy in memory, with the account revision it includes. */
interface Held {
  readonly revision: number;
  readonly policy: CompiledPolicy;
}

/**
 * The compiled policy of every active account, in memory (architecture.md, data flow 3). The decision
 * path reads it and never the database.
 *
 * - First use: the account's stored snapshot is loaded (no compiling), or, when there is none of the
 *   latest revision yet, the policy is compiled here and a build queued.
 * - A change (`refresh`, after it committed with its revision): a snapshot build is queued; the worker
 *   builds it, stores it and announces the revision on Redis; every replica that holds the account
 *   loads it and swaps. The replica that made the change answers once it decides with it. With no
 *   worker alive (or none answering in time) that replica compiles and announces it, and the others
 *   compile too: decisions never wait for the job side.
 * - Catch-up: every few seconds, and when Redis comes back, each replica compares the revisions it
 *   holds with the database, so a lost message delays a swap and never prevents it. A revision still
 *   without its snapshot on the second look is compiled here.
 *
 * A swap replaces the policy whole, only ever for a later revision: a decision sees the old policy or
 * the new one, never a mix, and never goes back.
 */
@Injectable()
export class PolicyRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyRegistry.name);
  private readonly held = new Map<string, Promise<Held>>();
  /** Per account, the swaps in progress, one after the other (each checks again what is newer). */
  private readonly swaps = new Map<string, Promise<unknown>>();
  private readonly waiters = new Map<string, Set<{ readonly revision: number; readonly resolve: () => void }>>();
  /** Accounts found behind their revision by a catch-up round, without a snapshot to load yet. */
  private readonly behind = new Set<string>();
  private subscriber: RedisClient | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private catchUpFailing = false;
  private readonly decoder = new SnapshotDecoder();

  constructor(
    private readonly database: Database,
    @Inject(RedisClient) private readonly redis: RedisClient,
    private readonly builds: PolicySnapshotQueue,
    private readonly workers: WorkerHeartbeats,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = duplicateRedis(this.redis, { connectionName: 'ccp-policy-changes' });
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, message: string) => {
      const announced = parsePolicyAnnouncement(message);
      if (announced && this.held.has(announced.accountId)) {
        void this.advance(announced.accountId, announced.revision, !announced.snapshot);
      }
    });
    // Whatever was announced while disconnected is lost: compare revisions at once.
    this.subscriber.on('ready', () => void this.catchUp());
    await this.subscriber
      .subscribe(policyChangesChannel(this.config.queuePrefix))
      .catch((error: Error) => this.logger.warn(`cannot subscribe to policy changes: ${error.message}`));
    this.catchUpTimer = setInterval(() => void this.catchUp(), CATCH_UP_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.catchUpTimer);
    this.subscriber?.disconnect();
    await this.decoder.close();
  }

  /** The account's current policy (loaded on first use; concurrent first uses share one load). */
  async get(accountId: string): Promise<CompiledPolicy> {
    return (await this.entry(accountId)).policy;
  }

  /**
   * The account's settings or list changed and committed (with its revision, `bumpPolicyRevision`):
   * resolves once this replica decides with a policy that includes the change.
   */
  async refresh(account: { readonly id: string; readonly slug: string }): Promise<void> {
    const revision = (await this.revisions([account.id])).get(account.id)?.account;
    if (revision === undefined) return;
    const queued = await this.builds.enqueue(account.id, account.slug, revision);
    if (!this.held.has(account.id)) return;
    if (queued && (await this.workerAlive())) {
      if (await this.arrival(account.id, revision, SNAPSHOT_WAIT_MS)) return;
      this.logger.warn(
        `no policy snapshot of account ${account.slug} at revision ${revision} within ${SNAPSHOT_WAIT_MS} ms: compiling it here`,
      );
    }
    await this.advance(account.id, revision, true);
  }

  private entry(accountId: string): Promise<Held> {
    const known = this.held.get(accountId);
    if (known) return known;
    const loading = this.load(accountId);
    this.held.set(accountId, loading);
    // A failed load is not remembered: the next call tries again.
    loading.catch(() => {
      if (this.held.get(accountId) === loading) this.held.delete(accountId);
    });
    return loading;
  }

  private async load(accountId: string): Promise<Held> {
    const em = this.database.em();
    const revisions = (await policyRevisions(em, [accountId])).get(accountId);
    if (revisions?.snapshot != null && revisions.snapshot >= revisions.account) {
      const held = await this.decoded(accountId, await loadPolicySnapshot(em, accountId));
      if (held) return held;
    }
    // A new account, or a change whose build has not finished: compile here, and have a snapshot built for the others.
    const built = await this.compile(em, accountId);
    if (revisions && (revisions.snapshot ?? -1) < revisions.account) void this.builds.enqueue(accountId, revisions.slug, built.revision);
    return built;
  }

  /**
   * Moves the account to `revision` or later, if it is behind: from the stored snapshot when there is
   * one that recent, else (when `compileIfMissing`) compiled here and announced.
   */
  private advance(accountId: string, revision: number, compileIfMissing: boolean): Promise<void> {
    const previous = this.swaps.get(accountId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const current = await this.entry(accountId);
      if (current.revision >= revision) return;
      const em = this.database.em();
      const stored = await this.decoded(accountId, await loadPolicySnapshot(em, accountId, current.revision));
      if (stored) this.swap(accountId, stored);
      if ((stored?.revision ?? current.revision) >= revision || !compileIfMissing) return;
      const built = await this.compile(em, accountId);
      this.swap(accountId, built);
      await this.redis
        .publish(policyChangesChannel(this.config.queuePrefix), JSON.stringify({ accountId, revision: built.revision, snapshot: false }))
        .catch((error: Error) =>
          this.logger.warn(`could not announce revision ${built.revision} of account ${accountId}: ${error.message}`),
        );
    });
    const settled = next.catch((error: Error) => this.logger.warn(`policy of account ${accountId} not updated: ${error.message}`));
    this.swaps.set(accountId, settled);
    void settled.finally(() => {
      if (this.swaps.get(accountId) === settled) this.swaps.delete(accountId);
    });
    return settled;
  }

  /** Callers (`advance`, one at a time per account) only ever swap in a later revision. */
  private swap(accountId: string, held: Held): void {
    this.held.set(accountId, Promise.resolve(held));
    this.behind.delete(accountId);
    const waiting = this.waiters.get(accountId);
    for (const waiter of waiting ?? []) {
      if (waiter.revision <= held.revision) {
        waiting?.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** True once this replica holds `revision` or later; false after `timeoutMs`. */
  private async arrival(accountId: string, revision: number, timeoutMs: number): Promise<boolean> {
    if ((await this.entry(accountId)).revision >= revision) return true;
    const waiting = this.waiters.get(accountId) ?? new Set();
    this.waiters.set(accountId, waiting);
    let settle: (arrived: boolean) => void = () => {};
    const arrival = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    const waiter = { revision, resolve: () => settle(true) };
    waiting.add(waiter);
    const timer = setTimeout(() => settle(false), timeoutMs);
    const arrived = await arrival;
    clearTimeout(timer);
    waiting.delete(waiter);
    if (waiting.size === 0) this.waiters.delete(accountId);
    return arrived;
  }

  /** Compares every account held here with the database (see the class comment). */
  private async catchUp(): Promise<void> {
    const accountIds = [...this.held.keys()];
    try {
      for (let i = 0; i < accountIds.length; i += CATCH_UP_BATCH) {
        const batch = accountIds.slice(i, i + CATCH_UP_BATCH);
        const revisions = await this.revisions(batch);
        for (const accountId of batch) {
          const known = revisions.get(accountId);
          const held = this.held.get(accountId);
          if (!known || !held) continue;
          const current = await held.catch(() => null);
          if (!current || current.revision >= known.account) continue;
          await this.catchUpOne(accountId, current.revision, known);
        }
      }
      if (this.catchUpFailing) this.logger.log('policy revisions can be compared with the database again');
      this.catchUpFailing = false;
    } catch (error) {
      // Decisions go on with the policies held; say so once per outage.
      if (!this.catchUpFailing) this.logger.warn(`cannot compare policy revisions with the database: ${(error as Error).message}`);
      this.catchUpFailing = true;
    }
  }

  private async catchUpOne(accountId: string, heldRevision: number, known: PolicyRevisions): Promise<void> {
    if (known.snapshot !== null && known.snapshot > heldRevision) {
      await this.advance(accountId, known.snapshot, false);
      if (known.snapshot >= known.account) return;
    }
    if (!this.behind.has(accountId)) {
      // The build may just be running; ask for it (again: the job id makes that harmless) and look next time.
      this.behind.add(accountId);
      await this.builds.enqueue(accountId, known.slug, known.account);
      return;
    }
    await this.advance(accountId, known.account, true);
  }

  private async decoded(accountId: string, stored: StoredPolicySnapshot | null): Promise<Held | null> {
    if (!stored) return null;
    try {
      return { revision: stored.revision, policy: await this.decoder.decode(stored.data) };
    } catch (error) {
      // A snapshot written by another build of the product: compile instead, and have it rebuilt.
      this.logger.warn(`policy snapshot of account ${accountId} unreadable (${(error as Error).message}); compiling instead`);
      return null;
    }
  }

  private async compile(em: SqlEntityManager, accountId: string): Promise<Held> {
    const started = performance.now();
    const built = await buildPolicy(em, accountId);
    this.logger.log(
      `compiled the policy of account ${accountId}: ${built.policy.exclusions.size} exclusions, revision ${built.revision}, version ${built.policy.version} (${Math.round(performance.now() - started)} ms)`,
    );
    return built;
  }

  private revisions(accountIds: readonly string[]): Promise<Map<string, PolicyRevisions>> {
    return policyRevisions(this.database.em(), accountIds);
  }

  private async workerAlive(): Promise<boolean> {
    return (await this.workers.count().catch(() => 0)) > 0;
  }
}
