import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';
import { TRUST_MS } from '../auth/api-key-cache.js';
import { isDatabaseUnavailable } from '../common/database-unavailable.js';
import { Database } from './database.js';

/** The answer to `request`, or 'no answer' when none came within `ms`. */
async function within<T>(ms: number, request: Promise<T>): Promise<T | 'no answer'> {
  return Promise.race([request, sleep(ms).then(() => 'no answer' as const)]);
}

describe('the database going away (its own PostgreSQL database, the server untouched)', () => {
  const bed = apiTestbed('postgresql', { demo: true, apiKey: true, env: { LOG_LEVEL: 'error' } });
  afterAll(async () => {
    await bed.database.restore();
  });

  const decide = async () => {
    const callId = `db-down:${randomUUID()}`;
    const started = await bed.app.inject({
      method: 'POST',
      url: '/api/v1/calls',
      headers: { authorization: bed.apiKey },
      payload: { callId, call: { kind: 'queue', queue: 'sales', customer: '+14085550111' } },
    });
    const connected = await bed.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/events`,
      headers: { authorization: bed.apiKey },
      payload: { event: { type: 'connected' } },
    });
    return { started: started.statusCode, status: connected.statusCode, body: connected.json() };
  };

  it('settings edits answer 503 and change nothing; live decisions go on with the policy in memory; all recovers without a restart', {
    timeout: 30_000,
  }, async () => {
    const before = await decide();
    expect(before.status).toBe(200);
    const current = await bed.app.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: bed.admin } });
    const { revision, ...settings } = current.json();

    await bed.database.cutOff();

    const edit = await bed.app.inject({
      method: 'PUT',
      url: '/api/v1/recording-settings',
      headers: { authorization: bed.admin, 'if-match': `"${revision}"` },
      payload: { ...settings, queueDefault: { mode: 'never', announcement: 'never' } },
    });
    expect(edit.statusCode, edit.body).toBe(503);
    expect(edit.json()).toMatchObject({ type: 'https://ccp.example/problems/service-unavailable' });
    const during = await decide();
    expect(during, JSON.stringify(during.body)).toMatchObject({ started: 201, status: 200 });
    expect(during.body.settingsVersion).toBe(before.body.settingsVersion);
    // Past the time an API key is trusted without asking the database: the key, verified before, still works.
    await sleep(TRUST_MS + 500);
    const later = await decide();
    expect(later, JSON.stringify(later.body)).toMatchObject({ started: 201, status: 200 });

    await bed.database.restore();
    const after = await bed.app.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: bed.admin } });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json()).toEqual(current.json());
  });

  it('the API answers again once the database is back, with a new pool, even though every connection died mid-transaction', {
    timeout: 60_000,
  }, async () => {
    const db = bed.app.get(Database);
    // More transactions than the pool has connections (10): those holding one when the database goes away, and those waiting for one.
    const inFlight = Array.from({ length: 12 }, () =>
      db
        .transaction((em) => em.execute('select pg_sleep(30)'))
        .then(
          () => null,
          (error: unknown) => error,
        ),
    );
    await sleep(1_000);
    await bed.database.cutOff();
    const failures = await Promise.all(inFlight);
    expect(
      failures.every((error) => error !== null && isDatabaseUnavailable(error)),
      String(failures),
    ).toBe(true);
    await bed.database.restore();

    const read = () => bed.app.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: bed.admin } });
    let answer: Awaited<ReturnType<typeof read>> | 'no answer' = 'no answer';
    for (let attempt = 0; attempt < 10 && (answer === 'no answer' || answer.statusCode !== 200); attempt++) {
      answer = await within(3_000, read());
      if (answer === 'no answer' || answer.statusCode !== 200) await sleep(500);
    }
    expect(answer === 'no answer' ? answer : answer.statusCode).toBe(200);
  });
});
