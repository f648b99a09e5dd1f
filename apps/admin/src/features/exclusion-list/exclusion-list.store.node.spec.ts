// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_PREFIX, createClient, provideApi } from '../../api';
import { serve } from '../../test/http-server';
import { PAGE_SIZE, useExclusionListStore } from './exclusion-list.store';
import { FakeExclusionApi } from './fake-exclusion-api';

describe('exclusion list store, over HTTP', () => {
  let fake: FakeExclusionApi;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((request) => fake.fetch(request));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    fake = new FakeExclusionApi(PAGE_SIZE + 5);
    setActivePinia(createPinia());
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'test-token' }));
  });

  function store() {
    const s = useExclusionListStore();
    s.pollIntervalMs = 1;
    return s;
  }

  it('reads one page at a time with the cursor, and goes back through the cursors followed', async () => {
    const s = store();
    await s.search('');
    expect(s.items).toHaveLength(PAGE_SIZE);
    expect(s.hasNext).toBe(true);
    expect(s.hasPrevious).toBe(false);
    expect(fake.requests.at(-1)).toBe(`GET /exclusions?limit=${PAGE_SIZE}`);

    await s.nextPage();
    expect(s.items).toHaveLength(5);
    expect(s.pageNumber).toBe(2);
    expect(s.hasNext).toBe(false);
    expect(fake.requests.at(-1)).toBe(`GET /exclusions?limit=${PAGE_SIZE}&cursor=${PAGE_SIZE}`);

    await s.previousPage();
    expect(s.pageNumber).toBe(1);
    expect(s.items[0]?.display).toBe('(415) 555-0000');
  });

  it('searches with q from the first page; a refused search lands on the search field', async () => {
    const s = store();
    await s.search('(415) 555-0003');
    expect(s.items.map((e) => e.display)).toEqual(['(415) 555-0003']);
    await s.search('abc');
    expect(s.searchError).toContain('q must be the digits');
    expect(s.problem).toBeNull();
  });

  it('EXC-1 / EXC-6: adds, says when the entry is listed already, and brings back the reason of a refusal', async () => {
    const s = store();
    await s.search('');
    expect(await s.add('650')).toMatchObject({ kind: 'added', exclusion: { display: '650*', kind: 'area-code' } });
    expect(await s.add('650*')).toMatchObject({ kind: 'already-present' });
    expect(await s.add('555-01')).toEqual({
      kind: 'refused',
      message: '"555-01" is not a phone number or a 3-digit area code',
      rule: 'EXC-1',
    });
  });

  it('EXC-7: deletes by the normalized entry, and an emptied last page falls back to the one before', async () => {
    fake = new FakeExclusionApi(PAGE_SIZE + 1);
    const s = store();
    await s.search('');
    await s.nextPage();
    const last = s.items[0];
    if (!last) throw new Error('no entry');
    expect(await s.remove(last)).toBe(true);
    expect(fake.requests).toContain(`DELETE /exclusions/${encodeURIComponent(last.entry)}`);
    expect(s.pageNumber).toBe(1);
    expect(s.items).toHaveLength(PAGE_SIZE);
  });

  it('EXC-8 / EXC-10: sends the file and the mode, follows the progress, and ends with the outcome', async () => {
    fake.uploadOutcome = {
      imported: 2,
      duplicates: 1,
      rejectedCount: 1,
      rejected: [{ row: 3, value: 'hello', reason: '"hello" is not a phone number' }],
    };
    const s = store();
    await s.search('');
    const seen: string[] = [];
    s.$subscribe(() => {
      if (s.upload && seen.at(-1) !== s.upload.status) seen.push(s.upload.status);
    });
    expect(await s.startUpload(new File(['415\n(650) 555-0100\nhello\n'], 'numbers.csv', { type: 'text/csv' }), 'replace')).toBe(true);
    await vi.waitFor(() => expect(s.upload?.status).toBe('done'));
    expect(fake.uploadsReceived).toEqual([{ mode: 'replace', fileName: 'numbers.csv', text: '415\n(650) 555-0100\nhello\n' }]);
    expect(seen).toEqual(['queued', 'running', 'done']);
    expect(s.upload).toMatchObject({ imported: 2, duplicates: 1, rejected: [{ row: 3, reason: '"hello" is not a phone number' }] });

    const rejected = await s.rejectedRows('upload-1');
    expect(rejected?.fileName).toBe('rejected-rows é.csv');
    expect(await rejected?.blob.text()).toContain('3,hello');
  });

  it('EXC-10: a failed import says why', async () => {
    fake.failUpload = 'The file could not be read';
    const s = store();
    await s.startUpload(new File(['x'], 'broken.xlsx'), 'add');
    await vi.waitFor(() => expect(s.upload?.status).toBe('failed'));
    expect(s.upload?.error).toBe('The file could not be read');
  });

  it("EXC-10: opening the screen reads the newest upload and follows it while it runs, another admin's too", async () => {
    const running = fake.seedUpload({ createdBy: 'dana@demo.test', fileName: 'dana.csv', steps: 3, polls: 1 });
    const s = store();
    await s.resumeUpload('admin@demo.test');
    expect(fake.requests).toContain('GET /exclusions/uploads?limit=1');
    expect(s.upload).toMatchObject({ id: running.id, status: 'running', createdBy: 'dana@demo.test' });
    await vi.waitFor(() => expect(s.upload?.status).toBe('done'));
    expect(fake.pollsOf(running.id)).toBe(3);
  });

  it('EXC-10: a finished upload shows its outcome to the person who uploaded it, once per session', async () => {
    const outcome = {
      imported: 4,
      duplicates: 1,
      rejectedCount: 1,
      rejected: [{ row: 2, value: 'x', reason: '"x" is not a phone number' }],
    };
    const mine = fake.seedUpload({ outcome, polls: 2 });
    const s = store();
    await s.resumeUpload('admin@demo.test');
    await vi.waitFor(() => expect(s.upload).toMatchObject({ id: mine.id, status: 'done', ...outcome }));

    // Still on screen when the admin comes back without closing it; gone for good once closed.
    s.stopFollowing();
    await s.resumeUpload('admin@demo.test');
    expect(s.upload?.id).toBe(mine.id);
    s.dismissUpload();
    await s.resumeUpload('admin@demo.test');
    expect(s.upload).toBeNull();

    fake.seedUpload({ createdBy: 'dana@demo.test', failure: 'The file could not be read', polls: 2 });
    await s.resumeUpload('admin@demo.test');
    expect(s.upload).toBeNull();
  });

  it('EXC-10: one poller per upload, however often the screen opens, and none once it is left', async () => {
    // Slow answers: the screen is left and opened again while a poll is still out.
    fake.pollDelayMs = 30;
    const running = fake.seedUpload({ steps: 1_000, polls: 1 });
    const s = store();
    await Promise.all([s.resumeUpload('admin@demo.test'), s.resumeUpload('admin@demo.test')]);
    await vi.waitFor(() => expect(fake.pollsOf(running.id)).toBeGreaterThanOrEqual(2));
    s.stopFollowing();
    await s.resumeUpload('admin@demo.test');
    s.stopFollowing();
    await s.resumeUpload('admin@demo.test');
    await vi.waitFor(() => expect(fake.pollsOf(running.id)).toBeGreaterThanOrEqual(6));
    expect(fake.maxPollsAtOnce).toBe(1);

    s.stopFollowing();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const polled = fake.pollsOf(running.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.pollsOf(running.id)).toBe(polled);
  });

  it('EXC-9: a CSV comes at once, with the file name the API gives', async () => {
    const s = store();
    const file = await s.exportList('csv');
    expect(file?.fileName).toBe('exclusion-list-demo.csv');
    expect(await file?.blob.text()).toContain('(415) 555-0000');
    expect(s.exporting).toBeNull();
  });

  it('EXC-9: a large XLSX answers 202; the store polls the export and then fetches its file', async () => {
    fake.largeXlsx = true;
    const s = store();
    const file = await s.exportList('xlsx');
    expect(file?.fileName).toBe('exclusion-list-demo.xlsx');
    expect(fake.requests.filter((r) => r === 'GET /exclusions/exports/export-1').length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.at(-1)).toBe('GET /exclusions/exports/export-1/file');
  });
});
