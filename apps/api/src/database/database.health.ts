import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Database } from './database.js';

const QUERY_TIMEOUT_MS = 1_000;

/** Readiness of the database: up when a trivial query answers in time. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly database: Database,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy<const Key extends string>(key: Key) {
    return this.health
      .check(key)
      .attempt(async () => {
        await this.database.em().getConnection().execute('select 1');
      })
      .withTimeout(QUERY_TIMEOUT_MS);
  }
}
