import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@ccp/runtime/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeQueueKeys, testQueuePrefix } from './app.js';
import { beatAsWorker } from './worker-beats.js';

// `pnpm start` runs the built `dist/main.js` (turbo builds before it tests).
const MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');

function run(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

// Starting a process (migrating a fresh database, booting Nest) takes seconds when every package's tests share two cores.
describe('node dist/main.js', { timeout: 30_000 }, () => {
  let data: string;
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "pnpm build" first`);
    data = mkdtempSync(join(tmpdir(), 'ccp-api-main-'));
  });
  afterAll(() => {
    rmSync(data, { recursive: true, force: true });
  });

  it('stops at start-up on a bad variable: exit code 1 and a message naming it', async () => {
    const { child, output } = run({ PORT: 'eighty', LOG_LEVEL: 'info' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toContain('Invalid environment: PORT must be an integer from 0 to 65535 (got "eighty")');
  });

  it('listens on PORT, logs JSON, answers /health/live, is ready once a worker beats, and stops on SIGTERM', async () => {
    // Queues of this test's own on the shared Redis, and a worker heartbeat for them, removed after.
    const redis = new Redis('redis://127.0.0.1:6379');
    const queuePrefix = testQueuePrefix();
    const port = await freePort();
    const { child, output } = run({
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: join(data, 'ccp.sqlite'),
      DEMO_SEED: 'false',
      QUEUE_PREFIX: queuePrefix,
    });
    try {
      let res: Response | undefined;
      for (let attempt = 0; attempt < 100 && res === undefined && child.exitCode === null; attempt++) {
        res = await fetch(`http://127.0.0.1:${port}/health/live`, { headers: { 'x-request-id': 'boot-1' } }).catch(() => undefined);
        if (res === undefined) await sleep(100);
      }
      expect(res?.status, output()).toBe(200);
      expect(res?.headers.get('x-request-id')).toBe('boot-1');
      const listening = output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string });
      expect(listening.some((line) => line.msg?.startsWith(`Server listening at http://127.0.0.1:${port}`))).toBe(true);

      // No worker yet: degraded, still ready (api.md: missing workers never take a deciding replica out).
      const noWorker = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(noWorker.status).toBe(200);
      expect(await noWorker.json()).toMatchObject({
        status: 'degraded',
        details: { worker: { status: 'degraded', message: 'no worker heartbeat in the last 15 s' } },
      });
      await beatAsWorker(redis, queuePrefix, `main-int-spec-${randomUUID()}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status, output()).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'up', instances: 1 } },
      });
    } finally {
      await removeQueueKeys(redis, queuePrefix);
      redis.disconnect();
      // Nest closes the app (Redis included) on SIGTERM, then re-raises the signal: exit by SIGTERM, promptly.
      const exited = once(child, 'exit');
      const stopping = Date.now();
      child.kill('SIGTERM');
      const [, signal] = await exited;
      expect(signal).toBe('SIGTERM');
      expect(Date.now() - stopping).toBeLessThan(3_000);
    }
  });
});
