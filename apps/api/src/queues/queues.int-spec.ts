import { TEST_DRIVERS } from '@ccp/db/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../test/accounts.js';
import { startApp } from '../../test/app.js';
import { putGlobalSettings, scopeRoutes } from '../../test/scoped-settings.js';
import { settingsBody } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';
import { PolicyRegistry } from '../policies/policy-registry.js';

const QUEUES = '/api/v1/queues';

describe.each(TEST_DRIVERS)('queues on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true });

  const get = (url: string, as?: string) => bed.get(url, as);
  const { post, putRecording, resetRecording, remove, one: queue } = scopeRoutes(bed, QUEUES);
  const setQueueDefault = async (queueDefault: object) =>
    expect((await putGlobalSettings(bed, settingsBody({ queueDefault }))).statusCode).toBe(200);
  const compiled = async (id: string) => (await bed.app.get(PolicyRegistry).get(bed.accountId)).queues.get(id);
  const latestAudit = async () => (await get('/api/v1/audit?action=queue.&limit=1')).json().items[0];

  it('QUE-1: every queue, sorted by id; those without custom settings follow the queue default', async () => {
    const res = await get(QUEUES);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      {
        id: 'billing',
        name: 'Billing',
        custom: { mode: 'never', announcement: 'never' },
        effective: { mode: 'never', announcement: 'never' },
        followsDefault: false,
        revision: 1,
      },
      {
        id: 'collections',
        name: 'Collections',
        custom: { mode: 'always', announcement: 'prompt' },
        effective: { mode: 'always', announcement: 'prompt' },
        followsDefault: false,
        revision: 1,
      },
      {
        id: 'sales',
        name: 'Sales',
        custom: null,
        effective: { mode: 'automatic', announcement: 'prompt' },
        followsDefault: true,
        revision: 1,
      },
      {
        id: 'support',
        name: 'Support',
        custom: null,
        effective: { mode: 'automatic', announcement: 'prompt' },
        followsDefault: true,
        revision: 1,
      },
    ]);
  });

  it('QUE-5: ?custom=true lists only the queues with custom settings, and what they are', async () => {
    const res = await get(`${QUEUES}?custom=true`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((q: { id: string; custom: unknown }) => [q.id, q.custom])).toEqual([
      ['billing', { mode: 'never', announcement: 'never' }],
      ['collections', { mode: 'always', announcement: 'prompt' }],
    ]);
    expect((await get(`${QUEUES}?custom=false`)).json().items.map((q: { id: string }) => q.id)).toEqual(['sales', 'support']);
    const bad = await get(`${QUEUES}?custom=yes`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ path: 'custom', message: 'custom must be true or false' }]);
  });

  it('QUE-2: a change of the queue default applies at once to every follower, to no custom queue, and to decisions', async () => {
    await setQueueDefault({ mode: 'manual', announcement: 'never' });
    const items = (await get(QUEUES)).json().items;
    const effective = Object.fromEntries(items.map((q: { id: string; effective: unknown }) => [q.id, q.effective]));
    expect(effective).toEqual({
      billing: { mode: 'never', announcement: 'never' },
      collections: { mode: 'always', announcement: 'prompt' },
      sales: { mode: 'manual', announcement: 'never' },
      support: { mode: 'manual', announcement: 'never' },
    });
    expect((await compiled('sales'))?.terms).toMatchObject({ mode: 'manual', announcement: 'never' });
    expect((await compiled('collections'))?.terms).toMatchObject({ mode: 'always', announcement: 'prompt' });
  });

  it('QUE-3: custom settings override the default, keep doing so after it changes, and decide calls', async () => {
    const before = await get(`${QUEUES}/sales`);
    expect(before.headers.etag).toBe('"1"');
    const res = await putRecording('sales', { mode: 'always', announcement: 'never' }, before.headers.etag);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toEqual({
      id: 'sales',
      name: 'Sales',
      custom: { mode: 'always', announcement: 'never' },
      effective: { mode: 'always', announcement: 'never' },
      followsDefault: false,
      revision: 2,
    });
    expect((await compiled('sales'))?.terms).toMatchObject({ mode: 'always', announcement: 'never' });

    await setQueueDefault({ mode: 'never', announcement: 'prompt' });
    expect((await queue('sales')).effective).toEqual({ mode: 'always', announcement: 'never' });
    expect((await queue('support')).effective).toEqual({ mode: 'never', announcement: 'prompt' });
    expect((await get(`${QUEUES}?custom=true`)).json().items.map((q: { id: string }) => q.id)).toEqual(['billing', 'collections', 'sales']);
  });

  it('ACC-4: setting custom settings is audited with who, before and after', async () => {
    const entry = await latestAudit();
    expect(entry).toMatchObject({
      actorName: 'admin@demo.test',
      action: 'queue.recording-set',
      target: 'sales',
      before: { id: 'sales', name: 'Sales', custom: null },
      after: { id: 'sales', name: 'Sales', custom: { mode: 'always', announcement: 'never' } },
    });
  });

  it('QUE-4: Reset to Default makes a custom queue follow the default again; a stale If-Match is refused', async () => {
    const stale = await resetRecording('billing', '"9"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toBe('If-Match names revision 9, but the current revision is 1; read it again and retry');
    expect((await queue('billing')).followsDefault).toBe(false);

    const res = await resetRecording('billing');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      id: 'billing',
      custom: null,
      effective: { mode: 'never', announcement: 'prompt' },
      followsDefault: true,
    });
    expect((await get(`${QUEUES}?custom=true`)).json().items.map((q: { id: string }) => q.id)).toEqual(['collections', 'sales']);
    expect((await compiled('billing'))?.custom).toBe(false);
    expect(await latestAudit()).toMatchObject({
      action: 'queue.recording-reset',
      target: 'billing',
      before: { custom: { mode: 'never', announcement: 'never' } },
      after: { custom: null },
    });

    await setQueueDefault({ mode: 'automatic', announcement: 'prompt' });
    expect((await queue('billing')).effective).toEqual({ mode: 'automatic', announcement: 'prompt' });
  });

  it('QUE-4: resetting a queue that already follows the default changes nothing (same revision, no audit row)', async () => {
    const auditBefore = await latestAudit();
    const res = await resetRecording('support', '"1"');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ followsDefault: true, revision: 1 });
    expect(await latestAudit()).toEqual(auditBefore);
  });

  it('a change needs If-Match (428) with the current revision (412), and a valid body (422 naming the field)', async () => {
    const missing = await putRecording('support', { mode: 'never', announcement: 'never' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().type).toBe('https://ccp.example/problems/precondition-required');
    const stale = await putRecording('support', { mode: 'never', announcement: 'never' }, '"5"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().type).toBe('https://ccp.example/problems/version-conflict');
    const invalid = await putRecording('support', { mode: 'sometimes', announcement: 'prompt', volume: 11 }, '"1"');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([
      { path: 'volume', message: 'property volume should not exist' },
      { path: 'mode', message: 'mode must be one of always, automatic, manual, never' },
    ]);
    expect(await queue('support')).toMatchObject({ followsDefault: true, revision: 1 });
  });

  it('two admins saving the same queue revision at once: one wins, the other gets 412', async () => {
    const { revision } = await queue('support');
    const [a, b] = await Promise.all([
      putRecording('support', { mode: 'manual', announcement: 'prompt' }, `"${revision}"`),
      putRecording('support', { mode: 'never', announcement: 'never' }, `"${revision}"`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? a : b;
    expect(await queue('support')).toEqual(winner.json());
    expect((await latestAudit()).after.custom).toEqual(winner.json().custom);
  });

  it('POST /queues adds a queue that follows the default, with ETag and Location, audited', async () => {
    const res = await post({ id: 'after-hours.v2', name: '  After hours  ' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe('/api/v1/queues/after-hours.v2');
    expect(res.json()).toEqual({
      id: 'after-hours.v2',
      name: 'After hours',
      custom: null,
      effective: { mode: 'automatic', announcement: 'prompt' },
      followsDefault: true,
      revision: 1,
    });
    expect((await get(QUEUES)).json().items.map((q: { id: string }) => q.id)).toEqual([
      'after-hours.v2',
      'billing',
      'collections',
      'sales',
      'support',
    ]);
    expect(await compiled('after-hours.v2')).toMatchObject({ custom: false });
    expect(await latestAudit()).toMatchObject({
      action: 'queue.created',
      target: 'after-hours.v2',
      before: null,
      after: { id: 'after-hours.v2', name: 'After hours', custom: null },
    });
  });

  it('POST /queues refuses an id that exists in this account (409) and ids or names that are not valid (422)', async () => {
    const duplicate = await post({ id: 'sales', name: 'Sales again' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({
      type: 'https://ccp.example/problems/conflict',
      detail: 'Queue "sales" exists already in this account',
    });
    expect((await queue('sales')).name).toBe('Sales');

    const invalid = await post({ id: 'Sales Team', name: '   ' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([
      { path: 'id', message: 'id must be 1 to 100 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit' },
      { path: 'name', message: 'name should not be empty' },
    ]);
    for (const id of ['-sales', 'x'.repeat(101), '', 'sales/eu']) expect((await post({ id, name: 'Q' })).statusCode).toBe(422);
    expect((await post({ name: 'No id' })).json().errors[0].path).toBe('id');
  });

  it('two admins adding the same queue id at once: one gets 201, the other 409', async () => {
    const [a, b] = await Promise.all([post({ id: 'overflow', name: 'Overflow A' }), post({ id: 'overflow', name: 'Overflow B' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((await queue('overflow')).name).toBe((a.statusCode === 201 ? a : b).json().name);
    expect((await remove('overflow')).statusCode).toBe(204);
  });

  it('DELETE /queues/{id} removes the queue (204), audited with what it was; an unknown id is 404', async () => {
    const stale = await remove('after-hours.v2', '"3"');
    expect(stale.statusCode).toBe(412);
    const res = await remove('after-hours.v2');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await get(`${QUEUES}/after-hours.v2`)).statusCode).toBe(404);
    expect(await compiled('after-hours.v2')).toBeUndefined();
    expect(await latestAudit()).toMatchObject({
      action: 'queue.deleted',
      target: 'after-hours.v2',
      before: { id: 'after-hours.v2', name: 'After hours', custom: null },
      after: null,
    });
    const again = await remove('after-hours.v2');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ type: 'https://ccp.example/problems/not-found', detail: 'Queue "after-hours.v2" was not found' });
    expect((await putRecording('nope', { mode: 'never', announcement: 'never' }, '"1"')).statusCode).toBe(404);
    expect((await resetRecording('nope')).statusCode).toBe(404);
  });

  it("ACC-3: another account sees only its own queues, may reuse an id, and gets 404 for this account's", async () => {
    const { admin: otherAdmin } = await bed.addAccount('other');
    expect((await get(QUEUES, otherAdmin)).json().items).toEqual([]);
    expect((await post({ id: 'sales', name: 'Their sales' }, otherAdmin)).statusCode).toBe(201);
    expect((await get(QUEUES, otherAdmin)).json().items).toEqual([
      expect.objectContaining({ id: 'sales', name: 'Their sales', followsDefault: true }),
    ]);
    expect((await get(`${QUEUES}?custom=true`, otherAdmin)).json().items).toEqual([]);

    const ours = (await get(QUEUES)).json();
    for (const id of ['collections', 'support']) {
      expect((await get(`${QUEUES}/${id}`, otherAdmin)).statusCode).toBe(404);
      expect((await putRecording(id, { mode: 'never', announcement: 'never' }, '"1"', otherAdmin)).statusCode).toBe(404);
      expect((await resetRecording(id, undefined, otherAdmin)).statusCode).toBe(404);
      expect((await remove(id, undefined, otherAdmin)).statusCode).toBe(404);
    }
    expect((await get(QUEUES)).json()).toEqual(ours);
    expect((await queue('sales')).name).toBe('Sales');
    expect((await get('/api/v1/audit?action=queue.', otherAdmin)).json().items.map((e: { target: string }) => e.target)).toEqual(['sales']);
  });

  it('ACC-2: a user without the permission gets 403 naming it; ACC-1: an account without the feature gets 403', async () => {
    const viewer = await login(bed.app, 'viewer@demo.test');
    for (const res of [
      await get(QUEUES, viewer),
      await post({ id: 'x', name: 'X' }, viewer),
      await resetRecording('collections', undefined, viewer),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        type: 'https://ccp.example/problems/missing-permission',
        detail: 'This needs the permission "Edit Call Recording Settings"',
      });
    }
    expect((await queue('collections')).followsDefault).toBe(false);
    const basic = await login(bed.app, 'admin@basic.test');
    const res = await get(QUEUES, basic);
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('https://ccp.example/problems/feature-not-enabled');
  });

  it('401 without a token', async () => {
    expect((await bed.app.inject({ method: 'GET', url: QUEUES })).statusCode).toBe(401);
    expect((await bed.app.inject({ method: 'POST', url: QUEUES, payload: { id: 'x', name: 'X' } })).statusCode).toBe(401);
  });
});

describe('queues and employees in the OpenAPI document', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists every route with its success type and its problem responses as application/problem+json', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {}).sort();
    for (const scope of ['queues', 'employees']) {
      const base = `/api/v1/${scope}`;
      expect(statuses(base, 'get')).toEqual(['200', '401', '403', '422']);
      expect(statuses(base, 'post')).toEqual(['201', '401', '403', '409', '422']);
      expect(statuses(`${base}/{id}`, 'get')).toEqual(['200', '401', '403', '404']);
      expect(statuses(`${base}/{id}`, 'delete')).toEqual(['204', '401', '403', '404', '412']);
      expect(statuses(`${base}/{id}/recording`, 'put')).toEqual(['200', '401', '403', '404', '412', '422', '428']);
      expect(statuses(`${base}/{id}/recording`, 'delete')).toEqual(['200', '401', '403', '404', '412']);
      expect(doc.paths[`${base}/{id}/recording`].put.responses['412'].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/ProblemDetailsDto',
      });
      // A person's token: the document's default, as the guard's.
      expect(doc.paths[`${base}/{id}/recording`].put.security ?? doc.security).toEqual([{ bearer: [] }]);
    }
    expect(doc.components.schemas.QueueDto.required).toEqual(['id', 'name', 'custom', 'effective', 'followsDefault', 'revision']);
    expect(doc.components.schemas.EmployeeDto.properties.directLineDisplay.example).toBe('(415) 555-0100');
  });
});
