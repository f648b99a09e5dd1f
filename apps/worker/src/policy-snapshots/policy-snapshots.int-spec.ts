import { bumpPolicyRevision, loadPolicySettings, loadPolicySnapshot, QueueSchema } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import {
  type PolicyAnnouncement,
  parsePolicyAnnouncement,
  policyChangesChannel,
  policySnapshotJobId,
  policySnapshotJobOptions,
  QUEUES,
} from '@ccp/jobs';
import { compilePolicy, decodePolicy } from '@ccp/policy-core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithList } from '../../test/accounts.js';
import { REDIS_URL, testPrefix, waitFor } from '../../test/queues.js';
import { workerTestbed } from '../../test/worker-testbed.js';

describe.each(TEST_DRIVERS)('the worker builds policy snapshots on %s', (driver) => {
  const bed = workerTestbed(driver, QUEUES.policySnapshots);
  let subscriber: Redis;
  const announced: PolicyAnnouncement[] = [];
  /** What another deployment on the same Redis (its own QUEUE_PREFIX) heard: nothing, ever. */
  const heardElsewhere: string[] = [];
  let elsewhere: Redis;

  beforeAll(async () => {
    subscriber = new Redis(REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) => {
      const announcement = parsePolicyAnnouncement(message);
      if (announcement) announced.push(announcement);
    });
    await subscriber.subscribe(policyChangesChannel(bed.prefix));
    elsewhere = new Redis(REDIS_URL);
    elsewhere.on('message', (_channel: string, message: string) => heardElsewhere.push(message));
    await elsewhere.subscribe(policyChangesChannel(testPrefix()));
    await bed.start();
  });

  afterAll(() => {
    subscriber?.disconnect();
    elsewhere?.disconnect();
  });

  const build = (accountId: string, revision: number) =>
    bed.queue.add('build', { accountId, revision }, policySnapshotJobOptions(accountId, revision));

  async function finished(accountId: string, revision: number) {
    return waitFor(async () => {
      const id = policySnapshotJobId(accountId, revision);
      // Read again once completed: a job read before carries no return value.
      return (await bed.queue.getJobState(id)) === 'completed' ? bed.queue.getJob(id) : null;
    }, `the build of revision ${revision}`);
  }

  it('builds the policy of a change, stores it with its revision and announces it to the api replicas of its deployment only', async () => {
    const accountId = await accountWithList(bed.orm);
    const em = bed.em();
    em.create(QueueSchema, {
      id: crypto.randomUUID(),
      account: accountId,
      key: 'billing',
      name: 'Billing',
      customMode: 'never',
      customAnnouncement: 'never',
    });
    await em.flush();
    const revision = await bumpPolicyRevision(bed.em(), accountId);
    await build(accountId, revision);

    const job = await finished(accountId, revision);
    expect(job.returnvalue).toMatchObject({ kind: 'stored', revision });
    const stored = await loadPolicySnapshot(bed.em(), accountId);
    const expected = compilePolicy(await loadPolicySettings(bed.em(), accountId));
    expect(stored).toMatchObject({ revision, settingsVersion: expected.version });
    expect(decodePolicy(stored?.data as Uint8Array)).toEqual(expected);
    await waitFor(
      async () => announced.some((a) => a.accountId === accountId && a.revision === revision && a.snapshot),
      'the announcement',
    );
    expect(heardElsewhere).toEqual([]);
  });

  it('a build of a revision the stored snapshot already includes does nothing (a burst of edits costs one build)', async () => {
    const accountId = await accountWithList(bed.orm);
    const first = await bumpPolicyRevision(bed.em(), accountId);
    const second = await bumpPolicyRevision(bed.em(), accountId);
    await build(accountId, second);
    expect((await finished(accountId, second)).returnvalue).toMatchObject({ kind: 'stored', revision: second });
    await build(accountId, first);
    expect((await finished(accountId, first)).returnvalue).toEqual({ kind: 'current', revision: second });
    expect(announced.filter((a) => a.accountId === accountId)).toHaveLength(1);
  });
});
