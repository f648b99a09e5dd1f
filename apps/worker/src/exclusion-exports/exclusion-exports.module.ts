import { QUEUES } from '@ccp/jobs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ExclusionExportsProcessor } from './exclusion-exports.processor.js';
import { ExclusionExportsService } from './exclusion-exports.service.js';

/** Builds the exports of the exclusion list that are too large for the api's request (EXC-9). */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.exclusionExports })],
  providers: [ExclusionExportsService, ExclusionExportsProcessor],
})
export class ExclusionExportsModule {}
