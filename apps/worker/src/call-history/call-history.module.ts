import { QUEUES } from '@ccp/jobs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { HistoryMaintenanceProcessor } from './history-maintenance.processor.js';
import { HistorySweeper } from './history-sweeper.service.js';
import { HistoryWriter } from './history-writer.service.js';

/** The call history's worker side: closed calls moved from Redis to the database (HIS-1), and its upkeep (HIS-4). */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.historyMaintenance })],
  providers: [HistoryWriter, HistorySweeper, HistoryMaintenanceProcessor],
})
export class CallHistoryModule {}
