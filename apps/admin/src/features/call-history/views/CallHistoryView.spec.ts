import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { saveFile } from '../../../app/save-file';
import { demoMe, provideFakeApi, routerAt, signedInPinia } from '../../../test/console';
import { VIEW_CALL_HISTORY } from '../../auth/access';
import { PAGE_SIZE } from '../call-history.store';
import { DEMO_SETTINGS, FakeCallHistoryApi, salesCall } from '../fake-call-history-api';
import CallHistoryView from './CallHistoryView.vue';

vi.mock('../../../app/save-file', () => ({ saveFile: vi.fn() }));
// Chart.js draws on a canvas happy-dom does not have: the chart stands in as its days; the numbers table is the real one.
vi.mock('../components/CallsChart.vue', () => ({
  __esModule: true,
  default: defineComponent({
    props: { days: { type: Array, required: true } },
    setup: (props) => () => h('div', { class: 'chart-stub' }, `${props.days.length} days`),
  }),
}));

describe('Call history', () => {
  let fake: FakeCallHistoryApi;
  let pinia: Pinia;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    const router = await routerAt('/calls');
    view = mount(CallHistoryView, { attachTo: document.body, global: { plugins: [pinia, router] } });
    await flushPromises();
    return view;
  }
  const button = (name: string) => {
    const found = view.findAll('button').find((b) => b.text() === name);
    if (!found) throw new Error(`no button named ${name}`);
    return found;
  };
  const rows = () => view.findAll('table[aria-label="Calls"] tbody tr');

  beforeEach(() => {
    fake = new FakeCallHistoryApi();
    pinia = signedInPinia();
    provideFakeApi(fake.fetch);
    vi.mocked(saveFile).mockClear();
  });
  afterEach(() => view?.unmount());

  it('a row shows when, the number as people read it, the kind, queue and employee, the outcome and the status (expired marked)', async () => {
    fake.add('c-1', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    fake.add(
      'c-2',
      { settings: DEMO_SETTINGS, call: { kind: 'queue', customer: '+12125550123', queue: 'sales' }, events: [{ type: 'connected' }] },
      '2026-11-03T11:00:00.000Z',
      { status: 'expired' },
    );
    await open();
    expect(rows()).toHaveLength(2);
    const [expired, recorded] = rows();
    expect(recorded?.text()).toContain('(310) 555-0142');
    expect(recorded?.text()).toContain('Queue call');
    expect(recorded?.text()).toContain('sales');
    expect(recorded?.find('.badge').text()).toBe('Recorded');
    expect(recorded?.find('time').attributes('datetime')).toBe('2026-11-03T10:00:00.000Z');
    expect(recorded?.find('a').attributes('href')).toBe('/calls/c-1');
    expect(expired?.find('.badge').text()).toBe('Not recorded');
    expect(expired?.text()).toContain('Expired (no end received)');
  });

  it('CNS: a row shows the consent status and region; the consent filter, in the engine’s words, finds the calls with that status', async () => {
    const consent = (mode: string) => ({ ...DEMO_SETTINGS, consent: { mode } });
    fake.add('off', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    fake.add('pending', { ...salesCall('+14155550177'), settings: consent('require') }, '2026-11-03T11:00:00.000Z');
    await open();
    const consentCell = (row: number) => rows()[row]?.findAll('td')[5];
    expect(consentCell(0)?.text()).toMatch(/^Pending · CA$/);
    expect(consentCell(1)?.text()).toMatch(/^Not needed · CA$/);

    const options = view.findAll('select#call-filter-consent option').map((option) => option.text());
    expect(options).toEqual(['Any consent status', 'Not needed', 'Implied (announced)', 'Pending', 'Given', 'Refused']);
    await view.find('select#call-filter-consent').setValue('pending');
    await view.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(fake.requests.some((r) => r.includes('consent=pending'))).toBe(true);
    expect(rows().map((r) => r.find('a').attributes('href'))).toEqual(['/calls/pending']);
  });

  it('HIS-3: finds a call by a number typed as people type it; a number the API refuses shows its reason on the field', async () => {
    fake.add('mine', salesCall('+14155550177'), '2026-11-03T10:00:00.000Z');
    fake.add('other', salesCall('+13105550142'), '2026-11-03T11:00:00.000Z');
    await open();
    await view.find('input#call-filter-number').setValue('415.555.0177');
    await view.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(fake.requests.some((r) => r.includes('number=415.555.0177'))).toBe(true);
    expect(rows().map((r) => r.find('a').attributes('href'))).toEqual(['/calls/mine']);

    await view.find('input#call-filter-number').setValue('12');
    await view.find('form[role="search"]').trigger('submit');
    await flushPromises();
    const input = view.find('input#call-filter-number');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(view.find(`#${input.attributes('aria-describedby')}`).text()).toContain('area code');
    expect(view.find('[role="alert"].alert').exists()).toBe(false);
  });

  it('pages with the cursor: Older calls and Newer calls, never more than a page in the table', async () => {
    for (let i = 0; i < PAGE_SIZE + 1; i++)
      fake.add(`c-${i}`, salesCall('+13105550142'), new Date(Date.UTC(2026, 10, 3, 8, i)).toISOString());
    await open();
    expect(rows()).toHaveLength(PAGE_SIZE);
    expect(button('Newer calls').attributes('disabled')).toBeDefined();
    await button('Older calls').trigger('click');
    await flushPromises();
    expect(rows()).toHaveLength(1);
    expect(view.text()).toContain('Page 2');
    await button('Newer calls').trigger('click');
    await flushPromises();
    expect(rows()).toHaveLength(PAGE_SIZE);
  });

  it('Download as CSV saves the calls of the current filters', async () => {
    fake.add('c-1', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    await open();
    await view.find('select#call-filter-outcome').setValue('recorded');
    await view.find('form[role="search"]').trigger('submit');
    await flushPromises();
    await button('Download as CSV').trigger('click');
    await flushPromises();
    expect(fake.requests.at(-1)).toContain('outcome=recorded');
    expect(fake.requests.at(-1)).toContain('format=csv');
    expect(vi.mocked(saveFile)).toHaveBeenCalledWith(expect.any(Blob), 'calls-demo.csv');
  });

  it('the chart: the calls per day of the last 30 days, with the numbers as a table', async () => {
    const today = new Date();
    fake.add('c-1', salesCall('+13105550142'), today.toISOString());
    fake.add('c-2', salesCall('+12125550123'), today.toISOString());
    await open();
    const chart = view.find('section[aria-labelledby="calls-per-day-title"]');
    expect(chart.find('.chart-stub').text()).toBe('30 days');
    expect(chart.text()).toContain('2 kept calls');
    const numbers = chart.findAll('table tbody tr');
    expect(numbers).toHaveLength(30);
    expect(
      numbers
        .at(-1)
        ?.findAll('td')
        .map((td) => td.text()),
    ).toEqual(['1', '0', '1']);
  });

  it('HIS-4: the retention period; a 412 shows the other admin’s period and reapplies mine', async () => {
    await open();
    expect(view.text()).toContain('deleted 400 days after they started');
    fake.otherAdminSets(90);
    await view.find('input#retention-days').setValue('365');
    await view.find('.retention form').trigger('submit');
    await flushPromises();
    const notice = view.find('[aria-labelledby="retention-conflict-title"]');
    expect(notice.text()).toContain('90 days');
    expect(notice.text()).toContain('Retention period: 365 days');
    await button('Reapply my change').trigger('click');
    await flushPromises();
    expect(fake.settings.retentionDays).toBe(365);
    expect(view.find('[aria-labelledby="retention-conflict-title"]').exists()).toBe(false);
    expect(view.text()).toContain('Your retention period was reapplied.');
    expect(view.text()).toContain('deleted 365 days after they started');
  });

  it('HIS-5: erasing a number asks first; Cancel erases nothing, Erase says how many calls went and how many a hold kept', async () => {
    fake.add('c-1', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    fake.add('c-2', salesCall('+13105550142'), '2026-11-04T10:00:00.000Z');
    await open();
    await view.find('input#erase-number').setValue('(310) 555-0142');
    await view.find('form.erase').trigger('submit');
    const dialog = () => view.find('[role="dialog"]');
    expect(dialog().text()).toContain('Erase every kept call of (310) 555-0142?');
    await button('Cancel').trigger('click');
    expect(dialog().exists()).toBe(false);
    expect(fake.erasures).toEqual([]);

    await view.find('form.erase').trigger('submit');
    await button('Erase the calls').trigger('click');
    await flushPromises();
    expect(fake.erasures).toEqual(['+13105550142']);
    expect(view.text()).toContain('2 calls of (310) 555-0142 erased.');
    expect(rows()[0]?.text()).toContain('No call has been kept yet');
  });

  it('ACC-5: a person who may look but not edit sees the calls and the retention period, and no way to change or erase', async () => {
    pinia = signedInPinia(demoMe([VIEW_CALL_HISTORY]));
    fake.add('c-1', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    await open();
    expect(rows()).toHaveLength(1);
    expect(view.text()).toContain('deleted 400 days after they started');
    expect(view.find('input#retention-days').exists()).toBe(false);
    expect(view.find('form.erase').exists()).toBe(false);
  });
});
