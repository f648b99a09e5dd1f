import type { PostgresTestDatabase, TestDatabase, TestDriver } from '@ccp/db/testing';
import { type TestOrm, useTestOrm } from '@ccp/db/testing/orm';
import type { QueueName } from '@ccp/jobs';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { afterAll, beforeAll } from 'vitest';
import type { RawEnv } from '../src/config/env.js';
import { createWorker } from '../src/worker.factory.js';
import { deleteKeys, REDIS_URL, testPrefix } from './queues.js';

export interface WorkerTestbed<Db extends TestDatabase = TestDatabase> extends TestOrm<Db> {
  /** The test's own queue prefix. */
  readonly prefix: string;
  /** The queue the test watches, under that prefix. */
  readonly queue: Queue;
  /** Starts the worker on the test's database and prefix, once the test has written what it is to find. */
  start(env?: RawEnv): Promise<INestApplicationContext>;
}

/**
 * A worker's surroundings for the tests of the calling `describe`: a fresh database of `driver`
 * (`useTestOrm`), a queue prefix of its own and `queueName`'s queue under it, made in `beforeAll`; the
 * worker (if started), the queue, the prefix's keys and the database go in `afterAll`, in that order.
 */
export function workerTestbed(driver: 'postgresql', queueName: QueueName): WorkerTestbed<PostgresTestDatabase>;
export function workerTestbed(driver: TestDriver, queueName: QueueName): WorkerTestbed;
export function workerTestbed(driver: TestDriver, queueName: QueueName): WorkerTestbed {
  const db = useTestOrm(driver);
  let prefix: string | undefined;
  let queue: Queue | undefined;
  let worker: INestApplicationContext | undefined;

  beforeAll(() => {
    prefix = testPrefix();
    queue = new Queue(queueName, { connection: { url: REDIS_URL }, prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    if (prefix) await deleteKeys(prefix);
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test bed is made in beforeAll: use it inside the tests');
    return value;
  };
  return {
    get database() {
      return db.database;
    },
    get orm() {
      return db.orm;
    },
    em: () => db.em(),
    account: (slug) => db.account(slug),
    get prefix() {
      return ready(prefix);
    },
    get queue() {
      return ready(queue);
    },
    async start(env = {}) {
      worker = await createWorker({ DATABASE_URL: db.database.url, REDIS_URL, QUEUE_PREFIX: ready(prefix), ...env });
      return worker;
    },
  };
}
