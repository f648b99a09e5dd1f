import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callFakeApi } from '../../../test/console';
import { PAGE_SIZE } from '../audit-log.store';
import { FakeAuditApi, SETTINGS_BEFORE } from '../fake-audit-api';
import AuditLogView from './AuditLogView.vue';

describe('Audit log', () => {
  let fake: FakeAuditApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    view = mount(AuditLogView, { attachTo: document.body, global: { plugins: [createPinia()] } });
    await flushPromises();
    return view;
  }
  const admin = { actorId: 'u-1', actorName: 'admin@demo.test' };

  callFakeApi((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeAuditApi();
  });
  afterEach(() => view?.unmount());

  it('ACC-4: shows who changed what, when, and the values before and after', async () => {
    fake.add({
      ...admin,
      action: 'recording-settings.updated',
      target: null,
      before: SETTINGS_BEFORE as never,
      after: { ...SETTINGS_BEFORE, transfer: { toQueue: 'use-destination', toEmployee: 'keep-original' } } as never,
    });
    await open();
    const entry = view.find('article');
    expect(entry.find('h3').text()).toBe('Recording defaults changed');
    expect(entry.text()).toContain('admin@demo.test');
    expect(entry.find('time').attributes('datetime')).toBe(fake.entries[0]?.at);
    const diff = entry.find('table');
    expect(diff.findAll('tbody tr')).toHaveLength(1);
    expect(diff.find('tbody tr').text()).toContain('transfer.toQueue');
    expect(diff.find('del').text()).toBe('keep-original');
    expect(diff.find('ins').text()).toBe('use-destination');
  });

  it('filters by action on the API, and by who among the loaded entries', async () => {
    fake.add({ ...admin, action: 'exclusion.added', target: '+14155550100', before: null, after: { entry: '+14155550100' } as never });
    fake.add({ actorId: 'u-2', actorName: 'owner@demo.test', action: 'queue.recording-set', target: 'sales', before: null, after: null });
    await open();
    expect(view.findAll('article')).toHaveLength(2);

    await view.find('select#audit-actor').setValue('u-2');
    expect(view.findAll('article').map((a) => a.find('h3').text())).toEqual(['Queue recording settings customized: sales']);

    await view.find('select#audit-actor').setValue('');
    await view.find('select#audit-action').setValue('exclusion.');
    await flushPromises();
    expect(fake.queries.at(-1)?.get('action')).toBe('exclusion.');
    expect(view.findAll('article').map((a) => a.find('h3').text())).toEqual(['Exclusion List entry added: +14155550100']);
  });

  it('pages with the cursor: Load older changes appends the next page', async () => {
    for (let i = 0; i < PAGE_SIZE + 2; i++) fake.add({ ...admin, action: 'exclusion.added', target: `e${i}`, before: null, after: null });
    await open();
    expect(view.findAll('article')).toHaveLength(PAGE_SIZE);
    const more = view.findAll('button').find((b) => b.text() === 'Load older changes');
    await more?.trigger('click');
    await flushPromises();
    expect(view.findAll('article')).toHaveLength(PAGE_SIZE + 2);
    expect(view.findAll('button').some((b) => b.text() === 'Load older changes')).toBe(false);
  });

  it('says so when nothing was changed yet', async () => {
    await open();
    expect(view.text()).toContain('No changes recorded yet.');
  });
});
