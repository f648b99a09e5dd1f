import type { ExportResult } from '@ccp/imports';
import { type ExclusionExportJob, QUEUES } from '@ccp/jobs';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { BuildExportCommand } from './build-export.command.js';
import { ExclusionExportsService } from './exclusion-exports.service.js';

/**
 * How long an export job's lock lasts without renewal. SheetJS zips a workbook in one synchronous call
 * (10 to 15 s for a million rows), during which BullMQ cannot renew the lock: with the imports' 30 s
 * a second worker could take the job over from a healthy one. A crashed worker's export is taken over
 * this long after instead, which nobody waiting for a download will mind.
 */
const EXPORT_LOCK_DURATION_MS = 120_000;

/**
 * The exclusion-exports queue (EXC-9). No logic here: the job becomes a call of @ccp/imports.
 * Anything thrown (the database or Redis away, the list replaced while it was read) is retried with
 * backoff; once the job fails for good, the export is marked failed with the reason, so the person
 * waiting is told. One export at a time per worker: a million-row XLSX holds about 1.5 GB while it is built.
 */
@Processor(QUEUES.exclusionExports, { concurrency: 1, lockDuration: EXPORT_LOCK_DURATION_MS })
export class ExclusionExportsProcessor extends WorkerHost {
  private readonly logger = new Logger('ExclusionExports');

  constructor(private readonly exports: ExclusionExportsService) {
    super();
  }

  async process(job: Job<ExclusionExportJob>): Promise<ExportResult> {
    const command = BuildExportCommand.from(job.data);
    const result = await this.exports.build(command);
    if (result.kind === 'done') this.logger.log(`exported the list as ${result.format}`, { ...jobFields(job), ...result });
    return result;
  }

  /**
   * The last attempt's failure is recorded on the export. A job BullMQ fails itself (it stalled too
   * often: the workers running it died) raises no event here; the api gives such an export up when
   * it is asked about it (`EXPORT_GIVEN_UP_AFTER_MS`).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<ExclusionExportJob> | undefined, error: Error): Promise<void> {
    const attempts = job?.opts.attempts ?? 1;
    const willRetry = !!job && !(error instanceof UnrecoverableError) && job.attemptsMade < attempts;
    this.logger.warn(`export failed: ${error.message}`, { ...(job ? jobFields(job) : {}), willRetry });
    if (!job || willRetry) return;
    let command: BuildExportCommand;
    try {
      command = BuildExportCommand.from(job.data);
    } catch {
      return;
    }
    const reason = `the export failed ${job.attemptsMade} time${job.attemptsMade === 1 ? '' : 's'}; the last time: ${error.message}`;
    await this.exports
      .fail(command, reason)
      .catch((failure: Error) => this.logger.warn(`could not record the failure of export ${command.exportId}: ${failure.message}`));
  }

  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    this.logger.warn('an export job stalled (its worker stopped renewing the lock); it runs again', { jobId });
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`queue error: ${error.message}`);
  }
}

function jobFields(job: Job<ExclusionExportJob>) {
  return { jobId: job.id, accountId: job.data.accountId, exportId: job.data.exportId, attempt: job.attemptsMade + 1 };
}
