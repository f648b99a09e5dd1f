import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from '../database/database.health.js';
import { RedisHealthIndicator } from '../redis/redis.health.js';
import { HealthController } from './health.controller.js';
import { WorkerHealthIndicator } from './worker.health.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, RedisHealthIndicator, WorkerHealthIndicator],
})
export class HealthModule {}
