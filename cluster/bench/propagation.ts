/**
 * Propagation: the time from a settings change (the PUT sent to one replica) to both api replicas
 * deciding with the new version, through the worker's snapshot, with two apis and two workers on
 * PostgreSQL. Prints one JSON line per exclusion-list size. Target: p99 ≤ 1 s.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountSchema, activeExclusionListId, bumpPolicyRevision, openDatabase } from '@ccp/db';
import { createTestDatabase } from '@ccp/db/testing';
import { type ApiMember, startCluster } from '../src/cluster.js';

const PASSWORD = 'bench-password-0123';
const CHANGES = Number(process.env.PROPAGATION_CHANGES ?? 40);
const LIST_SIZES = (process.env.PROPAGATION_LIST_SIZES ?? '0,1000000').split(',').map(Number);
const PROBE = JSON.stringify({ call: { kind: 'virtual-agent' }, events: [{ type: 'connected' }] });

async function fillList(databaseUrl: string, size: number): Promise<void> {
  if (size === 0) return;
  const orm = await openDatabase(databaseUrl);
  try {
    const em = orm.em.fork();
    const account = await em.findOneOrFail(AccountSchema, { slug: 'demo' });
    const list = await activeExclusionListId(em, account.id);
    const now = new Date().toISOString();
    for (let start = 0; start < size; start += 10_000) {
      const values = [];
      for (let i = start; i < Math.min(size, start + 10_000); i++) {
        values.push(`('${account.id}', '${list}', '+1${212 + (i % 7) * 101}${String(2_000_000 + i).padStart(7, '0')}', '${now}', 'bench')`);
      }
      await em.execute(
        `insert into exclusion_entries (account_id, list_id, entry, added_at, added_by) values ${values.join(',')} on conflict do nothing`,
      );
    }
    await bumpPolicyRevision(em, account.id, { exclusions: true });
  } finally {
    await orm.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(listSize: number): Promise<void> {
  const database = await createTestDatabase('postgresql');
  const cluster = await startCluster({
    databaseUrl: database.url,
    queuePrefix: `{ccp-bench-${randomBytes(4).toString('hex')}}`,
    env: { DEMO_ADMIN_PASSWORD: PASSWORD, AUTH_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'warn' },
  });
  try {
    await fillList(database.url, listSize);
    const [a, b] = cluster.apis as [ApiMember, ApiMember];
    const login = await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: PASSWORD }),
    });
    const auth = `Bearer ${((await login.json()) as { token: string }).token}`;
    const headers = { authorization: auth, 'content-type': 'application/json' };
    const versionOn = async (api: ApiMember) =>
      ((await (await fetch(`${api.url}/api/v1/simulate`, { method: 'POST', headers, body: PROBE })).json()) as { settingsVersion: string })
        .settingsVersion;
    const reaches = async (api: ApiMember, version: string, since: number) => {
      while ((await versionOn(api)) !== version) {
        if (performance.now() - since > 30_000) throw new Error(`${api.name} never reached ${version}`);
        await sleep(5);
      }
      return performance.now() - since;
    };
    // Both replicas hold the account (the list loaded) before the first change.
    const initial = await versionOn(a);
    await reaches(b, initial, performance.now());

    const times: number[] = [];
    // Two changes unmeasured first: the list's first snapshot is being built while the replicas load it.
    for (let i = -2; i < CHANGES; i++) {
      const via = i % 2 === 0 ? a : b;
      const current = (await (await fetch(`${via.url}/api/v1/recording-settings`, { headers })).json()) as Record<string, unknown>;
      const { revision, ...settings } = current;
      const mode = i % 2 === 0 ? 'manual' : 'automatic';
      const started = performance.now();
      const put = await fetch(`${via.url}/api/v1/recording-settings`, {
        method: 'PUT',
        headers: { ...headers, 'if-match': `"${revision}"` },
        body: JSON.stringify({ ...settings, queueDefault: { mode, announcement: 'never' } }),
      });
      if (!put.ok) throw new Error(`PUT: ${put.status} ${await put.text()}`);
      const version = await versionOn(via);
      const [ta, tb] = await Promise.all([reaches(a, version, started), reaches(b, version, started)]);
      if (i >= 0) times.push(Math.max(ta, tb));
    }
    times.sort((x, y) => x - y);
    console.log(
      JSON.stringify({
        bench: 'propagation',
        driver: 'postgresql',
        apis: 2,
        workers: 2,
        exclusions: listSize,
        changes: CHANGES,
        p50Ms: Math.round(percentile(times, 50)),
        p99Ms: Math.round(percentile(times, 99)),
        maxMs: Math.round(times[times.length - 1] ?? Number.NaN),
        targetP99Ms: 1_000,
      }),
    );
  } finally {
    await cluster.stop();
    await database.drop();
  }
}

for (const size of LIST_SIZES) await measure(size);
