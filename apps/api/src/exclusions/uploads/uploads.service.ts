import { randomUUID } from 'node:crypto';
import {
  accountUpload,
  accountUploads,
  insertUpload,
  REJECTED_ROWS_SHOWN,
  RejectedRowsCsv,
  sniffSpreadsheet,
  type UploadRecord,
} from '@ccp/imports';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../../audit/audit.writer.js';
import { actorOf, type Principal } from '../../auth/principal.js';
import { NotFound, RuleViolation } from '../../common/errors.js';
import { isUuid } from '../../common/uuid.js';
import { Database } from '../../database/database.js';
import { ExclusionJobQueues } from '../exclusion-job-queues.js';
import {
  DEFAULT_UPLOADS_PAGE_SIZE,
  type UploadDto,
  type UploadMode,
  type UploadPageDto,
  type UploadQueryDto,
  type UploadSummaryDto,
} from './dto/upload.dto.js';
import { decodeUploadCursor, encodeUploadCursor } from './upload-cursor.js';
import { uploadFileName } from './upload-file-name.js';

/** A file as it arrived, before anything is stored. */
export interface IncomingUpload {
  readonly fileName: string | undefined;
  readonly bytes: Buffer;
  readonly mode: UploadMode;
}

/** The rejected rows of an upload as CSV, and how many of them the file holds. */
export interface RejectedDownload {
  readonly fileName: string;
  readonly csv: string;
  readonly included: number;
  readonly total: number;
}

/**
 * Bulk uploads of the exclusion list (EXC-8, EXC-10): the file is checked (a spreadsheet, not
 * empty), stored with its upload row and audit row in one transaction, and only then enqueued, so
 * nothing is lost if Redis is. The worker imports it and writes progress and outcome into the row.
 */
@Injectable()
export class ExclusionUploadsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditWriter,
    private readonly queues: ExclusionJobQueues,
  ) {}

  async create(principal: Principal, upload: IncomingUpload): Promise<{ uploadId: string; queued: boolean }> {
    const fileName = uploadFileName(upload.fileName);
    // EXC-8: a file that is not a spreadsheet, or is empty, changes nothing: not even a row.
    const sniffed = sniffSpreadsheet(upload.bytes, fileName);
    if (!sniffed.ok) throw new RuleViolation('EXC-8', sniffed.reason, [{ path: 'file', message: sniffed.reason }]);

    const uploadId = randomUUID();
    await this.database.transaction(async (em) => {
      insertUpload(em, {
        id: uploadId,
        accountId: principal.account.id,
        mode: upload.mode,
        fileName,
        content: upload.bytes,
        createdBy: actorOf(principal).actorName,
      });
      this.audit.record(em, principal, {
        action: 'exclusion-upload.created',
        target: uploadId,
        after: { fileName, mode: upload.mode, format: sniffed.format, bytes: upload.bytes.length },
      });
      await em.flush();
    });
    const queued = await this.queues.enqueueImport(principal.account, { uploadId, fileName });
    return { uploadId, queued };
  }

  /** One upload of the account, with its first rejected rows (ACC-3: another account's id is 404). */
  async get(principal: Principal, id: string): Promise<UploadDto> {
    const row = await this.find(principal, id);
    return { ...toSummary(row), rejected: row.rejected.slice(0, REJECTED_ROWS_SHOWN) };
  }

  /** The account's uploads, newest first, a page at a time. */
  async list(principal: Principal, query: UploadQueryDto): Promise<UploadPageDto> {
    const limit = query.limit ?? DEFAULT_UPLOADS_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeUploadCursor(query.cursor);
    // One more than the page: whether it exists says whether there is a next page.
    const rows = await accountUploads(this.database.em(), principal.account.id, { limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toSummary), nextCursor: rows.length > limit && last ? encodeUploadCursor(last) : null };
  }

  /**
   * The rejected rows as CSV. Once an upload is done the worker stores every rejected row
   * (`rejectedCsv`); before that (or for an upload that failed) the download is built from the
   * first rows the upload keeps (`rejected`), and says how many of all it holds.
   */
  async rejected(principal: Principal, id: string): Promise<RejectedDownload> {
    const row = await this.find(principal, id, true);
    const fileName = `${row.fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '')}-rejected.csv`;
    if (row.rejectedCsv !== null && row.rejectedCsv !== undefined) {
      return { fileName, csv: row.rejectedCsv, included: row.rejectedCount, total: row.rejectedCount };
    }
    const csv = new RejectedRowsCsv();
    for (const rejected of row.rejected) csv.add(rejected);
    return { fileName, csv: csv.toString(), included: csv.count, total: row.rejectedCount };
  }

  private async find(principal: Principal, id: string, withRejectedCsv = false) {
    const notFound = () => new NotFound('This account has no such upload');
    // Not an id we hand out: PostgreSQL would refuse it as a uuid; it names no upload either way.
    if (!isUuid(id)) throw notFound();
    const row = await accountUpload(this.database.em(), principal.account.id, id, { withRejectedCsv });
    if (!row) throw notFound();
    return row;
  }
}

function toSummary(row: UploadRecord): UploadSummaryDto {
  return {
    id: row.id,
    fileName: row.fileName,
    mode: row.mode,
    status: row.status,
    progress: Number(row.progress),
    imported: row.imported,
    duplicates: row.duplicates,
    rejectedCount: row.rejectedCount,
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
