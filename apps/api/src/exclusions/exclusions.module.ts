import { Module } from '@nestjs/common';
import { ExclusionExportQueue } from './exclusion-export-queue.js';
import { ExclusionImportQueue } from './exclusion-import-queue.js';
import { ExclusionsController } from './exclusions.controller.js';
import { ExclusionsRepository } from './exclusions.repository.js';
import { ExclusionsService } from './exclusions.service.js';
import { ExclusionExportsController } from './export.controller.js';
import { ExclusionExportsService } from './export.service.js';
import { UploadLimitsInterceptor } from './upload-limits.interceptor.js';
import { ExclusionUploadsController } from './uploads.controller.js';
import { ExclusionUploadsService } from './uploads.service.js';

/** The exclusion list (EXC-1, EXC-6, EXC-7), its bulk uploads (EXC-8, EXC-10) and its downloads (EXC-9). */
@Module({
  // Uploads and exports first: `/exclusions/uploads` and `/exclusions/export…` are theirs, not entries of the list.
  controllers: [ExclusionUploadsController, ExclusionExportsController, ExclusionsController],
  providers: [
    ExclusionsService,
    ExclusionsRepository,
    ExclusionUploadsService,
    ExclusionImportQueue,
    UploadLimitsInterceptor,
    ExclusionExportsService,
    ExclusionExportQueue,
  ],
})
export class ExclusionsModule {}
