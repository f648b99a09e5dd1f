import { configurationOf } from '@ccp/runtime';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from './env.js';

/** Key of the validated `Env` in `ConfigService`. */
export const WORKER_CONFIG = 'worker';

/** The validated configuration, typed: inject it wherever a setting is needed. */
@Injectable()
export class WorkerConfig extends configurationOf<Env>() {
  constructor(config: ConfigService<{ [WORKER_CONFIG]: Env }, true>) {
    super(config.get(WORKER_CONFIG, { infer: true }));
  }
}
