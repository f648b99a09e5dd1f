import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, provideApi } from '../../../api';
import { routerAt } from '../../../test/console';
import { DEMO_SETTINGS, FakeCallHistoryApi, salesCall } from '../../call-history/fake-call-history-api';
import { FakeSimulateApi } from '../fake-simulate-api';
import SimulatorView from './SimulatorView.vue';

describe('Simulator', () => {
  let fake: FakeSimulateApi;
  let history: FakeCallHistoryApi;
  let view: VueWrapper;

  async function open(path = '/simulator'): Promise<VueWrapper> {
    const router = await routerAt(path);
    view = mount(SimulatorView, { attachTo: document.body, global: { plugins: [createPinia(), router] } });
    await flushPromises();
    return view;
  }
  const button = (name: string) => {
    const found = view.findAll('button').find((b) => (b.attributes('aria-label') ?? b.text()).includes(name));
    if (!found) throw new Error(`no button named ${name}`);
    return found;
  };
  async function run(): Promise<void> {
    await view.find('form').trigger('submit');
    await flushPromises();
  }

  beforeEach(() => {
    fake = new FakeSimulateApi();
    history = new FakeCallHistoryApi();
    setActivePinia(createPinia());
    // `/calls…` is the call history's (a kept call's evidence), the rest the simulation's.
    const fetch = (request: Request) => (new URL(request.url).pathname.startsWith('/api/v1/calls') ? history : fake).fetch(request);
    provideApi(createClient({ baseUrl: 'http://console.test/api/v1', token: () => 'test-token', fetch }));
  });
  afterEach(() => view?.unmount());

  it('runs a preset and shows a timeline: state, controls and rule IDs with their catalogue text', async () => {
    await open();
    await view.find('select#simulator-preset').setValue('payment-call');
    await run();
    const rows = view.findAll('table.timeline tbody tr');
    expect(rows).toHaveLength(11);
    expect(rows[1]?.text()).toContain('Answered by andre.baptiste');
    expect(rows[1]?.text()).toContain('Recording');
    // PAY-1: the payment screen pauses the call; resume is refused while it is open.
    expect(rows[2]?.text()).toContain('Paused');
    expect(rows[3]?.text()).toContain('Refused by PAY-1');
    expect(rows[1]?.find('[aria-label="Rule IDs of step 2"]').text()).toContain('MOD-1');
    await button('Show step 2 in the agent view').trigger('click');
    expect(view.find('[aria-labelledby="agent-rules-title"]').text()).toContain(
      'MOD-1 Always record: recording starts automatically and the agent cannot stop it.',
    );
  });

  it("ANN-1: under a prompt setting, hovering or focusing the agent's record button shows the announcement warning", async () => {
    await open();
    await run();
    await button('Show step 3 in the agent view').trigger('click');
    const record = button('Stop recording');
    expect(record.attributes('aria-describedby')).toBe('agent-announcement-tooltip');
    const tooltip = view.find('[role="tooltip"]');
    expect(tooltip.isVisible()).toBe(false);
    await record.trigger('mouseenter');
    expect(tooltip.isVisible()).toBe(true);
    expect(tooltip.text()).toContain('A recording announcement may be legally required');
    await record.trigger('mouseleave');
    await record.trigger('focus');
    expect(tooltip.isVisible()).toBe(true);
    await record.trigger('keydown', { key: 'Escape' });
    expect(tooltip.isVisible()).toBe(false);
  });

  it('ANN-2: under never announce there is no tooltip', async () => {
    await open();
    await view.find('select#simulator-preset').setValue('transfer-use-destination');
    await run();
    const steps = view.findAll('table.timeline tbody tr');
    const last = steps.length - 1;
    await button(`Show step ${last} in the agent view`).trigger('click');
    expect(view.find('[role="tooltip"]').exists()).toBe(false);
  });

  it("pressing an allowed control adds the agent's action after the step and replays (MOD-2: the agent may stop)", async () => {
    await open();
    await run();
    await button('Show step 3 in the agent view').trigger('click');
    await button('Stop recording').trigger('click');
    await flushPromises();
    const rows = view.findAll('table.timeline tbody tr');
    expect(rows).toHaveLength(11);
    expect(rows[3]?.text()).toContain('Agent stops the recording');
    expect(view.find('.agent').text()).toContain('After step 4');
  });

  it("the API's problems show with their paths, on the scenario field", async () => {
    await open();
    await view
      .find('textarea')
      .setValue(JSON.stringify({ call: { kind: 'queue', customer: '+13105550142', queue: 'nowhere' }, events: [] }));
    await run();
    const textarea = view.find('textarea');
    expect(textarea.attributes('aria-invalid')).toBe('true');
    const problems = view.find('[aria-label="Problems in the scenario"]');
    expect(problems.text()).toContain('call.queue');
    expect(view.find('table.timeline').exists()).toBe(false);
  });

  it('live settings: the request leaves the scenario settings out', async () => {
    await open();
    await view.find('input#against-live').setValue(true);
    await run();
    expect(fake.bodies[0]).not.toHaveProperty('settings');
    expect(view.text()).toContain("Replayed against the account's live settings");
  });

  it("HIS-2: opened from a call page, the call's evidence is the scenario, replayed at once to the decisions the call got", async () => {
    const kept = history.add(
      'pbx-7',
      {
        ...salesCall('+13105550142', [{ type: 'agent', action: 'pause' }]),
        settingsChanges: [{ beforeEvent: 2, settings: { ...DEMO_SETTINGS, exclusions: [] } }],
      },
      '2026-11-03T10:00:00.000Z',
    );
    await open('/simulator?call=pbx-7');
    const note = view.find('[aria-label="Opened from a call"]');
    expect(note.text()).toContain('pbx-7');
    expect(note.find('a').attributes('href')).toBe('/calls/pbx-7');
    expect(JSON.parse((view.find('textarea').element as HTMLTextAreaElement).value)).toHaveProperty('settingsChanges');
    const rows = view.findAll('table.timeline tbody tr');
    expect(rows.map((r) => r.find('.state').text())).toEqual(
      kept.steps.map((s) => ({ on: 'Recording', off: 'Not recording', paused: 'Paused' })[s.recording]),
    );

    // Ready to try a change: the settings are edited, and the simulation runs again.
    const scenario = JSON.parse((view.find('textarea').element as HTMLTextAreaElement).value);
    scenario.settings.queues = [{ id: 'sales', custom: { mode: 'never', announcement: 'never' } }, { id: 'support' }];
    await view.find('textarea').setValue(JSON.stringify(scenario));
    await run();
    expect(view.findAll('table.timeline tbody tr')[1]?.find('.state').text()).toBe('Not recording');
    expect(view.find('[aria-label="Opened from a call"]').exists()).toBe(true);
  });

  describe('consent (CNS)', () => {
    /** A California caller (415, by area code) in queue billing, answered by grace.liu, under the given consent mode. */
    const californiaCall = (mode: string) =>
      JSON.stringify({
        settings: {
          queues: [{ id: 'billing' }],
          employees: [{ id: 'grace.liu', directLine: '(503) 555-0104' }],
          consent: { mode },
        },
        call: { kind: 'queue', customer: '(415) 555-0188', queue: 'billing' },
        events: [{ type: 'connected' }, { type: 'answered', employee: 'grace.liu' }, { type: 'ended' }],
      });
    const consentCells = () => view.findAll('table.timeline tbody tr').map((r) => r.find('.timeline__consent').text().replace(/\s+/g, ' '));

    it('CNS-4: a California call under require is pending, nothing records; the customer consents: given, and it records', async () => {
      await open();
      await view.find('textarea').setValue(californiaCall('require'));
      await run();
      expect(view.find('table.timeline thead').text()).toContain('Consent');
      expect(consentCells()[1]).toBe('Pending California (area code) · Notice played');
      expect(view.findAll('table.timeline tbody tr')[1]?.find('.state').text()).toBe('Not recording');

      await button('Show step 2 in the agent view').trigger('click');
      const consent = view.find('dl[aria-label="The customer\'s consent"]').text();
      expect(consent).toContain('California (area code)');
      expect(consent).toContain('Played to the customer');
      expect(consent).toContain('Pending');
      await button('Customer consents').trigger('click');
      await flushPromises();

      const rows = view.findAll('table.timeline tbody tr');
      expect(rows).toHaveLength(4);
      expect(rows[2]?.find('th').text()).toContain('Customer consents to the recording');
      expect(consentCells()[2]).toBe('Given California (area code) · Notice played');
      // CNS-4: from consent on the rules apply as if the call had just become recordable (MOD-2 starts it).
      expect(rows[2]?.find('.state').text()).toBe('Recording');
      expect(JSON.parse((view.find('textarea').element as HTMLTextAreaElement).value).events[2]).toEqual({ type: 'consent', given: true });
      expect(view.find('.agent').text()).toContain('After step 3');
    });

    it('CNS-5: the customer refuses: not recorded for the rest of the call, even under consent off', async () => {
      await open();
      await view.find('textarea').setValue(californiaCall('off'));
      await run();
      expect(consentCells()[1]).toBe('Not needed California (area code) · No notice');
      await button('Show step 2 in the agent view').trigger('click');
      await button('Customer refuses').trigger('click');
      await flushPromises();
      const rows = view.findAll('table.timeline tbody tr');
      expect(rows[2]?.find('th').text()).toContain('Customer refuses (or withdraws) consent');
      expect(consentCells()[2]).toContain('Refused');
      expect(rows[2]?.find('.state').text()).toBe('Not recording');
    });

    it("CNS-1: the call can carry the customer account's region, which wins over the area code; None takes it away", async () => {
      await open();
      await view.find('textarea').setValue(californiaCall('announce'));
      const region = view.find('select#simulator-customer-region');
      expect((region.element as HTMLSelectElement).value).toBe('');
      expect(region.findAll('option').map((o) => o.text())).toContain('Quebec (QC, Canada)');
      await region.setValue('QC');
      expect(JSON.parse((view.find('textarea').element as HTMLTextAreaElement).value).call.customerRegion).toBe('QC');
      await run();
      // Quebec is not on the product's all-party list: no consent needed.
      expect(consentCells()[1]).toBe('Not needed Quebec (customer account) · No notice');
      expect(fake.bodies.at(-1)).toMatchObject({ call: { customerRegion: 'QC' } });

      await region.setValue('');
      expect(JSON.parse((view.find('textarea').element as HTMLTextAreaElement).value).call).not.toHaveProperty('customerRegion');
      await run();
      expect(consentCells()[1]).toBe('Implied (announced) California (area code) · Notice played');
    });

    it('CNS-1: a toll-free customer number places the customer nowhere: Unknown', async () => {
      await open();
      await view.find('select#simulator-preset').setValue('consent-require-all-party-state');
      const scenario = JSON.parse((view.find('textarea').element as HTMLTextAreaElement).value);
      scenario.call.customer = '(800) 555-0126';
      await view.find('textarea').setValue(JSON.stringify(scenario));
      await run();
      expect(consentCells()[0]).toBe('Pending Unknown · Notice played');
    });
  });
});
