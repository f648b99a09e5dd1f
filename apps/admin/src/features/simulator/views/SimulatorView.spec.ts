import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, provideApi } from '../../../api';
import { FakeSimulateApi } from '../fake-simulate-api';
import SimulatorView from './SimulatorView.vue';

describe('Simulator', () => {
  let fake: FakeSimulateApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    view = mount(SimulatorView, { attachTo: document.body, global: { plugins: [createPinia()] } });
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
    setActivePinia(createPinia());
    provideApi(createApiClient({ baseUrl: 'http://console.test/api/v1', token: () => 'test-token', fetch: fake.fetch }));
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
});
