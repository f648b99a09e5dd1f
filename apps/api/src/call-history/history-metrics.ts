import { closedCallsStreamKey } from '@ccp/jobs';
import { RedisClient } from '@ccp/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';

/**
 * How far behind the call history is (HIS-1: a call is in the database within 10 s of its end), read
 * from the closed-calls stream at scrape time: writers delete each message once its call is written,
 * so the stream holds exactly the closed calls not yet in the database, oldest first.
 */
@Injectable()
export class HistoryMetrics {
  constructor(metrics: MetricsService, @Inject(RedisClient) redis: RedisClient, config: AppConfig) {
    const stream = closedCallsStreamKey(config.queuePrefix);
    metrics.gauge({
      name: 'ccp_history_waiting_calls',
      help: 'Closed calls announced to the history writers and not yet written to the database',
      async collect() {
        this.set(await redis.xlen(stream).catch(() => Number.NaN));
      },
    });
    metrics.gauge({
      name: 'ccp_history_lag_seconds',
      help: 'How long the oldest closed call not yet written to the database has waited (0: none waits)',
      async collect() {
        const oldest = await redis.xrange(stream, '-', '+', 'COUNT', 1).catch(() => null);
        if (oldest === null) return this.set(Number.NaN);
        const id = oldest[0]?.[0];
        this.set(id === undefined ? 0 : Math.max(0, (Date.now() - Number(id.split('-')[0])) / 1000));
      },
    });
  }
}
