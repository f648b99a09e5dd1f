import type { RedisTarget } from '@ccp/runtime';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env, LogLevel } from './env.js';

/** Key of the validated `Env` in `ConfigService`. */
export const APP_CONFIG = 'app';

/** The validated configuration, typed: inject it wherever a setting is needed. */
@Injectable()
export class AppConfig implements Env {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly redis: RedisTarget;
  readonly demoSeed: boolean;
  readonly demoAdminPassword: string | undefined;
  readonly logLevel: LogLevel;
  readonly authTokenSecret: string | undefined;
  readonly queuePrefix: string;
  readonly consoleDir: string | null;
  readonly trustProxy: readonly string[];
  readonly metricsToken: string | undefined;
  readonly callSessionTtlMs: number;
  readonly migrateOnStart: boolean;

  constructor(config: ConfigService<{ [APP_CONFIG]: Env }, true>) {
    const env = config.get(APP_CONFIG, { infer: true });
    this.port = env.port;
    this.host = env.host;
    this.databaseUrl = env.databaseUrl;
    this.redis = env.redis;
    this.demoSeed = env.demoSeed;
    this.demoAdminPassword = env.demoAdminPassword;
    this.logLevel = env.logLevel;
    this.authTokenSecret = env.authTokenSecret;
    this.queuePrefix = env.queuePrefix;
    this.consoleDir = env.consoleDir;
    this.trustProxy = env.trustProxy;
    this.metricsToken = env.metricsToken;
    this.callSessionTtlMs = env.callSessionTtlMs;
    this.migrateOnStart = env.migrateOnStart;
  }
}
