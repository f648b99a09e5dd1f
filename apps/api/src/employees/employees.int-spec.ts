import { TEST_DRIVERS } from '@ccp/db/testing';
import { describe, expect, it } from 'vitest';
import { putGlobalSettings, scopeRoutes } from '../../test/scoped-settings.js';
import { settingsBody } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';
import { PolicyRegistry } from '../policies/policy-registry.js';

const EMPLOYEES = '/api/v1/employees';

const setting = (mode: string, announcement: string) => ({ mode, announcement });
const AUTO = setting('automatic', 'prompt');

type Listed = { id: string; effective: unknown; custom: unknown };

describe.each(TEST_DRIVERS)('employees on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true });

  const get = (url: string, as?: string) => bed.get(url, as);
  const { post, putRecording, resetRecording, remove, one: employee } = scopeRoutes(bed, EMPLOYEES);
  const setIndividualDefault = async (inbound: object, outbound: object) =>
    expect((await putGlobalSettings(bed, settingsBody({ individualDefault: { inbound, outbound } }))).statusCode).toBe(200);
  const compiled = async (id: string) => (await bed.app.get(PolicyRegistry).get(bed.accountId)).employees.get(id);
  const latestAudit = async () => (await get('/api/v1/audit?action=employee.&limit=1')).json().items[0];
  const ids = (items: Listed[]) => items.map((e) => e.id);

  it('IND-1, IND-2: every employee, sorted by id, with the direct line and the effective inbound and outbound settings', async () => {
    const res = await get(EMPLOYEES);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      {
        id: 'alice',
        name: 'Alice Moreno',
        directLine: '+14155550100',
        directLineDisplay: '(415) 555-0100',
        custom: null,
        effective: { inbound: AUTO, outbound: AUTO },
        followsDefault: true,
        revision: 1,
      },
      {
        id: 'bob',
        name: 'Bob Chen',
        directLine: '+16285550101',
        directLineDisplay: '(628) 555-0101',
        custom: { inbound: setting('always', 'prompt'), outbound: setting('manual', 'never') },
        effective: { inbound: setting('always', 'prompt'), outbound: setting('manual', 'never') },
        followsDefault: false,
        revision: 1,
      },
      {
        id: 'carol',
        name: 'Carol Diaz',
        directLine: '+14155550199',
        directLineDisplay: '(415) 555-0199',
        custom: null,
        effective: { inbound: AUTO, outbound: AUTO },
        followsDefault: true,
        revision: 1,
      },
    ]);
  });

  it('IND-4: ?custom=true lists only the employees with custom settings, and what they are', async () => {
    const res = await get(`${EMPLOYEES}?custom=true`);
    expect(res.json().items.map((e: Listed) => [e.id, e.custom])).toEqual([
      ['bob', { inbound: setting('always', 'prompt'), outbound: setting('manual', 'never') }],
    ]);
    expect(ids((await get(`${EMPLOYEES}?custom=false`)).json().items)).toEqual(['alice', 'carol']);
    expect((await get(`${EMPLOYEES}?custom=1`)).statusCode).toBe(422);
  });

  it('IND-4: a change of the individual defaults applies at once to every follower, to no custom employee, and to decisions', async () => {
    await setIndividualDefault(setting('manual', 'never'), setting('never', 'prompt'));
    const effective = Object.fromEntries((await get(EMPLOYEES)).json().items.map((e: Listed) => [e.id, e.effective]));
    expect(effective).toEqual({
      alice: { inbound: setting('manual', 'never'), outbound: setting('never', 'prompt') },
      bob: { inbound: setting('always', 'prompt'), outbound: setting('manual', 'never') },
      carol: { inbound: setting('manual', 'never'), outbound: setting('never', 'prompt') },
    });
    expect(await compiled('alice')).toMatchObject({ inbound: { mode: 'manual' }, outbound: { mode: 'never' } });
    expect(await compiled('bob')).toMatchObject({ inbound: { mode: 'always' }, outbound: { mode: 'manual' } });
  });

  it('IND-1, IND-2: custom inbound and outbound settings override the defaults, keep doing so after they change, and decide calls', async () => {
    const read = await get(`${EMPLOYEES}/alice`);
    expect(read.headers.etag).toBe('"1"');
    const custom = { inbound: setting('never', 'never'), outbound: setting('always', 'prompt') };
    const res = await putRecording('alice', custom, read.headers.etag);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ id: 'alice', custom, effective: custom, followsDefault: false, revision: 2 });
    expect(await compiled('alice')).toMatchObject({ custom: true, inbound: { mode: 'never' }, outbound: { mode: 'always' } });

    await setIndividualDefault(AUTO, setting('manual', 'prompt'));
    expect((await employee('alice')).effective).toEqual(custom);
    expect((await employee('carol')).effective).toEqual({ inbound: AUTO, outbound: setting('manual', 'prompt') });
    expect(ids((await get(`${EMPLOYEES}?custom=true`)).json().items)).toEqual(['alice', 'bob']);
    expect(await latestAudit()).toMatchObject({
      actorName: 'admin@demo.test',
      action: 'employee.recording-set',
      target: 'alice',
      before: { id: 'alice', directLine: '+14155550100', custom: null },
      after: { id: 'alice', directLine: '+14155550100', custom },
    });
  });

  it('IND-4: Reset to Default makes a custom employee follow the defaults again; a stale If-Match is refused', async () => {
    expect((await resetRecording('bob', '"2"')).statusCode).toBe(412);
    expect((await employee('bob')).followsDefault).toBe(false);
    const res = await resetRecording('bob', '"1"');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      custom: null,
      effective: { inbound: AUTO, outbound: setting('manual', 'prompt') },
      followsDefault: true,
    });
    expect(await compiled('bob')).toMatchObject({ custom: false, outbound: { mode: 'manual' } });
    expect(ids((await get(`${EMPLOYEES}?custom=true`)).json().items)).toEqual(['alice']);
    expect(await latestAudit()).toMatchObject({
      action: 'employee.recording-reset',
      target: 'bob',
      before: { custom: { inbound: setting('always', 'prompt'), outbound: setting('manual', 'never') } },
      after: { custom: null },
    });
  });

  it('a change needs If-Match (428) with the current revision (412), and a valid body (422 naming the field)', async () => {
    const body = { inbound: AUTO, outbound: AUTO };
    expect((await putRecording('carol', body)).statusCode).toBe(428);
    const stale = await putRecording('carol', body, '"4"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toBe('If-Match names revision 4, but the current revision is 1; read it again and retry');
    const invalid = await putRecording('carol', { inbound: setting('sometimes', 'prompt') }, '"1"');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([
      { path: 'inbound.mode', message: 'mode must be one of always, automatic, manual, never' },
      { path: 'outbound', message: 'outbound should not be null or undefined' },
    ]);
    expect(await employee('carol')).toMatchObject({ followsDefault: true, revision: 1 });
  });

  it('two admins saving the same employee revision at once: one wins, the other gets 412', async () => {
    const [a, b] = await Promise.all([
      putRecording('carol', { inbound: setting('never', 'never'), outbound: AUTO }, '"1"'),
      putRecording('carol', { inbound: setting('always', 'prompt'), outbound: AUTO }, '"1"'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? a : b;
    expect(await employee('carol')).toEqual(winner.json());
    expect((await latestAudit()).after.custom).toEqual(winner.json().custom);
  });

  it('POST /employees adds an employee, the direct line normalized to E.164, following the defaults, audited', async () => {
    const res = await post({ id: 'dave', name: 'Dave Okafor', directLine: '415.555.0142' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe('/api/v1/employees/dave');
    expect(res.json()).toEqual({
      id: 'dave',
      name: 'Dave Okafor',
      directLine: '+14155550142',
      directLineDisplay: '(415) 555-0142',
      custom: null,
      effective: { inbound: AUTO, outbound: setting('manual', 'prompt') },
      followsDefault: true,
      revision: 1,
    });
    expect(await compiled('dave')).toMatchObject({ directLine: '+14155550142', custom: false });
    expect(await latestAudit()).toMatchObject({
      action: 'employee.created',
      target: 'dave',
      before: null,
      after: { id: 'dave', name: 'Dave Okafor', directLine: '+14155550142', custom: null },
    });
  });

  it('POST /employees refuses a taken id or direct line (409) and a bad number or id (422 naming the field and the reason)', async () => {
    const takenId = await post({ id: 'alice', name: 'Another Alice', directLine: '(415) 555-0177' });
    expect(takenId.statusCode).toBe(409);
    expect(takenId.json().detail).toBe('Employee "alice" exists already in this account');
    const takenLine = await post({ id: 'erin', name: 'Erin', directLine: '+1 415 555 0100' });
    expect(takenLine.statusCode).toBe(409);
    expect(takenLine.json()).toMatchObject({
      type: 'https://ccp.example/problems/conflict',
      detail: '(415) 555-0100 is already the direct line of employee "alice"',
    });

    const short = await post({ id: 'erin', name: 'Erin', directLine: '555-01' });
    expect(short.statusCode).toBe(422);
    expect(short.json().errors).toEqual([{ path: 'directLine', message: '"555-01" is not a phone number: too short' }]);
    const foreign = await post({ id: 'erin', name: 'Erin', directLine: '+44 20 7946 0958' });
    expect(foreign.json().errors).toEqual([{ path: 'directLine', message: '"+44 20 7946 0958" is not a North American (+1) number' }]);
    const shape = await post({ id: 'Erin!', name: 'Erin', directLine: 4155550177 });
    expect(shape.statusCode).toBe(422);
    expect(shape.json().errors.map((e: { path: string }) => e.path)).toEqual(['id', 'directLine']);
    expect((await get(`${EMPLOYEES}/erin`)).statusCode).toBe(404);
  });

  it('two admins adding employees with the same direct line at once: one gets 201, the other 409', async () => {
    const [a, b] = await Promise.all([
      post({ id: 'frank', name: 'Frank', directLine: '(415) 555-0160' }),
      post({ id: 'grace', name: 'Grace', directLine: '4155550160' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().detail).toMatch(/^\(415\) 555-0160 is already the direct line of employee "(frank|grace)"$/);
    for (const id of ['frank', 'grace']) await remove(id);
  });

  it('DELETE /employees/{id} removes the employee (204), audited with what they were; an unknown id is 404', async () => {
    const res = await remove('dave', '"1"');
    expect(res.statusCode).toBe(204);
    expect((await get(`${EMPLOYEES}/dave`)).statusCode).toBe(404);
    expect(await compiled('dave')).toBeUndefined();
    expect(await latestAudit()).toMatchObject({
      action: 'employee.deleted',
      target: 'dave',
      before: { id: 'dave', directLine: '+14155550142', custom: null },
      after: null,
    });
    const again = await remove('dave');
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe('Employee "dave" was not found');
    // The line is free again.
    expect((await post({ id: 'dave2', name: 'Dave Again', directLine: '(415) 555-0142' })).statusCode).toBe(201);
  });

  it("ACC-3: another account sees only its own employees, may reuse an id and a line, and gets 404 for this account's", async () => {
    const { admin: otherAdmin } = await bed.addAccount('other');
    expect((await get(EMPLOYEES, otherAdmin)).json().items).toEqual([]);
    expect((await post({ id: 'alice', name: 'Their Alice', directLine: '(415) 555-0100' }, otherAdmin)).statusCode).toBe(201);
    expect((await get(EMPLOYEES, otherAdmin)).json().items).toEqual([
      expect.objectContaining({ id: 'alice', name: 'Their Alice', directLine: '+14155550100' }),
    ]);
    expect((await get(`${EMPLOYEES}?custom=true`, otherAdmin)).json().items).toEqual([]);

    const ours = (await get(EMPLOYEES)).json();
    for (const id of ['bob', 'carol']) {
      expect((await get(`${EMPLOYEES}/${id}`, otherAdmin)).statusCode).toBe(404);
      expect((await putRecording(id, { inbound: AUTO, outbound: AUTO }, '"1"', otherAdmin)).statusCode).toBe(404);
      expect((await resetRecording(id, undefined, otherAdmin)).statusCode).toBe(404);
      expect((await remove(id, undefined, otherAdmin)).statusCode).toBe(404);
    }
    expect((await get(EMPLOYEES)).json()).toEqual(ours);
    expect((await employee('alice')).name).toBe('Alice Moreno');
  });

  it('ACC-2: a user without the permission gets 403 naming it; ACC-1: an account without the feature gets 403; 401 without a token', async () => {
    const viewer = await bed.login('viewer@demo.test');
    for (const res of [
      await get(EMPLOYEES, viewer),
      await post({ id: 'x', name: 'X', directLine: '(415) 555-0188' }, viewer),
      await putRecording('alice', { inbound: AUTO, outbound: AUTO }, '"2"', viewer),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        type: 'https://ccp.example/problems/missing-permission',
        detail: 'This needs the permission "Edit Call Recording Settings"',
      });
    }
    expect((await employee('alice')).followsDefault).toBe(false);
    const basic = await bed.login('admin@basic.test');
    expect((await get(EMPLOYEES, basic)).json().type).toBe('https://ccp.example/problems/feature-not-enabled');
    expect((await bed.app.inject({ method: 'GET', url: EMPLOYEES })).statusCode).toBe(401);
  });
});
