import { type PolicySnapshotJob, policySnapshotJobName, policySnapshotJobOptions, QUEUES } from '@ccp/jobs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { enqueueWithin } from '../jobs/with-timeout.js';

/** An enqueue waits this long for Redis; the change is committed, so giving up only means compiling here. */
const ENQUEUE_TIMEOUT_MS = 1_000;

/** Puts policy builds on the `policy-snapshots` queue, one job per account and revision (`@ccp/jobs`). */
@Injectable()
export class PolicySnapshotQueue {
  private readonly logger = new Logger('PolicySnapshotQueue');

  constructor(@InjectQueue(QUEUES.policySnapshots) private readonly queue: Queue<PolicySnapshotJob>) {}

  /** False when Redis refused or did not answer in time. */
  async enqueue(accountId: string, accountSlug: string, revision: number): Promise<boolean> {
    const failed = await enqueueWithin(
      this.queue,
      {
        name: policySnapshotJobName(accountSlug, revision),
        data: { accountId, revision },
        options: policySnapshotJobOptions(accountId, revision),
      },
      ENQUEUE_TIMEOUT_MS,
    );
    if (failed) this.logger.warn(`could not queue the policy build of account ${accountSlug} at revision ${revision}: ${failed.message}`);
    return !failed;
  }
}
