import { Module } from '@nestjs/common';
import { ExclusionsController } from './entries/exclusions.controller.js';
import { ExclusionsRepository } from './entries/exclusions.repository.js';
import { ExclusionsService } from './entries/exclusions.service.js';
import { ExclusionJobQueues } from './exclusion-job-queues.js';
import { ExclusionExportsController } from './exports/exports.controller.js';
import { ExclusionExportsService } from './exports/exports.service.js';
import { UploadLimitsInterceptor } from './uploads/upload-limits.interceptor.js';
import { ExclusionUploadsController } from './uploads/uploads.controller.js';
import { ExclusionUploadsService } from './uploads/uploads.service.js';

/** The exclusion list (EXC-1, EXC-6, EXC-7), its bulk uploads (EXC-8, EXC-10) and its downloads (EXC-9). */
@Module({
  // Uploads and exports first: `/exclusions/uploads` and `/exclusions/export…` are theirs, not entries of the list.
  controllers: [ExclusionUploadsController, ExclusionExportsController, ExclusionsController],
  providers: [
    ExclusionsService,
    ExclusionsRepository,
    ExclusionUploadsService,
    UploadLimitsInterceptor,
    ExclusionExportsService,
    ExclusionJobQueues,
  ],
})
export class ExclusionsModule {}
