import type { ExclusionExportJob } from '@ccp/jobs';
import { UnrecoverableError } from 'bullmq';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The job's data as a command that validated itself when created: a job that names no export can
 * never succeed, so it fails at once (`UnrecoverableError`) instead of being retried.
 */
export class BuildExportCommand implements ExclusionExportJob {
  private constructor(
    readonly accountId: string,
    readonly exportId: string,
  ) {}

  static from(data: unknown): BuildExportCommand {
    const { accountId, exportId } = (data ?? {}) as Partial<Record<keyof ExclusionExportJob, unknown>>;
    if (typeof accountId !== 'string' || !UUID.test(accountId) || typeof exportId !== 'string' || !UUID.test(exportId)) {
      throw new UnrecoverableError(`the job data must name an account and an export by id (got ${JSON.stringify(data)})`);
    }
    return new BuildExportCommand(accountId, exportId);
  }
}
