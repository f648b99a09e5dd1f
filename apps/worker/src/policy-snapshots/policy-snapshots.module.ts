import { QUEUES } from '@ccp/jobs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PolicySnapshotsProcessor } from './policy-snapshots.processor.js';
import { PolicySnapshots } from './policy-snapshots.service.js';

@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.policySnapshots })],
  providers: [PolicySnapshots, PolicySnapshotsProcessor],
  exports: [PolicySnapshots],
})
export class PolicySnapshotsModule {}
