import { QUEUES } from '@ccp/jobs';
import { RedisClient } from '@ccp/runtime';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, testQueuePrefix } from '../../test/app.js';
import { beatAsWorker, stopBeating } from '../../test/worker-beats.js';
import { JobQueues } from './job-queues.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('GET /metrics shows the job queues', () => {
  const prefix = testQueuePrefix();
  let app: NestFastifyApplication;
  let queue: Queue;
  let worker: Worker | undefined;

  beforeAll(async () => {
    app = await startApp({ QUEUE_PREFIX: prefix });
    queue = app.get(JobQueues).get(QUEUES.exclusionImports);
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true });
    await app?.close();
  });

  const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const depth = (text: string, state: string) => sample(text, `ccp_queue_jobs{queue="${QUEUES.exclusionImports}",state="${state}"}`);

  it('queue depth by queue and state, for every queue, read at the scrape', async () => {
    const empty = await scrape();
    expect(empty).toContain('# TYPE ccp_queue_jobs gauge');
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(depth(empty, state)).toBe(0);

    await queue.add('ok', {});
    await queue.add('bad', {});
    await queue.add('later', {}, { delay: 60_000 });
    const queued = await scrape();
    expect([depth(queued, 'waiting'), depth(queued, 'delayed'), depth(queued, 'active'), depth(queued, 'failed')]).toEqual([2, 1, 0, 0]);
  });

  it('workers alive: the heartbeats in Redis of this QUEUE_PREFIX, counted at the scrape', async () => {
    expect(sample(await scrape(), 'ccp_workers_alive')).toBe(0);
    const redis = app.get<RedisClient>(RedisClient);
    for (const instance of ['w-1', 'w-2']) await beatAsWorker(redis, prefix, instance);
    try {
      expect(sample(await scrape(), 'ccp_workers_alive')).toBe(2);
    } finally {
      for (const instance of ['w-1', 'w-2']) await stopBeating(redis, prefix, instance);
    }
  });

  it('job durations (histogram) and jobs that failed for good (counter), as jobs finish', async () => {
    const before = await scrape();
    expect(sample(before, `ccp_job_failures_total{queue="${QUEUES.exclusionImports}"}`)).toBe(0);

    // A worker of the test's own on the test's queue prefix (the real worker is tested in apps/worker).
    worker = new Worker(
      QUEUES.exclusionImports,
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 120));
        if (job.name === 'bad') throw new Error('not a spreadsheet');
      },
      { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix },
    );
    let text = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      text = await scrape();
      const observed = ['completed', 'failed'].map((outcome) =>
        sample(text, `ccp_job_duration_seconds_count{queue="${QUEUES.exclusionImports}",outcome="${outcome}"}`),
      );
      if (observed.every((count) => count === 1)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sample(text, `ccp_job_failures_total{queue="${QUEUES.exclusionImports}"}`)).toBe(1);
    expect(text).toContain('# TYPE ccp_job_duration_seconds histogram');
    // 120 ms of work: not in the 0.1 s bucket, in the 0.25 s one.
    const bucket = (le: string) =>
      sample(text, `ccp_job_duration_seconds_bucket{le="${le}",queue="${QUEUES.exclusionImports}",outcome="completed"}`);
    expect([bucket('0.1'), bucket('0.25')]).toEqual([0, 1]);
    expect([depth(text, 'waiting'), depth(text, 'failed'), depth(text, 'delayed')]).toEqual([0, 1, 1]);
  });
});
