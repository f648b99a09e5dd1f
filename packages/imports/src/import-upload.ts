import { randomUUID } from 'node:crypto';
import { activeExclusionListId, inTransaction, type Orm } from '@ccp/db';
import { ImportAborted, ImportRefused, ImportSuperseded, throwIfAborted } from './errors.js';
import { copyEntries, createStagingList, type Dialect, dialectOf, insertEntries, removeUnusedLists, swapIn } from './exclusion-lists.js';
import { type ImportMemoryBudget, importMemoryEstimate } from './import-memory.js';
import { formatCount } from './limits.js';
import {
  claimUpload,
  completeUpload,
  findUpload,
  lockForCompletion,
  type Outcome,
  olderUnfinishedUpload,
  recordProgress,
  releaseUpload,
  type UploadTicket,
  uploadContent,
} from './uploads.repository.js';
import type { ValidEntries } from './valid-entries.js';
import { readUpload, type Validation } from './validate.js';

export interface ImportOptions {
  /** Aborting it stops the run between batches: nothing is changed and the upload is queued again (`ImportAborted`). */
  readonly signal?: AbortSignal;
  /** Entries per insert statement (default 5,000). */
  readonly batchSize?: number;
  /**
   * The share of the time (0–1] the writes may keep the database busy: after each batch the run
   * waits (1 / share − 1) × as long as the batch took. Default 1, no wait. Below 1 an import leaves
   * room to a database (and a machine) it shares with the apis, and takes that much longer to write.
   */
  readonly writeShare?: number;
  /** The row limit (default `MAX_UPLOAD_ROWS`). */
  readonly maxRows?: number;
  /** The least time between two progress writes (default 250 ms). */
  readonly progressIntervalMs?: number;
  readonly now?: () => Date;
  /** Told the progress (0..1) each time it is written on the upload row (the worker shows it on the job too). */
  readonly onProgress?: (fraction: number) => unknown;
  /**
   * The memory the process lets its imports take at once: an upload whose file is not expected to fit
   * beside the imports running is not started (`busy`). Default: no limit.
   */
  readonly memory?: ImportMemoryBudget;
}

/** How a call ended. Refused files throw `ImportRefused`; anything else thrown is worth a retry. */
export type ImportResult =
  /** Imported now: the list changed and the upload is `done`, in one transaction. */
  | {
      readonly kind: 'done';
      readonly upload: UploadTicket;
      /** The account's policy revision that includes the import. */
      readonly revision: number;
      readonly imported: number;
      readonly duplicates: number;
      readonly rejectedCount: number;
      readonly rows: number;
      readonly readMs: number;
      readonly writeMs: number;
    }
  /** The upload was finished before (`done` is never applied again; `failed` stays failed). */
  | { readonly kind: 'finished'; readonly status: 'done' | 'failed' }
  /** An older upload of the same account is not finished: it goes first (uploads of an account run in order). */
  | { readonly kind: 'waiting'; readonly behind: string }
  /** The file is not expected to fit in the memory left (`ImportOptions.memory`): not started, the upload stays queued. */
  | { readonly kind: 'busy' }
  /** No such upload (deleted with its account). */
  | { readonly kind: 'missing' }
  /** Another run took the upload over while this one stalled; this run changed nothing. */
  | { readonly kind: 'superseded' };

/** Share of the progress bar for reading and validating; writing takes the rest. */
const READ_SHARE = 0.5;

/**
 * Imports an upload into its account's exclusion list (EXC-8, EXC-10), atomically:
 * - the file is read and every row validated first (progress 0 → 0.5); a file that cannot be imported
 *   throws `ImportRefused` before anything is written;
 * - `add` writes the new entries into the active list, counting the ones it has as duplicates. On
 *   PostgreSQL: in batches inside one transaction that also marks the upload done. On SQLite (one
 *   writer for the whole database): in batches into a staging list, then one transaction copies them
 *   into the active list and marks the upload done, so the api is never locked out for the whole import;
 * - `replace` fills a new staging list in batches, then one transaction retires the active list,
 *   activates the staging one and marks the upload done: no reader ever sees a half-replaced list.
 * A run killed half-way leaves the list as it was; the next run starts over. Progress is written on
 * the upload row as batches go (0.5 → 1), outside the data transaction. Lists no longer read (the
 * retired one, staging lists of dead runs) are deleted afterwards.
 */
export async function importUpload(orm: Orm, uploadId: string, options: ImportOptions = {}): Promise<ImportResult> {
  const em = orm.em.fork();
  const upload = await findUpload(em, uploadId);
  if (!upload) return { kind: 'missing' };
  if (upload.status === 'done' || upload.status === 'failed') return { kind: 'finished', status: upload.status };
  const behind = await olderUnfinishedUpload(em, upload);
  if (behind) return { kind: 'waiting', behind };
  const releaseMemory = options.memory ? options.memory.reserve(importMemoryEstimate(upload.size)) : () => undefined;
  if (!releaseMemory) return { kind: 'busy' };
  try {
    return await claimAndRun(orm, upload, options);
  } finally {
    releaseMemory();
  }
}

async function claimAndRun(orm: Orm, upload: UploadTicket, options: ImportOptions): Promise<ImportResult> {
  const runId = randomUUID();
  if (!(await claimUpload(orm.em.fork(), upload.id, runId))) {
    const now = await findUpload(orm.em.fork(), upload.id);
    if (!now) return { kind: 'missing' };
    return { kind: 'finished', status: now.status === 'failed' ? 'failed' : 'done' };
  }
  try {
    return await new ImportRun(orm, upload, runId, options).run();
  } catch (error) {
    if (error instanceof ImportSuperseded) {
      // The run that took over may have finished (and cleaned up) before this one stopped filling its staging list.
      await removeUnusedLists(orm, upload.accountId).catch(() => undefined);
      return { kind: 'superseded' };
    }
    if (error instanceof ImportAborted) await releaseUpload(orm, upload.id, runId).catch(() => undefined);
    throw error;
  }
}

/** One run of one upload: the state the phases share. */
class ImportRun {
  private readonly dialect: Dialect;
  private readonly now: () => Date;
  private readonly batchSize: number;
  private lastProgressAt = 0;
  /** The account's policy revision the import moved to (set by the completing transaction). */
  private revision = 0;

  constructor(
    private readonly orm: Orm,
    private readonly upload: UploadTicket,
    private readonly runId: string,
    private readonly options: ImportOptions,
  ) {
    this.dialect = dialectOf(orm);
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 5_000;
  }

  async run(): Promise<ImportResult> {
    const started = performance.now();
    const validation = await this.read();
    const read = performance.now();
    // Leftovers of earlier runs that died (staging lists) go before this run writes.
    await removeUnusedLists(this.orm, this.upload.accountId);
    const imported =
      this.upload.mode === 'replace'
        ? await this.replace(validation)
        : this.dialect === 'postgresql'
          ? await this.addInOneTransaction(validation)
          : await this.addThroughStaging(validation);
    const written = performance.now();
    // The upload is done; what is left is housekeeping, which the next import repeats if this fails.
    await removeUnusedLists(this.orm, this.upload.accountId).catch(() => undefined);
    return {
      kind: 'done',
      upload: this.upload,
      revision: this.revision,
      imported,
      duplicates: validation.duplicates + (validation.entries.size - imported),
      rejectedCount: validation.rejectedCount,
      rows: validation.rows,
      readMs: Math.round(read - started),
      writeMs: Math.round(written - read),
    };
  }

  private async read(): Promise<Validation> {
    const bytes = await uploadContent(this.orm.em.fork(), this.upload.id);
    const validation = await readUpload(bytes, this.upload.fileName, {
      ...(this.options.maxRows === undefined ? {} : { maxRows: this.options.maxRows }),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      onProgress: (fraction) => this.progress(fraction * READ_SHARE),
    });
    if (this.upload.mode === 'replace' && validation.entries.size === 0) {
      throw new ImportRefused(
        `none of the ${formatCount(validation.rows)} rows of ${JSON.stringify(this.upload.fileName)} is a valid entry: ` +
          'replacing the list with it would empty the list',
      );
    }
    return validation;
  }

  /** PostgreSQL `add`: every batch and the upload's completion in one transaction. */
  private async addInOneTransaction(validation: Validation): Promise<number> {
    let inserted = 0;
    await inTransaction(this.orm, async (tx) => {
      const listId = await activeExclusionListId(tx, this.upload.accountId);
      inserted = await this.insertBatches(validation.entries, (batch) =>
        insertEntries(tx, this.dialect, { ...this.batchOf(listId), entries: batch }),
      );
      this.revision = await completeUpload(tx, this.upload, this.runId, this.outcome(validation, inserted), this.now());
    });
    return inserted;
  }

  /** SQLite `add`: batches into a staging list (short writes), then one transaction copies it into the active list. */
  private async addThroughStaging(validation: Validation): Promise<number> {
    const stagingId = await this.fillStagingList(validation.entries);
    let inserted = 0;
    await inTransaction(this.orm, async (tx) => {
      await lockForCompletion(tx, this.upload.id, this.runId);
      const listId = await activeExclusionListId(tx, this.upload.accountId);
      inserted = await copyEntries(tx, this.dialect, this.upload.accountId, stagingId, listId);
      this.revision = await completeUpload(tx, this.upload, this.runId, this.outcome(validation, inserted), this.now());
    });
    return inserted;
  }

  /** `replace`: a staging list filled in batches, swapped in by one transaction that also completes the upload. */
  private async replace(validation: Validation): Promise<number> {
    const stagingId = await this.fillStagingList(validation.entries);
    await inTransaction(this.orm, async (tx) => {
      await lockForCompletion(tx, this.upload.id, this.runId);
      if (!(await swapIn(tx, this.upload.accountId, stagingId))) {
        throw new Error(`the staging list of upload ${this.upload.id} is gone: another run removed it`);
      }
      this.revision = await completeUpload(tx, this.upload, this.runId, this.outcome(validation, validation.entries.size), this.now());
    });
    return validation.entries.size;
  }

  /** A new staging list (named after the run) holding the entries; returns its id. */
  private async fillStagingList(entries: ValidEntries): Promise<string> {
    const stagingId = this.runId;
    const em = this.orm.em.fork();
    await createStagingList(em, this.upload.accountId, stagingId, this.now());
    await this.insertBatches(entries, (batch) => insertEntries(em, this.dialect, { ...this.batchOf(stagingId), entries: batch }));
    return stagingId;
  }

  private async insertBatches(entries: ValidEntries, insert: (batch: readonly string[]) => Promise<number>): Promise<number> {
    let inserted = 0;
    const waitPerBusyMs = 1 / (this.options.writeShare ?? 1) - 1;
    for (let from = 0; from < entries.size; from += this.batchSize) {
      throwIfAborted(this.options.signal);
      const batch = entries.slice(from, from + this.batchSize);
      const started = performance.now();
      inserted += await insert(batch);
      const busyMs = performance.now() - started;
      await this.progress(READ_SHARE + (1 - READ_SHARE) * ((from + batch.length) / entries.size));
      // SQLite answers synchronously: let timers (job lock renewals, heartbeats) run between batches.
      await new Promise<void>((resolve) => (waitPerBusyMs > 0 ? setTimeout(resolve, busyMs * waitPerBusyMs) : setImmediate(resolve)));
    }
    throwIfAborted(this.options.signal);
    return inserted;
  }

  private batchOf(listId: string) {
    return { accountId: this.upload.accountId, listId, addedAt: this.now(), addedBy: this.upload.createdBy };
  }

  private outcome(validation: Validation, imported: number): Outcome {
    return {
      imported,
      duplicates: validation.duplicates + (validation.entries.size - imported),
      rejectedCount: validation.rejectedCount,
      rejected: validation.rejected,
      rejectedCsv: validation.rejectedCsv,
    };
  }

  /** Writes progress at most every `progressIntervalMs`, and never 1 (done is written with the outcome). */
  private async progress(fraction: number): Promise<void> {
    const at = performance.now();
    if (at - this.lastProgressAt < (this.options.progressIntervalMs ?? 250)) return;
    this.lastProgressAt = at;
    await recordProgress(this.orm, this.upload.id, this.runId, Math.min(fraction, 0.999));
    await this.options.onProgress?.(Math.min(fraction, 0.999));
  }
}
