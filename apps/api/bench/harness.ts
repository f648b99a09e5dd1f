/** Starting the built API (and a bare Fastify) in processes of their own, for the benchmarks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const API_MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');
export const PASSWORD = 'bench-password-0123';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Running {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Ready for these benchmarks: `/health/ready` answers 200 with the database up (the call benchmarks
 * start no worker: the worker check is "degraded" then, which readiness allows).
 */
async function apiReady(res: Response): Promise<boolean> {
  if (!res.ok) return false;
  const body = (await res.json().catch(() => ({}))) as { details?: Record<string, { status: string }> };
  return body.details?.database?.status === 'up';
}

type Readiness = (res: Response) => Promise<boolean>;

async function waitFor(url: string, isReady: Readiness, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    try {
      if (await isReady(await fetch(url))) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer:\n${output()}`);
}

function run(
  args: string[],
  env: Record<string, string>,
  ready: { url: (port: number) => string; is: Readiness },
  port: number,
): Promise<Running> {
  let output = '';
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return waitFor(ready.url(port), ready.is, child, () => output).then(() => ({ url: `http://127.0.0.1:${port}`, process: child, stop }));
}

/** The built API (`dist/main.js`) on a free port, with the demo tenant and a known password. */
export async function startApi(databaseUrl: string, extra: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  return run(
    ['--experimental-async-context-frame', API_MAIN],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DEMO_SEED: 'true',
      DEMO_ADMIN_PASSWORD: PASSWORD,
      AUTH_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      LOG_LEVEL: 'warn',
      ...extra,
    },
    { url: (p) => `http://127.0.0.1:${p}/health/ready`, is: apiReady },
    port,
  );
}

/** A bare Fastify with one JSON route: what the API's figures are compared with. */
export async function startBareFastify(): Promise<Running> {
  const port = await freePort();
  const source = `
    const fastify = (await import('fastify')).default({ logger: false });
    fastify.get('/ready', async () => ({ ok: true }));
    fastify.post('/echo/:id', async (request) => ({ id: request.params.id, received: request.body }));
    await fastify.listen({ port: ${port}, host: '127.0.0.1' });
  `;
  // Its /ready is a plain 200: the api's readiness body (the database up) is not what it answers.
  return run(['--input-type=module', '-e', source], {}, { url: (p) => `http://127.0.0.1:${p}/ready`, is: async (res) => res.ok }, port);
}

export async function json<T>(url: string, init: RequestInit & { body?: string } = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Logs in as the demo admin and makes an API key, as the telephony side would use. */
export async function apiKeyFor(api: Running): Promise<string> {
  const { token } = await json<{ token: string }>(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
  });
  const { key } = await json<{ key: string }>(`${api.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: 'bench' }),
  });
  return `Bearer ${key}`;
}
