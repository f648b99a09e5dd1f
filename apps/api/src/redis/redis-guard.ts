import { isDisconnected, type RedisClient } from '@ccp/runtime';
import type { Logger } from '@nestjs/common';
import { ReplyError } from 'ioredis';
import { ServiceUnavailable } from '../common/errors.js';

/**
 * The commands of a store in Redis: each runs, or is refused at once while the connection is lost
 * (between reconnection attempts, ioredis would hold it until the next attempt fails, up to 2 s), so the
 * caller gets its 503 quickly and can fall back. Every failure becomes `ServiceUnavailable`.
 */
export class RedisGuard {
  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
    /** Starts the log line of a refusal: `Redis refused to end a session`. */
    private readonly refused: string,
    /** The 503's detail. */
    private readonly detail: string,
  ) {}

  async run<T>(command: () => Promise<T>): Promise<T> {
    if (isDisconnected(this.redis)) throw this.unavailable(new Error(`connection ${this.redis.status}`));
    try {
      return await command();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  unavailable(error: unknown): ServiceUnavailable {
    // A lost connection is logged once per outage by RedisModule; a refusal (OOM, READONLY, a script error) is not.
    if (error instanceof ReplyError) this.logger.error(`${this.refused}: ${(error as Error).message}`);
    return new ServiceUnavailable(this.detail);
  }
}
