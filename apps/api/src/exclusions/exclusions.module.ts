import { Module } from '@nestjs/common';
import { ExclusionImportQueue } from './exclusion-import-queue.js';
import { ExclusionsController } from './exclusions.controller.js';
import { ExclusionsRepository } from './exclusions.repository.js';
import { ExclusionsService } from './exclusions.service.js';
import { UploadLimitsInterceptor } from './upload-limits.interceptor.js';
import { ExclusionUploadsController } from './uploads.controller.js';
import { ExclusionUploadsService } from './uploads.service.js';

/** The exclusion list (EXC-1, EXC-6, EXC-7) and its bulk uploads (EXC-8, EXC-10); exports come later. */
@Module({
  // Uploads first: `/exclusions/uploads` is theirs, not an entry of the list.
  controllers: [ExclusionUploadsController, ExclusionsController],
  providers: [ExclusionsService, ExclusionsRepository, ExclusionUploadsService, ExclusionImportQueue, UploadLimitsInterceptor],
})
export class ExclusionsModule {}
