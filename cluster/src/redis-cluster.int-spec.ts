import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { createTestDatabase, type TestDatabase } from '@ccp/db/testing';
import { workerHeartbeatsKey } from '@ccp/jobs';
import { connectRedis } from '@ccp/runtime';
import { OwnRedisCluster } from '@ccp/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiMember, type Cluster, startCluster } from './cluster.js';
import { CallsClient, decisionOf } from './testing/calls-client.js';

const PASSWORD = 'redis-cluster-test-password-01';
const REDIS_PASSWORD = 'redis-cluster-test-redis-password';
/** A call any account can decide: what reads the replica's policy and says its version. */
const PROBE = { call: { kind: 'virtual-agent' }, events: [{ type: 'connected' }] };

/**
 * Two api replicas and a worker on a Redis Cluster of the test's own (3 masters, REDIS_CLUSTER_NODES):
 * BullMQ's queues, the policy announcements, the call history's stream and trails all work there.
 * The cluster is reached as a managed one is: TLS only, certificates from a private CA
 * (NODE_EXTRA_CA_CERTS), an ACL user's password, all given in REDIS_CLUSTER_NODES's first URL.
 */
describe('two api replicas and a worker on a Redis Cluster with TLS and an ACL user', () => {
  let redis: OwnRedisCluster;
  let database: TestDatabase;
  let cluster: Cluster;
  let client: CallsClient;
  const prefix = `{ccp-redis-cluster-${randomBytes(4).toString('hex')}}`;
  const trusted = getCACertificates('default');

  beforeAll(async () => {
    redis = await OwnRedisCluster.start({ username: 'ccp', password: REDIS_PASSWORD, tls: true });
    setDefaultCACertificates([...trusted, await redis.ca()]);
    database = await createTestDatabase('postgresql');
    cluster = await startCluster({
      databaseUrl: database.url,
      redisClusterNodes: redis.variable,
      queuePrefix: prefix,
      workers: 1,
      env: {
        DEMO_ADMIN_PASSWORD: PASSWORD,
        AUTH_TOKEN_SECRET: 'redis-cluster-test-secret-redis-cluster-01',
        LOG_LEVEL: 'warn',
        NODE_EXTRA_CA_CERTS: redis.caFile,
      },
    });
    client = await new CallsClient(cluster, PASSWORD).open();
  });

  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
    await redis?.stop();
    setDefaultCACertificates(trusted);
  });

  const api = (i: number) => cluster.apis[i] as ApiMember;

  it('the processes keep their keys on the cluster: the worker beats there, and the replicas see it', async () => {
    const reader = connectRedis(redis.target, 'ccp-test', { warn: () => {}, log: () => {} });
    try {
      expect(await reader.zcard(workerHeartbeatsKey(prefix))).toBe(1);
    } finally {
      reader.disconnect();
    }
    // Their banners name the cluster, never its password.
    expect(cluster.apis[0]?.output()).toContain('(TLS, user ccp, password ***)');
    for (const member of [...cluster.apis, ...cluster.workers]) expect(member.output()).not.toContain(REDIS_PASSWORD);
    for (const member of cluster.apis) {
      const ready = (await (await fetch(`${member.url}/health/ready`)).json()) as { details: Record<string, unknown> };
      expect(ready.details.worker).toMatchObject({ status: 'up', instances: 1 });
    }
  });

  async function versionOn(member: ApiMember): Promise<string> {
    const res = await client.request(member, 'POST', '/simulate', PROBE, client.admin);
    expect(res.status).toBe(200);
    return res.body.settingsVersion;
  }

  /** Milliseconds until `member` decides with `version`; fails after `withinMs`. */
  async function reaches(member: ApiMember, version: string, withinMs: number, since: number): Promise<number> {
    while ((await versionOn(member)) !== version) {
      if (performance.now() - since > withinMs) throw new Error(`${member.name} still decides with another version after ${withinMs} ms`);
      await sleep(10);
    }
    return performance.now() - since;
  }

  it('a settings change through one replica is decided with by both within a second, from the worker snapshot', async () => {
    const before = await versionOn(api(0));
    const current = await client.request(api(0), 'GET', '/recording-settings', undefined, client.admin);
    const { revision, ...settings } = current.body;
    const started = performance.now();
    const put = await client.request(
      api(0),
      'PUT',
      '/recording-settings',
      { ...settings, queueDefault: { mode: 'manual', announcement: 'never' } },
      { ...client.admin, 'if-match': `"${revision}"` },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const changed = await versionOn(api(0));
    expect(changed).not.toBe(before);
    // Within a second: announced (pub/sub), not caught up (every 5 s).
    await reaches(api(1), changed, 1_000, started);
  });

  it('an upload is imported by the worker (BullMQ on the cluster), and both replicas decide with the list', async () => {
    const before = await versionOn(api(0));
    const rows = Array.from({ length: 300 }, (_, i) => `+1212555${String(2000 + i)}`).join('\n');
    const form = new FormData();
    form.set('mode', 'add');
    form.set('file', new Blob([`Number\n${rows}\n`], { type: 'text/csv' }), 'numbers.csv');
    const res = await fetch(`${api(0).url}/api/v1/exclusions/uploads`, { method: 'POST', headers: client.admin, body: form });
    expect(res.status).toBe(202);
    const { uploadId } = (await res.json()) as { uploadId: string };
    let upload: { status: string; imported: number };
    const since = Date.now();
    do {
      await sleep(100);
      upload = (await client.request(api(1), 'GET', `/exclusions/uploads/${uploadId}`, undefined, client.admin)).body;
      if (Date.now() - since > 30_000) throw new Error(`the upload is still ${upload.status} after 30 s:\n${cluster.workers[0]?.output()}`);
    } while (upload.status === 'queued' || upload.status === 'running');
    expect(upload).toMatchObject({ status: 'done', imported: 300 });
    const imported = performance.now();
    let version = before;
    while (version === before) {
      if (performance.now() - imported > 5_000) throw new Error('api-1 still decides without the imported list after 5 s');
      await sleep(20);
      version = await versionOn(api(0));
    }
    await reaches(api(1), version, 1_000, performance.now());
  });

  it('HIS-1: a call answered by both replicas is decided as POST /simulate replays it, and kept in the history by the worker', async () => {
    const call = { kind: 'queue', customer: '(310) 555-0188', queue: 'sales', linkedAccount: true };
    const events = [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'agent', action: 'pause' }, { type: 'ended' }];
    const simulated = await client.request(api(0), 'POST', '/simulate', { call, events }, client.telephony);
    expect(simulated.status).toBe(200);
    const { callId, answers } = await client.run(call, events);
    expect(answers.map(decisionOf)).toEqual(simulated.body.steps.map(decisionOf));
    await client.waitKept('(310) 555-0188', [callId], 15_000);
  });
});
