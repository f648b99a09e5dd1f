import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CreateAppOptions, createApp } from '../src/app.factory.js';
import type { RawEnv } from '../src/config/env.js';

/** `createApp()`, initialised and ready for `app.inject()`; close it in `afterAll`. */
export async function startApp(env: RawEnv = {}, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await createApp(env, options);
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
