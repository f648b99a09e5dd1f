import { execFile as execFileCallback } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The deployment as an operations team runs it (issue 13, "Deploy"): the image built from the
 * Containerfile with podman, compose.yaml started by podman-compose (PostgreSQL, Redis, the one-shot
 * migrate, two apis, two workers, HAProxy), then used through HAProxy while an api container and a
 * worker container are killed. The services' images come from Debian's packages (deploy/images), on
 * the base CCP_BASE_IMAGE (`.ci/run` makes localhost/debian:bookworm with mmdebstrap).
 */
const execFile = promisify(execFileCallback);
const ROOT = join(import.meta.dirname, '../..');
const BASE = process.env.CCP_BASE_IMAGE ?? 'localhost/debian:bookworm';
const PROJECT = `ccpdeploy${randomBytes(3).toString('hex')}`;
const TAG = `localhost/ccp:${PROJECT}`;
const PASSWORD = `demo-${randomBytes(6).toString('hex')}`;
/** The host's CA bundle, for a registry behind a TLS-intercepting proxy (as here). */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

async function run(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await execFile(command, [...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout.slice(-4_000)}\n${stderr.slice(-4_000)}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const container = (service: string) => `${PROJECT}_${service}_1`;

/**
 * Kills the service's process with SIGKILL from outside, as a crash or the kernel's OOM killer would:
 * the container exits and its restart policy applies (`podman kill` would count as an operator's stop).
 */
async function crash(service: string): Promise<void> {
  const pid = (await run('podman', ['inspect', '--format', '{{.State.Pid}}', container(service)])).trim();
  // Under `init: true` the process is the child of the container's init.
  await run('pkill', ['-KILL', '-P', pid]).catch(() => run('kill', ['-KILL', pid]));
}

describe('compose.yaml on podman: the image, two apis and two workers behind HAProxy', () => {
  let base: string;
  let compose: Record<string, string>;
  let admin: Record<string, string>;
  let telephony: Record<string, string>;

  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    compose = {
      CCP_IMAGE: TAG,
      POSTGRES_IMAGE: `localhost/ccp-postgres:${PROJECT}`,
      REDIS_IMAGE: `localhost/ccp-redis:${PROJECT}`,
      HAPROXY_IMAGE: `localhost/ccp-haproxy:${PROJECT}`,
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
      METRICS_TOKEN: randomBytes(16).toString('hex'),
      DEMO_SEED: 'true',
      DEMO_ADMIN_PASSWORD: PASSWORD,
      PORT: String(port),
    };
    const secret = existsSync(CA_BUNDLE) ? ['--secret', `id=npm-ca,src=${CA_BUNDLE}`] : [];
    /** Every image of the stack is built on the same base. */
    const build = (options: string[], tag: string, source: string[]) =>
      run('podman', ['build', '--network', 'host', '--quiet', '--build-arg', `BASE=${BASE}`, ...options, '-t', tag, ...source]);
    for (const service of ['postgres', 'redis', 'haproxy']) {
      await build([], `localhost/ccp-${service}:${PROJECT}`, [`deploy/images/${service}`]);
    }
    await build(secret, TAG, ['-f', 'Containerfile', '.']);
    await run('podman-compose', ['-p', PROJECT, '-f', 'compose.yaml', 'up', '-d'], compose);

    const deadline = Date.now() + 240_000;
    for (;;) {
      const ready = await fetch(`${base}/health/ready`).catch(() => null);
      if (ready?.ok) break;
      if (Date.now() > deadline) throw new Error(`HAProxy on ${base} has no ready api after 240 s:\n${await logs()}`);
      await sleep(1_000);
    }
    const login = await request('POST', '/auth/login', { email: 'admin@demo.test', password: PASSWORD });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    admin = { authorization: `Bearer ${login.body.token as string}` };
    const key = await request('POST', '/api-keys', { name: 'telephony' }, admin);
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    telephony = { authorization: `Bearer ${key.body.key as string}` };
  }, 1_500_000);

  afterAll(async () => {
    await run('podman-compose', ['-p', PROJECT, '-f', 'compose.yaml', 'down', '-v'], compose).catch(() => undefined);
    await run('podman', ['volume', 'rm', '-f', `${PROJECT}_postgres-data`, `${PROJECT}_redis-data`]).catch(() => undefined);
    await run('podman', ['rmi', '-f', TAG, ...['postgres', 'redis', 'haproxy'].map((s) => `localhost/ccp-${s}:${PROJECT}`)]).catch(
      () => undefined,
    );
  }, 300_000);

  /** The last lines each container printed, for a failure. */
  async function logs(): Promise<string> {
    const parts: string[] = [];
    for (const service of ['migrate', 'api1', 'api2', 'worker1', 'worker2', 'haproxy']) {
      const said = await run('podman', ['logs', '--tail', '40', container(service)]).catch((error: Error) => error.message);
      parts.push(`--- ${service}:\n${said}`);
    }
    return parts.join('\n');
  }

  const CALL = { kind: 'queue', customer: '(310) 555-0177', queue: 'sales', linkedAccount: true };
  const EVENTS = [
    { type: 'connected' },
    { type: 'answered', employee: 'alice' },
    { type: 'agent', action: 'pause' },
    { type: 'agent', action: 'resume' },
    { type: 'ended' },
  ];

  /** One whole call; the decisions (recording, rules) of each step, or the first failure's status. */
  async function oneCall(): Promise<{ decisions: string[] } | { failed: number }> {
    const callId = `deploy-${randomUUID()}`;
    const started = await request('POST', '/calls', { callId, call: CALL }, telephony).catch(() => ({
      status: 0,
      body: {} as Record<string, unknown>,
    }));
    if (started.status !== 201) return { failed: started.status };
    const decisions: string[] = [];
    for (const event of EVENTS) {
      const res = await request('POST', `/calls/${callId}/events`, { event }, telephony).catch(() => ({
        status: 0,
        body: {} as Record<string, unknown>,
      }));
      if (res.status !== 200) return { failed: res.status };
      decisions.push(`${res.body.recording as string} ${JSON.stringify(res.body.rules)}`);
    }
    return { decisions };
  }

  it('serves the console and the API on one origin, with every api ready', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    // /metrics is not public: HAProxy's clients have no METRICS_TOKEN.
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
  });

  it('keeps deciding calls, the same way, while an api container and a worker container are killed; an upload finishes', async () => {
    const reference = await oneCall();
    expect(reference, JSON.stringify(reference)).toHaveProperty('decisions');
    const expected = (reference as { decisions: string[] }).decisions;

    const form = new FormData();
    const rows = Array.from({ length: 20_000 }, (_, i) => `+1415${String(2_000_000 + i)}`).join('\n');
    form.set('mode', 'add');
    form.set('file', new Blob([`Number\n${rows}\n`], { type: 'text/csv' }), 'numbers.csv');
    const uploaded = await fetch(`${base}/api/v1/exclusions/uploads`, { method: 'POST', headers: admin, body: form });
    expect(uploaded.status).toBe(202);
    const { uploadId } = (await uploaded.json()) as { uploadId: string };

    // Calls keep coming, four at a time, while the two containers are killed.
    const outcomes: { at: number; outcome: Awaited<ReturnType<typeof oneCall>> }[] = [];
    let traffic = true;
    const callers = Array.from({ length: 4 }, async () => {
      while (traffic) outcomes.push({ at: Date.now(), outcome: await oneCall() });
    });
    await sleep(2_000);
    const killedAt = Date.now();
    await crash('api1');
    await crash('worker1');
    await sleep(15_000);
    traffic = false;
    await Promise.all(callers);

    const failed = outcomes.filter(({ outcome }) => 'failed' in outcome);
    const decided = outcomes.filter(({ outcome }) => 'decisions' in outcome);
    // Never a wrong decision: every call decided was decided as the reference was.
    for (const { outcome } of decided) expect((outcome as { decisions: string[] }).decisions).toEqual(expected);
    // Decisions continued after the kill; at most the calls in flight at that moment failed.
    expect(decided.filter(({ at }) => at > killedAt + 1_000).length).toBeGreaterThan(20);
    expect(failed.length, JSON.stringify(failed.slice(0, 8))).toBeLessThanOrEqual(4);

    let upload: { status: string; imported?: number } = { status: 'queued' };
    const deadline = Date.now() + 180_000;
    while ((upload.status === 'queued' || upload.status === 'running') && Date.now() < deadline) {
      await sleep(1_000);
      upload = (await request('GET', `/exclusions/uploads/${uploadId}`, undefined, admin)).body as unknown as typeof upload;
    }
    expect(upload, await logs()).toMatchObject({ status: 'done', imported: 20_000 });
  }, 600_000);

  it('brings the crashed containers back (restart: unless-stopped), and both replicas take traffic again', async () => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const states = await Promise.all(
        ['api1', 'worker1'].map(async (service) =>
          (await run('podman', ['inspect', '--format', '{{.State.Status}}', container(service)])).trim(),
        ),
      );
      if (states.every((state) => state === 'running')) break;
      if (Date.now() > deadline) throw new Error(`not running again after 120 s: ${states.join(', ')}\n${await logs()}`);
      await sleep(1_000);
    }
    const decided = await oneCall();
    expect(decided, JSON.stringify(decided)).toHaveProperty('decisions');
  }, 180_000);
});
