import type { OnApplicationShutdown } from '@nestjs/common';
import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

type Config<C> = Omit<C, 'registers'>;

/**
 * A process's Prometheus registry, served at `/metrics`, with prom-client's default process metrics:
 * the api's `MetricsService` and the worker's `WorkerMetrics` add their own through it, e.g.
 * `this.decisions = metrics.counter({ name: 'ccp_decisions_total', help: '…', labelNames: ['rule'] })`.
 * One registry per process, not prom-client's global one, so tests can start several in one process.
 */
export class MetricsRegistry implements OnApplicationShutdown {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Config<CounterConfiguration<L>>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Config<GaugeConfiguration<L>>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Config<HistogramConfiguration<L>>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  onApplicationShutdown(): void {
    this.registry.clear();
  }
}
