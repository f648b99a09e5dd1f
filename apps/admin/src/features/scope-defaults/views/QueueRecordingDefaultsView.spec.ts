import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callFakeApi, linkedRouter } from '../../../test/console';
import { buttonNamed, radioLabelled, tableRows } from '../../../test/queries';
import { FakeScopeApi } from '../fake-scope-api';
import QueueRecordingDefaultsView from './QueueRecordingDefaultsView.vue';

describe('Queue Recording Defaults', () => {
  let fake: FakeScopeApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    view = mount(QueueRecordingDefaultsView, { attachTo: document.body, global: { plugins: [createPinia(), linkedRouter()] } });
    await flushPromises();
    return view;
  }
  const radio = (label: string) => radioLabelled(view, label);
  const button = (name: string) => buttonNamed(view, name);
  const rows = () => tableRows(view);

  callFakeApi((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeScopeApi();
  });
  afterEach(() => view?.unmount());

  it('shows the queue default, and Edit explains the four modes in one line each (MOD-1..4)', async () => {
    await open();
    const mode = view.find('section[aria-labelledby="queueDefault-mode-title"]');
    expect(mode.find('.setting__value').text()).toBe('Automatically Record');
    expect(view.find('section[aria-labelledby="queueDefault-announcement-title"] .setting__value').text()).toBe(
      'Prompt employees to announce recording status',
    );
    await button('Edit Call Recording Default').trigger('click');
    const descriptions = mode.findAll('.choice__description').map((d) => d.text());
    expect(mode.findAll('label').map((l) => l.text())).toEqual([
      'Always Record',
      'Automatically Record',
      'Manually Record',
      'Never Record',
    ]);
    expect(descriptions).toHaveLength(4);
    expect(descriptions[0]).toContain('cannot turn it off');
    expect(descriptions[3]).toContain('cannot enable it manually');
  });

  it('QUE-2: Edit, a choice, then Confirm saves the queue default and nothing else', async () => {
    await open();
    await button('Edit Call Recording Default').trigger('click');
    await radio('Manually Record').setValue(true);
    expect(fake.recording.puts).toHaveLength(0);
    await button('Confirm Call Recording Default').trigger('click');
    await flushPromises();
    expect(fake.recording.puts).toHaveLength(1);
    expect(fake.recording.puts[0]).toMatchObject({ ifMatch: '"1"', body: { queueDefault: { mode: 'manual', announcement: 'prompt' } } });
    expect(fake.recording.settings.individualDefault.inbound.mode).toBe('automatic');
    expect(view.find('section[aria-labelledby="queueDefault-mode-title"] .setting__value').text()).toBe('Manually Record');
  });

  it('QUE-5: lists the queues with custom settings, and QUE-4 Reset to Default removes one', async () => {
    await open();
    expect(rows()).toEqual([['Billing', 'Never Record', 'Never announce recording status', 'Edit Reset to Default']]);
    await button('Reset Billing to Default').trigger('click');
    await flushPromises();
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/queues/billing/recording', ifMatch: '"1"' });
    expect(view.find('table').exists()).toBe(false);
    expect(view.text()).toContain('Every queue follows the queue defaults.');
    expect(view.find('[role="status"]').text()).toBe('Billing follows the queue default again.');
  });

  it('QUE-3: customizes a queue that follows the default, starting from the default values', async () => {
    await open();
    await button('Customize a queue').trigger('click');
    const form = view.find('form[aria-labelledby="queue-custom-title"]');
    expect((form.find('select').element as HTMLSelectElement).value).toBe('sales');
    expect(form.find('label[for="queue-custom-target"]').text()).toBe('Queue');
    expect((radio('Automatically Record').element as HTMLInputElement).checked).toBe(true);
    await radio('Never Record').setValue(true);
    await radio('Never announce recording status').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/api/v1/queues/sales/recording',
      ifMatch: '"1"',
      body: { mode: 'never', announcement: 'never' },
    });
    expect(rows().map((r) => r[0])).toEqual(['Billing', 'Sales']);
    expect(view.find('form[aria-labelledby="queue-custom-title"]').exists()).toBe(false);
    // Keyboard focus lands on the new row's Edit, not on the page's start.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Edit custom settings of Sales');
    // Every queue is custom now: nothing left to customize.
    expect(view.findAll('button').some((b) => b.text() === 'Customize a queue')).toBe(false);
  });

  it("QUE-3: Edit opens a queue's custom values; a 422 shows the detail next to its field", async () => {
    await open();
    await button('Edit custom settings of Billing').trigger('click');
    const form = view.find('form[aria-labelledby="queue-custom-title"]');
    expect(form.find('h3').text()).toBe('Custom settings of Billing');
    expect(form.find('select').exists()).toBe(false);
    expect((radio('Never Record').element as HTMLInputElement).checked).toBe(true);
    fake.refuseNextScopeChange = {
      title: 'Invalid request',
      status: 422,
      detail: 'One field is not valid',
      errors: [{ path: 'announcement', message: 'announcement must be one of prompt, never' }],
    };
    await form.trigger('submit');
    await flushPromises();
    expect(view.find('#queue-custom-setting-announcement-error').text()).toBe('announcement must be one of prompt, never');
    expect(view.find('#queue-custom-setting-mode-error').exists()).toBe(false);
  });

  it("412 on a queue: says another admin changed it first, shows their values, and Reapply sends the admin's change", async () => {
    await open();
    fake.otherAdminCustomizes('queues', 'billing', { mode: 'always', announcement: 'prompt' });
    await button('Edit custom settings of Billing').trigger('click');
    await radio('Manually Record').setValue(true);
    await view.find('form[aria-labelledby="queue-custom-title"]').trigger('submit');
    await flushPromises();

    const notice = view.find('[aria-labelledby="queue-conflict-title"]');
    expect(notice.find('h2').text()).toBe('Another admin changed Billing first');
    expect(notice.find('dl').text()).toContain('Always Record');
    expect(notice.find('ul').text()).toContain('Call Recording Default: Manually Record');
    expect(fake.queues.get('billing')?.custom?.mode).toBe('always');

    await button('Reapply my change').trigger('click');
    await flushPromises();
    expect(fake.queues.get('billing')?.custom).toEqual({ mode: 'manual', announcement: 'never' });
    expect(view.find('[aria-labelledby="queue-conflict-title"]').exists()).toBe(false);
  });

  it('412 on the queue default: shows what the other admin saved; Keep their values drops the change', async () => {
    await open();
    fake.recording.otherAdminSaves({ queueDefault: { mode: 'always', announcement: 'never' } });
    await button('Edit Call Recording Default').trigger('click');
    await radio('Never Record').setValue(true);
    await button('Confirm Call Recording Default').trigger('click');
    await flushPromises();
    const notice = view.find('[aria-labelledby="queue-default-conflict-title"]');
    expect(notice.find('dl').text()).toContain('Always Record');
    expect(notice.find('dl').text()).toContain('Never announce recording status');
    expect(view.find('section[aria-labelledby="queueDefault-mode-title"] .setting__value').text()).toBe('Always Record');
    await button('Keep their values').trigger('click');
    expect(view.find('[aria-labelledby="queue-default-conflict-title"]').exists()).toBe(false);
    expect(fake.recording.settings.queueDefault.mode).toBe('always');
  });

  it('GLB-3: under On Call Connected it says so and links to Global Recording Defaults, without the editors', async () => {
    fake.recording.otherAdminSaves({ trigger: 'on-connect' });
    await open();
    expect(view.find('#on-connect-title').text()).toBe('Recording starts On Call Connected');
    expect(view.find('a').text()).toBe('Go to Global Recording Defaults');
    expect(view.find('a').attributes('href')).toBe('/recording-defaults/global');
    expect(view.text()).toContain('They are kept unchanged');
    expect(view.findAll('button')).toHaveLength(0);
    expect(view.find('table').exists()).toBe(false);
  });
});
