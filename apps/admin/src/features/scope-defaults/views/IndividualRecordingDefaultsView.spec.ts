import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createClient, provideApi } from '../../../api';
import { FakeScopeApi } from '../fake-scope-api';
import IndividualRecordingDefaultsView from './IndividualRecordingDefaultsView.vue';

describe('Individual Recording Defaults', () => {
  let fake: FakeScopeApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/recording-defaults/global', name: 'global-recording-defaults', component: { render: () => null } },
        { path: '/:any(.*)*', component: { render: () => null } },
      ],
    });
    view = mount(IndividualRecordingDefaultsView, { attachTo: document.body, global: { plugins: [createPinia(), router] } });
    await flushPromises();
    return view;
  }
  const radioIn = (scope: string, label: string) => {
    const area = view.find(scope);
    const input = area.findAll('input[type="radio"]').find((r) => area.find(`label[for="${r.attributes('id')}"]`).text() === label);
    if (!input) throw new Error(`no radio labelled ${label} in ${scope}`);
    return input;
  };
  const button = (name: string) => {
    const found = view.findAll('button').find((b) => (b.attributes('aria-label') ?? b.text()) === name);
    if (!found) throw new Error(`no button named ${name}`);
    return found;
  };
  const shownValue = (path: string) => view.find(`section[aria-labelledby="${path}-title"] .setting__value`).text();
  const tableRows = () => view.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()));

  beforeEach(() => {
    fake = new FakeScopeApi();
    setActivePinia(createPinia());
    provideApi(createClient({ baseUrl: 'http://console.test/api/v1', token: () => 'test-token', fetch: fake.fetch }));
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
    expect(tableRows()).toEqual([
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
    expect(tableRows().map((r) => r[0])).toEqual(['Alice Moreno (415) 555-0100', 'Bob Chen (628) 555-0101']);
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
    expect(tableRows().map((r) => r[0])).toEqual(['Bob Chen (628) 555-0101']);
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
