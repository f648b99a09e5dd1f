import { configurationOf } from '@ccp/runtime';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from './env.js';

/** Key of the validated `Env` in `ConfigService`. */
export const APP_CONFIG = 'app';

/** The validated configuration, typed: inject it wherever a setting is needed. */
@Injectable()
export class AppConfig extends configurationOf<Env>() {
  constructor(config: ConfigService<{ [APP_CONFIG]: Env }, true>) {
    super(config.get(APP_CONFIG, { infer: true }));
  }
}
