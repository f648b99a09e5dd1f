import type { ExclusionImportJob } from '@ccp/jobs';
import { jobIds } from '../jobs/job-ids.js';

/** The job's data as a command that validated itself when created (`jobIds`). */
export class ImportUploadCommand implements ExclusionImportJob {
  private constructor(
    readonly accountId: string,
    readonly uploadId: string,
  ) {}

  static from(data: unknown): ImportUploadCommand {
    const { accountId, uploadId } = jobIds(data, ['accountId', 'uploadId'], 'an account and an upload');
    return new ImportUploadCommand(accountId, uploadId);
  }
}
