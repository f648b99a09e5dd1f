// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { useApiKeysStore } from './api-keys.store';
import { FakeApiKeysApi } from './fake-api-keys-api';

describe('API keys store, over HTTP', () => {
  let fake: FakeApiKeysApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeApiKeysApi();
  });

  it('lists every key, newest first, revoked ones included', async () => {
    fake.add('Old PBX', '2026-01-10T08:00:00.000Z');
    fake.add('Telephony (production)');
    const store = useApiKeysStore();
    await store.load();
    expect(store.keys.map((key) => key.name)).toEqual(['Telephony (production)', 'Old PBX']);
    expect(store.active.map((key) => key.name)).toEqual(['Telephony (production)']);
    expect(store.keys.some((key) => 'key' in key)).toBe(false);
  });

  it('creates a key: its secret comes back in the outcome, once, and the list shows the key without it', async () => {
    const store = useApiKeysStore();
    await store.load();
    const outcome = await store.create('Telephony (staging)');
    expect(outcome.kind).toBe('created');
    if (outcome.kind !== 'created') return;
    expect(outcome.created.key).toMatch(/^ak_/);
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'Telephony (staging)' });
    expect(store.keys.map((key) => key.name)).toEqual(['Telephony (staging)']);
    expect(JSON.stringify(store.$state)).not.toContain(outcome.created.key);
  });

  it("gives the API's reason for a name it refuses, on the field", async () => {
    const outcome = await useApiKeysStore().create('   ');
    expect(outcome).toEqual({ kind: 'refused', message: 'name must be 1 to 100 characters long' });
  });

  it('revokes a key: the list shows it revoked', async () => {
    const key = fake.add('Telephony (production)');
    const store = useApiKeysStore();
    await store.load();
    expect(await store.revoke(store.keys[0] ?? key)).toBe(true);
    expect(fake.requests.at(-2)).toMatchObject({ method: 'DELETE', path: `/api/v1/api-keys/${key.id}` });
    expect(store.keys[0]?.revokedAt).not.toBeNull();
    expect(store.active).toEqual([]);
  });

  it('keeps a problem to show when the API refuses', async () => {
    fake.add('Telephony (production)');
    const store = useApiKeysStore();
    await store.load();
    fake.failNext = { status: 503, detail: 'The database does not answer: try again shortly' };
    expect(await store.revoke(store.keys[0] as never)).toBe(false);
    expect(store.problem).toMatchObject({ status: 503, detail: 'The database does not answer: try again shortly' });
  });
});
