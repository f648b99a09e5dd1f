import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Principal } from './principal.js';

/** How long a verified API key is trusted without asking the database again. */
const TRUST_MS = 10_000;
/** Revocations are announced here, so every replica forgets the key at once. */
const REVOKED_CHANNEL = 'ccp:api-keys:revoked';

/**
 * Verified API keys, by hash, for the call-decision path (thousands of requests a second must not
 * each query the database). A revoked key is forgotten at once on every replica through Redis
 * pub/sub; the short trust period bounds the damage of a lost message.
 */
@Injectable()
export class ApiKeyCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly keys = new Map<string, { principal: Principal; until: number }>();
  private subscriber: Redis | undefined;

  constructor(private readonly redis: Redis) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate({ connectionName: 'ccp-api-key-revocations' });
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, secretHash: string) => this.keys.delete(secretHash));
    // Whatever was missed while disconnected may include a revocation: trust nothing cached from before.
    this.subscriber.on('ready', () => this.keys.clear());
    await this.subscriber
      .subscribe(REVOKED_CHANNEL)
      .catch((error: Error) => this.logger.warn(`cannot subscribe to revocations: ${error.message}`));
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  get(secretHash: string): Principal | undefined {
    const cached = this.keys.get(secretHash);
    if (!cached) return undefined;
    if (cached.until < Date.now()) {
      this.keys.delete(secretHash);
      return undefined;
    }
    return cached.principal;
  }

  remember(secretHash: string, principal: Principal): void {
    this.keys.set(secretHash, { principal, until: Date.now() + TRUST_MS });
  }

  /** The key was revoked: forget it here and tell every other replica. */
  async revoked(secretHash: string): Promise<void> {
    this.keys.delete(secretHash);
    await this.redis.publish(REVOKED_CHANNEL, secretHash);
  }
}
