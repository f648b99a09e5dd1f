import { applyRetentionChanges, dropExpiredHistory, ensureHistoryPartitions } from '@ccp/db';
import { HISTORY_MAINTENANCE_EVERY_MS, HISTORY_MAINTENANCE_JOB_OPTIONS, HISTORY_MAINTENANCE_SCHEDULER, QUEUES } from '@ccp/jobs';
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { Database } from '../database/database.js';

export interface MaintenanceOutcome {
  readonly partitionsCreated: number;
  readonly partitionsDropped: number;
  readonly rowsDeleted: number;
  readonly callsReExpired: number;
}

/**
 * The call history's upkeep, a repeatable job (every HISTORY_MAINTENANCE_EVERY_MS, once whatever the
 * number of workers): retention changes applied to the calls kept before them, calls past their
 * account's retention deleted (HIS-4: on PostgreSQL whole partitions dropped; held calls live in a
 * partition of their own and survive), and partitions made ahead for the weeks to come.
 */
@Processor(QUEUES.historyMaintenance)
export class HistoryMaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('HistoryMaintenance');

  constructor(
    private readonly database: Database,
    @InjectQueue(QUEUES.historyMaintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Every worker upserts the same scheduler: one job per period, and the first one at once.
    await this.queue
      .upsertJobScheduler(
        HISTORY_MAINTENANCE_SCHEDULER,
        { every: HISTORY_MAINTENANCE_EVERY_MS },
        {
          name: 'maintain the call history',
          opts: HISTORY_MAINTENANCE_JOB_OPTIONS,
        },
      )
      .catch((error: Error) => this.logger.warn(`cannot schedule the history's upkeep: ${error.message}`));
  }

  async process(job: Job): Promise<MaintenanceOutcome> {
    const now = job.timestamp ? new Date(Math.max(job.timestamp, Date.now())) : new Date();
    return this.database.with(async (orm) => {
      const callsReExpired = await applyRetentionChanges(orm.em.fork());
      const { partitionsDropped, rowsDeleted } = await dropExpiredHistory(orm.em.fork(), now);
      const partitionsCreated = await ensureHistoryPartitions(orm.em.fork(), now);
      const outcome = { partitionsCreated, partitionsDropped, rowsDeleted, callsReExpired };
      if (partitionsDropped + rowsDeleted + callsReExpired + partitionsCreated > 0) this.logger.log('maintained the call history', outcome);
      return outcome;
    });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`the history's upkeep failed: ${error.message}`, { jobId: job?.id, attempt: job?.attemptsMade });
  }
}
