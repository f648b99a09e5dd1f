import { findKeptCall, holdCall, keepCalls, type Orm, openDatabase } from '@ccp/db';
import { createTestDatabase, type TestDatabase } from '@ccp/db/testing';
import { sampleCall } from '@ccp/db/testing/history';
import { HISTORY_MAINTENANCE_SCHEDULER, QUEUES } from '@ccp/jobs';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithList } from '../../test/accounts.js';
import { deleteKeys, REDIS_URL, testPrefix, waitFor } from '../../test/queues.js';
import { createWorker } from '../worker.factory.js';

const DAY_MS = 86_400_000;

/** HIS-4 as the worker runs it: the history's upkeep is a repeatable BullMQ job that every worker schedules once. */
describe('the call history upkeep job on PostgreSQL', () => {
  let database: TestDatabase;
  let orm: Orm;
  let prefix: string;
  let queue: Queue;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    orm = await openDatabase(database.url);
    prefix = testPrefix();
    queue = new Queue(QUEUES.historyMaintenance, { connection: { url: REDIS_URL }, prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    if (prefix) await deleteKeys(prefix);
    await orm?.close();
    await database?.drop();
  });

  const partitions = async () =>
    (
      await orm.em
        .fork()
        .getConnection()
        .execute<Array<{ name: string }>>(
          "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'kept_calls'",
        )
    ).map((row) => row.name);

  it('HIS-4: scheduled at start, it makes the partitions ahead and deletes the calls past their retention as whole partitions, held calls kept', async () => {
    const accountId = await accountWithList(orm);
    // Two calls that started 500 days ago, written then (their retention of 400 days is over now); one of them held.
    const longAgo = new Date(Date.now() - 500 * DAY_MS);
    const written = new Date(longAgo.getTime() + DAY_MS);
    const calls = ['old-1', 'old-held'].map((callId) => sampleCall({ accountId, callId, startedAt: longAgo }));
    expect(await keepCalls(orm.em.fork(), calls, written)).toMatchObject({ kept: 2 });
    expect(
      await holdCall(orm.em.fork(), accountId, 'old-held', { reason: 'Case 7', by: 'legal@demo.test', at: written }, written),
    ).not.toBeNull();
    const before = await partitions();

    worker = await createWorker({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(HISTORY_MAINTENANCE_SCHEDULER);
    const job = await waitFor(async () => (await queue.getCompleted()).at(0), 'the first upkeep job');
    expect(job.returnvalue).toMatchObject({ partitionsDropped: 1 });
    expect(job.returnvalue.partitionsCreated).toBeGreaterThan(50);

    const after = await partitions();
    expect(after.length).toBeGreaterThan(before.length);
    expect(await findKeptCall(orm.em.fork(), accountId, 'old-1')).toBeNull();
    expect((await findKeptCall(orm.em.fork(), accountId, 'old-held'))?.hold?.reason).toBe('Case 7');
  });
});
