/**
 * The first decision for an account with 1,000,000 exclusion entries (issue 4: ≤ 3 s): the policy is
 * not in memory yet, so `POST /calls` either reads the account's settings and list from the database
 * and compiles them (no snapshot yet: `from: "database"`), or loads the snapshot the worker stored
 * (`from: "snapshot"`, built here as the worker builds it). On SQLite and on PostgreSQL; one JSON
 * line each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccountSchema,
  activeExclusionListId,
  buildPolicy,
  bumpPolicyRevision,
  openDatabase,
  storePolicySnapshot,
  unitOfWork,
} from '@ccp/db';
import { createTestDatabase } from '@ccp/db/testing';
import { apiKeyFor, json, startApi } from './harness.js';

const ENTRIES = 1_000_000;

/** Fills the demo account's active list in SQL (numbers +14152000007, +14152000014, …). */
async function fillList(databaseUrl: string, driver: 'sqlite' | 'postgresql'): Promise<void> {
  const orm = await openDatabase(databaseUrl);
  try {
    const em = unitOfWork(orm);
    const account = await em.findOneOrFail(AccountSchema, { slug: 'demo' });
    const listId = await activeExclusionListId(em, account.id);
    const connection = em.getConnection();
    if (driver === 'postgresql') {
      await connection.execute(
        `insert into exclusion_entries (account_id, list_id, entry, added_at, added_by)
         select ?, ?, '+1' || (4152000000 + g * 7)::text, now(), 'bench' from generate_series(1, ${ENTRIES}) g`,
        [account.id, listId],
      );
    } else {
      await connection.execute(
        `with recursive g(x) as (select 1 union all select x + 1 from g where x < ${ENTRIES})
         insert into exclusion_entries (account_id, list_id, entry, added_at, added_by)
         select ?, ?, '+1' || (4152000000 + x * 7), cast(strftime('%s', 'now') as integer) * 1000, 'bench' from g`,
        [account.id, listId],
      );
    }
    await bumpPolicyRevision(em, account.id, { exclusions: true });
  } finally {
    await orm.close();
  }
}

/** What the worker's policy-snapshots job does after a change. */
async function storeSnapshot(databaseUrl: string): Promise<void> {
  const orm = await openDatabase(databaseUrl);
  try {
    const em = unitOfWork(orm);
    const account = await em.findOneOrFail(AccountSchema, { slug: 'demo' });
    await storePolicySnapshot(em, account.id, await buildPolicy(em, account.id));
  } finally {
    await orm.close();
  }
}

async function measure(databaseUrl: string, driver: string, from: 'database' | 'snapshot'): Promise<void> {
  const api = await startApi(databaseUrl);
  try {
    const authorization = await apiKeyFor(api);
    const started = performance.now();
    await json(`${api.url}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization },
      body: JSON.stringify({ callId: `first-${Date.now()}`, call: { kind: 'queue', queue: 'sales', customer: '+14152000007' } }),
    });
    const coldMs = performance.now() - started;
    const warmStarted = performance.now();
    await json(`${api.url}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization },
      body: JSON.stringify({ callId: `second-${Date.now()}`, call: { kind: 'queue', queue: 'sales', customer: '+14152000014' } }),
    });
    const warmMs = performance.now() - warmStarted;
    process.stdout.write(
      `${JSON.stringify({ bench: 'api.first-decision', database: driver, from, exclusions: ENTRIES, cold_ms: Math.round(coldMs), warm_ms: Number(warmMs.toFixed(1)), target_cold_ms: 3000 })}\n`,
    );
  } finally {
    await api.stop();
  }
}

for (const driver of ['sqlite', 'postgresql'] as const) {
  const data = mkdtempSync(join(tmpdir(), 'ccp-bench-'));
  const database =
    driver === 'sqlite' ? { url: `sqlite:${join(data, 'ccp.sqlite')}`, drop: async () => {} } : await createTestDatabase('postgresql');
  try {
    // A first start creates the schema and the demo tenant; the list is filled while the API is down.
    await (await startApi(database.url)).stop();
    await fillList(database.url, driver);
    await measure(database.url, driver, 'database');
    await storeSnapshot(database.url);
    await measure(database.url, driver, 'snapshot');
  } finally {
    await database.drop();
    rmSync(data, { recursive: true, force: true });
  }
}
