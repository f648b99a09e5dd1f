import { failUpload, unfinishedUploads, uploadStatus } from '@ccp/imports';
import { exclusionImportJobId, exclusionImportJobName, exclusionImportJobOptions, QUEUES } from '@ccp/jobs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Database } from '../database/database.js';

/** How often the reconciler looks, and how old an unfinished upload must be before it does something. */
export const RECONCILE_EVERY_MS = 30_000;
export const RECONCILE_AFTER_MS = 30_000;

export interface Reconciled {
  /** Uploads whose job the queue had lost, enqueued again under the same job id. */
  readonly requeued: string[];
  /** Uploads whose job had failed for good without the upload saying so (the database was down then). */
  readonly failed: string[];
}

/**
 * The database is the truth, the queue only a means (architecture.md, data flow 5): an upload stored
 * `queued` or `running` for over 30 s whose job the queue does not have (Redis was down when the api
 * stored it, or its keys were flushed) is enqueued again, with the same job id, so doing it twice (or
 * on two workers at once) adds it once. An upload whose job failed for good is marked failed with the
 * job's reason. Runs at start and every 30 s.
 */
@Injectable()
export class UploadReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UploadReconciler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly database: Database,
    @InjectQueue(QUEUES.exclusionImports) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running ??= this.reconcile()
        .catch((error: Error) => this.logger.warn(`could not reconcile uploads: ${error.message}`))
        .finally(() => {
          this.running = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, RECONCILE_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async reconcile(now: Date = new Date()): Promise<Reconciled> {
    const requeued: string[] = [];
    const failed: string[] = [];
    for (const upload of await unfinishedUploads(this.database.orm, new Date(now.getTime() - RECONCILE_AFTER_MS))) {
      const jobId = exclusionImportJobId(upload.id);
      const job = await this.queue.getJob(jobId);
      const state = job ? await job.getState() : 'missing';
      if (state === 'failed' && job) {
        if (await failUpload(this.database.orm, upload.id, job.failedReason || 'the import failed')) failed.push(upload.id);
        continue;
      }
      if (state === 'completed' && job) {
        // A finished job whose upload is not finished: only its removal lets the same id be added again.
        if ((await uploadStatus(this.database.orm, upload.id)) === upload.status) await job.remove();
        else continue;
      } else if (state !== 'missing' && state !== 'unknown') continue;
      await this.queue.add(
        exclusionImportJobName(upload.accountSlug, upload.fileName),
        { accountId: upload.accountId, uploadId: upload.id },
        exclusionImportJobOptions(upload.id),
      );
      requeued.push(upload.id);
    }
    if (requeued.length > 0) this.logger.warn(`enqueued again ${requeued.length} upload(s) the queue had lost`, { uploadIds: requeued });
    if (failed.length > 0) this.logger.warn(`marked failed ${failed.length} upload(s) whose job had failed`, { uploadIds: failed });
    return { requeued, failed };
  }
}
