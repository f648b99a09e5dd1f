import { randomUUID } from 'node:crypto';
import { type Upload, UploadSchema } from '@ccp/db';
import { REJECTED_ROWS_SHOWN, RejectedRowsCsv, sniffSpreadsheet } from '@ccp/imports';
import type { FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../../audit/audit.writer.js';
import { actorOf, type Principal } from '../../auth/principal.js';
import { NotFound, RuleViolation } from '../../common/errors.js';
import { isUuid } from '../../common/uuid.js';
import { Database } from '../../database/database.js';
import {
  DEFAULT_UPLOADS_PAGE_SIZE,
  type UploadDto,
  type UploadMode,
  type UploadPageDto,
  type UploadQueryDto,
  type UploadSummaryDto,
} from './dto/upload.dto.js';
import { ExclusionImportQueue } from './exclusion-import-queue.js';
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

/** Every column but the file, which only the worker reads. */
const FIELDS = [
  'id',
  'fileName',
  'mode',
  'status',
  'progress',
  'imported',
  'duplicates',
  'rejectedCount',
  'rejected',
  'error',
  'createdAt',
  'createdBy',
  'finishedAt',
] as const;

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
    private readonly imports: ExclusionImportQueue,
  ) {}

  async create(principal: Principal, upload: IncomingUpload): Promise<{ uploadId: string; queued: boolean }> {
    const fileName = uploadFileName(upload.fileName);
    // EXC-8: a file that is not a spreadsheet, or is empty, changes nothing: not even a row.
    const sniffed = sniffSpreadsheet(upload.bytes, fileName);
    if (!sniffed.ok) throw new RuleViolation('EXC-8', sniffed.reason, [{ path: 'file', message: sniffed.reason }]);

    const uploadId = randomUUID();
    await this.database.transaction(async (em) => {
      em.create(UploadSchema, {
        id: uploadId,
        account: principal.account.id,
        mode: upload.mode,
        status: 'queued',
        progress: 0,
        fileName,
        content: upload.bytes,
        imported: 0,
        duplicates: 0,
        rejectedCount: 0,
        rejected: [],
        error: null,
        createdBy: actorOf(principal).actorName,
        finishedAt: null,
      });
      this.audit.record(em, principal, {
        action: 'exclusion-upload.created',
        target: uploadId,
        after: { fileName, mode: upload.mode, format: sniffed.format, bytes: upload.bytes.length },
      });
      await em.flush();
    });
    const queued = await this.imports.enqueue({
      uploadId,
      accountId: principal.account.id,
      accountSlug: principal.account.slug,
      fileName,
    });
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
    const where: FilterQuery<Upload> = { account: principal.account.id };
    if (after) {
      where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    }
    const rows = await this.database.em().find(UploadSchema, where, {
      fields: [...FIELDS],
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: limit + 1,
    });
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

  private async find(principal: Principal, id: string, withRejectedCsv = false): Promise<Upload> {
    const notFound = () => new NotFound('This account has no such upload');
    // Not an id we hand out: PostgreSQL would refuse it as a uuid; it names no upload either way.
    if (!isUuid(id)) throw notFound();
    const fields = withRejectedCsv ? [...FIELDS, 'rejectedCsv' as const] : [...FIELDS];
    const row = await this.database.em().findOne(UploadSchema, { id, account: principal.account.id }, { fields });
    if (!row) throw notFound();
    return row as Upload;
  }
}

function toSummary(row: Pick<Upload, (typeof FIELDS)[number]>): UploadSummaryDto {
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
