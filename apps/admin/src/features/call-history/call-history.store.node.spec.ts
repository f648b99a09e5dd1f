// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { NO_FILTERS, PAGE_SIZE, searchQuery, useCallHistoryStore } from './call-history.store';
import { DEMO_SETTINGS, FakeCallHistoryApi, salesCall } from './fake-call-history-api';

describe('call history store, over HTTP', () => {
  let fake: FakeCallHistoryApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeCallHistoryApi();
  });
  afterEach(() => vi.useRealTimers());

  const lastQuery = (path: string) => {
    const request = fake.requests.filter((r) => r.startsWith(`GET ${path}?`)).at(-1) ?? '';
    return new URL(request.slice(4), 'http://x').searchParams;
  };

  it('HIS-3: finds the calls of a number typed in any EXC-1 form; the API reads it, the console sends it as typed', async () => {
    fake.add('c-1', salesCall('+14155550177'), '2026-11-03T10:00:00.000Z');
    fake.add('c-2', salesCall('+13105550142'), '2026-11-03T11:00:00.000Z');
    const store = useCallHistoryStore();
    await store.search({ ...NO_FILTERS, number: '(415) 555-0177' });
    expect(lastQuery('/calls').get('number')).toBe('(415) 555-0177');
    expect(store.items.map((c) => c.callId)).toEqual(['c-1']);

    await store.search({ ...NO_FILTERS, number: '415*' });
    expect(store.items.map((c) => c.callId)).toEqual(['c-1']);
  });

  it("HIS-3: a number the API refuses shows the API's reason on the number field, not as the page's problem", async () => {
    const store = useCallHistoryStore();
    await store.search({ ...NO_FILTERS, number: '555-01' });
    expect(store.fieldErrors.number).toMatch(/not a phone number|not an area code/);
    expect(store.problem).toBeNull();
  });

  it('HIS-3: newest first, a page at a time with the cursor; Newer goes back through the cursors followed', async () => {
    for (let i = 0; i < PAGE_SIZE + 3; i++)
      fake.add(`c-${i}`, salesCall('+13105550142'), new Date(Date.UTC(2026, 10, 3, 8, i)).toISOString());
    const store = useCallHistoryStore();
    await store.search();
    expect(store.items).toHaveLength(PAGE_SIZE);
    expect(store.items[0]?.callId).toBe(`c-${PAGE_SIZE + 2}`);
    expect(store.hasOlder).toBe(true);
    expect(store.hasNewer).toBe(false);

    await store.olderPage();
    expect(lastQuery('/calls').get('cursor')).not.toBeNull();
    expect(store.items.map((c) => c.callId)).toEqual(['c-2', 'c-1', 'c-0']);
    expect(store.pageNumber).toBe(2);
    expect(store.hasOlder).toBe(false);

    await store.newerPage();
    expect(lastQuery('/calls').get('cursor')).toBeNull();
    expect(store.items[0]?.callId).toBe(`c-${PAGE_SIZE + 2}`);
    expect(store.pageNumber).toBe(1);
  });

  it('HIS-3: filters by queue, employee, outcome and rule; the outcomes are the engine’s (EXC-2: a listed caller is not recorded)', async () => {
    fake.add('recorded', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    fake.add('excluded', salesCall('+12125550123'), '2026-11-03T11:00:00.000Z');
    fake.add('stopped', salesCall('+13105550142', [{ type: 'agent', action: 'stop' }]), '2026-11-03T12:00:00.000Z');
    fake.add(
      'support',
      { settings: DEMO_SETTINGS, call: { kind: 'queue', customer: '+13105550142', queue: 'support' }, events: [{ type: 'connected' }] },
      '2026-11-03T13:00:00.000Z',
      { status: 'expired' },
    );
    const store = useCallHistoryStore();
    await store.search({ ...NO_FILTERS, outcome: 'not-recorded' });
    expect(store.items.map((c) => c.callId)).toEqual(['support', 'excluded']);
    await store.search({ ...NO_FILTERS, rule: 'EXC-2' });
    expect(store.items.map((c) => c.callId)).toEqual(['excluded']);
    await store.search({ ...NO_FILTERS, outcome: 'partly' });
    expect(store.items.map((c) => c.callId)).toEqual(['stopped']);
    await store.search({ ...NO_FILTERS, queue: 'support' });
    expect(store.items.map((c) => ({ id: c.callId, status: c.status }))).toEqual([{ id: 'support', status: 'expired' }]);
    await store.search({ ...NO_FILTERS, employee: 'alice', outcome: 'recorded' });
    expect(store.items.map((c) => c.callId)).toEqual(['recorded']);
  });

  it('CNS-3..5: filters by consent status, each call with its status and region as the engine decided them', async () => {
    const consent = (mode: string) => ({ ...DEMO_SETTINGS, consent: { mode } });
    fake.add('off', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    fake.add('announced', { ...salesCall('+13105550143'), settings: consent('announce') }, '2026-11-03T11:00:00.000Z');
    fake.add(
      'refused',
      { ...salesCall('+15125550144', [{ type: 'consent', given: false }]), settings: consent('require') },
      '2026-11-03T12:00:00.000Z',
    );
    const store = useCallHistoryStore();
    await store.search({ ...NO_FILTERS, consent: 'implied' });
    expect(lastQuery('/calls').get('consent')).toBe('implied');
    expect(store.items.map((c) => [c.callId, c.consent])).toEqual([['announced', { status: 'implied', region: 'CA' }]]);
    await store.search({ ...NO_FILTERS, consent: 'refused', queue: 'sales' });
    expect(store.items.map((c) => [c.callId, c.consent])).toEqual([['refused', { status: 'refused', region: 'TX' }]]);
    await store.search({ ...NO_FILTERS, consent: 'not-needed' });
    expect(store.items.map((c) => c.callId)).toEqual(['off']);
    await store.search({ ...NO_FILTERS });
    expect(lastQuery('/calls').get('consent')).toBeNull();
  });

  it("the days are the admin's local days, `to` included: the API gets instants, its `to` the next midnight", () => {
    const query = searchQuery({ ...NO_FILTERS, from: '2026-11-01', to: '2026-11-03' });
    expect(query.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(query.to).toBe(new Date(2026, 10, 4).toISOString());
    expect(searchQuery({ ...NO_FILTERS, number: '  ', queue: ' sales ' })).toEqual({ queue: 'sales' });
  });

  it('the chart: calls per UTC day and outcome over the last 30 days, a day without calls counted zero', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 20, 12));
    fake.add('a', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
    fake.add('b', salesCall('+12125550123'), '2026-11-03T11:00:00.000Z');
    fake.add('c', salesCall('+13105550142'), '2026-11-05T11:00:00.000Z');
    fake.add('old', salesCall('+13105550142'), '2026-09-01T11:00:00.000Z');
    const store = useCallHistoryStore();
    await store.search();
    expect(lastQuery('/calls-per-day').get('from')).toBe('2026-10-22');
    expect(lastQuery('/calls-per-day').get('to')).toBe('2026-11-21');
    expect(store.days).toHaveLength(30);
    expect(store.days.find((d) => d.day === '2026-11-03')).toEqual({ day: '2026-11-03', recorded: 1, partly: 0, notRecorded: 1 });
    expect(store.days.find((d) => d.day === '2026-11-04')).toEqual({ day: '2026-11-04', recorded: 0, partly: 0, notRecorded: 0 });
    expect(store.period).toEqual({ from: '2026-10-22', to: '2026-11-20' });
  });

  it('the chart follows the chosen days', async () => {
    const store = useCallHistoryStore();
    await store.search({ ...NO_FILTERS, from: '2026-11-01', to: '2026-11-07' });
    expect(lastQuery('/calls-per-day').get('from')).toBe('2026-11-01');
    expect(lastQuery('/calls-per-day').get('to')).toBe('2026-11-08');
    expect(store.days.map((d) => d.day)).toHaveLength(7);
  });

  it('HIS-3: the CSV of every call matching the filters, named as the API names it', async () => {
    fake.add('c-1', salesCall('+14155550177'), '2026-11-03T10:00:00.000Z');
    fake.add('c-2', salesCall('+13105550142'), '2026-11-03T11:00:00.000Z');
    const store = useCallHistoryStore();
    await store.search({ ...NO_FILTERS, number: '415*' });
    const file = await store.exportCsv();
    expect(lastQuery('/calls').get('format')).toBe('csv');
    expect(lastQuery('/calls').get('number')).toBe('415*');
    expect(lastQuery('/calls').get('limit')).toBeNull();
    expect(file?.fileName).toBe('calls-demo.csv');
    const text = await file?.blob.text();
    expect(text?.split('\n')).toHaveLength(2);
    expect(text).toContain('+14155550177');
  });

  it('ACC-5: without View Call History the refusal is the problem, with the permission named', async () => {
    fake.canView = false;
    const store = useCallHistoryStore();
    await store.search();
    expect(store.problem).toMatchObject({ status: 403, detail: 'This needs the permission "View Call History"' });
  });
});
