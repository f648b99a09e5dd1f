import { AccountSchema, buildPolicy, policyRevisions, storePolicySnapshot } from '@ccp/db';
import {
  type PolicyAnnouncement,
  type PolicySnapshotJob,
  policyChangesChannel,
  policySnapshotJobName,
  policySnapshotJobOptions,
  QUEUES,
} from '@ccp/jobs';
import { RedisClient } from '@ccp/runtime';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { WorkerConfig } from '../config/worker-config.js';
import { Database } from '../database/database.js';

/** What a build did, kept as the job's return value (the dashboard shows it). */
export type SnapshotOutcome =
  | { readonly kind: 'current'; readonly revision: number }
  | {
      readonly kind: 'stored' | 'revision-only' | 'older';
      readonly revision: number;
      readonly settingsVersion: string;
      readonly ms: number;
    };

/**
 * Builds accounts' policy snapshots (architecture.md, data flow 2): compiles the account's policy with
 * policy-core, stores it with the revision it includes, and announces the revision to every api
 * replica. A job whose revision a stored snapshot already includes does nothing: a burst of edits
 * costs one or two builds.
 */
@Injectable()
export class PolicySnapshots {
  private readonly logger = new Logger('PolicySnapshots');

  constructor(
    private readonly database: Database,
    @Inject(RedisClient) private readonly redis: RedisClient,
    @InjectQueue(QUEUES.policySnapshots) private readonly queue: Queue<PolicySnapshotJob>,
    private readonly config: WorkerConfig,
  ) {}

  async build(job: PolicySnapshotJob): Promise<SnapshotOutcome> {
    return this.database.with(async (orm) => {
      const stored = (await policyRevisions(orm.em.fork(), [job.accountId])).get(job.accountId);
      if (!stored) return { kind: 'current', revision: job.revision };
      if (stored.snapshot !== null && stored.snapshot >= job.revision) {
        return { kind: 'current', revision: stored.snapshot };
      }
      const started = performance.now();
      const built = await buildPolicy(orm.em.fork(), job.accountId);
      const kind = await storePolicySnapshot(orm.em.fork(), job.accountId, built);
      const ms = Math.round(performance.now() - started);
      if (kind !== 'older') await this.announce({ accountId: job.accountId, revision: built.revision, snapshot: true });
      return { kind, revision: built.revision, settingsVersion: built.policy.version, ms };
    });
  }

  /** Queues the build of a revision made here (an import). Should Redis refuse it, the api replicas see the revision move and queue it. */
  async queueBuild(accountId: string, revision: number): Promise<void> {
    const account = await this.database.orm.em.fork().findOne(AccountSchema, { id: accountId }, { fields: ['slug'] });
    await this.queue
      .add(
        policySnapshotJobName(account?.slug ?? accountId, revision),
        { accountId, revision },
        policySnapshotJobOptions(accountId, revision),
      )
      .catch((error: Error) => this.logger.warn(`could not queue the policy build of account ${accountId}: ${error.message}`));
  }

  private async announce(announcement: PolicyAnnouncement): Promise<void> {
    await this.redis.publish(policyChangesChannel(this.config.queuePrefix), JSON.stringify(announcement)).catch((error: Error) => {
      // The snapshot is stored: replicas find it when they next compare revisions.
      this.logger.warn(`could not announce revision ${announcement.revision} of account ${announcement.accountId}: ${error.message}`);
    });
  }
}
