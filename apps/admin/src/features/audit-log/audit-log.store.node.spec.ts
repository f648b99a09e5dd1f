// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { API_PREFIX, createClient, provideApi } from '../../api';
import { serveToStores } from '../../test/http-server';
import { PAGE_SIZE, useAuditLogStore } from './audit-log.store';
import { FakeAuditApi } from './fake-audit-api';

describe('audit log store, over HTTP', () => {
  let fake: FakeAuditApi;
  const server = serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeAuditApi();
  });

  function changes(count: number, actor = { actorId: 'u-1', actorName: 'admin@demo.test' }): void {
    for (let i = 0; i < count; i++)
      fake.add({ ...actor, action: i % 2 ? 'exclusion.added' : 'recording-settings.updated', target: null, before: null, after: null });
  }

  it('ACC-4: loads the newest page first, and older pages by the cursor', async () => {
    changes(PAGE_SIZE + 3);
    const store = useAuditLogStore();
    await store.load();
    expect(store.entries).toHaveLength(PAGE_SIZE);
    expect(store.entries[0]?.id).toBe(PAGE_SIZE + 3);
    expect(store.hasMore).toBe(true);

    await store.loadMore();
    expect(store.entries.map((e) => e.id).slice(-3)).toEqual([3, 2, 1]);
    expect(fake.queries.at(-1)?.get('cursor')).toBe('4');
    expect(store.hasMore).toBe(false);
  });

  it('filters by action on the API (a prefix), starting again from the newest', async () => {
    changes(6);
    const store = useAuditLogStore();
    await store.load();
    await store.filterByAction('exclusion.');
    expect(fake.queries.at(-1)?.get('action')).toBe('exclusion.');
    expect(store.entries.map((e) => e.action)).toEqual(['exclusion.added', 'exclusion.added', 'exclusion.added']);
  });

  it('filters by who among the loaded entries', async () => {
    changes(2);
    changes(1, { actorId: 'k-1', actorName: 'API key "crm"' });
    const store = useAuditLogStore();
    await store.load();
    expect(store.actors.map((a) => a.name)).toEqual(['admin@demo.test', 'API key "crm"']);
    store.actor = 'k-1';
    expect(store.shown.map((e) => e.actorName)).toEqual(['API key "crm"']);
  });

  it('a refusal is kept as the problem, with its detail', async () => {
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'someone-else' }));
    const store = useAuditLogStore();
    await store.load();
    expect(store.problem).toMatchObject({ status: 401, detail: 'Send a valid token' });
  });
});
