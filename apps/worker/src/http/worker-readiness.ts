import { RedisClient } from '@ccp/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Database } from '../database/database.js';

/** How long readiness waits for PONG, and for the database's answer. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * The worker's readiness: its Redis answers PING and its database a trivial query, in time (as the
 * api's `RedisHealthIndicator` and `DatabaseHealthIndicator`). `check()` resolves with terminus's
 * result, or rejects with terminus's `ServiceUnavailableException` whose response names the checks.
 */
@Injectable()
export class WorkerReadiness {
  private lastRedisError: string | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(RedisClient) private readonly redis: RedisClient,
    private readonly database: Database,
  ) {
    redis.on('error', (error: Error) => {
      this.lastRedisError = error.message;
    });
  }

  check() {
    return this.health.check([() => this.redisAnswers('redis'), () => this.databaseAnswers('database')]);
  }

  private redisAnswers<const Key extends string>(key: Key) {
    return this.indicator
      .check(key)
      .attempt(async () => {
        try {
          await this.redis.ping();
        } catch (error) {
          // While disconnected, ioredis only says it gave up retrying; the connection error says why.
          throw this.redis.status !== 'ready' && this.lastRedisError ? new Error(this.lastRedisError) : error;
        }
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  private databaseAnswers<const Key extends string>(key: Key) {
    return this.indicator
      .check(key)
      .attempt(async () => {
        await this.database.orm.em.getConnection().execute('select 1');
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
