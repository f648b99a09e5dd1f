import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Job, type JobType, type Queue, QueueEvents } from 'bullmq';
import type { Counter, Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { JobQueues } from './job-queues.js';
import { eventsConnection } from './redis-connections.js';
import { withTimeout } from './with-timeout.js';
import { WorkerHeartbeats } from './worker-heartbeats.js';

/** The states whose depth `/metrics` shows, by queue. */
export const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const satisfies readonly JobType[];

/** A scrape never waits longer than this for Redis: a dashboard with a gap beats a hung scrape. */
const COUNT_TIMEOUT_MS = 1_000;

/** Shutdown waits this long for the event readers to close. */
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * The queues in `/metrics`: depth by queue and state, and the workers alive (their heartbeats), read from Redis at each scrape; job durations
 * (the last attempt, picked up to finished) and jobs that failed for good, from BullMQ's event stream (`QueueEvents`).
 * Every api replica reads the same stream, so each reports every job: aggregate the job series across
 * replicas with `max`, not `sum`.
 */
@Injectable()
export class JobMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobMetrics');
  private readonly durations: Histogram<'queue' | 'outcome'>;
  private readonly failures: Counter<'queue'>;
  private readonly events: QueueEvents[] = [];

  constructor(
    private readonly queues: JobQueues,
    private readonly config: AppConfig,
    metrics: MetricsService,
    workers: WorkerHeartbeats,
  ) {
    const depthOf = (queue: Queue) => withTimeout(queue.getJobCounts(...DEPTH_STATES), COUNT_TIMEOUT_MS);
    const all = () => this.queues.all();
    metrics.gauge({
      name: 'ccp_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed), read from Redis at the scrape',
      labelNames: ['queue', 'state'],
      async collect() {
        this.reset();
        await Promise.all(
          all().map(async (queue) => {
            // Redis away: the series are absent for this scrape (the redis readiness check says why).
            const counts = await depthOf(queue).catch(() => undefined);
            for (const state of DEPTH_STATES) if (counts) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    metrics.gauge({
      name: 'ccp_workers_alive',
      help: 'Workers whose heartbeat is in Redis (each beats every 5 s, kept 15 s), counted at the scrape: what readiness checks',
      async collect() {
        // Redis away: NaN (unknown), as ccp_call_sessions_active.
        this.set(await withTimeout(workers.count(), COUNT_TIMEOUT_MS).catch(() => Number.NaN));
      },
    });
    this.durations = metrics.histogram({
      name: 'ccp_job_duration_seconds',
      help: 'How long the last attempt of a finished job ran, from being picked up to completing or failing for good, by queue',
      labelNames: ['queue', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    });
    this.failures = metrics.counter({
      name: 'ccp_job_failures_total',
      help: 'Jobs that failed for good (retries exhausted or a permanent error), by queue',
      labelNames: ['queue'],
    });
  }

  onModuleInit(): void {
    for (const queue of this.queues.all()) {
      const events = new QueueEvents(queue.name, { connection: eventsConnection(this.config.redis), prefix: this.config.queuePrefix });
      // Connection errors: JobQueues warns about the same outage already.
      events.on('error', () => {});
      events.on('completed', ({ jobId }) => void this.observe(queue, jobId, 'completed'));
      events.on('failed', ({ jobId }) => {
        this.failures.inc({ queue: queue.name });
        void this.observe(queue, jobId, 'failed');
      });
      this.events.push(events);
    }
    for (const queue of this.queues.all()) this.failures.inc({ queue: queue.name }, 0);
  }

  private async observe(queue: Queue, jobId: string, outcome: 'completed' | 'failed'): Promise<void> {
    try {
      const job = await Job.fromId(queue, jobId);
      if (job?.processedOn && job.finishedOn) {
        this.durations.observe({ queue: queue.name, outcome }, Math.max(0, job.finishedOn - job.processedOn) / 1000);
      }
    } catch (error) {
      this.logger.debug(`No duration for job ${jobId} of ${queue.name}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // While Redis is away, closing waits for an 'end' that ioredis never sends once it stopped
    // reconnecting: by then the connection is down for good, so stop waiting.
    await Promise.all(this.events.splice(0).map((events) => withTimeout(events.close(), CLOSE_TIMEOUT_MS).catch(() => {})));
  }
}
