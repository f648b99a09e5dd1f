import { failUpload, ImportAborted, ImportMemoryBudget, ImportRefused, type ImportResult, importUpload } from '@ccp/imports';
import { Injectable, Logger } from '@nestjs/common';
import { WorkerConfig } from '../config/worker-config.js';
import { Database } from '../database/database.js';
import { whileImporting } from '../heap.js';
import { PolicySnapshots } from '../policy-snapshots/policy-snapshots.service.js';
import type { ImportUploadCommand } from './import-upload.command.js';

/**
 * The worker's side of an import: runs @ccp/imports' use case on the worker's database, with a stop
 * signal for shutdown, and has the account's policy built again when its list changed.
 */
@Injectable()
export class ExclusionImportsService {
  private readonly logger = new Logger('ExclusionImports');
  private readonly running = new Set<AbortController>();
  private readonly memory: ImportMemoryBudget;

  constructor(
    private readonly database: Database,
    private readonly snapshots: PolicySnapshots,
    private readonly config: WorkerConfig,
  ) {
    this.memory = new ImportMemoryBudget(config.importMemoryBytes);
  }

  async import(command: ImportUploadCommand, onProgress: (fraction: number) => unknown): Promise<ImportResult> {
    const stop = new AbortController();
    this.running.add(stop);
    try {
      const result = await whileImporting(() =>
        this.database.with((orm) =>
          importUpload(orm, command.uploadId, {
            signal: stop.signal,
            onProgress,
            writeShare: this.config.databaseShare,
            memory: this.memory,
          }),
        ),
      );
      if (result.kind === 'done') await this.snapshots.queueBuild(result.upload.accountId, result.revision);
      return result;
    } catch (error) {
      // The database failed under the import (retryable): its retry gets a fresh pool.
      if (!(error instanceof ImportRefused || error instanceof ImportAborted)) {
        await this.database.renew().catch((renewal: Error) => this.logger.warn(`cannot reconnect to the database: ${renewal.message}`));
      }
      throw error;
    } finally {
      this.running.delete(stop);
    }
  }

  /** Records a permanent failure on the upload (the list is not touched); false when it was finished already. */
  fail(command: ImportUploadCommand, reason: string): Promise<boolean> {
    return failUpload(this.database.orm, command.uploadId, reason);
  }

  /** Stops every running import between two batches: each rolls back and gives its upload back to the queue. */
  stopAll(reason: string): void {
    for (const stop of this.running) stop.abort(reason);
  }
}
