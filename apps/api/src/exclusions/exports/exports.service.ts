import { randomUUID } from 'node:crypto';
import {
  accountExport,
  activeListPages,
  activeListSize,
  deleteExportsBefore,
  EXPORT_CONTENT_TYPES,
  type ExportedEntry,
  type ExportRecord,
  exclusionCsv,
  exclusionXlsx,
  exportFileName,
  failExport,
  insertExport,
  ListReplaced,
} from '@ccp/imports';
import { Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '../../auth/principal.js';
import { Conflict, NotFound, ServiceUnavailable } from '../../common/errors.js';
import { isUuid } from '../../common/uuid.js';
import { Database } from '../../database/database.js';
import { ExclusionJobQueues } from '../exclusion-job-queues.js';
import type { ExclusionExportDto, ExportFormat } from './dto/export.dto.js';

/**
 * The most entries an XLSX is built for during the request. SheetJS zips a workbook in one
 * synchronous call of about 7 µs a row, during which this api replica answers nothing else, call
 * decisions included: 50,000 rows keep that pause near a third of a second. Above it the worker builds
 * the file. CSV has no limit: it is streamed a page at a time.
 */
export const XLSX_IN_REQUEST_MAX_ENTRIES = 50_000;

/** A built export (a file of up to tens of MB in the database) is kept this long, then deleted. */
export const EXPORT_KEPT_FOR_MS = 24 * 3_600_000;

/**
 * An export not finished this long after it was asked for never will be: its job was lost with
 * Redis's data, or BullMQ failed it after the workers running it died (which no worker hears of).
 * A build takes seconds, so half an hour leaves room for a long queue.
 */
export const EXPORT_GIVEN_UP_AFTER_MS = 30 * 60_000;

/** A file to send now: CSV as a stream of text chunks, XLSX whole. */
export interface ExportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: AsyncIterable<string> | Uint8Array;
}

/** What `GET /exclusions/export` answers: the file, or the export the worker builds. */
export type ExportAnswer = ({ readonly kind: 'file' } & ExportFile) | { readonly kind: 'queued'; readonly exportId: string };

/** What `HEAD /exclusions/export` answers: the file's headers, or that an export would be queued. */
export type ExportHead = ({ readonly kind: 'file' } & Pick<ExportFile, 'fileName' | 'contentType'>) | { readonly kind: 'queued' };

/**
 * Downloads of the exclusion list (EXC-9), always of the principal's account's active list (ACC-3).
 * CSV is streamed from the database page by page; XLSX is built during the request up to
 * `XLSX_IN_REQUEST_MAX_ENTRIES` entries, above that stored as an export row and built by the worker.
 */
@Injectable()
export class ExclusionExportsService {
  constructor(
    private readonly database: Database,
    private readonly queues: ExclusionJobQueues,
  ) {}

  export(principal: Principal, format: ExportFormat): Promise<ExportAnswer> {
    return format === 'csv' ? this.csv(principal) : this.xlsx(principal);
  }

  /**
   * What `export` would answer, without reading the list, building a file or queuing an export: HEAD
   * must change nothing, and Fastify would read a streamed body to its end only to drop it.
   */
  async head(principal: Principal, format: ExportFormat): Promise<ExportHead> {
    if (format === 'xlsx' && (await activeListSize(this.database.em(), principal.account.id)) > XLSX_IN_REQUEST_MAX_ENTRIES) {
      return { kind: 'queued' };
    }
    return { kind: 'file', ...this.named(principal, format) };
  }

  /** The export of the account, without its file (ACC-3: another account's id is 404). */
  async get(principal: Principal, id: string): Promise<ExclusionExportDto> {
    return toDto(await this.find(principal, id));
  }

  /** The file of a finished export; 409 while it is being built, or when it failed. */
  async file(principal: Principal, id: string): Promise<ExportFile> {
    const row = await this.find(principal, id, true);
    if (row.status === 'failed') throw new Conflict(`This export failed (${row.error ?? 'no reason recorded'}): ask for a new one`);
    if (row.status !== 'done' || !row.content) {
      throw new Conflict(`This export is ${row.status}, not done yet: follow GET /exclusions/exports/${row.id} until its status is done`);
    }
    return {
      fileName: exportFileName(principal.account.slug, row.format, row.createdAt),
      contentType: EXPORT_CONTENT_TYPES[row.format],
      body: new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength),
    };
  }

  private async csv(principal: Principal): Promise<ExportAnswer> {
    const pages = activeListPages(this.database.em(), principal.account.id);
    // Read before anything is sent: a database that fails now is a problem answer, not a download cut off.
    const first = await pages.next();
    return { kind: 'file', ...this.named(principal, 'csv'), body: exclusionCsv(resume(first, pages)) };
  }

  private async xlsx(principal: Principal): Promise<ExportAnswer> {
    const em = this.database.em();
    if ((await activeListSize(em, principal.account.id)) > XLSX_IN_REQUEST_MAX_ENTRIES) {
      return { kind: 'queued', exportId: await this.queueExport(principal, 'xlsx') };
    }
    try {
      return { kind: 'file', ...this.named(principal, 'xlsx'), body: await exclusionXlsx(activeListPages(em, principal.account.id)) };
    } catch (error) {
      if (error instanceof ListReplaced) throw new Conflict('The exclusion list was replaced while the file was built: download it again');
      throw error;
    }
  }

  /** Stores the export row, then enqueues its build; the account's exports older than a day go meanwhile. */
  private async queueExport(principal: Principal, format: ExportFormat): Promise<string> {
    const exportId = randomUUID();
    const now = new Date();
    await this.database.transaction(async (em) => {
      await deleteExportsBefore(em, principal.account.id, new Date(now.getTime() - EXPORT_KEPT_FOR_MS));
      insertExport(em, { id: exportId, accountId: principal.account.id, format, createdBy: actorOf(principal).actorName, createdAt: now });
      await em.flush();
    });
    const queued = await this.queues.enqueueExport(principal.account, { exportId, format });
    if (!queued) {
      // Nothing would ever build it: say so on the row too, so it never shows as waiting.
      await failExport(this.database.orm, exportId, 'the job queue did not answer when the export was asked for', {
        accountId: principal.account.id,
      });
      throw new ServiceUnavailable('The job queue does not answer, so the export cannot be built now; try again shortly');
    }
    return exportId;
  }

  private named(principal: Principal, format: ExportFormat): Pick<ExportFile, 'fileName' | 'contentType'> {
    return { fileName: exportFileName(principal.account.slug, format, new Date()), contentType: EXPORT_CONTENT_TYPES[format] };
  }

  private async find(principal: Principal, id: string, withContent = false) {
    const notFound = () => new NotFound('This account has no such export');
    // Not an id we hand out: PostgreSQL would refuse it as a uuid; it names no export either way.
    if (!isUuid(id)) throw notFound();
    const load = () => accountExport(this.database.em(), principal.account.id, id, { withContent });
    const row = await load();
    if (!row) throw notFound();
    if (row.status === 'done' || row.status === 'failed' || Date.now() - row.createdAt.getTime() < EXPORT_GIVEN_UP_AFTER_MS) return row;
    // Recorded, not only answered: a worker finishing it after all must not turn a failed export into a done one.
    await failExport(this.database.orm, id, `it did not finish within ${EXPORT_GIVEN_UP_AFTER_MS / 60_000} minutes`, {
      accountId: principal.account.id,
    });
    return (await load()) ?? row;
  }
}

/** The pages again, the first of them already read. */
async function* resume(
  first: IteratorResult<ExportedEntry[], void>,
  rest: AsyncGenerator<ExportedEntry[], void, undefined>,
): AsyncGenerator<ExportedEntry[], void, undefined> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

function toDto(row: ExportRecord): ExclusionExportDto {
  return {
    id: row.id,
    format: row.format,
    status: row.status,
    rows: row.rows ?? null,
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
