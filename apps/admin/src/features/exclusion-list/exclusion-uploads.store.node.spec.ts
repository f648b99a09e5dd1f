// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { PAGE_SIZE, useExclusionListStore } from './exclusion-list.store';
import { useExclusionUploadsStore } from './exclusion-uploads.store';
import { FakeExclusionApi } from './fake-exclusion-api';

describe('exclusion list uploads store, over HTTP', () => {
  let fake: FakeExclusionApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeExclusionApi(PAGE_SIZE + 5);
  });

  function store() {
    const s = useExclusionUploadsStore();
    s.pollIntervalMs = 1;
    return s;
  }

  it('EXC-8 / EXC-10: sends the file and the mode, follows the progress, and ends with the outcome', async () => {
    fake.uploadOutcome = {
      imported: 2,
      duplicates: 1,
      rejectedCount: 1,
      rejected: [{ row: 3, value: 'hello', reason: '"hello" is not a phone number' }],
    };
    const s = store();
    await useExclusionListStore().search('');
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
});
