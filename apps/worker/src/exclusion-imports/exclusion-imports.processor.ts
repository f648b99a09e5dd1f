import { ImportAborted, ImportRefused, type ImportResult } from '@ccp/imports';
import { type ExclusionImportJob, QUEUES } from '@ccp/jobs';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { WorkerConfig } from '../config/worker-config.js';
import { ExclusionImportsService } from './exclusion-imports.service.js';
import { ImportUploadCommand } from './import-upload.command.js';

/** How long a job waits before asking again whether the older upload of its account is finished, or for memory. */
const WAIT_BEHIND_MS = 1_000;

/** What a finished job keeps as its return value (shown on the dashboard). */
export type ImportSummary =
  | Exclude<ImportResult, { kind: 'done' | 'waiting' | 'busy' }>
  | Omit<Extract<ImportResult, { kind: 'done' }>, 'upload'>;

/**
 * The exclusion-imports queue (EXC-8, EXC-10). No logic here: the job becomes a call of
 * @ccp/imports, and the outcome decides what BullMQ does with the job:
 * - the file cannot be imported (permanent) → the upload fails with the reason, the job fails, no retry;
 * - anything else thrown (the database or Redis unavailable: retryable) → BullMQ retries with backoff;
 *   the last attempt records the failure on the upload;
 * - an older upload of the account is not finished → the job waits its turn (uploads of an account
 *   run one at a time, in order; BullMQ OSS has no groups);
 * - the file is not expected to fit in the memory this worker's imports have left → the job waits,
 *   for this worker or another (issue 13: two large imports at once took a worker to 581 MB);
 * - the worker is shutting down → the import rolls back and the job goes back to the queue.
 * Worker options (concurrency, lock duration) are set from the config by `WorkerModule.forRoot`.
 */
@Processor(QUEUES.exclusionImports)
export class ExclusionImportsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ExclusionImports');

  constructor(
    private readonly imports: ExclusionImportsService,
    private readonly config: WorkerConfig,
  ) {
    super();
  }

  async process(job: Job<ExclusionImportJob>, token?: string): Promise<ImportSummary> {
    const command = ImportUploadCommand.from(job.data);
    let result: ImportResult;
    try {
      result = await this.imports.import(command, (fraction) => job.updateProgress(Math.round(fraction * 100)));
    } catch (error) {
      if (error instanceof ImportRefused) {
        await this.imports.fail(command, error.message);
        throw new UnrecoverableError(error.message);
      }
      if (error instanceof ImportAborted) return this.putBack(job, token, 0);
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        const reason = `the import failed ${attempts} time${attempts === 1 ? '' : 's'}; the last time: ${(error as Error).message}`;
        await this.imports.fail(command, reason).catch(() => false);
      }
      throw error;
    }
    if (result.kind === 'waiting' || result.kind === 'busy') return this.putBack(job, token, WAIT_BEHIND_MS);
    if (result.kind !== 'done') return result;
    const { upload, ...summary } = result;
    this.logger.log(`imported ${upload.fileName}`, { ...jobFields(job), mode: upload.mode, ...summary });
    return summary;
  }

  /** On SIGTERM: take no new job; let running imports finish within the grace period, then stop and release them. */
  async beforeApplicationShutdown(): Promise<void> {
    const grace = setTimeout(() => this.imports.stopAll('the worker is shutting down'), this.config.shutdownGraceMs);
    try {
      await this.worker.close();
    } finally {
      clearTimeout(grace);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<ExclusionImportJob> | undefined, error: Error): void {
    if (error instanceof DelayedError) return;
    this.logger.warn(`import failed: ${error.message}`, {
      ...(job ? jobFields(job) : {}),
      willRetry: !!job && !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1),
    });
  }

  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn('a job stalled (its worker stopped renewing the lock); it runs again', { jobId });
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`queue error: ${error.message}`);
  }

  /** Back to the queue without counting an attempt: due again in `delayMs`. */
  private async putBack(job: Job, token: string | undefined, delayMs: number): Promise<never> {
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }
}

function jobFields(job: Job<ExclusionImportJob>) {
  return { jobId: job.id, accountId: job.data.accountId, uploadId: job.data.uploadId, attempt: job.attemptsMade + 1 };
}
