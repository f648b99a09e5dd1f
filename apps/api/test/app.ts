import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CreateAppOptions, createApp } from '../src/app.factory.js';
import type { RawEnv } from '../src/config/env.js';

/**
 * `createApp()`, initialised and ready for `app.inject()`; close it in `afterAll`. Unless the test says
 * otherwise, the app gets a fresh SQLite file of its own and no demo tenant.
 */
export async function startApp(env: RawEnv = {}, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const defaults = { DATABASE_URL: `sqlite:${join(tmpdir(), `ccp-api-${randomUUID()}.sqlite`)}`, DEMO_SEED: 'false' };
  const app = await createApp({ ...defaults, ...env }, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Collects the JSON log lines an app writes (`CreateAppOptions.logStream`). */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
}
