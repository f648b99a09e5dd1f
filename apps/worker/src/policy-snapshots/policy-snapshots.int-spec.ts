import { bumpPolicyRevision, loadPolicySettings, loadPolicySnapshot, type Orm, openDatabase, QueueSchema } from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '@ccp/db/testing';
import {
  type PolicyAnnouncement,
  parsePolicyAnnouncement,
  policyChangesChannel,
  policySnapshotJobId,
  policySnapshotJobOptions,
  QUEUES,
} from '@ccp/jobs';
import { compilePolicy, decodePolicy } from '@ccp/policy-core';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithList } from '../../test/accounts.js';
import { deleteKeys, REDIS_URL, testPrefix, waitFor } from '../../test/queues.js';
import { createWorker } from '../worker.factory.js';

describe.each(TEST_DRIVERS)('the worker builds policy snapshots on %s', (driver) => {
  let database: TestDatabase;
  let orm: Orm;
  let prefix: string;
  let queue: Queue;
  let worker: INestApplicationContext;
  let subscriber: Redis;
  const announced: PolicyAnnouncement[] = [];
  /** What another deployment on the same Redis (its own QUEUE_PREFIX) heard: nothing, ever. */
  const heardElsewhere: string[] = [];
  let elsewhere: Redis;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
    prefix = testPrefix();
    queue = new Queue(QUEUES.policySnapshots, { connection: { url: REDIS_URL }, prefix });
    subscriber = new Redis(REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) => {
      const announcement = parsePolicyAnnouncement(message);
      if (announcement) announced.push(announcement);
    });
    await subscriber.subscribe(policyChangesChannel(prefix));
    elsewhere = new Redis(REDIS_URL);
    elsewhere.on('message', (_channel: string, message: string) => heardElsewhere.push(message));
    await elsewhere.subscribe(policyChangesChannel(testPrefix()));
    worker = await createWorker({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    subscriber?.disconnect();
    elsewhere?.disconnect();
    if (prefix) await deleteKeys(prefix);
    await orm?.close();
    await database?.drop();
  });

  const build = (accountId: string, revision: number) =>
    queue.add('build', { accountId, revision }, policySnapshotJobOptions(accountId, revision));

  async function finished(accountId: string, revision: number) {
    return waitFor(async () => {
      const id = policySnapshotJobId(accountId, revision);
      // Read again once completed: a job read before carries no return value.
      return (await queue.getJobState(id)) === 'completed' ? queue.getJob(id) : null;
    }, `the build of revision ${revision}`);
  }

  it('builds the policy of a change, stores it with its revision and announces it to the api replicas of its deployment only', async () => {
    const accountId = await accountWithList(orm);
    const em = orm.em.fork();
    em.create(QueueSchema, {
      id: crypto.randomUUID(),
      account: accountId,
      key: 'billing',
      name: 'Billing',
      customMode: 'never',
      customAnnouncement: 'never',
    });
    await em.flush();
    const revision = await bumpPolicyRevision(orm.em.fork(), accountId);
    await build(accountId, revision);

    const job = await finished(accountId, revision);
    expect(job.returnvalue).toMatchObject({ kind: 'stored', revision });
    const stored = await loadPolicySnapshot(orm.em.fork(), accountId);
    const expected = compilePolicy(await loadPolicySettings(orm.em.fork(), accountId));
    expect(stored).toMatchObject({ revision, settingsVersion: expected.version });
    expect(decodePolicy(stored?.data as Uint8Array)).toEqual(expected);
    await waitFor(
      async () => announced.some((a) => a.accountId === accountId && a.revision === revision && a.snapshot),
      'the announcement',
    );
    expect(heardElsewhere).toEqual([]);
  });

  it('a build of a revision the stored snapshot already includes does nothing (a burst of edits costs one build)', async () => {
    const accountId = await accountWithList(orm);
    const first = await bumpPolicyRevision(orm.em.fork(), accountId);
    const second = await bumpPolicyRevision(orm.em.fork(), accountId);
    await build(accountId, second);
    expect((await finished(accountId, second)).returnvalue).toMatchObject({ kind: 'stored', revision: second });
    await build(accountId, first);
    expect((await finished(accountId, first)).returnvalue).toEqual({ kind: 'current', revision: second });
    expect(announced.filter((a) => a.accountId === accountId)).toHaveLength(1);
  });
});
