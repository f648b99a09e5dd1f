import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Access } from '../auth/access.decorator.js';
import { DatabaseHealthIndicator } from '../database/database.health.js';
import { RedisHealthIndicator } from '../redis/redis.health.js';
import { WorkerHealthIndicator } from './worker.health.js';

/** Outside `/api/v1` (api.md): probes for the orchestrator and the load balancer. */
@ApiTags('health')
@Access('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly worker: WorkerHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'The process is up (no dependency is checked)' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Every dependency answers: the database, Redis, and at least one worker (its heartbeat); 503 names the checks that failed',
  })
  ready() {
    return this.health.check([
      () => this.database.isHealthy('database'),
      () => this.redis.isHealthy('redis'),
      () => this.worker.isHealthy('worker'),
    ]);
  }
}
