import { QUEUES } from '@ccp/jobs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PolicySnapshotsModule } from '../policy-snapshots/policy-snapshots.module.js';
import { ExclusionImportsProcessor } from './exclusion-imports.processor.js';
import { ExclusionImportsService } from './exclusion-imports.service.js';
import { UploadReconciler } from './upload-reconciler.service.js';

@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.exclusionImports }), PolicySnapshotsModule],
  providers: [ExclusionImportsService, ExclusionImportsProcessor, UploadReconciler],
})
export class ExclusionImportsModule {}
