// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { API_PREFIX, createClient, provideApi } from '../../api';
import { FakeApi, TO_EMPLOYEE_INVALID } from '../../test/fake-api';
import { serveToStores } from '../../test/http-server';
import { useRecordingDefaultsStore } from './recording-defaults.store';

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
});
