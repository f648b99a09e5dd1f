import type { ExclusionImportJob } from '@ccp/jobs';
import { UnrecoverableError } from 'bullmq';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The job's data as a command that validated itself when created: a job that names no upload can
 * never succeed, so it fails at once (`UnrecoverableError`) instead of being retried.
 */
export class ImportUploadCommand implements ExclusionImportJob {
  private constructor(
    readonly accountId: string,
    readonly uploadId: string,
  ) {}

  static from(data: unknown): ImportUploadCommand {
    const { accountId, uploadId } = (data ?? {}) as Partial<Record<keyof ExclusionImportJob, unknown>>;
    if (typeof accountId !== 'string' || !UUID.test(accountId) || typeof uploadId !== 'string' || !UUID.test(uploadId)) {
      throw new UnrecoverableError(`the job data must name an account and an upload by id (got ${JSON.stringify(data)})`);
    }
    return new ImportUploadCommand(accountId, uploadId);
  }
}
