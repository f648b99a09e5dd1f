import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../../api';
import { provideFakeApi } from '../../../test/console';
import { buttonNamed } from '../../../test/queries';
import { useAuthStore } from '../../auth/auth.store';
import { useExclusionExportsStore } from '../exclusion-exports.store';
import { PAGE_SIZE } from '../exclusion-list.store';
import { SEEN_UPLOADS_KEY, useExclusionUploadsStore } from '../exclusion-uploads.store';
import { FakeExclusionApi } from '../fake-exclusion-api';
import ExclusionListView from './ExclusionListView.vue';

describe('Exclusion List', () => {
  let fake: FakeExclusionApi;
  let view: VueWrapper;

  /** Opens the screen signed in as admin@demo.test; the same `pinia` is coming back to it without a reload. */
  async function open(pinia = createPinia()): Promise<VueWrapper> {
    setActivePinia(pinia);
    useAuthStore().me = { user: { email: 'admin@demo.test' } } as Schemas['MeDto'];
    useExclusionUploadsStore().pollIntervalMs = 1;
    useExclusionExportsStore().pollIntervalMs = 1;
    view = mount(ExclusionListView, { attachTo: document.body, global: { plugins: [pinia] } });
    await flushPromises();
    return view;
  }
  const button = (name: string, within: Pick<VueWrapper, 'find' | 'findAll'> = view) => buttonNamed(within, name);
  const dialog = () => view.find('[role="dialog"]');
  const rows = () => view.findAll('table[aria-label="Exclusion List"] tbody tr').map((r) => r.find('td').text());
  /** Waits for the store's polling (real timers, 1 ms apart). */
  const settle = async (until: () => boolean) => {
    await vi.waitFor(async () => {
      await flushPromises();
      if (!until()) throw new Error('not yet');
    });
  };

  beforeEach(() => {
    fake = new FakeExclusionApi(3);
    provideFakeApi(fake.fetch);
  });
  afterEach(() => {
    view?.unmount();
    sessionStorage.removeItem(SEEN_UPLOADS_KEY);
  });

  it('shows the entries as the API displays them, area codes with *', async () => {
    fake.entries.length = 0;
    await open();
    await button('Add Number').trigger('click');
    await dialog().find('input').setValue('415');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(rows()).toEqual(['415*']);
  });

  it('pages with Next and Previous, and searches from the first page', async () => {
    fake = new FakeExclusionApi(PAGE_SIZE + 2);
    provideFakeApi(fake.fetch);
    await open();
    expect(rows()).toHaveLength(PAGE_SIZE);
    expect(button('Previous page').attributes('disabled')).toBeDefined();
    await button('Next page').trigger('click');
    await flushPromises();
    expect(rows()).toEqual(['(415) 555-0025', '(415) 555-0026']);
    expect(view.text()).toContain('Page 2');

    await view.find('#exclusion-search').setValue('555-0003');
    await view.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(rows()).toEqual(['(415) 555-0003']);
    expect(view.find('nav[aria-label="Exclusion List pages"]').exists()).toBe(false);
  });

  it('a refused search shows the reason under the search field', async () => {
    await open();
    await view.find('#exclusion-search').setValue('abc');
    await view.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(view.find('#exclusion-search').attributes('aria-invalid')).toBe('true');
    expect(view.find('#exclusion-search-error').text()).toContain('q must be the digits of a number or area code');
  });

  it("EXC-1: Add Number shows the API's reason next to the field and keeps the pop-up open", async () => {
    await open();
    await button('Add Number').trigger('click');
    expect(dialog().attributes('aria-labelledby')).toBe('add-number-title');
    expect(document.activeElement?.id).toBe('add-number-entry');
    await dialog().find('#add-number-entry').setValue('555-01');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    const field = dialog().find('#add-number-entry');
    expect(field.attributes('aria-invalid')).toBe('true');
    expect(dialog().find('#add-number-error').text()).toBe('"555-01" is not a phone number: too short (EXC-1)');
    expect(fake.entries).toHaveLength(3);
  });

  it('EXC-6: adding a listed number says it is already on the exclusion list; a new one closes the pop-up and shows', async () => {
    await open();
    await button('Add Number').trigger('click');
    await dialog().find('#add-number-entry').setValue('+1 415 555 0001');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(dialog().find('[role="status"]').text()).toBe('(415) 555-0001 is already on the exclusion list.');

    await dialog().find('#add-number-entry').setValue('(650) 555-0100');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(dialog().exists()).toBe(false);
    expect(rows()).toContain('(650) 555-0100');
    expect(view.text()).toContain('(650) 555-0100 was added to the Exclusion List.');
  });

  it('EXC-7: Delete asks first; Cancel keeps the entry, Delete removes it', async () => {
    await open();
    await button('Delete (415) 555-0001').trigger('click');
    expect(dialog().find('h2').text()).toBe('Delete (415) 555-0001?');
    await button('Cancel', dialog()).trigger('click');
    expect(dialog().exists()).toBe(false);
    expect(fake.requests.some((r) => r.startsWith('DELETE'))).toBe(false);

    await button('Delete (415) 555-0001').trigger('click');
    await button('Delete', dialog()).trigger('click');
    await flushPromises();
    expect(dialog().exists()).toBe(false);
    expect(rows()).toEqual(['(415) 555-0000', '(415) 555-0002']);
  });

  it('EXC-8 / EXC-10: replace asks once more, then the progress shows, then the rejected rows by row number', async () => {
    fake.uploadOutcome = {
      imported: 1,
      duplicates: 0,
      rejectedCount: 2,
      rejected: [
        { row: 2, value: 'hello', reason: '"hello" is not a phone number' },
        { row: 4, value: '12', reason: '"12" is too short' },
      ],
    };
    await open();
    await button('Bulk Upload Numbers').trigger('click');
    expect(button('Bulk Upload', dialog()).attributes('disabled')).toBeDefined();
    const input = dialog().find('#bulk-upload-file');
    Object.defineProperty(input.element, 'files', { value: [new File(['415\nhello\n\n12\n'], 'numbers.csv', { type: 'text/csv' })] });
    await input.trigger('change');
    await dialog().find('form').trigger('submit');
    await dialog().find('#bulk-upload-replace').setValue(true);
    await dialog().find('form').trigger('submit');
    // Replace is not sent until it is confirmed: it empties every entry not in the file.
    expect(dialog().text()).toContain('Replace the whole Exclusion List?');
    expect(fake.uploadsReceived).toHaveLength(0);

    await button('Replace the list', dialog()).trigger('click');
    await settle(() => view.find('[role="progressbar"]').exists());
    expect(dialog().exists()).toBe(false);
    expect(fake.uploadsReceived[0]).toMatchObject({ mode: 'replace', fileName: 'numbers.csv' });

    await settle(() => view.find('table[aria-label="Rejected rows"]').exists());
    const outcome = view.find('[aria-labelledby="upload-title"]');
    expect(outcome.find('dl[aria-label="Upload outcome"]').text()).toMatch(/Imported\s*1\s*Duplicates\s*0\s*Rejected rows\s*2/);
    const rejected = outcome.findAll('table[aria-label="Rejected rows"] tbody tr').map((r) => r.findAll('td').map((c) => c.text()));
    expect(rejected).toEqual([
      ['2', 'hello', '"hello" is not a phone number'],
      ['4', '12', '"12" is too short'],
    ]);
  });

  it("EXC-10: coming back shows the running upload, another admin's included, and who started it", async () => {
    const running = fake.seedUpload({ createdBy: 'dana@demo.test', fileName: 'dana.csv', steps: 10_000, polls: 4_200 });
    const pinia = createPinia();
    await open(pinia);
    const outcome = () => view.find('[aria-labelledby="upload-title"]');
    expect(outcome().find('h2').text()).toBe('Bulk upload: dana.csv');
    expect(outcome().text()).toContain('Started by dana@demo.test');
    expect(outcome().find('[role="progressbar"]').exists()).toBe(true);
    await settle(() => fake.pollsOf(running.id) >= 2);

    // Away: no polling. Back: the progress again, followed by one poller.
    view.unmount();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const polled = fake.pollsOf(running.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.pollsOf(running.id)).toBe(polled);
    await open(pinia);
    await settle(() => fake.pollsOf(running.id) > polled + 1);
    expect(outcome().find('[role="progressbar"]').attributes('aria-valuenow')).toBe('42');
    expect(fake.maxPollsAtOnce).toBe(1);
  });

  it('EXC-10: an upload that ended while the admin was away shows its outcome on return, once', async () => {
    fake.uploadOutcome = { imported: 3, duplicates: 1, rejectedCount: 1, rejected: [{ row: 4, value: '12', reason: '"12" is too short' }] };
    fake.uploadSteps = 1_000;
    const pinia = createPinia();
    await open(pinia);
    await button('Bulk Upload Numbers').trigger('click');
    const input = dialog().find('#bulk-upload-file');
    Object.defineProperty(input.element, 'files', { value: [new File(['415\n12\n'], 'numbers.csv', { type: 'text/csv' })] });
    await input.trigger('change');
    await dialog().find('form').trigger('submit');
    await dialog().find('form').trigger('submit');
    await settle(() => view.find('[role="progressbar"]').exists());
    view.unmount();

    const [upload] = fake.uploads;
    if (!upload) throw new Error('no upload');
    upload.polls = upload.steps;
    await open(pinia);
    await settle(() => view.find('dl[aria-label="Upload outcome"]').exists());
    expect(view.find('dl[aria-label="Upload outcome"]').text()).toMatch(/Imported\s*3\s*Duplicates\s*1\s*Rejected rows\s*1/);
    expect(view.find('table[aria-label="Rejected rows"] tbody tr').text()).toContain('"12" is too short');
    expect(view.text()).not.toContain('Started by');
    expect(button('Download rejected rows (CSV)').exists()).toBe(true);

    await button('Close the upload outcome').trigger('click');
    expect(view.find('[aria-labelledby="upload-title"]').exists()).toBe(false);
    view.unmount();
    await open(pinia);
    expect(view.find('[aria-labelledby="upload-title"]').exists()).toBe(false);

    // A reload in the same browser session: shown already, so not again.
    view.unmount();
    await open();
    expect(fake.requests.at(-1)).not.toContain('/exclusions/uploads/');
    expect(view.find('[aria-labelledby="upload-title"]').exists()).toBe(false);
  });

  it('EXC-9: Download Exclusion List saves the file through an object URL, in the chosen format', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:exclusions';
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('exclusion-list-demo.xlsx');
    });
    fake.largeXlsx = true;
    await open();
    await view.find('#download-format').setValue('xlsx');
    await button('Download Exclusion List').trigger('click');
    await settle(() => click.mock.calls.length === 1);
    expect(await created[0]?.text()).toBe('xlsx bytes');
    expect(fake.requests).toContain('GET /exclusions/export?format=xlsx');
    createObjectURL.mockRestore();
    click.mockRestore();
  });
});
