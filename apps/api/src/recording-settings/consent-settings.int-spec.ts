import { randomUUID } from 'node:crypto';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { describe, expect, it } from 'vitest';
import { INITIAL_CONSENT_BODY, settingsBody } from '../../test/settings.js';
import { apiTestbed } from '../../test/testbed.js';

const SETTINGS = '/api/v1/recording-settings';

describe.each(TEST_DRIVERS)('consent settings (CNS-2..4) through /recording-settings on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, apiKey: true });

  const current = async () => {
    const res = await bed.get(SETTINGS);
    return { body: res.json(), etag: res.headers.etag as string };
  };
  const put = (payload: unknown, ifMatch: string) => bed.request('PUT', SETTINGS, { payload, ifMatch });

  /** A PUT `bed` must refuse with 422 at `path`, the settings unchanged afterwards. */
  async function expectRefused(payload: unknown, path: string, message?: string | RegExp) {
    const before = await current();
    const res = await put(payload, before.etag);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().type).toBe('https://ccp.example/problems/validation-failed');
    const error = res.json().errors.find((e: { path: string }) => e.path === path);
    expect(error, `${path} in ${res.body}`).toBeDefined();
    if (message !== undefined) expect(error.message).toMatch(message);
    expect(await current()).toEqual(before);
    return res;
  }

  it('GLB-1: the settings carry consent off, the default all-party list and unknown regions strict', async () => {
    expect((await current()).body.consent).toEqual(INITIAL_CONSENT_BODY);
  });

  it('CNS-2: consent settings round-trip normalized (codes upper case, ascending, once each), with a new revision', async () => {
    const { etag } = await current();
    const consent = { mode: 'require', regions: ['wa', 'CA', 'ca', ' qc '], unknownRegion: 'lenient' };
    const res = await put(settingsBody({ consent }), etag);
    expect(res.statusCode, res.body).toBe(200);
    const normalized = { mode: 'require', regions: ['CA', 'QC', 'WA'], unknownRegion: 'lenient' };
    expect(res.json().consent).toEqual(normalized);
    expect(res.headers.etag).not.toBe(etag);
    expect((await current()).body).toEqual(res.json());
  });

  it('ACC-4: the consent change is audited, before and after', async () => {
    const [entry] = (await bed.get('/api/v1/audit?limit=1')).json().items;
    expect(entry).toMatchObject({ action: 'recording-settings.updated', actorName: 'admin@demo.test' });
    expect(entry.before.consent).toEqual(INITIAL_CONSENT_BODY);
    expect(entry.after.consent).toEqual({ mode: 'require', regions: ['CA', 'QC', 'WA'], unknownRegion: 'lenient' });
  });

  it('a body without `consent` (a client older than consent settings) replaces the rest and leaves consent as stored', async () => {
    const before = await current();
    const { consent: _, ...older } = settingsBody({ queueDefault: { mode: 'manual', announcement: 'never' } });
    const res = await put(older, before.etag);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ queueDefault: { mode: 'manual', announcement: 'never' }, consent: before.body.consent });
    const [entry] = (await bed.get('/api/v1/audit?limit=1')).json().items;
    expect(entry.after.consent).toEqual(entry.before.consent);
  });

  it('CNS-4: the next call decides under the consent settings just saved (a California number waits for consent)', async () => {
    const { etag } = await current();
    const consent = { mode: 'require', regions: ['CA'], unknownRegion: 'strict' };
    expect((await put(settingsBody({ consent }), etag)).statusCode).toBe(200);
    const callId = `consent:${randomUUID()}`;
    const call = { kind: 'queue', queue: 'sales', customer: '+14155550123' };
    const calls = (url: string, payload: object) => bed.request('POST', `/api/v1/calls${url}`, { payload, as: bed.apiKey });
    expect((await calls('', { callId, call })).statusCode).toBe(201);
    const connected = await calls(`/${callId}/events`, { event: { type: 'connected' } });
    expect(connected.json()).toMatchObject({ recording: 'off', consent: { region: 'CA', status: 'pending', announce: true } });
  });

  it('CNS-2: a code that names no region is 422 at `consent.regions[i]` with the reason; nothing changes', async () => {
    const res = await expectRefused(
      settingsBody({ consent: { mode: 'announce', regions: ['CA', 'WA', 'ZZ'], unknownRegion: 'strict' } }),
      'consent.regions[2]',
      /^"ZZ" is not a region code/,
    );
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'consent.regions[2]', rule: 'CNS-2' })]);
  });

  it('412 for a consent change on a stale revision, 428 without If-Match: the other admin’s consent settings stand', async () => {
    const before = await current();
    const stale = await put(settingsBody({ consent: { ...INITIAL_CONSENT_BODY, mode: 'announce' } }), '"1"');
    expect(stale.statusCode).toBe(412);
    const missing = await bed.request('PUT', SETTINGS, {
      payload: settingsBody({ consent: { ...INITIAL_CONSENT_BODY, mode: 'announce' } }),
    });
    expect(missing.statusCode).toBe(428);
    expect(await current()).toEqual(before);
  });

  it.each([
    ['a mode outside the list', 'consent.mode', { mode: 'ask', regions: [], unknownRegion: 'strict' }],
    ['a missing field (a complete object or none)', 'consent.unknownRegion', { mode: 'announce', regions: ['CA'] }],
    ['an unknown key', 'consent.colour', { ...INITIAL_CONSENT_BODY, colour: 'red' }],
    ['a string for the object', 'consent', 'require'],
    ['null for the object', 'consent', null],
    ['a list for the object', 'consent', [INITIAL_CONSENT_BODY]],
    ['a string for the list', 'consent.regions', { ...INITIAL_CONSENT_BODY, regions: 'CA,WA' }],
    ['100,000 codes', 'consent.regions', { ...INITIAL_CONSENT_BODY, regions: Array.from({ length: 100_000 }, () => 'CA') }],
    ['nested junk for a code', 'consent.regions[1]', { ...INITIAL_CONSENT_BODY, regions: ['CA', { a: [{ b: [1, 2, { c: null }] }] }] }],
    ['a number for a code', 'consent.regions[0]', { ...INITIAL_CONSENT_BODY, regions: [6] }],
    ['a 10 KB code', 'consent.regions[0]', { ...INITIAL_CONSENT_BODY, regions: ['C'.repeat(10_240)] }],
  ])('hostile consent settings: %s is 422 naming %s, and nothing changes', async (_, path, consent) => {
    await expectRefused(settingsBody({ consent }), path);
  });
});
