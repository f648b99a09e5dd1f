import { type ExclusionExportJob, exclusionExportJobName, exclusionExportJobOptions, QUEUES } from '@ccp/jobs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { enqueueWithin } from '../../jobs/with-timeout.js';

/** An enqueue waits this long for Redis: the person is waiting for the answer. */
const ENQUEUE_TIMEOUT_MS = 2_000;

export interface ExportToBuild {
  readonly exportId: string;
  readonly accountId: string;
  readonly accountSlug: string;
  readonly format: 'csv' | 'xlsx';
}

/**
 * Puts stored exports on the `exclusion-exports` queue, one job per export (its id is the export's),
 * with the retries and retention `@ccp/jobs` sets.
 */
@Injectable()
export class ExclusionExportQueue {
  private readonly logger = new Logger('ExclusionExportQueue');

  constructor(@InjectQueue(QUEUES.exclusionExports) private readonly queue: Queue<ExclusionExportJob>) {}

  /**
   * Enqueues the build; false when Redis refused or did not answer in time. Unlike an upload, an
   * export holds nothing that would be lost, so nothing reconciles it later: the caller fails it and
   * answers 503 (counted with the other answers in `/metrics`), and the person asks again.
   */
  async enqueue(build: ExportToBuild): Promise<boolean> {
    const failed = await enqueueWithin(
      this.queue,
      {
        name: exclusionExportJobName(build.accountSlug, build.format),
        data: { accountId: build.accountId, exportId: build.exportId },
        options: exclusionExportJobOptions(build.exportId),
      },
      ENQUEUE_TIMEOUT_MS,
    );
    if (failed) this.logger.warn(`Export ${build.exportId} of account ${build.accountSlug} could not be queued (${failed.message})`);
    return !failed;
  }
}
