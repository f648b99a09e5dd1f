import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Access } from '../auth/access.decorator.js';
import { DatabaseHealthIndicator } from '../database/database.health.js';
import { RedisHealthIndicator } from '../redis/redis.health.js';
import { PoliciesHealthIndicator } from './policies.health.js';
import { WorkerHealthIndicator } from './worker.health.js';

/**
 * A check that shows in the details and never takes the replica out of its load balancer: down
 * becomes degraded (200, `"status": "degraded"`).
 */
async function degradedWhenDown(check: PromiseLike<HealthIndicatorResult>): Promise<HealthIndicatorResult> {
  const result = await check;
  return Object.fromEntries(
    Object.entries(result).map(([key, value]) => [key, value.status === 'down' ? { ...value, status: 'degraded' } : value]),
  ) as HealthIndicatorResult;
}

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
    private readonly policies: PoliciesHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up (no dependency is checked)' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'This replica can decide calls: Redis answers and the policies of the accounts with live calls are loaded (503 names the checks that failed). ' +
      'The database and the workers show in the details; when they are down the answer is 200 with "status": "degraded" (edits answer 503, uploads wait), never a reason to take a deciding replica out of a load balancer',
  })
  ready() {
    return this.health.check([
      () => this.redis.isHealthy('redis'),
      () => this.policies.isHealthy('policies'),
      () => degradedWhenDown(this.database.isHealthy('database')),
      () => degradedWhenDown(this.worker.isHealthy('worker')),
    ]);
  }
}
