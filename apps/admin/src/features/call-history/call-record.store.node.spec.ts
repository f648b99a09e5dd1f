// @vitest-environment node
import { replay } from '@ccp/policy-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { useCallRecordStore } from './call-record.store';
import { FakeCallHistoryApi, salesCall } from './fake-call-history-api';

describe('call record store, over HTTP', () => {
  let fake: FakeCallHistoryApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeCallHistoryApi();
    fake.add('pbx:42', salesCall('+13105550142', [{ type: 'agent', action: 'pause' }]), '2026-11-03T10:00:00.000Z');
  });

  it('HIS-1: one call, every step as the API answered it, with when its event arrived', async () => {
    const store = useCallRecordStore();
    await store.load('pbx:42');
    expect(fake.requests).toContain('GET /calls/pbx%3A42');
    expect(store.record?.steps.map((s) => s.event.type)).toEqual(['connected', 'answered', 'agent', 'ended']);
    expect(store.record?.steps[1]).toMatchObject({ recording: 'on', rules: expect.arrayContaining(['GLB-2', 'QUE-1', 'MOD-2']) });
    expect(store.record?.steps[2]).toMatchObject({ recording: 'paused', rules: expect.arrayContaining(['MOD-5']) });
    expect(store.record?.steps[0]?.receivedAt).toBe('2026-11-03T10:00:01.000Z');
  });

  it('a call not in the history is the problem, with the API’s detail', async () => {
    const store = useCallRecordStore();
    await store.load('nowhere');
    expect(store.record).toBeNull();
    expect(store.problem).toMatchObject({ status: 404, detail: 'No call "nowhere" in this account\'s history' });
  });

  it('HIS-4: a hold with its reason, then its release', async () => {
    const store = useCallRecordStore();
    await store.load('pbx:42');
    expect(await store.hold('Litigation 2026-114')).toEqual({ kind: 'held' });
    expect(store.record?.hold).toMatchObject({ reason: 'Litigation 2026-114', by: 'admin@demo.test' });
    expect(await store.release()).toBe(true);
    expect(store.record?.hold).toBeNull();
  });

  it("HIS-4: a hold without a reason comes back with the API's reason for the pop-up", async () => {
    const store = useCallRecordStore();
    await store.load('pbx:42');
    expect(await store.hold('   ')).toEqual({ kind: 'refused', message: 'reason must say why the call is held' });
    expect(store.record?.hold).toBeNull();
  });

  it('ACC-5: a hold without Edit Call Recording Settings fails with the 403, naming the permission', async () => {
    fake.canEdit = false;
    const store = useCallRecordStore();
    await store.load('pbx:42');
    const outcome = await store.hold('Litigation');
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.problem).toMatchObject({
      status: 403,
      detail: 'This needs the permission "Edit Call Recording Settings"',
    });
  });

  it('HIS-2: the evidence is saved as call-<id>-evidence.json, and its replay gives back the decisions the call got', async () => {
    const store = useCallRecordStore();
    await store.load('pbx:42');
    const file = await store.evidence();
    expect(file?.fileName).toBe('call-pbx_42-evidence.json');
    const scenario = JSON.parse((await file?.blob.text()) ?? '{}');
    expect(scenario.meta).toMatchObject({ callId: 'pbx:42' });
    const replayed = replay(scenario);
    expect(replayed.ok).toBe(true);
    const decisions = (steps: readonly { recording: string; rules: readonly string[] }[]) => steps.map((s) => [s.recording, s.rules]);
    expect(replayed.ok && decisions(replayed.replay.steps)).toEqual(decisions(store.record?.steps ?? []));
  });
});
