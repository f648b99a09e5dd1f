import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CallsModule } from '../calls/calls.module.js';
import { DatabaseHealthIndicator } from '../database/database.health.js';
import { RedisHealthIndicator } from '../redis/redis.health.js';
import { HealthController } from './health.controller.js';
import { PoliciesHealthIndicator } from './policies.health.js';
import { WorkerHealthIndicator } from './worker.health.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), CallsModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, RedisHealthIndicator, WorkerHealthIndicator, PoliciesHealthIndicator],
})
export class HealthModule {}
