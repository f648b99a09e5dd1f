import { findKeptCall, holdCall, keepCalls } from '@ccp/db';
import { sampleCall } from '@ccp/db/testing/history';
import { HISTORY_MAINTENANCE_SCHEDULER, QUEUES } from '@ccp/jobs';
import { describe, expect, it } from 'vitest';
import { accountWithList } from '../../test/accounts.js';
import { waitFor } from '../../test/queues.js';
import { workerTestbed } from '../../test/worker-testbed.js';

const DAY_MS = 86_400_000;

/** HIS-4 as the worker runs it: the history's upkeep is a repeatable BullMQ job that every worker schedules once. */
describe('the call history upkeep job on PostgreSQL', () => {
  const bed = workerTestbed('postgresql', QUEUES.historyMaintenance);

  const partitions = async () =>
    (
      await bed
        .em()
        .getConnection()
        .execute<Array<{ name: string }>>(
          "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'kept_calls'",
        )
    ).map((row) => row.name);

  it('HIS-4: scheduled at start, it makes the partitions ahead and deletes the calls past their retention as whole partitions, held calls kept', async () => {
    const accountId = await accountWithList(bed.orm);
    // Two calls that started 500 days ago, written then (their retention of 400 days is over now); one of them held.
    const longAgo = new Date(Date.now() - 500 * DAY_MS);
    const written = new Date(longAgo.getTime() + DAY_MS);
    const calls = ['old-1', 'old-held'].map((callId) => sampleCall({ accountId, callId, startedAt: longAgo }));
    expect(await keepCalls(bed.em(), calls, written)).toMatchObject({ kept: 2 });
    expect(
      await holdCall(bed.em(), accountId, 'old-held', { reason: 'Case 7', by: 'legal@demo.test', at: written }, written),
    ).not.toBeNull();
    const before = await partitions();

    await bed.start({ LOG_LEVEL: 'silent' });
    const schedulers = await bed.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(HISTORY_MAINTENANCE_SCHEDULER);
    const job = await waitFor(async () => (await bed.queue.getCompleted()).at(0), 'the first upkeep job');
    expect(job.returnvalue).toMatchObject({ partitionsDropped: 1 });
    expect(job.returnvalue.partitionsCreated).toBeGreaterThan(50);

    const after = await partitions();
    expect(after.length).toBeGreaterThan(before.length);
    expect(await findKeptCall(bed.em(), accountId, 'old-1')).toBeNull();
    expect((await findKeptCall(bed.em(), accountId, 'old-held'))?.hold?.reason).toBe('Case 7');
  });
});
