import { TEST_DRIVERS } from '@ccp/db/testing';
import { describe, expect, it } from 'vitest';
import { settingsBody } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';

const SETTINGS = '/api/v1/recording-settings';

const body = settingsBody;

describe.each(TEST_DRIVERS)('recording settings, auth and audit on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true });

  const get = (url: string, as?: string) => bed.get(url, as);
  const put = (payload: object, ifMatch?: string, authorization = bed.admin) =>
    bed.app.inject({
      method: 'PUT',
      url: SETTINGS,
      payload,
      headers: { authorization, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
    });

  it('GLB-1: the demo account starts with the initial settings, revision 1 as ETag', async () => {
    const res = await get(SETTINGS);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toEqual({ ...body(), revision: 1 });
  });

  it('GET /me says who is logged in and that the settings are open to them', async () => {
    const res = await get('/api/v1/me');
    expect(res.json()).toMatchObject({
      user: { email: 'admin@demo.test', permissions: ['Edit Call Recording Settings', 'View Call History', 'Operate Job Queues'] },
      account: { slug: 'demo', features: { contactCenterPro: true, enterpriseHubNetwork: true } },
      canEditRecordingSettings: true,
      canViewCallHistory: true,
    });
  });

  it('a change needs If-Match (428), a current one (412), and is refused in full when invalid (422)', async () => {
    expect((await put(body({ queueDefault: { mode: 'never', announcement: 'never' } }))).statusCode).toBe(428);
    const stale = await put(body({ queueDefault: { mode: 'never', announcement: 'never' } }), '"7"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toBe('If-Match names revision 7, but the current revision is 1; read it again and retry');
    const invalid = await put({ ...body(), queueDefault: { mode: 'sometimes', announcement: 'prompt' }, colour: 'red' }, '"1"');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'queueDefault.mode' }), expect.objectContaining({ path: 'colour' })]),
    );
    expect((await get(SETTINGS)).json().revision).toBe(1);
  });

  it('GLB-5: switching to On Call Connected needs the explicit confirmation', async () => {
    const refused = await put(body({ trigger: 'on-connect', connectMode: 'always' }), '"1"');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'GLB-5', type: 'https://ccp.example/problems/rule-violation' });
    expect((await get(SETTINGS)).json().trigger).toBe('on-answer');

    const switched = await put({ ...body({ trigger: 'on-connect', connectMode: 'always' }), confirmSwitchToOnConnect: true }, '"1"');
    expect(switched.statusCode).toBe(200);
    expect(switched.headers.etag).toBe('"2"');
    expect(switched.json()).toMatchObject({ trigger: 'on-connect', connectMode: 'always', revision: 2 });
  });

  it('ACC-4: the change is in the audit log with who, before and after', async () => {
    const res = await get('/api/v1/audit');
    expect(res.statusCode).toBe(200);
    const [entry] = res.json().items;
    expect(entry).toMatchObject({ actorName: 'admin@demo.test', action: 'recording-settings.updated' });
    expect(entry.before).toMatchObject({ trigger: 'on-answer', connectMode: 'automatic' });
    expect(entry.after).toMatchObject({ trigger: 'on-connect', connectMode: 'always' });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
  });

  it('two admins saving the same revision at once: one wins, the other gets 412, nothing is lost silently', async () => {
    const current = (await get(SETTINGS)).json().revision;
    const [a, b] = await Promise.all([
      put(body({ trigger: 'on-connect', queueDefault: { mode: 'manual', announcement: 'prompt' } }), `"${current}"`),
      put(body({ trigger: 'on-connect', queueDefault: { mode: 'never', announcement: 'never' } }), `"${current}"`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? a : b;
    expect((await get(SETTINGS)).json()).toEqual(winner.json());
    const audit = (await get('/api/v1/audit?limit=1')).json().items;
    expect(audit[0].after.queueDefault).toEqual(winner.json().queueDefault);
  });

  it('ACC-2: a user without the permission gets 403 naming it; /me explains', async () => {
    const viewer = await bed.login('viewer@demo.test');
    const res = await get(SETTINGS, viewer);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      type: 'https://ccp.example/problems/missing-permission',
      detail: 'This needs the permission "Edit Call Recording Settings"',
    });
    expect((await get('/api/v1/me', viewer)).json().canEditRecordingSettings).toBe(false);
  });

  it('ACC-1: an account without the feature gets 403 feature-not-enabled saying what is missing', async () => {
    const basic = await bed.login('admin@basic.test');
    const res = await get(SETTINGS, basic);
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('https://ccp.example/problems/feature-not-enabled');
    expect(res.json().detail).toContain('the Contact Center Pro feature');
    expect(res.json().detail).toContain('an Enterprise Hub network');
    expect((await get('/api/v1/me', basic)).json()).toMatchObject({ account: { slug: 'basic' }, canEditRecordingSettings: false });
  });

  it('ACC-3: another account sees and changes only its own settings and audit log', async () => {
    const { admin: otherAdmin } = await bed.addAccount('other');
    const ours = (await get(SETTINGS)).json();
    const theirs = await get(SETTINGS, otherAdmin);
    expect(theirs.json()).toEqual({ ...body(), revision: 1 });
    expect((await put(body({ connectMode: 'always' }), '"1"', otherAdmin)).statusCode).toBe(200);
    expect((await get('/api/v1/audit', otherAdmin)).json().items).toHaveLength(1);
    expect((await get(SETTINGS)).json()).toEqual(ours);
    expect((await get('/api/v1/audit')).json().items.every((i: { actorName: string }) => i.actorName === 'admin@demo.test')).toBe(true);
  });

  it('401 without a token, with a bad one, and for a wrong password', async () => {
    expect((await bed.app.inject({ method: 'GET', url: SETTINGS })).statusCode).toBe(401);
    expect((await get(SETTINGS, 'Bearer not-a-token')).statusCode).toBe(401);
    const wrong = await bed.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@demo.test', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toBe('Wrong email or password');
  });
});
