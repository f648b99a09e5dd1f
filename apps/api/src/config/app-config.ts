import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from './env.js';

/** Key of the validated `Env` in `ConfigService`. */
export const APP_CONFIG = 'app';

type EnvClass = new (env: Env) => Env;

/** `Env`'s fields, copied onto the instance: `AppConfig` is an `Env` without listing its fields again. */
const EnvFields = class {
  constructor(env: Env) {
    Object.assign(this, env);
  }
} as EnvClass;

/** The validated configuration, typed: inject it wherever a setting is needed. */
@Injectable()
export class AppConfig extends EnvFields {
  constructor(config: ConfigService<{ [APP_CONFIG]: Env }, true>) {
    super(config.get(APP_CONFIG, { infer: true }));
  }
}
