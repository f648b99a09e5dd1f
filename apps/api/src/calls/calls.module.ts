import { Module } from '@nestjs/common';
import { CallMetrics } from './call-metrics.js';
import { CallSessionsRepository } from './call-sessions.repository.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';

@Module({ controllers: [CallsController], providers: [CallsService, CallSessionsRepository, CallMetrics] })
export class CallsModule {}
