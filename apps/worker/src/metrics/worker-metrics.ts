import { MetricsRegistry } from '@ccp/runtime/nest';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Counter } from 'prom-client';

/**
 * The worker's Prometheus registry, served at `/metrics` on WORKER_PORT: prom-client's default
 * process metrics, jobs completed and failed by queue (every BullMQ processor's worker events), and
 * the closed calls the history's writer stored.
 */
@Injectable()
export class WorkerMetrics extends MetricsRegistry implements OnApplicationBootstrap {
  private readonly jobsCompleted: Counter<'queue'>;
  private readonly jobsFailed: Counter<'queue'>;
  private readonly historyCallsWritten: Counter;

  constructor(private readonly discovery: DiscoveryService) {
    super();
    this.jobsCompleted = this.counter({
      name: 'ccp_worker_jobs_completed_total',
      help: 'Jobs this worker completed, by queue',
      labelNames: ['queue'],
    });
    this.jobsFailed = this.counter({
      name: 'ccp_worker_jobs_failed_total',
      help: 'Job attempts that failed in this worker, by queue (each retried attempt counts)',
      labelNames: ['queue'],
    });
    this.historyCallsWritten = this.counter({
      name: 'ccp_worker_history_calls_written_total',
      help: 'Closed calls the history writer stored in the database (HIS-1)',
    });
  }

  /** The BullMQ workers exist once Nest's modules are initialised (`@nestjs/bullmq` creates them then). */
  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (!(instance instanceof WorkerHost)) continue;
      const worker = instance.worker;
      // Known before any job ends, so a scrape shows every queue at 0 rather than no series.
      this.jobsCompleted.inc({ queue: worker.name }, 0);
      this.jobsFailed.inc({ queue: worker.name }, 0);
      worker.on('completed', () => this.jobsCompleted.inc({ queue: worker.name }));
      worker.on('failed', () => this.jobsFailed.inc({ queue: worker.name }));
    }
  }

  historyCallsStored(count: number): void {
    this.historyCallsWritten.inc(count);
  }
}
