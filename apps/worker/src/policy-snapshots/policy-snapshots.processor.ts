import { type PolicySnapshotJob, QUEUES } from '@ccp/jobs';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PolicySnapshots, type SnapshotOutcome } from './policy-snapshots.service.js';

/** The policy-snapshots queue: each job is one build (see `PolicySnapshots`); a failure is retried by BullMQ. */
@Processor(QUEUES.policySnapshots)
export class PolicySnapshotsProcessor extends WorkerHost {
  private readonly logger = new Logger('PolicySnapshots');

  constructor(private readonly snapshots: PolicySnapshots) {
    super();
  }

  async process(job: Job<PolicySnapshotJob>): Promise<SnapshotOutcome> {
    const outcome = await this.snapshots.build(job.data);
    if (outcome.kind !== 'current')
      this.logger.log('built a policy snapshot', { jobId: job.id, accountId: job.data.accountId, ...outcome });
    return outcome;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<PolicySnapshotJob> | undefined, error: Error): void {
    this.logger.warn(`policy build failed: ${error.message}`, {
      jobId: job?.id,
      accountId: job?.data.accountId,
      attempt: job?.attemptsMade,
    });
  }
}
