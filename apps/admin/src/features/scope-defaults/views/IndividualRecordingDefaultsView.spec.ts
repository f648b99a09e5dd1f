import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callFakeApi, linkedRouter } from '../../../test/console';
import { buttonNamed, radioLabelled, tableRows } from '../../../test/queries';
import { FakeScopeApi } from '../fake-scope-api';
import IndividualRecordingDefaultsView from './IndividualRecordingDefaultsView.vue';

describe('Individual Recording Defaults', () => {
  let fake: FakeScopeApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    view = mount(IndividualRecordingDefaultsView, { attachTo: document.body, global: { plugins: [createPinia(), linkedRouter()] } });
    await flushPromises();
    return view;
  }
  const radioIn = (scope: string, label: string) => radioLabelled(view.find(scope), label);
  const button = (name: string) => buttonNamed(view, name);
  const shownValue = (path: string) => view.find(`section[aria-labelledby="${path}-title"] .setting__value`).text();
  const rows = () => tableRows(view);

  callFakeApi((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeScopeApi();
  });
  afterEach(() => view?.unmount());

  it('IND-1/IND-2: shows inbound and outbound defaults, each changed with Edit then Confirm', async () => {
    await open();
    expect(view.findAll('h2').map((h) => h.text())).toEqual([
      'Inbound Call Recording Defaults',
      'Outbound Call Recording Defaults',
      'Employees with Custom Settings',
    ]);
    expect(shownValue('individualDefault-inbound-mode')).toBe('Automatically Record');
    await button('Edit Outbound: Call Recording Default').trigger('click');
    await radioIn('section[aria-labelledby="individualDefault-outbound-mode-title"]', 'Never Record').setValue(true);
    await button('Confirm Outbound: Call Recording Default').trigger('click');
    await flushPromises();
    expect(fake.recording.puts[0]?.body).toMatchObject({
      individualDefault: { inbound: { mode: 'automatic', announcement: 'prompt' }, outbound: { mode: 'never', announcement: 'prompt' } },
    });
    expect(shownValue('individualDefault-outbound-mode')).toBe('Never Record');
    expect(shownValue('individualDefault-inbound-mode')).toBe('Automatically Record');
  });

  it('IND-4: lists the employees with custom settings, and Reset to Default removes one', async () => {
    await open();
    expect(rows()).toEqual([
      [
        'Bob Chen (628) 555-0101',
        'Always Record; Prompt employees to announce recording status',
        'Manually Record; Never announce recording status',
        'Edit Reset to Default',
      ],
    ]);
    await button('Reset Bob Chen to Default').trigger('click');
    await flushPromises();
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/employees/bob/recording', ifMatch: '"1"' });
    expect(fake.employees.get('bob')?.custom).toBeNull();
    expect(view.text()).toContain('Every employee follows the individual defaults.');
  });

  it("customizes an employee's inbound and outbound settings together", async () => {
    await open();
    await button('Customize an employee').trigger('click');
    const form = view.find('form[aria-labelledby="employee-custom-title"]');
    expect(form.findAll('option').map((o) => o.text())).toEqual(['Alice Moreno ((415) 555-0100)']);
    const outbound = form.findAll('fieldset')[2];
    expect(outbound?.find('legend').text()).toBe('Outbound: Call Recording Default');
    await outbound?.find('input[value="manual"]').setValue(true);
    await form.find('fieldset').find('input[value="always"]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/api/v1/employees/alice/recording',
      ifMatch: '"1"',
      body: { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'prompt' } },
    });
    expect(rows().map((r) => r[0])).toEqual(['Alice Moreno (415) 555-0100', 'Bob Chen (628) 555-0101']);
  });

  it("412 on an employee: shows the other admin's values and reapplies the admin's change", async () => {
    await open();
    fake.otherAdminCustomizes('employees', 'bob', null);
    await button('Edit custom settings of Bob Chen').trigger('click');
    const form = view.find('form[aria-labelledby="employee-custom-title"]');
    await form.find('fieldset').find('input[value="never"]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    const notice = view.find('[aria-labelledby="employee-conflict-title"]');
    expect(notice.find('h2').text()).toBe('Another admin changed Bob Chen first');
    expect(notice.find('dl').text()).toContain('Follows the individual defaults');
    expect(notice.find('ul').text()).toContain('Inbound: Call Recording Default: Never Record');
    // Their reset stands on screen until the admin decides.
    expect(view.find('table').exists()).toBe(false);
    await button('Reapply my change').trigger('click');
    await flushPromises();
    expect(fake.employees.get('bob')?.custom?.inbound.mode).toBe('never');
    expect(rows().map((r) => r[0])).toEqual(['Bob Chen (628) 555-0101']);
  });

  it('GLB-3: under On Call Connected it says so and links to Global Recording Defaults, without the editors', async () => {
    fake.recording.otherAdminSaves({ trigger: 'on-connect' });
    await open();
    expect(view.find('#on-connect-title').text()).toBe('Recording starts On Call Connected');
    expect(view.text()).toContain('Individual recording defaults and custom settings are ignored');
    expect(view.find('a').attributes('href')).toBe('/recording-defaults/global');
    expect(view.findAll('button')).toHaveLength(0);
  });
});
