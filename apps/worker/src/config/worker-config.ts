import type { RedisTarget } from '@ccp/runtime';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env, LogLevel } from './env.js';

/** Key of the validated `Env` in `ConfigService`. */
export const WORKER_CONFIG = 'worker';

/** The validated configuration, typed: inject it wherever a setting is needed. */
@Injectable()
export class WorkerConfig implements Env {
  readonly databaseUrl: string;
  readonly redis: RedisTarget;
  readonly logLevel: LogLevel;
  readonly concurrency: number;
  readonly importMemoryBytes: number;
  readonly queuePrefix: string;
  readonly lockDurationMs: number;
  readonly shutdownGraceMs: number;
  readonly niceness: number;
  readonly databaseShare: number;
  readonly historyBatchSize: number;
  readonly historyLingerMs: number;
  readonly workerPort: number;
  readonly workerHost: string;
  readonly migrateOnStart: boolean;
  readonly metricsToken: string | undefined;

  constructor(config: ConfigService<{ [WORKER_CONFIG]: Env }, true>) {
    const env = config.get(WORKER_CONFIG, { infer: true });
    this.databaseUrl = env.databaseUrl;
    this.redis = env.redis;
    this.logLevel = env.logLevel;
    this.concurrency = env.concurrency;
    this.importMemoryBytes = env.importMemoryBytes;
    this.queuePrefix = env.queuePrefix;
    this.lockDurationMs = env.lockDurationMs;
    this.shutdownGraceMs = env.shutdownGraceMs;
    this.niceness = env.niceness;
    this.databaseShare = env.databaseShare;
    this.historyBatchSize = env.historyBatchSize;
    this.historyLingerMs = env.historyLingerMs;
    this.workerPort = env.workerPort;
    this.workerHost = env.workerHost;
    this.migrateOnStart = env.migrateOnStart;
    this.metricsToken = env.metricsToken;
  }
}
