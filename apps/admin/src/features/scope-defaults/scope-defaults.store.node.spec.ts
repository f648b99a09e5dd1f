// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { FakeScopeApi } from './fake-scope-api';
import { useEmployeeCustomsStore, useQueueCustomsStore } from './scope-defaults.store';

describe('queue and employee custom settings, over HTTP', () => {
  let fake: FakeScopeApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeScopeApi();
  });

  it('QUE-5: lists the custom queues (?custom=true) apart from those following the default', async () => {
    const store = useQueueCustomsStore();
    await store.load();
    expect(store.customized.map((q) => q.id)).toEqual(['billing']);
    expect(store.following.map((q) => q.id)).toEqual(['sales']);
    expect(fake.requests.map((r) => r.path).sort()).toEqual(['/api/v1/queues?custom=false', '/api/v1/queues?custom=true']);
  });

  it('QUE-3: custom settings go out with If-Match of the queue read, and move the queue to the table', async () => {
    const store = useQueueCustomsStore();
    await store.load();
    expect(await store.save('sales', { mode: 'manual', announcement: 'never' })).toBe(true);
    expect(fake.requests.at(-1)).toEqual({
      method: 'PUT',
      path: '/api/v1/queues/sales/recording',
      ifMatch: '"1"',
      body: { mode: 'manual', announcement: 'never' },
    });
    expect(store.customized.map((q) => [q.id, q.custom?.mode, q.revision])).toEqual([
      ['billing', 'never', 1],
      ['sales', 'manual', 2],
    ]);
    expect(store.following).toEqual([]);
  });

  it('QUE-4: Reset to Default sends DELETE with If-Match, and the queue leaves the table', async () => {
    const store = useQueueCustomsStore();
    await store.load();
    expect(await store.reset('billing')).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/queues/billing/recording', ifMatch: '"1"' });
    expect(store.customized).toEqual([]);
    expect(store.following.map((q) => q.id)).toEqual(['billing', 'sales']);
  });

  it("412: shows the other admin's values for the queue and reapplies the admin's change with the new revision", async () => {
    const store = useQueueCustomsStore();
    await store.load();
    fake.otherAdminCustomizes('queues', 'billing', { mode: 'always', announcement: 'prompt' });

    expect(await store.save('billing', { mode: 'manual', announcement: 'never' })).toBe(false);
    expect(store.conflict).toMatchObject({
      id: 'billing',
      change: { mode: 'manual' },
      theirs: { custom: { mode: 'always' }, revision: 2 },
    });
    expect(store.customized[0]?.custom?.mode).toBe('always');
    expect(fake.queues.get('billing')?.custom?.mode).toBe('always');

    expect(await store.reapply()).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', ifMatch: '"2"' });
    expect(fake.queues.get('billing')?.custom).toEqual({ mode: 'manual', announcement: 'never' });
    expect(store.conflict).toBeNull();
  });

  it('412 on Reset to Default: nothing is reset until the admin reapplies', async () => {
    const store = useQueueCustomsStore();
    await store.load();
    fake.otherAdminCustomizes('queues', 'billing', { mode: 'always', announcement: 'prompt' });
    expect(await store.reset('billing')).toBe(false);
    expect(store.conflict).toMatchObject({ id: 'billing', change: null });
    expect(fake.queues.get('billing')?.custom).not.toBeNull();
    expect(await store.reapply()).toBe(true);
    expect(fake.queues.get('billing')?.custom).toBeNull();
  });

  it('422: each errors[] message lands on its path in the body', async () => {
    const store = useEmployeeCustomsStore();
    await store.load();
    fake.refuseNextScopeChange = {
      title: 'Invalid request',
      status: 422,
      detail: 'One field is not valid',
      errors: [{ path: 'outbound.mode', message: 'mode must be one of always, automatic, manual, never' }],
    };
    const custom = { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'never', announcement: 'never' } } as const;
    expect(await store.save('alice', custom)).toBe(false);
    expect(store.fieldErrors).toEqual({ 'outbound.mode': 'mode must be one of always, automatic, manual, never' });
    expect(store.editProblem).toBeNull();
  });

  it('IND-4: an employee gets custom inbound and outbound settings, and is reset to the defaults', async () => {
    const store = useEmployeeCustomsStore();
    await store.load();
    expect(store.customized.map((e) => e.id)).toEqual(['bob']);
    const custom = { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'never', announcement: 'never' } } as const;
    expect(await store.save('alice', custom)).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/api/v1/employees/alice/recording', ifMatch: '"1"', body: custom });
    expect(store.customized.map((e) => e.id)).toEqual(['alice', 'bob']);
    expect(await store.reset('alice')).toBe(true);
    expect(fake.employees.get('alice')?.custom).toBeNull();
    expect(store.customized.map((e) => e.id)).toEqual(['bob']);
  });

  it('a refused Reset to Default is kept beside its row, with the detail', async () => {
    const store = useQueueCustomsStore();
    await store.load();
    fake.queues.delete('billing');
    expect(await store.reset('billing')).toBe(false);
    expect(store.rowProblems.billing).toMatchObject({ status: 404, detail: 'Queue "billing" was not found' });
  });
});
