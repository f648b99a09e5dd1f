import { duplicateRedis, RedisClient } from '@ccp/runtime';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/database-unavailable.js';
import { AppConfig } from '../config/app-config.js';
import type { Principal } from './principal.js';

/** How long a verified API key is used without asking the database again. */
export const TRUST_MS = 10_000;
/**
 * From this age on, a request still uses the key at once while one check runs in the background:
 * a busy key (thousands of call events a second) never waits for the database, nor sends it a query
 * per request when its trust runs out.
 */
const REFRESH_AFTER_MS = 8_000;
/**
 * Revocations are announced on this channel, so every replica forgets the key at once: under the
 * deployment's QUEUE_PREFIX, so that another deployment on the same Redis hears none of them.
 */
export function apiKeyRevocationsChannel(queuePrefix: string): string {
  return `${queuePrefix}:api-keys:revoked`;
}

interface Verified {
  readonly principal: Principal;
  readonly at: number;
}

/**
 * Verified API keys, by hash, for the call-decision path. A revoked key is forgotten at once on every
 * replica through Redis pub/sub; the trust period bounds the damage of a lost message. While the
 * database does not answer, a key verified before keeps working (live decisions go on through a
 * database outage; revocations still arrive through Redis, and none can be made meanwhile).
 */
@Injectable()
export class ApiKeyCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly keys = new Map<string, Verified>();
  /** The one database check in flight per key. */
  private readonly checking = new Map<string, Promise<Principal>>();
  /** Counts revocations heard: a check that began before one must not bring the key back. */
  private revocations = 0;
  private subscriber: RedisClient | undefined;
  private readonly channel: string;

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.channel = apiKeyRevocationsChannel(config.queuePrefix);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = duplicateRedis(this.redis, { connectionName: 'ccp-api-key-revocations' });
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, secretHash: string) => this.forget(secretHash));
    // Whatever was missed while disconnected may include a revocation: trust nothing cached from before.
    this.subscriber.on('ready', () => {
      this.revocations++;
      this.keys.clear();
    });
    await this.subscriber
      .subscribe(this.channel)
      .catch((error: Error) => this.logger.warn(`cannot subscribe to revocations: ${error.message}`));
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  /**
   * The key's principal: from memory while it is trusted, else from `verify` (the database), which
   * throws when the key is unknown or revoked.
   */
  async principal(secretHash: string, verify: () => Promise<Principal>): Promise<Principal> {
    const known = this.keys.get(secretHash);
    const age = known ? Date.now() - known.at : Number.POSITIVE_INFINITY;
    if (known && age < REFRESH_AFTER_MS) return known.principal;
    const check = this.check(secretHash, verify);
    if (known && age < TRUST_MS) {
      check.catch(() => undefined);
      return known.principal;
    }
    try {
      return await check;
    } catch (error) {
      if (known && isDatabaseUnavailable(error)) return known.principal;
      throw error;
    }
  }

  /** The key was revoked: forget it here and tell every other replica. */
  async revoked(secretHash: string): Promise<void> {
    this.forget(secretHash);
    await this.redis.publish(this.channel, secretHash);
  }

  private forget(secretHash: string): void {
    this.revocations++;
    this.keys.delete(secretHash);
  }

  private check(secretHash: string, verify: () => Promise<Principal>): Promise<Principal> {
    const inFlight = this.checking.get(secretHash);
    if (inFlight) return inFlight;
    const revocations = this.revocations;
    const check = verify()
      .then(
        (principal) => {
          if (this.revocations === revocations) this.keys.set(secretHash, { principal, at: Date.now() });
          return principal;
        },
        (error: unknown) => {
          if (!isDatabaseUnavailable(error)) this.keys.delete(secretHash);
          throw error;
        },
      )
      .finally(() => this.checking.delete(secretHash));
    this.checking.set(secretHash, check);
    return check;
  }
}
