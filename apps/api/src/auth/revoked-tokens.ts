import { duplicateRedis, isDisconnected, RedisClient } from '@ccp/runtime';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ReplyError } from 'ioredis';
import { ServiceUnavailable } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { RedisGuard } from '../redis/redis-guard.js';
import { TOKEN_LIFETIME_SECONDS } from './token-lifetime.js';

/*
 * Keys, namespaced like the deployment's queues (QUEUE_PREFIX), so two deployments sharing a Redis
 * never end each other's sessions (and a test's app removes them when it closes):
 *   <prefix>:auth:revoked-tokens   sorted set: the id (jti) of every token logged out and not yet
 *                                  expired, scored by the token's expiry (epoch ms). Expired members are
 *                                  dropped at each logout; the key itself expires a token's lifetime
 *                                  after the last logout, when every member has expired.
 * Channel:
 *   <prefix>:auth:revoked-tokens   "<id> <expiry ms>", announced with each logout (see `copy` below).
 */
export function revokedTokensKey(queuePrefix: string): string {
  return `${queuePrefix}:auth:revoked-tokens`;
}

const TOKEN_LIFETIME_MS = TOKEN_LIFETIME_SECONDS * 1000;

/** What a person request gets while this replica can say neither way whether its token was ended. */
const CANNOT_CHECK = 'The session store (Redis) does not answer, so this token cannot be checked; try again shortly';

/**
 * Ended sessions (`POST /auth/logout`), shared by every api replica through Redis: a token logged out
 * on one replica is refused by all of them from the moment the logout answers 204, because each person
 * request asks Redis (one ZSCORE) whether its token id is among them. API keys never come here.
 *
 * While Redis does not answer, a replica answers from its own copy of the list: the ended tokens it
 * loaded when its subscription (re)connected, plus those announced since. Failing open there would let
 * a logged-out token back in during an outage; failing closed on every person request would take the
 * whole console down with Redis, which nothing else of it needs (uploads are stored and queued later,
 * CSV exports stream from the database). The copy is complete, because no logout can be recorded while
 * Redis is away (logout answers 503); it could only miss one if this replica alone lost Redis while the
 * others still reached it, and such a replica is not ready (readiness needs Redis), so the load
 * balancer sends it nothing. A replica without a complete copy (Redis away since it started, or the
 * reload after a reconnection failed) fails closed: 503 to every person request until Redis answers.
 */
@Injectable()
export class RevokedTokens implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevokedTokens.name);
  private readonly store: RedisGuard;
  private readonly key: string;
  /** Token id → its expiry (epoch ms): the ended tokens this replica knows of (its fallback, above). */
  private readonly copy = new Map<string, number>();
  /** Whether `copy` holds every ended token: loaded since the subscription last (re)connected. */
  private listLoaded = false;
  private subscriber: RedisClient | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.key = revokedTokensKey(config.queuePrefix);
    this.store = new RedisGuard(
      this.redis,
      this.logger,
      'Redis refused to end a session',
      'The session store (Redis) does not answer, so this session could not be ended; try again shortly',
    );
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = duplicateRedis(this.redis, { connectionName: 'ccp-api-token-revocations', lazyConnect: true });
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, message: string) => this.heard(message));
    // Connected again: what was announced meanwhile is lost, so load the whole list again.
    this.subscriber.on('ready', () => this.reload());
    try {
      await this.subscriber.connect();
      await this.loading;
    } catch (error) {
      this.logger.warn(`cannot load the ended sessions: ${(error as Error).message}; person requests answer 503 until Redis answers`);
    }
  }

  /** Whether this replica would answer person requests without Redis (from its copy), rather than 503. */
  get canAnswerWithoutRedis(): boolean {
    return this.listLoaded;
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  /**
   * Ends the token `id` (expiring at `expiresAt`, epoch ms) on every replica; throws
   * `ServiceUnavailable` (and ends nothing) while Redis does not answer.
   */
  async revoke(id: string, expiresAt: number): Promise<void> {
    const now = Date.now();
    const replies = await this.store.run(() =>
      this.redis
        .multi()
        .zadd(this.key, expiresAt, id)
        .zremrangebyscore(this.key, '-inf', now)
        .pexpireat(this.key, Math.max(expiresAt, now + TOKEN_LIFETIME_MS))
        .publish(this.key, `${id} ${expiresAt}`)
        .exec(),
    );
    const failed = replies?.find(([error]) => error)?.[0];
    if (!replies || failed) throw this.store.unavailable(failed ?? new Error('the transaction was discarded'));
    this.remember(id, expiresAt);
  }

  /** Whether the token `id` was ended; throws `ServiceUnavailable` when this replica cannot tell (class comment). */
  async isRevoked(id: string): Promise<boolean> {
    if (!isDisconnected(this.redis)) {
      try {
        const revoked = (await this.redis.zscore(this.key, id)) !== null;
        // Redis answers again but the last load failed: load now, not at the next reconnection.
        if (!this.listLoaded && this.loading === undefined && this.subscriber?.status === 'ready') this.reload();
        return revoked;
      } catch (error) {
        if (error instanceof ReplyError) this.logger.error(`Redis refused a session check: ${(error as Error).message}`);
      }
    }
    if (!this.listLoaded) throw new ServiceUnavailable(CANNOT_CHECK);
    const expiresAt = this.copy.get(id);
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  private reload(): void {
    const loading = this.load().finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
  }

  private async load(): Promise<void> {
    this.listLoaded = false;
    try {
      // Subscribed (again) before reading, so that no logout falls between the list and the announcements.
      await this.subscriber?.subscribe(this.key);
      const entries = await this.redis.zrangebyscore(this.key, Date.now(), '+inf', 'WITHSCORES');
      this.forgetExpired();
      for (let i = 0; i + 1 < entries.length; i += 2) this.remember(entries[i] as string, Number(entries[i + 1]));
      this.listLoaded = true;
    } catch (error) {
      this.logger.warn(`cannot load the ended sessions: ${(error as Error).message}`);
    }
  }

  private heard(message: string): void {
    const [id, expiresAt] = message.split(' ');
    if (!id || !expiresAt) return;
    this.forgetExpired();
    this.remember(id, Number(expiresAt));
  }

  /** Added, never replaced: an announcement heard while the list loads is kept. */
  private remember(id: string, expiresAt: number): void {
    if (expiresAt > Date.now()) this.copy.set(id, expiresAt);
  }

  /** A few hundred logouts a day: a walk over the copy at each one costs nothing. */
  private forgetExpired(): void {
    const now = Date.now();
    for (const [id, expiresAt] of this.copy) if (expiresAt <= now) this.copy.delete(id);
  }
}
