import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
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
 * The process's Prometheus registry, served at `/metrics`. Modules register their own metrics through
 * it (decisions by rule, active call sessions) in their constructors, e.g.
 * `this.decisions = metrics.counter({ name: 'ccp_decisions_total', help: '…', labelNames: ['rule'] })`.
 * One registry per app, not prom-client's global one, so tests can start several apps in one process.
 */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = this.histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
    });
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

  /** `route` is the pattern (`/api/v1/queues/:id`), never the raw URL, so the label stays bounded. */
  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
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
