import { isDisconnected, LuaScript, type RedisClient } from '@ccp/runtime';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

/** Password checks per client address and minute, on any route that checks one, before 429. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;
export const LOGIN_WINDOW_MS = 60_000;
/** The throttler's name on `POST /auth/login`. */
export const LOGIN_THROTTLER = 'login';

/**
 * A fixed window of attempts per key, and a block once past the limit, in one step: KEYS hits and
 * blocked; ARGV window ms, limit, block ms. Answers hits, ms left in the window, blocked (0/1), ms
 * left of the block.
 */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const INCREMENT = new LuaScript(`
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockedFor}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}
`);

/** KEYS hits and blocked; ARGV limit: ms until the next attempt would be allowed, 0 when it would be now. */
const TURNED_AWAY_FOR = new LuaScript(`
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then return blockedFor end
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return math.max(redis.call('PTTL', KEYS[1]), 0) end
return 0
`);

/**
 * Where password checks are counted, for `POST /auth/login` (through @nestjs/throttler) and the job
 * dashboard's Basic login alike, so that one address gets one budget whichever door it knocks on: in
 * Redis, so that the limit holds across every api replica (behind a load balancer a guesser would
 * otherwise get it once per replica). While Redis does not answer, each replica counts on its own in
 * memory: logins still work, and the limit still holds per replica. Keys are under the deployment's
 * QUEUE_PREFIX (a hash tag: one slot on a Redis Cluster), so two deployments sharing a Redis never
 * count each other's attempts.
 */
export class LoginAttemptsStorage implements ThrottlerStorage {
  private readonly local = new ThrottlerStorageService();

  constructor(
    private readonly redis: RedisClient,
    private readonly queuePrefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (!isDisconnected(this.redis)) {
      try {
        const base = this.keyOf(key);
        const [hits, windowLeft, blocked, blockLeft] = (await INCREMENT.run(
          this.redis,
          [`${base}:hits`, `${base}:blocked`],
          [ttl, limit, blockDuration],
        )) as [number, number, number, number];
        return { totalHits: hits, timeToExpire: seconds(windowLeft), isBlocked: blocked === 1, timeToBlockExpire: seconds(blockLeft) };
      } catch {
        // Counted here instead, below.
      }
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  /**
   * Seconds until `client` may try again when its next password check would be refused (it used up
   * the minute's attempts, or was turned away), without counting one; 0 when it may now.
   */
  async turnedAwayFor(client: string): Promise<number> {
    if (!isDisconnected(this.redis)) {
      try {
        const base = this.keyOf(client);
        return seconds((await TURNED_AWAY_FOR.run(this.redis, [`${base}:hits`, `${base}:blocked`], [LOGIN_ATTEMPTS_PER_MINUTE])) as number);
      } catch {
        // Asked here instead, below.
      }
    }
    const record = this.local.storage.get(client);
    const now = Date.now();
    if (record?.isBlocked && record.blockExpiresAt > now) return seconds(record.blockExpiresAt - now);
    const hits = record?.totalHits.get(LOGIN_THROTTLER) ?? 0;
    return record && hits >= LOGIN_ATTEMPTS_PER_MINUTE && record.expiresAt > now ? seconds(record.expiresAt - now) : 0;
  }

  /** One password check from `client` outside the throttler's guard: seconds until it may try again, 0 when it may now. */
  async attempt(client: string): Promise<number> {
    const record = await this.increment(client, LOGIN_WINDOW_MS, LOGIN_ATTEMPTS_PER_MINUTE, LOGIN_WINDOW_MS, LOGIN_THROTTLER);
    return record.isBlocked ? Math.max(record.timeToBlockExpire, 1) : 0;
  }

  private keyOf(client: string): string {
    return `${this.queuePrefix}:login-attempts:${client}`;
  }
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
