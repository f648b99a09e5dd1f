import { NestPinoLogger } from '@ccp/runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { loadEnv, type RawEnv } from './config/env.js';
import { WorkerIdentity } from './heartbeat/worker-identity.js';
import { createLogger } from './logging/logger.js';
import { WorkerModule } from './worker.module.js';

export interface CreateWorkerOptions {
  /** Where the JSON log lines go instead of stdout: tests read the log through it. */
  readonly logStream?: DestinationStream;
}

/**
 * Starts the worker: a NestJS application context (no HTTP) whose BullMQ workers take jobs as soon as
 * it is initialised. `env` overrides `process.env`; a bad value rejects with `InvalidEnvironmentError`
 * before anything starts. Close it with `close()` (what SIGTERM does in `main.ts`).
 */
export async function createWorker(env: RawEnv = {}, options: CreateWorkerOptions = {}): Promise<INestApplicationContext> {
  const config = loadEnv(env);
  const identity = WorkerIdentity.create();
  const logger = createLogger(config.logLevel, identity.instance, options.logStream);
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, identity), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  logger.info(
    { concurrency: config.concurrency, queuePrefix: config.queuePrefix, lockDurationMs: config.lockDurationMs },
    'worker started: taking exclusion-list imports and exports, and policy snapshot builds',
  );
  return worker;
}
