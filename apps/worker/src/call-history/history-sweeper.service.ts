import {
  activeCallsKey,
  callAccountsKey,
  callSessionKey,
  closedCallFields,
  closedCallsKey,
  closedCallsStreamKey,
  HISTORY_WRITERS_GROUP,
  moveExpiredLua,
  TRAIL_TTL_MS,
} from '@ccp/jobs';
import { LuaScript, RedisClient } from '@ccp/runtime';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WorkerConfig } from '../config/worker-config.js';
import { WorkerIdentity } from '../heartbeat/worker-identity.js';

/** How often the closed and expired calls are looked for: with the writers' pace, what an expired call waits at most. */
export const SWEEP_INTERVAL_MS = 2_000;
/** A closed call still in Redis this long after it closed, while the stream is drained, lost its message. */
export const LOST_AFTER_MS = 5_000;

/**
 * Per account: moves the calls whose session expired to the closed calls; returns them ([trail,
 * expiry, …]), the closed calls older than ARGV[2] (at most 1,000: to announce again when lost), and
 * how many live and closed calls the account has left.
 * KEYS: active, closed. ARGV: now, closed before, session key prefix, trail ttl.
 */
const SWEEP = new LuaScript(`
${moveExpiredLua({ active: 'KEYS[1]', closed: 'KEYS[2]', now: 'ARGV[1]', sessionPrefix: 'ARGV[3]', ttl: 'ARGV[4]' })}
local lost = {}
if ARGV[2] ~= '' then lost = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, 1000) end
return { expired, lost, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]) }`);

/** Forgets an account with no live or closed call left, unless a replica noted it again meanwhile (its score moved). */
const FORGET_ACCOUNT = new LuaScript(`
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('ZREM', KEYS[1], ARGV[1]) end
return 1`);

/**
 * The history's safety net (HIS-1): every SWEEP_INTERVAL_MS one worker of the deployment (a short
 * lock) walks the accounts with calls, moves the trails of sessions that expired without `ended` to
 * the closed calls and announces them, announces again the closed calls whose message was lost (a
 * replica killed between its answer and its message, a Redis restart) once the writers have read
 * every message, and forgets accounts with no call left.
 */
@Injectable()
export class HistorySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('HistorySweeper');
  private readonly accountsKey: string;
  private readonly stream: string;
  private readonly lockKey: string;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private failing = false;

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    config: WorkerConfig,
    private readonly identity: WorkerIdentity,
  ) {
    this.accountsKey = callAccountsKey(config.queuePrefix);
    this.stream = closedCallsStreamKey(config.queuePrefix);
    this.lockKey = `${config.queuePrefix}:history:sweeping`;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweepOnce().finally(() => {
        this.sweeping = undefined;
      });
    }, SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One round (tests call it directly). */
  async sweepOnce(now = Date.now()): Promise<void> {
    try {
      if ((await this.redis.set(this.lockKey, this.identity.instance, 'PX', SWEEP_INTERVAL_MS * 5, 'NX')) !== 'OK') return;
      try {
        await this.sweep(now);
      } finally {
        await this.redis.del(this.lockKey);
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`cannot sweep the closed calls: ${(error as Error).message}`);
      this.failing = true;
    }
  }

  private async sweep(now: number): Promise<void> {
    const drained = await this.streamDrained();
    const scored = await this.redis.zrange(this.accountsKey, '0', '-1', 'WITHSCORES');
    for (let i = 0; i < scored.length; i += 2) {
      const accountId = scored[i] as string;
      const score = scored[i + 1] as string;
      const [expired, lost, live, closed] = (await SWEEP.run(
        this.redis,
        [activeCallsKey(accountId), closedCallsKey(accountId)],
        [now, drained ? now - LOST_AFTER_MS : '', callSessionKey(accountId, ''), TRAIL_TTL_MS],
      )) as [string[], string[], number, number];
      const announce = [...expired.filter((_, j) => j % 2 === 0), ...lost];
      if (announce.length > 0) {
        const pipeline = this.redis.pipeline();
        for (const trail of new Set(announce)) pipeline.xadd(this.stream, '*', ...closedCallFields({ accountId, trail }));
        await pipeline.exec();
      }
      if (lost.length > 0) this.logger.log(`announced ${lost.length} closed call(s) of account ${accountId} again: their message was lost`);
      if (live === 0 && closed === 0 && Number(score) < now) await FORGET_ACCOUNT.run(this.redis, [this.accountsKey], [accountId, score]);
    }
  }

  /** Whether the writers have read and acknowledged every message: only then is a closed call still in Redis lost. */
  private async streamDrained(): Promise<boolean> {
    const groups = (await this.redis.xinfo('GROUPS', this.stream).catch(() => [])) as unknown[][];
    for (const group of groups) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i + 1 < group.length; i += 2) fields.set(String(group[i]), group[i + 1]);
      if (fields.get('name') !== HISTORY_WRITERS_GROUP) continue;
      return Number(fields.get('pending')) === 0 && Number(fields.get('lag') ?? 0) === 0;
    }
    // No group yet: no writer ever ran, and the messages wait in the stream for the first.
    return false;
  }
}
