import { Module } from '@nestjs/common';
import { CallHistoryModule } from '../call-history/call-history.module.js';
import { CallMetrics } from './call-metrics.js';
import { CallSessionsRepository } from './call-sessions.repository.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';

@Module({
  imports: [CallHistoryModule],
  controllers: [CallsController],
  providers: [CallsService, CallSessionsRepository, CallMetrics],
  exports: [CallSessionsRepository],
})
export class CallsModule {}
