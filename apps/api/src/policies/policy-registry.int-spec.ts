import { setTimeout as sleep } from 'node:timers/promises';
import { AccountSchema, loadPolicySettings, policyRevisions, storePolicySnapshot } from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from '@ccp/db/testing';
import { compilePolicyWithExclusionKeys, sortedExclusionKeys } from '@ccp/policy-core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../test/accounts.js';
import { startApp, testQueuePrefix } from '../../test/app.js';
import { DEMO_ENV } from '../../test/testbed.js';
import { Database } from '../database/database.js';
import { PolicyRegistry } from './policy-registry.js';

describe.each(TEST_DRIVERS)('policies on two replicas (%s)', (driver) => {
  let database: TestDatabase;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let accountId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    env = {
      DATABASE_URL: database.url,
      ...DEMO_ENV,
      // One deployment: replicas hear each other's announcements under their shared prefix.
      QUEUE_PREFIX: testQueuePrefix(),
    };
    first = await startApp(env);
    second = await startApp(env);
    accountId = (await first.get(Database).em().findOneOrFail(AccountSchema, { slug: 'demo' })).id;
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  async function versionOn(app: NestFastifyApplication): Promise<string> {
    return (await app.get(PolicyRegistry).get(accountId)).version;
  }

  it('a settings change made on one replica is decided with on the other within a second', async () => {
    const before = await versionOn(second);
    expect(await versionOn(first)).toBe(before);
    const admin = await login(first, 'admin@demo.test');
    const current = await first.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: admin } });
    const { revision, ...settings } = current.json();
    const put = await first.inject({
      method: 'PUT',
      url: '/api/v1/recording-settings',
      headers: { authorization: admin, 'if-match': `"${revision}"` },
      payload: { ...settings, queueDefault: { mode: 'manual', announcement: 'never' } },
    });
    expect(put.statusCode).toBe(200);
    const changed = await versionOn(first);
    expect(changed).not.toBe(before);
    const deadline = Date.now() + 1_000;
    while ((await versionOn(second)) !== changed && Date.now() < deadline) await sleep(20);
    expect(await versionOn(second)).toBe(changed);
  });

  it('a replica starting loads the stored snapshot of the latest revision instead of compiling', async () => {
    const em = first.get(Database).em();
    const revision = (await policyRevisions(em, [accountId])).get(accountId)?.account ?? 0;
    // A snapshot whose policy differs from what the tables hold: only loading it gives its version.
    const settings = await loadPolicySettings(em, accountId);
    const keys = sortedExclusionKeys(settings.exclusions);
    const policy = compilePolicyWithExclusionKeys({ ...settings, queueDefault: { mode: 'never', announcement: 'never' } }, keys);
    expect(await storePolicySnapshot(em, accountId, { revision, exclusionsRevision: 0, policy, keys })).toBe('stored');
    const third = await startApp(env);
    try {
      expect(await versionOn(third)).toBe(policy.version);
    } finally {
      await third.close();
    }
  });
});
