import {
  type ExclusionExportJob,
  type ExclusionImportJob,
  exclusionExportJobName,
  exclusionExportJobOptions,
  exclusionImportJobName,
  exclusionImportJobOptions,
  QUEUES,
} from '@ccp/jobs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import type { Counter } from 'prom-client';
import { enqueueWithin } from '../jobs/with-timeout.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** An enqueue waits this long for Redis: the row is stored already, and the person is waiting for the answer. */
const ENQUEUE_TIMEOUT_MS = 2_000;

/** The account a job is for: its id goes in the job's data, its slug in the job's name. */
export interface JobAccount {
  readonly id: string;
  readonly slug: string;
}

/**
 * Puts the exclusion list's stored rows on their queues: an upload's import on `exclusion-imports`,
 * an export's build on `exclusion-exports`. One job per row (its id is the row's), with the retries
 * and retention `@ccp/jobs` sets for every producer (the worker's reconciler too). An enqueue is false
 * when Redis refused or did not answer in time; what that means differs (see each method).
 */
@Injectable()
export class ExclusionJobQueues {
  private readonly logger = new Logger('ExclusionJobQueues');
  private readonly importsNotQueued: Counter<'queue'>;

  constructor(
    @InjectQueue(QUEUES.exclusionImports) private readonly imports: Queue<ExclusionImportJob>,
    @InjectQueue(QUEUES.exclusionExports) private readonly exports: Queue<ExclusionExportJob>,
    metrics: MetricsService,
  ) {
    this.importsNotQueued = metrics.counter({
      name: 'ccp_job_enqueue_failures_total',
      help: 'Jobs the api could not enqueue (Redis away); their uploads are stored and the worker reconciler enqueues them',
      labelNames: ['queue'],
    });
    this.importsNotQueued.inc({ queue: imports.name }, 0);
  }

  /**
   * Enqueues the upload's import. When it is not queued the upload row stays `queued`, and the
   * worker's reconciler enqueues it once Redis is back (architecture.md, 5).
   */
  async enqueueImport(account: JobAccount, upload: { readonly uploadId: string; readonly fileName: string }): Promise<boolean> {
    const failed = await this.add(this.imports, exclusionImportJobName(account.slug, upload.fileName), {
      data: { accountId: account.id, uploadId: upload.uploadId },
      options: exclusionImportJobOptions(upload.uploadId),
    });
    if (!failed) return true;
    this.importsNotQueued.inc({ queue: this.imports.name });
    this.logger.warn(
      `Upload ${upload.uploadId} of account ${account.slug} is stored but not queued (${failed.message}); the worker's reconciler will queue it`,
    );
    return false;
  }

  /**
   * Enqueues the export's build. Unlike an upload, an export holds nothing that would be lost, so
   * nothing reconciles it later: the caller fails it and answers 503 (counted with the other answers
   * in `/metrics`), and the person asks again.
   */
  async enqueueExport(account: JobAccount, build: { readonly exportId: string; readonly format: 'csv' | 'xlsx' }): Promise<boolean> {
    const failed = await this.add(this.exports, exclusionExportJobName(account.slug, build.format), {
      data: { accountId: account.id, exportId: build.exportId },
      options: exclusionExportJobOptions(build.exportId),
    });
    if (failed) this.logger.warn(`Export ${build.exportId} of account ${account.slug} could not be queued (${failed.message})`);
    return !failed;
  }

  private add<Data>(
    queue: Queue<Data>,
    name: string,
    job: { readonly data: Data; readonly options: JobsOptions },
  ): Promise<Error | undefined> {
    return enqueueWithin(queue, { name, ...job }, ENQUEUE_TIMEOUT_MS);
  }
}
