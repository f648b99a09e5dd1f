import { createHash } from 'node:crypto';
import { ReplyError } from 'ioredis';
import type { RedisClient } from './redis-connection.js';

/**
 * A Lua script run by its SHA-1 (EVALSHA), sent whole (EVAL) only when Redis does not know it (after
 * a restart emptied its script cache). Not ioredis's `defineCommand`: on an auto-pipelined connection
 * it sends the whole script with every batch, and keeps each batch (its sessions' JSON included)
 * alive until a full garbage collection, as its "loaded on this socket" set is keyed by the batch.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: RedisClient, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof ReplyError && (error as Error).message.startsWith('NOSCRIPT'))) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
