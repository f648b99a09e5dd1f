import type { ExclusionExportJob } from '@ccp/jobs';
import { jobIds } from '../jobs/job-ids.js';

/** The job's data as a command that validated itself when created (`jobIds`). */
export class BuildExportCommand implements ExclusionExportJob {
  private constructor(
    readonly accountId: string,
    readonly exportId: string,
  ) {}

  static from(data: unknown): BuildExportCommand {
    const { accountId, exportId } = jobIds(data, ['accountId', 'exportId'], 'an account and an export');
    return new BuildExportCommand(accountId, exportId);
  }
}
