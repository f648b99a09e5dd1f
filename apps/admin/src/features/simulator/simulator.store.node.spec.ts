// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_PREFIX, createClient, provideApi } from '../../api';
import { serve } from '../../test/http-server';
import { DEMO_SETTINGS, FakeCallHistoryApi } from '../call-history/fake-call-history-api';
import { FakeSimulateApi } from './fake-simulate-api';
import { PRESETS } from './presets';
import { useSimulatorStore } from './simulator.store';

describe('simulator store, over HTTP', () => {
  let fake: FakeSimulateApi;
  let history: FakeCallHistoryApi;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    // `/calls…` is the call history's (a kept call's evidence), the rest the simulation's.
    server = await serve((request) => (new URL(request.url).pathname.startsWith('/api/v1/calls') ? history : fake).fetch(request));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    fake = new FakeSimulateApi();
    history = new FakeCallHistoryApi();
    setActivePinia(createPinia());
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'test-token' }));
  });

  it('every bundled preset replays: the console offers no example the API refuses', async () => {
    const store = useSimulatorStore();
    for (const preset of PRESETS) {
      store.choosePreset(preset.id);
      expect(await store.run(), preset.id).toBe(true);
      expect(store.replay?.steps.length).toBe(JSON.parse(preset.text).events.length);
    }
  });

  it('replays against the draft settings: the scenario is sent whole', async () => {
    const store = useSimulatorStore();
    store.choosePreset('queue-call-transfer-chain');
    await store.run();
    expect(fake.bodies[0]).toHaveProperty('settings');
    expect(store.replayedAgainst).toBe('draft');
    // GLB-2, QUE-6: answered in sales after the redirect, recorded under the sales queue default.
    expect(store.replay?.steps[2]).toMatchObject({ recording: 'on', prompt: true, rules: expect.arrayContaining(['QUE-6', 'ANN-1']) });
  });

  it('replays against the live settings: settings are left out of the request', async () => {
    const store = useSimulatorStore();
    store.choosePreset('queue-call-transfer-chain');
    store.against = 'live';
    expect(await store.run()).toBe(true);
    expect(fake.bodies[0]).not.toHaveProperty('settings');
    expect(store.replayedAgainst).toBe('live');
  });

  it("a scenario the API refuses shows each of the API's problems with its path", async () => {
    const store = useSimulatorStore();
    store.setText(JSON.stringify({ call: { kind: 'queue', customer: '+13105550142', queue: 'nowhere' }, events: [{ type: 'ended' }] }));
    expect(await store.run()).toBe(false);
    expect(store.issues.length).toBeGreaterThan(0);
    expect(store.issues[0]?.path).toMatch(/^call\.queue|^events/);
    expect(store.replay).toBeNull();
    expect(store.problem).toBeNull();
  });

  it('text that is not JSON is not sent, and says why', async () => {
    const store = useSimulatorStore();
    store.setText('{ "call": ');
    expect(await store.run()).toBe(false);
    expect(store.syntaxError).toContain('not valid JSON');
    expect(fake.bodies).toHaveLength(0);
  });

  it('an agent action inserted after a step is replayed in its place (MOD-1: stop refused under always)', async () => {
    const store = useSimulatorStore();
    store.setText(
      JSON.stringify({
        settings: {
          queueDefault: { mode: 'always', announcement: 'prompt' },
          queues: [{ id: 'sales' }],
          employees: [{ id: 'alice', directLine: '+14155550100' }],
        },
        call: { kind: 'queue', customer: '+13105550142', queue: 'sales' },
        events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'ended' }],
      }),
    );
    expect(await store.insertAgentAction(1, 'stop')).toBe(true);
    expect(JSON.parse(store.text).events[2]).toEqual({ type: 'agent', action: 'stop' });
    expect(store.replay?.steps[2]).toMatchObject({ recording: 'on', rejected: 'MOD-1' });
  });

  it('the downloaded file is the scenario as pnpm simulate reads it', () => {
    const store = useSimulatorStore();
    store.choosePreset('payment-call');
    const file = store.scenarioFile();
    expect(file?.name).toBe('payment-call.json');
    expect(JSON.parse(file?.content ?? '')).toEqual(JSON.parse(PRESETS.find((p) => p.id === 'payment-call')?.text ?? ''));
  });

  it('a refusal of the request itself (401) is a problem, not a list of scenario problems', async () => {
    provideApi(createClient({ baseUrl: `${server.url}${API_PREFIX}`, token: () => 'someone-else' }));
    const store = useSimulatorStore();
    expect(await store.run()).toBe(false);
    expect(store.problem).toMatchObject({ status: 401, detail: 'Send a valid token' });
    expect(store.issues).toEqual([]);
  });

  it('HIS-2: a kept call opens as its evidence, settingsChanges included, and replays to the decisions the call got', async () => {
    const changed = { ...DEMO_SETTINGS, transfer: { toQueue: 'use-destination' } };
    const kept = history.add(
      'pbx:7',
      {
        settings: DEMO_SETTINGS,
        settingsChanges: [{ beforeEvent: 2, settings: changed }],
        call: { kind: 'queue', customer: '+13105550142', queue: 'sales' },
        events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }, { type: 'agent', action: 'pause' }, { type: 'ended' }],
      },
      '2026-11-03T10:00:00.000Z',
    );
    const store = useSimulatorStore();
    expect(await store.openCall('pbx:7')).toBe(true);
    expect(store.fromCall).toBe('pbx:7');
    expect(store.presetId).toBeNull();
    expect(store.fileName).toBe('call-pbx_7-scenario.json');
    expect(fake.bodies[0]).toHaveProperty('settingsChanges');
    expect(fake.bodies[0]).toHaveProperty('meta.callId', 'pbx:7');
    const decisions = (steps: readonly { recording: string; rules: readonly string[] }[]) => steps.map((s) => [s.recording, s.rules]);
    expect(decisions(store.replay?.steps ?? [])).toEqual(decisions(kept.steps));
    // Each step names the settings that decided it: the change before event 2 shows.
    const versions = (store.replay?.steps ?? []).map((step) => (step as { settingsVersion?: string }).settingsVersion);
    expect(versions[1]).not.toBe(versions[2]);

    // Against the live settings, the whole call is decided as the account would now: settings and settingsChanges are left out.
    store.against = 'live';
    expect(await store.run()).toBe(true);
    expect(fake.bodies[1]).not.toHaveProperty('settings');
    expect(fake.bodies[1]).not.toHaveProperty('settingsChanges');
  });

  it("HIS-2: a call the history does not hold is the API's problem, and the scenario shown is left as it was", async () => {
    const store = useSimulatorStore();
    const before = store.text;
    expect(await store.openCall('nowhere')).toBe(false);
    expect(store.problem).toMatchObject({ status: 404 });
    expect(store.text).toBe(before);
    expect(store.fromCall).toBeNull();
  });

  it('CNS-1: the call carries the region chosen for it, upper case; none takes it away', async () => {
    const store = useSimulatorStore();
    store.choosePreset('consent-require-all-party-state');
    expect(store.customerRegion).toBeNull();
    expect(store.setCustomerRegion('CA')).toBe(true);
    expect(store.customerRegion).toBe('CA');
    expect(store.presetId).toBe('consent-require-all-party-state');
    expect(await store.run()).toBe(true);
    expect(fake.bodies[0]).toMatchObject({ call: { customerRegion: 'CA' } });
    expect(store.replay?.steps[0]?.consent).toEqual({ region: 'CA', basis: 'account', announce: true, status: 'pending' });

    store.setCustomerRegion(null);
    expect(JSON.parse(store.text).call).not.toHaveProperty('customerRegion');
    store.setText('{ not json');
    expect(store.setCustomerRegion('CA')).toBe(false);
    expect(store.syntaxError).toContain('not valid JSON');
  });

  it('CNS-4: a consent event after a step joins the scenario there, and the call is replayed', async () => {
    const store = useSimulatorStore();
    store.choosePreset('consent-require-all-party-state');
    await store.run();
    // WA by area code (206), under require: pending after the answer.
    expect(store.replay?.steps[1]?.consent).toEqual({ region: 'WA', basis: 'area-code', announce: true, status: 'pending' });
    expect(await store.insertConsent(1, true)).toBe(true);
    expect(JSON.parse(store.text).events[2]).toEqual({ type: 'consent', given: true });
    expect(store.replay?.steps[2]).toMatchObject({ recording: 'on', consent: { status: 'given' } });
  });
});
