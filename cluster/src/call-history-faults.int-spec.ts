import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type PostgresTestDatabase } from '@ccp/db/testing';
import { closedCallsStreamKey } from '@ccp/jobs';
import { OwnRedisServer } from '@ccp/runtime/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUp, type Cluster, startCluster } from './cluster.js';
import { CallsClient } from './testing/calls-client.js';

const PASSWORD = 'history-faults-password-0123';

/** A queue call answered by Alice (recorded), ended: three steps. */
const EVENTS = [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'ended' }];
const call = (customer: string) => ({ kind: 'queue', customer, queue: 'sales' });
/** A number of its own per test, so a search finds exactly that test's calls. */
const numberOf = (test: number, i: number) => `+1312555${String(test * 1000 + i).padStart(4, '0')}`;

/**
 * HIS-1 when things break: nothing the api answered is ever missing, doubled or out of order in the
 * history. Each test breaks an instance of this file's own (its PostgreSQL database, its Redis with an
 * append-only file, its api and worker processes), never the machine's shared services.
 */
describe('HIS-1: the call history through crashes and outages (2 apis, 2 workers, PostgreSQL, Redis with an append-only file)', () => {
  let database: PostgresTestDatabase;
  let redis: OwnRedisServer;
  let redisDir: string;
  let cluster: Cluster;
  let client: CallsClient;
  let prefix: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    redisDir = mkdtempSync(join(tmpdir(), 'ccp-history-redis-'));
    redis = await OwnRedisServer.start({ appendOnlyDir: redisDir });
    prefix = `{ccp-faults-${randomBytes(4).toString('hex')}}`;
    cluster = await startCluster({
      databaseUrl: database.url,
      redisUrl: redis.url,
      queuePrefix: prefix,
      env: {
        DEMO_ADMIN_PASSWORD: PASSWORD,
        AUTH_TOKEN_SECRET: 'history-faults-secret-history-faults-01',
        LOG_LEVEL: 'warn',
        // Small batches: a worker killed while writing a backlog is killed in the middle of it.
        HISTORY_BATCH_SIZE: '20',
      },
    });
    client = await new CallsClient(cluster, PASSWORD).open();
  });

  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
    await database?.drop();
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
  });

  /** Every call kept once, with exactly the steps answered, in order. */
  async function expectKeptWhole(number: string, calls: ReadonlyArray<{ callId: string; answers: readonly object[] }>, withinMs = 15_000) {
    await client.waitKept(
      number,
      calls.map((c) => c.callId),
      withinMs,
    );
    const listed = [];
    let cursor: string | null = null;
    do {
      const page = await client.search(
        `number=${encodeURIComponent(number)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      listed.push(...page.items.map((item) => item.callId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.length, 'calls listed (none doubled)').toBe(calls.length);
    for (const { callId, answers } of calls) {
      const record = await client.record(callId);
      expect(record.status).toBe(200);
      expect(
        record.body.steps.map(({ receivedAt, ...step }: { receivedAt: string }) => step),
        callId,
      ).toEqual(answers);
    }
  }

  it('an api replica SIGKILLed in the middle of a call: the call goes on at the other replica and is kept whole', async () => {
    const [first, second] = [client.api(0), client.api(1)];
    const calls = [];
    for (let i = 0; i < 5; i++) {
      const callId = await client.start(call(numberOf(1, i)));
      calls.push({ callId, answers: [await client.send(first, callId, EVENTS[0] as object)] });
    }
    await first.kill();
    for (const c of calls) for (const event of EVENTS.slice(1)) c.answers.push(await client.send(second, c.callId, event));
    first.start();
    await apiUp(first);
    for (const [i, c] of calls.entries()) await expectKeptWhole(numberOf(1, i), [c]);
  });

  it('a call whose announcement was lost (a replica killed between its answer and its message) is found by the sweep', async () => {
    const writer = new Redis(redis.url);
    try {
      // No worker reads the stream meanwhile; the message is lost as a replica killed after its answer would lose it.
      await Promise.all(cluster.workers.map((worker) => worker.kill()));
      const ran = await client.run(call(numberOf(2, 0)), EVENTS);
      await writer.del(closedCallsStreamKey(prefix));
      for (const worker of cluster.workers) worker.start();
      await expectKeptWhole(numberOf(2, 0), [ran], 30_000);
    } finally {
      writer.disconnect();
    }
  });

  it('a worker SIGKILLed while writing a backlog: every call kept once, none lost or doubled', async () => {
    await Promise.all(cluster.workers.map((worker) => worker.kill()));
    const calls = [];
    for (let i = 0; i < 300; i++) calls.push(await client.run(call(numberOf(3, i % 10)), EVENTS));
    const [one, other] = cluster.workers;
    one?.start();
    // Killed once it has written some (and is writing more).
    await client.waitKept(numberOf(3, 0), [calls[0]?.callId as string], 30_000);
    await one?.kill();
    other?.start();
    one?.start();
    for (let i = 0; i < 10; i++)
      await expectKeptWhole(
        numberOf(3, i),
        calls.filter((_, j) => j % 10 === i),
        60_000,
      );
  });

  it('PostgreSQL away for 30 s: decisions go on, and the history catches up after with nothing lost', async () => {
    // Every replica has verified the API key and holds the policy (a replica decides from memory only what it knows).
    await client.run(call(numberOf(5, 99)), EVENTS);
    await database.cutOff();
    const calls = [];
    const until = Date.now() + 30_000;
    try {
      for (let i = 0; Date.now() < until; i++) {
        calls.push(await client.run(call(numberOf(5, i % 10)), EVENTS));
        await sleep(200);
      }
    } finally {
      await database.restore();
    }
    expect(calls.length).toBeGreaterThan(20);
    for (let i = 0; i < 10; i++)
      await expectKeptWhole(
        numberOf(5, i),
        calls.filter((_, j) => j % 10 === i),
        60_000,
      );
  });

  it('Redis restarted (with its append-only file) while calls are in flight: decisions go on after it, and every call is kept whole', async () => {
    const calls = [];
    for (let i = 0; i < 5; i++) {
      const callId = await client.start(call(numberOf(4, i)));
      calls.push({ callId, answers: [await client.send(client.api(i), callId, EVENTS[0] as object)] });
    }
    await redis.restart();
    for (const c of calls) {
      for (const [j, event] of EVENTS.slice(1).entries()) {
        // While the replicas reconnect an event may be refused (503: nothing stored); the telephony side sends it again.
        for (let attempt = 0; ; attempt++) {
          try {
            c.answers.push(await client.send(client.api(j), c.callId, event));
            break;
          } catch (error) {
            if (attempt > 50 || !String(error).includes(': 503 ')) throw error;
            await sleep(200);
          }
        }
      }
    }
    for (const [i, c] of calls.entries()) await expectKeptWhole(numberOf(4, i), [c], 30_000);
  });
});
