import { RedisClient } from '@ccp/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/** How long readiness waits for PONG (covering the first connect right after start-up). */
const PING_TIMEOUT_MS = 1_000;

/** Readiness of the shared Redis connection: up when it answers PING in time. */
@Injectable()
export class RedisHealthIndicator {
  private lastError: string | undefined;

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    private readonly health: HealthIndicatorService,
  ) {
    redis.on('error', (err: Error) => {
      this.lastError = err.message;
    });
  }

  isHealthy<const Key extends string>(key: Key) {
    return this.health
      .check(key)
      .attempt(async () => {
        try {
          await this.redis.ping();
        } catch (error) {
          // While disconnected, ioredis only says it gave up retrying; the connection error says why.
          throw this.redis.status !== 'ready' && this.lastError ? new Error(this.lastError) : error;
        }
      })
      .withTimeout(PING_TIMEOUT_MS);
  }
}
