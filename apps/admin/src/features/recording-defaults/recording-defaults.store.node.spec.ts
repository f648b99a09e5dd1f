// @vitest-environment node
import { DEFAULT_ALL_PARTY_REGIONS, REGIONS } from '@ccp/policy-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { API_PREFIX, createClient, provideApi } from '../../api';
import { FakeApi, TO_EMPLOYEE_INVALID } from '../../test/fake-api';
import { serveToStores } from '../../test/http-server';
import { useConsentRegionsStore } from './consent-regions.store';
import { applyConsentChange, consentChangeOf, useRecordingDefaultsStore } from './recording-defaults.store';

describe('recording defaults store, over HTTP', () => {
  let fake: FakeApi;
  const server = serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeApi();
  });

  it('loads the settings with the revision of their ETag', async () => {
    fake.otherAdminSaves({ connectMode: 'always' });
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(store.settings).toMatchObject({ trigger: 'on-answer', connectMode: 'always', revision: 2 });
    expect(store.problem).toBeNull();
  });

  it('saves one change as the whole settings, with If-Match of the revision read', async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(await store.save({ transfer: { toQueue: 'use-destination' } })).toBe(true);
    expect(fake.puts).toEqual([
      {
        ifMatch: '"1"',
        body: expect.objectContaining({ transfer: { toQueue: 'use-destination', toEmployee: 'keep-original' }, trigger: 'on-answer' }),
      },
    ]);
    expect(fake.puts[0]?.body).not.toHaveProperty('confirmSwitchToOnConnect');
    expect(store.settings).toMatchObject({ revision: 2, transfer: { toQueue: 'use-destination' } });
  });

  it('GLB-5: a switch to on-connect without the confirmation is refused, and the refusal sits on the trigger', async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(await store.save({ trigger: 'on-connect' })).toBe(false);
    expect(store.fieldErrors.trigger).toContain('confirmSwitchToOnConnect');
    expect(store.settings?.trigger).toBe('on-answer');
  });

  it('GLB-5: with the confirmation the switch is saved', async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(await store.save({ trigger: 'on-connect' }, { confirmSwitchToOnConnect: true })).toBe(true);
    expect(fake.puts[0]?.body).toMatchObject({ trigger: 'on-connect', confirmSwitchToOnConnect: true });
    expect(store.settings?.trigger).toBe('on-connect');
  });

  it("412: keeps the admin's change aside, shows the other admin's values, and reapplies the change over them", async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    fake.otherAdminSaves({ transfer: { toQueue: 'keep-original', toEmployee: 'use-destination' } });

    expect(await store.save({ transfer: { toQueue: 'use-destination' } })).toBe(false);
    expect(store.conflict?.theirs).toMatchObject({ revision: 2, transfer: { toEmployee: 'use-destination' } });
    expect(store.settings?.revision).toBe(2);

    expect(await store.reapply()).toBe(true);
    expect(fake.puts.at(-1)).toMatchObject({ ifMatch: '"2"' });
    // Theirs (toEmployee) and the admin's (toQueue) both stand.
    expect(fake.settings.transfer).toEqual({ toQueue: 'use-destination', toEmployee: 'use-destination' });
    expect(store.conflict).toBeNull();
  });

  it('422 with errors[]: each message lands on its field path', async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    fake.refuseNextPut = TO_EMPLOYEE_INVALID;
    expect(await store.save({ transfer: { toEmployee: 'use-destination' } })).toBe(false);
    expect(store.fieldErrors).toEqual({ 'transfer.toEmployee': 'toEmployee must be one of keep-original, use-destination' });
    expect(store.problem).toBeNull();
  });

  it('a refusal of the page (here a 401) is kept as the problem, with its detail', async () => {
    const store = useRecordingDefaultsStore();
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'someone-else' }));
    await store.load();
    expect(store.problem).toMatchObject({ status: 401, detail: 'Send a valid token' });
  });

  it('says the API did not answer when nothing listens', async () => {
    provideApi(createClient({ baseUrl: `http://127.0.0.1:9${API_PREFIX}`, token: () => 'test-token' }));
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(store.problem).toMatchObject({ status: 0, title: 'The API did not answer' });
  });

  it('CNS-2: saves the consent settings with the rest of the settings, under the same If-Match', async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(store.settings?.consent).toEqual({ mode: 'off', regions: [...DEFAULT_ALL_PARTY_REGIONS], unknownRegion: 'strict' });
    const regions = DEFAULT_ALL_PARTY_REGIONS.filter((code) => code !== 'CA');
    expect(await store.save({ consent: { mode: 'require', removeRegions: ['CA'], unknownRegion: 'lenient' } })).toBe(true);
    expect(fake.puts[0]).toMatchObject({ ifMatch: '"1"', body: { trigger: 'on-answer', consent: { mode: 'require', regions } } });
    expect(store.settings).toMatchObject({ revision: 2, consent: { mode: 'require', regions, unknownRegion: 'lenient' } });
  });

  it('CNS-2: other changes carry the saved consent settings unchanged', async () => {
    fake.otherAdminSaves({ consent: { mode: 'announce', regions: ['WA'], unknownRegion: 'strict' } });
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(await store.save({ transfer: { toQueue: 'use-destination' } })).toBe(true);
    expect(fake.puts[0]?.body.consent).toEqual({ mode: 'announce', regions: ['WA'], unknownRegion: 'strict' });
  });

  it('CNS-2: a region code the table does not have is refused at its path', async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    expect(await store.save({ consent: { mode: 'require', addRegions: ['ZZ'] } })).toBe(false);
    // The list is sent ascending: ZZ is its last entry.
    expect(store.fieldErrors[`consent.regions[${DEFAULT_ALL_PARTY_REGIONS.length}]`]).toContain('"ZZ" is not a region code');
    expect(store.settings?.consent.mode).toBe('off');
    store.clearFieldErrors('consent');
    expect(store.fieldErrors).toEqual({});
  });

  it("CNS-2 412: a consent change another admin's save stopped is kept aside and reapplied over their values", async () => {
    const store = useRecordingDefaultsStore();
    await store.load();
    fake.otherAdminSaves({ consent: { mode: 'announce', regions: ['WA'], unknownRegion: 'lenient' } });
    expect(await store.save({ consent: { mode: 'require', addRegions: ['CA'] } })).toBe(false);
    expect(store.conflict?.theirs.consent).toEqual({ mode: 'announce', regions: ['WA'], unknownRegion: 'lenient' });
    expect(store.settings?.consent.mode).toBe('announce');
    expect(await store.reapply()).toBe(true);
    // Only what the admin changed (the mode, California ticked) goes over theirs: their list and their lenient stay.
    expect(fake.settings.consent).toEqual({ mode: 'require', regions: ['CA', 'WA'], unknownRegion: 'lenient' });
  });

  it('CNS-2: a consent change is what the admin changed from the values they started from', () => {
    const from = { mode: 'off' as const, regions: ['CA', 'FL'], unknownRegion: 'strict' as const };
    expect(consentChangeOf(from, from)).toBeNull();
    const change = consentChangeOf(from, { mode: 'require', regions: ['FL', 'QC'], unknownRegion: 'strict' });
    expect(change).toEqual({ mode: 'require', addRegions: ['QC'], removeRegions: ['CA'] });
    expect(applyConsentChange({ mode: 'announce', regions: ['CA', 'WA'], unknownRegion: 'lenient' }, change ?? {})).toEqual({
      mode: 'require',
      regions: ['QC', 'WA'],
      unknownRegion: 'lenient',
    });
  });

  it("CNS-1: the region table is read once from the API, with the product's default list", async () => {
    const regions = useConsentRegionsStore();
    await regions.load();
    await regions.load();
    expect(fake.regionReads).toBe(1);
    expect(regions.regions).toHaveLength(REGIONS.length);
    expect(regions.defaults).toEqual([...DEFAULT_ALL_PARTY_REGIONS]);
    expect(regions.nameOf('CA')).toBe('California');
    expect(regions.byCode.get('QC')).toMatchObject({ name: 'Quebec', country: 'CA' });
  });

  it('the region table that cannot be read is kept as the problem', async () => {
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'someone-else' }));
    const regions = useConsentRegionsStore();
    await regions.load();
    expect(regions.regions).toBeNull();
    expect(regions.problem).toMatchObject({ status: 401 });
  });
});
