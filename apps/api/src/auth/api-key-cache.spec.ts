import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testQueuePrefix } from '../../test/app.js';
import { Unauthenticated } from '../common/errors.js';
import type { AppConfig } from '../config/app-config.js';
import { ApiKeyCache, TRUST_MS } from './api-key-cache.js';
import type { Principal } from './principal.js';

const principal = { kind: 'api-key', id: 'key-1', name: 'telephony', account: { id: 'account-1' } } as unknown as Principal;
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A database check that answers when told to, counting how often it was asked. */
function databaseCheck() {
  const asked: Array<{ answer: (value: Principal | Error) => void }> = [];
  const verify = vi.fn(
    () =>
      new Promise<Principal>((resolve, reject) => {
        asked.push({ answer: (value) => (value instanceof Error ? reject(value) : resolve(value)) });
      }),
  );
  return { verify, asked };
}

describe('ApiKeyCache (on the shared Redis, for the revocation broadcast)', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let replicaA: ApiKeyCache;
  let replicaB: ApiKeyCache;

  beforeAll(async () => {
    // Two replicas of one deployment: one queue prefix, so one revocation channel.
    const config = { queuePrefix: testQueuePrefix() } as AppConfig;
    replicaA = new ApiKeyCache(redis, config);
    replicaB = new ApiKeyCache(redis, config);
    await Promise.all([replicaA.onModuleInit(), replicaB.onModuleInit()]);
  });

  afterEach(() => vi.useRealTimers());

  afterAll(() => {
    replicaA.onModuleDestroy();
    replicaB.onModuleDestroy();
    redis.disconnect();
  });

  const hash = () => `hash-${Math.random().toString(36).slice(2)}`;

  /** A new key, verified on `replica` through a database check that answered; the check, to answer later ones. */
  async function verifiedOn(replica: ApiKeyCache) {
    const key = hash();
    const check = databaseCheck();
    const first = replica.principal(key, check.verify);
    check.asked[0]?.answer(principal);
    await first;
    return { key, ...check };
  }

  it('asks the database once for a burst of requests with a key it does not know yet', async () => {
    const key = hash();
    const { verify, asked } = databaseCheck();
    const burst = Array.from({ length: 200 }, () => replicaA.principal(key, verify));
    expect(verify).toHaveBeenCalledTimes(1);
    asked[0]?.answer(principal);
    expect(await Promise.all(burst)).toEqual(Array(200).fill(principal));
    expect(await replicaA.principal(key, verify)).toBe(principal);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('checks a busy key again before its trust runs out, without making requests wait, and drops it when the check finds it revoked', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { key, verify, asked } = await verifiedOn(replicaA);

    vi.setSystemTime(Date.now() + TRUST_MS - 1_000);
    // Answered from memory at once although the check below has not answered.
    expect(await replicaA.principal(key, verify)).toBe(principal);
    expect(verify).toHaveBeenCalledTimes(2);
    asked[1]?.answer(new Unauthenticated('This API key was revoked'));
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    await sleep(0);

    const afterRevocation = replicaA.principal(key, verify);
    asked[2]?.answer(new Unauthenticated('This API key was revoked'));
    await expect(afterRevocation).rejects.toThrow('revoked');
  });

  it('keeps a key it verified working while the database does not answer, but never lets in a key it does not know', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { key, verify, asked } = await verifiedOn(replicaA);

    vi.setSystemTime(Date.now() + 10 * TRUST_MS);
    const duringOutage = replicaA.principal(key, verify);
    asked[1]?.answer(refused());
    expect(await duringOutage).toBe(principal);

    const stranger = replicaA.principal(hash(), verify);
    asked[2]?.answer(refused());
    await expect(stranger).rejects.toThrow('ECONNREFUSED');
  });

  it('forgets a revoked key on every replica at once, even one whose database check read the key just before the revocation', async () => {
    const revokedInDatabase = async (): Promise<Principal> => {
      throw new Unauthenticated('This API key was revoked');
    };
    const [key, probe] = [hash(), hash()];
    for (const replica of [replicaA, replicaB]) await replica.principal(key, async () => principal);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + TRUST_MS);
    for (const replica of [replicaA, replicaB]) await replica.principal(probe, async () => principal);
    const b = databaseCheck();
    const onB = replicaB.principal(key, b.verify);

    await replicaA.revoked(key);
    await replicaA.revoked(probe);
    // Messages arrive in order: once B has forgotten the probe, it has heard of the key.
    await vi.waitFor(() => expect(replicaB.principal(probe, revokedInDatabase)).rejects.toThrow('revoked'), { timeout: 2_000 });
    b.asked[0]?.answer(principal);
    await onB;

    await expect(replicaB.principal(key, revokedInDatabase)).rejects.toThrow('revoked');
    await expect(replicaA.principal(key, revokedInDatabase)).rejects.toThrow('revoked');
  });
});
