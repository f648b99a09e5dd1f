import { buildExclusionExport, type ExportResult, failExport, ListReplaced } from '@ccp/imports';
import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { BuildExportCommand } from './build-export.command.js';

/** The worker's side of an export: runs @ccp/imports' use case on the worker's database. */
@Injectable()
export class ExclusionExportsService {
  private readonly logger = new Logger('ExclusionExports');

  constructor(private readonly database: Database) {}

  async build(command: BuildExportCommand): Promise<ExportResult> {
    try {
      return await this.database.with((orm) => buildExclusionExport(orm, command.exportId));
    } catch (error) {
      // The database failed under the build (a replaced list is no fault of the pool): its retry gets a fresh pool.
      if (!(error instanceof ListReplaced)) {
        await this.database.renew().catch((renewal: Error) => this.logger.warn(`cannot reconnect to the database: ${renewal.message}`));
      }
      throw error;
    }
  }

  /** Records that the export will never be built, with the reason; false when it was finished already. */
  fail(command: BuildExportCommand, reason: string): Promise<boolean> {
    return failExport(this.database.orm, command.exportId, reason);
  }
}
