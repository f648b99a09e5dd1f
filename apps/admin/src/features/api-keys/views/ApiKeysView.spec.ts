import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROBLEM_TYPES } from '../../../api';
import { callFakeApi } from '../../../test/console';
import { FakeApiKeysApi } from '../fake-api-keys-api';
import ApiKeysView from './ApiKeysView.vue';

describe('API keys', () => {
  let fake: FakeApiKeysApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    view = mount(ApiKeysView, { attachTo: document.body, global: { plugins: [createPinia()] } });
    await flushPromises();
    return view;
  }
  const button = (name: string) => view.findAll('button').find((b) => b.text() === name || b.attributes('aria-label') === name);

  callFakeApi((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeApiKeysApi();
  });
  afterEach(() => {
    view?.unmount();
    vi.unstubAllGlobals();
  });

  it('lists the keys with their first characters and status, never a secret', async () => {
    const active = fake.add('Telephony (production)');
    fake.add('Old PBX', '2026-01-10T08:00:00.000Z');
    await open();
    const rows = view.findAll('tbody tr');
    expect(rows.map((row) => row.find('td').text())).toEqual(['Old PBX', 'Telephony (production)']);
    expect(rows[0]?.text()).toContain('Revoked');
    expect(rows[0]?.find('button').exists()).toBe(false);
    expect(rows[1]?.text()).toContain('Active');
    expect(rows[1]?.text()).toContain(`${active.prefix}…`);
    expect(view.text()).not.toContain(active.key);
  });

  it('creates a key and shows its secret once, with a copy button and a warning that it will not be shown again', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await open();
    await button('New API key')?.trigger('click');
    await view.find('#api-key-name').setValue('Telephony (production)');
    await view.find('form').trigger('submit');
    await flushPromises();

    const secret = view.find<HTMLTextAreaElement>('#new-api-key-secret');
    const key = fake.keys[0]?.key ?? '';
    expect(secret.element.value).toBe(key);
    expect(secret.attributes('readonly')).toBeDefined();
    expect(view.find('[role="dialog"]').text()).toContain("you won't see it again");
    await button('Copy')?.trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(key);
    expect(view.find('[role="dialog"]').text()).toContain('Copied to the clipboard.');

    await button('I have copied it')?.trigger('click');
    expect(view.find('#new-api-key-secret').exists()).toBe(false);
    expect(view.text()).not.toContain(key);
    expect(view.find('tbody').text()).toContain('Telephony (production)');
    expect(view.find('[role="status"]').text()).toBe('API key Telephony (production) was created.');
  });

  it('says how to copy the key by hand when the browser refuses the clipboard', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
    await open();
    await button('New API key')?.trigger('click');
    await view.find('#api-key-name').setValue('Telephony');
    await view.find('form').trigger('submit');
    await flushPromises();
    await button('Copy')?.trigger('click');
    await flushPromises();
    expect(view.find('[role="dialog"]').text()).toContain('select the key and copy it yourself');
  });

  it("shows the API's reason beside the name it refuses", async () => {
    await open();
    await button('New API key')?.trigger('click');
    // The API is the judge of a name (it trims, then counts): spaces only are refused with errors[] on `name`.
    await view.find('#api-key-name').setValue('   ');
    await view.find('form').trigger('submit');
    await flushPromises();
    expect(view.find('#api-key-name-error').text()).toBe('name must be 1 to 100 characters long');
    expect(view.find('#api-key-name').attributes('aria-invalid')).toBe('true');
    expect(view.find('#new-api-key-secret').exists()).toBe(false);
  });

  it('revokes a key only after confirmation; Cancel keeps it', async () => {
    const key = fake.add('Telephony (production)');
    await open();
    await button('Revoke Telephony (production)')?.trigger('click');
    expect(view.find('[role="dialog"]').text()).toContain('Revoke Telephony (production)?');
    await button('Cancel')?.trigger('click');
    expect(fake.requests.some((r) => r.method === 'DELETE')).toBe(false);

    await button('Revoke Telephony (production)')?.trigger('click');
    await view
      .find('[role="dialog"]')
      .findAll('button')
      .find((b) => b.text() === 'Revoke')
      ?.trigger('click');
    await flushPromises();
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path === `/api/v1/api-keys/${key.id}`)).toBe(true);
    expect(view.find('tbody tr').text()).toContain('Revoked');
    expect(view.find('[role="status"]').text()).toContain('was revoked');
  });

  it('shows a refusal as the other screens do: its detail and request id; ACC-2 as an explanation', async () => {
    fake.add('Telephony (production)');
    fake.failNext = { status: 503, detail: 'The database does not answer: try again shortly' };
    await open();
    expect(view.find('[role="alert"]').text()).toContain('The database does not answer: try again shortly');
    expect(view.find('[role="alert"]').text()).toContain('Request id req-1');
    view.unmount();

    fake.failNext = {
      status: 403,
      type: PROBLEM_TYPES.missingPermission,
      detail: 'This needs the permission "Edit Call Recording Settings"',
    };
    await open();
    expect(view.text()).toContain('You do not have permission to edit call recording settings');
  });
});
