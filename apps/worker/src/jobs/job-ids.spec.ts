import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { BuildExportCommand } from '../exclusion-exports/build-export.command.js';
import { ImportUploadCommand } from '../exclusion-imports/import-upload.command.js';

const ACCOUNT = '0b5c7f0e-8a43-4c1e-9d2a-6f1e2d3c4b5a';
const UPLOAD = '7d9e8f10-1a2b-4c3d-8e4f-5a6b7c8d9e0f';

describe('the data of a job', () => {
  it('becomes its command when it names what the job needs by id', () => {
    expect({ ...ImportUploadCommand.from({ accountId: ACCOUNT, uploadId: UPLOAD, fileName: 'list.csv' }) }).toEqual({
      accountId: ACCOUNT,
      uploadId: UPLOAD,
    });
    expect({ ...BuildExportCommand.from({ accountId: ACCOUNT, exportId: UPLOAD, format: 'csv' }) }).toEqual({
      accountId: ACCOUNT,
      exportId: UPLOAD,
    });
  });

  it('fails the job for good, saying what it lacks, when an id is missing or is no id', () => {
    for (const data of [null, {}, { accountId: ACCOUNT }, { accountId: ACCOUNT, uploadId: 42 }, { accountId: 'acme', uploadId: UPLOAD }]) {
      const attempt = () => ImportUploadCommand.from(data);
      expect(attempt).toThrow(UnrecoverableError);
      expect(attempt).toThrow(`the job data must name an account and an upload by id (got ${JSON.stringify(data)})`);
    }
    expect(() => BuildExportCommand.from({ accountId: ACCOUNT, uploadId: UPLOAD })).toThrow(
      'the job data must name an account and an export by id',
    );
  });
});
