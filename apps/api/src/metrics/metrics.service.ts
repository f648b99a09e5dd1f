import { MetricsRegistry } from '@ccp/runtime/nest';
import { Injectable } from '@nestjs/common';
import type { Histogram } from 'prom-client';

/**
 * The api's Prometheus registry (`MetricsRegistry`), served at `/metrics`: modules register their own
 * metrics through it (decisions by rule, active call sessions) in their constructors.
 */
@Injectable()
export class MetricsService extends MetricsRegistry {
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    super();
    this.httpDuration = this.histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
    });
  }

  /** `route` is the pattern (`/api/v1/queues/:id`), never the raw URL, so the label stays bounded. */
  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }
}
