import { Module } from '@nestjs/common';
import { CallHistoryController } from './call-history.controller.js';
import { CallHistoryService } from './call-history.service.js';
import { HistoryMetrics } from './history-metrics.js';
import { LiveTrails } from './live-trails.js';

/** The call history's api side (HIS-2..5): the worker writes it (HIS-1), people read it here. */
@Module({
  controllers: [CallHistoryController],
  providers: [CallHistoryService, LiveTrails, HistoryMetrics],
  exports: [CallHistoryService],
})
export class CallHistoryModule {}
