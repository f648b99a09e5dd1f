import { type ExclusionImportJob, exclusionImportJobName, exclusionImportJobOptions, QUEUES } from '@ccp/jobs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Counter } from 'prom-client';
import { enqueueWithin } from '../../jobs/with-timeout.js';
import { MetricsService } from '../../metrics/metrics.service.js';

/** An enqueue waits this long for Redis; the upload is stored already, so giving up loses nothing. */
const ENQUEUE_TIMEOUT_MS = 2_000;

export interface UploadToImport {
  readonly uploadId: string;
  readonly accountId: string;
  readonly accountSlug: string;
  readonly fileName: string;
}

/**
 * Puts stored uploads on the `exclusion-imports` queue, one job per upload (its id is the upload's),
 * with the retries and retention `@ccp/jobs` sets for every producer (the worker's reconciler too).
 */
@Injectable()
export class ExclusionImportQueue {
  private readonly logger = new Logger('ExclusionImportQueue');
  private readonly notQueued: Counter<'queue'>;

  constructor(
    @InjectQueue(QUEUES.exclusionImports) private readonly queue: Queue<ExclusionImportJob>,
    metrics: MetricsService,
  ) {
    this.notQueued = metrics.counter({
      name: 'ccp_job_enqueue_failures_total',
      help: 'Jobs the api could not enqueue (Redis away); their uploads are stored and the worker reconciler enqueues them',
      labelNames: ['queue'],
    });
    this.notQueued.inc({ queue: queue.name }, 0);
  }

  /**
   * Enqueues the import; false when Redis refused or did not answer in time. The upload row stays
   * `queued` then, and the worker's reconciler enqueues it once Redis is back (architecture.md, 5).
   */
  async enqueue(upload: UploadToImport): Promise<boolean> {
    const failed = await enqueueWithin(
      this.queue,
      {
        name: exclusionImportJobName(upload.accountSlug, upload.fileName),
        data: { accountId: upload.accountId, uploadId: upload.uploadId },
        options: exclusionImportJobOptions(upload.uploadId),
      },
      ENQUEUE_TIMEOUT_MS,
    );
    if (!failed) return true;
    this.notQueued.inc({ queue: this.queue.name });
    this.logger.warn(
      `Upload ${upload.uploadId} of account ${upload.accountSlug} is stored but not queued (${failed.message}); the worker's reconciler will queue it`,
    );
    return false;
  }
}
