// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { useCallRecordStore } from './call-record.store';
import { FakeCallHistoryApi, salesCall } from './fake-call-history-api';
import { useHistorySettingsStore } from './history-settings.store';

describe('history settings store (retention, erasure), over HTTP', () => {
  let fake: FakeCallHistoryApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeCallHistoryApi();
    fake.add('pbx:42', salesCall('+13105550142'), '2026-11-03T10:00:00.000Z');
  });

  it('HIS-4: the retention period is saved with If-Match; a 412 keeps mine aside and shows theirs, to reapply', async () => {
    const store = useHistorySettingsStore();
    await store.load();
    expect(store.settings).toEqual({ retentionDays: 400, revision: 1 });
    expect(await store.saveRetention(365)).toBe(true);
    expect(store.settings).toEqual({ retentionDays: 365, revision: 2 });

    fake.otherAdminSets(90);
    expect(await store.saveRetention(730)).toBe(false);
    expect(store.conflict).toEqual({ mine: 730, theirs: { retentionDays: 90, revision: 3 } });
    expect(store.settings?.retentionDays).toBe(90);
    expect(await store.reapply()).toBe(true);
    expect(store.settings).toEqual({ retentionDays: 730, revision: 4 });
    expect(store.conflict).toBeNull();
  });

  it("HIS-4: a period the API refuses shows the API's reason on the field", async () => {
    const store = useHistorySettingsStore();
    await store.load();
    expect(await store.saveRetention(5000)).toBe(false);
    expect(store.fieldError).toBe('retentionDays must not be greater than 3650');
    expect(store.problem).toBeNull();
  });

  it('HIS-5: every kept call of a number typed in any form is erased; a held call stays (HIS-4)', async () => {
    fake.add('pbx:43', salesCall('+13105550142'), '2026-11-04T10:00:00.000Z');
    const record = useCallRecordStore();
    await record.load('pbx:43');
    await record.hold('Complaint 7');
    const store = useHistorySettingsStore();
    expect(await store.erase('(310) 555-0142')).toEqual({ kind: 'erased', erasure: { erased: 1, keptUnderHold: 1 } });
    expect(fake.calls.map((c) => c.record.callId)).toEqual(['pbx:43']);
    expect(await store.erase('hello')).toMatchObject({ kind: 'refused', message: expect.stringContaining('not a phone number') });
  });
});
