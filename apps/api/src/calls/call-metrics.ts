import type { RuleId } from '@ccp/policy-core';
import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service.js';
import { CallSessionsRepository } from './call-sessions.repository.js';

/** The live call metrics: decisions by rule, and the call sessions in Redis that have not ended or expired. */
@Injectable()
export class CallMetrics {
  private readonly decisions: Counter<'rule'>;
  /** One child per rule, so counting a decision does not hash labels on the hot path. */
  private readonly byRule = new Map<RuleId, Counter.Internal>();

  constructor(metrics: MetricsService, sessions: CallSessionsRepository) {
    this.decisions = metrics.counter({
      name: 'ccp_decisions_total',
      help: 'Live call decisions, by rule: one increment for each rule in the trace of each event decided',
      labelNames: ['rule'],
    });
    metrics.gauge({
      name: 'ccp_call_sessions_active',
      help: 'Call sessions started and neither ended nor expired (all accounts, all instances), counted in Redis at scrape time',
      async collect() {
        // Redis down: NaN (unknown), rather than a stale count or a failed scrape.
        this.set(await sessions.countActive().catch(() => Number.NaN));
      },
    });
  }

  decided(rules: readonly RuleId[]): void {
    for (const rule of rules) {
      let counter = this.byRule.get(rule);
      if (!counter) {
        counter = this.decisions.labels(rule);
        this.byRule.set(rule, counter);
      }
      counter.inc();
    }
  }
}
