import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountSchema, bumpPolicyRevision, loadPolicySnapshot, type Orm, openDatabase, RecordingSettingsSchema } from '@ccp/db';
import { createTestDatabase, type TestDatabase } from '@ccp/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiMember, apiUp, type Cluster, freePort, startCluster } from './cluster.js';
import { startHaproxy } from './haproxy.js';

const PASSWORD = 'cluster-test-password-0123';
/** A call any account can decide: what reads the replica's policy and says its version. */
const PROBE = { call: { kind: 'virtual-agent' }, events: [{ type: 'connected' }] };

describe('two api replicas and two workers on PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let orm: Orm;
  let cluster: Cluster;
  let token: string;
  let accountId: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    cluster = await startCluster({
      databaseUrl: database.url,
      queuePrefix: `{ccp-cluster-${randomBytes(4).toString('hex')}}`,
      env: { DEMO_ADMIN_PASSWORD: PASSWORD, AUTH_TOKEN_SECRET: 'cluster-test-secret-cluster-test-secret-01', LOG_LEVEL: 'warn' },
    });
    orm = await openDatabase(database.url);
    accountId = (await orm.em.fork().findOneOrFail(AccountSchema, { slug: 'demo' })).id;
    const login = await call(first(), 'POST', '/auth/login', { email: 'admin@demo.test', password: PASSWORD });
    token = `Bearer ${login.body.token}`;
  });

  afterAll(async () => {
    await cluster?.stop();
    await orm?.close();
    await database?.drop();
  });

  const first = () => cluster.apis[0] as ApiMember;
  const second = () => cluster.apis[1] as ApiMember;

  async function call(api: ApiMember, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${api.url}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: token } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function versionOn(api: ApiMember): Promise<string> {
    const res = await call(api, 'POST', '/simulate', PROBE);
    expect(res.status).toBe(200);
    return res.body.settingsVersion;
  }

  /** Milliseconds until `api` decides with `version`; fails after `withinMs`. */
  async function reaches(api: ApiMember, version: string, withinMs: number, since = performance.now()): Promise<number> {
    while ((await versionOn(api)) !== version) {
      if (performance.now() - since > withinMs) throw new Error(`${api.name} still decides with another version after ${withinMs} ms`);
      await sleep(10);
    }
    return performance.now() - since;
  }

  it('a settings change made through one replica is decided with the same new version by both within a second, from the worker snapshot', async () => {
    const before = await versionOn(first());
    expect(await versionOn(second())).toBe(before);

    const current = await call(first(), 'GET', '/recording-settings');
    const { revision, ...settings } = current.body;
    const started = performance.now();
    const put = await call(
      first(),
      'PUT',
      '/recording-settings',
      { ...settings, queueDefault: { mode: 'manual', announcement: 'never' } },
      {
        'if-match': `"${revision}"`,
      },
    );
    expect(put.status).toBe(200);

    // The replica that answered decides with the change at once; the other within a second.
    const changed = await versionOn(first());
    expect(changed).not.toBe(before);
    await reaches(second(), changed, 1_000, started);
    const snapshot = await loadPolicySnapshot(orm.em.fork(), accountId);
    expect(snapshot?.settingsVersion).toBe(changed);
  });

  it('an exclusion added through the other replica reaches both', async () => {
    const before = await versionOn(first());
    const started = performance.now();
    const added = await call(second(), 'POST', '/exclusions', { entry: '(415) 555-0142' });
    expect(added.status).toBe(201);
    const changed = await versionOn(second());
    expect(changed).not.toBe(before);
    await reaches(first(), changed, 1_000, started);
  });

  it('a change that nobody announced (message and job both lost) reaches both replicas by catching up', async () => {
    const before = await versionOn(first());
    await orm.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(RecordingSettingsSchema, { account: accountId }, { queueMode: 'never', queueAnnouncement: 'never' });
      await bumpPolicyRevision(tx, accountId);
    });
    // Two catch-up rounds at most: the first queues the build, the worker announces it (or the second compiles).
    const started = performance.now();
    let changed = before;
    while (changed === before) {
      if (performance.now() - started > 12_000) throw new Error('the replicas did not catch up in 12 s');
      await sleep(50);
      changed = await versionOn(first());
    }
    expect(changed).not.toBe(before);
    await reaches(second(), changed, 12_000, started);
  });

  it('an upload is imported once although two workers compete for it', async () => {
    const before = await versionOn(first());
    const form = new FormData();
    const rows = Array.from({ length: 500 }, (_, i) => `+1212555${String(1000 + i)}`).join('\n');
    form.set('mode', 'add');
    form.set('file', new Blob([`Number\n${rows}\n`], { type: 'text/csv' }), 'numbers.csv');
    const res = await fetch(`${first().url}/api/v1/exclusions/uploads`, { method: 'POST', headers: { authorization: token }, body: form });
    expect(res.status).toBe(202);
    const { uploadId } = (await res.json()) as { uploadId: string };
    let upload: { status: string; imported: number; duplicates: number };
    do {
      await sleep(100);
      upload = (await call(second(), 'GET', `/exclusions/uploads/${uploadId}`)).body;
    } while (upload.status === 'queued' || upload.status === 'running');
    expect(upload).toMatchObject({ status: 'done', imported: 500, duplicates: 0 });
    // Both replicas decide with the imported list (the import's revision, built by a worker).
    const imported = performance.now();
    let version = before;
    while (version === before) {
      if (performance.now() - imported > 5_000) throw new Error('api-1 still decides without the imported list after 5 s');
      await sleep(20);
      version = await versionOn(first());
    }
    await reaches(second(), version, 1_000);
  });

  it('the events of one call, sent to both replicas in turn, are decided as one call', async () => {
    const { body: key } = await call(first(), 'POST', '/api-keys', { name: 'telephony' });
    const telephony = { authorization: `Bearer ${key.key}` };
    const callId = `alternating-${Date.now()}`;
    // A call to Alice's direct line: the individual defaults (Automatically record), which no other test changes.
    const send = (api: ApiMember, event: object) => call(api, 'POST', `/calls/${callId}/events`, { event }, telephony);
    expect(
      (await call(first(), 'POST', '/calls', { callId, call: { kind: 'direct', employee: 'alice', customer: '+14085550111' } }, telephony))
        .status,
    ).toBe(201);
    expect((await send(second(), { type: 'connected' })).body).toMatchObject({ recording: 'off' });
    const answered = await send(first(), { type: 'answered', employee: 'alice' });
    expect(answered.body.recording, JSON.stringify(answered.body)).toBe('on');
    // Each replica sees what the other did: a pause on one, a resume on the other.
    expect((await send(second(), { type: 'agent', action: 'pause' })).body).toMatchObject({ recording: 'paused', rejected: null });
    expect((await send(first(), { type: 'agent', action: 'resume' })).body).toMatchObject({ recording: 'on', rejected: null });
    const [onFirst, onSecond] = await Promise.all([
      call(first(), 'GET', `/calls/${callId}`, undefined, telephony),
      call(second(), 'GET', `/calls/${callId}`, undefined, telephony),
    ]);
    expect(onFirst.body).toEqual(onSecond.body);
  });

  it('behind HAProxy (the deployed configuration), requests reach both replicas, bodies included, and none fails while a replica is killed', async () => {
    const balancer = await startHaproxy(
      cluster.apis.map((api) => api.url),
      await freePort(),
    );
    try {
      const liveCount = async (api: ApiMember) => {
        const metrics = await (await fetch(`${api.url}/metrics`)).text();
        const line = metrics
          .split('\n')
          .find((l) => l.startsWith('http_request_duration_seconds_count') && l.includes('route="/health/live"'));
        return Number(line?.split(' ').pop() ?? 0);
      };
      const before = await Promise.all(cluster.apis.map(liveCount));
      for (let i = 0; i < 40; i++) expect((await fetch(`${balancer.url}/health/live`)).status).toBe(200);
      const after = await Promise.all(cluster.apis.map(liveCount));
      expect(after[0]).toBeGreaterThan(before[0] ?? 0);
      expect(after[1]).toBeGreaterThan(before[1] ?? 0);
      // A body goes through too: a decision made through the balancer.
      const simulated = await fetch(`${balancer.url}/api/v1/simulate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify(PROBE),
      });
      expect(simulated.status).toBe(200);
      expect((await simulated.json()).settingsVersion).toBe(await versionOn(first()));

      // A replica dies: what could not reach it goes to the other one, before any health check noticed.
      const [, dying] = cluster.apis;
      await dying?.kill();
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await fetch(`${balancer.url}/health/live`)).status);
      expect(statuses).toEqual(Array(40).fill(200));
      dying?.start();
      if (dying) await apiUp(dying);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- haproxy:\n${balancer.output()}`);
    } finally {
      await balancer.close();
    }
  });
});
