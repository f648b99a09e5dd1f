/**
 * `pnpm start` (scripts/start.mjs) as an operator runs it: the API and its worker on SQLite and Redis.
 * A worker that dies is started again while the API goes on deciding calls (issue 13, defect 7).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@ccp/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cluster.js';

const START = join(ROOT, 'scripts/start.mjs');
const PASSWORD = 'start-test-password-0123';

/** The processes `pid` started, with their command lines. */
function childrenOf(pid: number): Array<{ pid: number; command: string }> {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((child) => ({ pid: Number(child), command: readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ') }));
  } catch {
    return [];
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('pnpm start', () => {
  let start: ChildProcess;
  let origin: string;
  const folder = mkdtempSync(join(tmpdir(), 'ccp-start-'));
  const output: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    start = spawn(process.execPath, [START], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: join(folder, 'ccp.sqlite'),
        QUEUE_PREFIX: `{ccp-start-${port}}`,
        DEMO_ADMIN_PASSWORD: PASSWORD,
        AUTH_TOKEN_SECRET: 'start-test-secret-start-test-secret-0123',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk) => output.push(String(chunk)));
    start.stderr?.on('data', (chunk) => output.push(String(chunk)));
  });

  afterAll(async () => {
    if (start.exitCode === null) {
      start.kill('SIGTERM');
      await once(start, 'exit');
    }
    rmSync(folder, { recursive: true, force: true });
  });

  const worker = () => childrenOf(start.pid as number).find((child) => child.command.includes('apps/worker/dist/main.js'));
  const api = () => childrenOf(start.pid as number).find((child) => child.command.includes('apps/api/dist/main.js'));

  it('a worker killed is started again with backoff, while the API goes on deciding calls', async () => {
    const killed = await until('the worker', worker);
    const apiPid = (await until('the api', api)).pid;
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${origin}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'telephony' }),
    });
    const { key } = (await created.json()) as { key: string };

    process.kill(killed.pid, 'SIGKILL');
    // Decisions go on while no worker runs, and until the new one is up.
    let call = 0;
    const restarted = await until('a new worker', async () => {
      const res = await fetch(`${origin}/api/v1/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ callId: `during-restart-${call++}`, call: { kind: 'virtual-agent' } }),
      });
      expect(res.status, await res.text()).toBe(201);
      const next = worker();
      return next && next.pid !== killed.pid ? next : undefined;
    });
    expect(call).toBeGreaterThan(1);
    expect(restarted.pid).not.toBe(killed.pid);
    expect(api()?.pid).toBe(apiPid);
    expect(start.exitCode).toBeNull();
    expect(output.join('')).toContain('worker stopped (SIGKILL); the API goes on; starting a worker again in 1 s');
  });
});
