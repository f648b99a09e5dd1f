import { replay } from '@ccp/policy-core';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveFile } from '../../../app/save-file';
import { demoMe, provideFakeApi, routerAt, signedInPinia } from '../../../test/console';
import { VIEW_CALL_HISTORY } from '../../auth/access';
import { DEMO_SETTINGS, FakeCallHistoryApi, salesCall } from '../fake-call-history-api';
import CallView from './CallView.vue';

vi.mock('../../../app/save-file', () => ({ saveFile: vi.fn() }));

describe('Call page', () => {
  let fake: FakeCallHistoryApi;
  let pinia: Pinia;
  let view: VueWrapper;

  async function open(callId = 'pbx-42'): Promise<VueWrapper> {
    const router = await routerAt(`/calls/${callId}`);
    view = mount(CallView, { props: { callId }, attachTo: document.body, global: { plugins: [pinia, router] } });
    await flushPromises();
    return view;
  }
  const button = (name: string) => view.findAll('button').find((b) => b.text() === name);

  beforeEach(() => {
    fake = new FakeCallHistoryApi();
    fake.add('pbx-42', salesCall('+13105550142', [{ type: 'agent', action: 'stop' }]), '2026-11-03T10:00:00.000Z');
    pinia = signedInPinia();
    provideFakeApi(fake.fetch);
    vi.mocked(saveFile).mockClear();
  });
  afterEach(() => view?.unmount());

  it('HIS-1: the timeline of the steps as the API answered them, when each event arrived, and the text of every rule', async () => {
    await open();
    const summary = view.find('[aria-label="The call"]');
    expect(summary.text()).toContain('(310) 555-0142');
    expect(summary.text()).toContain('Queue call in queue sales');
    expect(summary.find('.badge').text()).toBe('Partly recorded');
    expect(summary.text()).toContain('Ended');

    const rows = view.findAll('table.timeline tbody tr');
    expect(rows.map((r) => r.find('th').text())).toEqual([
      'Call connected',
      'Answered by alice',
      'Agent stops the recording',
      'Call ended',
    ]);
    expect(rows[0]?.find('time').attributes('datetime')).toBe('2026-11-03T10:00:01.000Z');
    expect(rows[1]?.find('[aria-label="Rule IDs of step 2"]').text()).toContain('MOD-2');
    // A kept call is read, not replayed: no agent view to open.
    expect(view.findAll('button').some((b) => b.attributes('aria-label')?.startsWith('Show step'))).toBe(false);
    expect(view.find('ul[aria-labelledby="call-rules-title"]').text()).toContain(
      'MOD-2 Automatically record: recording starts automatically; the agent may stop and restart it.',
    );
  });

  it('CNS-5: the call page says the customer refused consent, and where the customer was', async () => {
    fake.add(
      'refused',
      { ...salesCall('+15125550144', [{ type: 'consent', given: false }]), settings: { ...DEMO_SETTINGS, consent: { mode: 'announce' } } },
      '2026-11-03T11:00:00.000Z',
    );
    await open('refused');
    const summary = view.find('[aria-label="The call"]');
    expect(summary.find('.consent').text()).toMatch(/^Refused · TX$/);
    expect(summary.text()).toContain('The customer refused or withdrew consent');
  });

  it('HIS-4: Hold asks for a reason (the API says why it refuses an empty one), Release lifts it', async () => {
    await open();
    expect(view.text()).toContain('Not under legal hold');
    await button('Hold…')?.trigger('click');
    const dialog = () => view.find('[role="dialog"]');
    expect(dialog().find('h2').text()).toBe('Place this call under legal hold');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(dialog().find('#hold-reason-error').text()).toBe('reason must say why the call is held');

    await dialog().find('textarea').setValue('Litigation 2026-114');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(dialog().exists()).toBe(false);
    expect(view.text()).toContain('Under legal hold');
    expect(view.find('q').text()).toBe('Litigation 2026-114');
    expect(view.text()).toContain('The call is under legal hold.');

    await button('Release hold')?.trigger('click');
    await flushPromises();
    expect(view.text()).toContain('Not under legal hold');
    expect(view.text()).toContain('The legal hold was released.');
  });

  it('HIS-2: Download evidence saves the scenario as call-<id>-evidence.json, which replays to the same decisions', async () => {
    await open();
    await button('Download evidence')?.trigger('click');
    await flushPromises();
    const [blob, name] = vi.mocked(saveFile).mock.calls[0] ?? [];
    expect(name).toBe('call-pbx-42-evidence.json');
    const replayed = replay(JSON.parse(await (blob as Blob).text()));
    expect(replayed.ok && replayed.replay.steps.map((s) => s.recording)).toEqual(['off', 'on', 'off', 'off']);
  });

  it('Open in simulator leads to the simulator with the call', async () => {
    await open();
    const link = view.findAll('a').find((a) => a.text() === 'Open in simulator');
    expect(link?.attributes('href')).toBe('/simulator?call=pbx-42');
  });

  it('ACC-5: a person who may look but not edit sees the call, its hold state and its evidence, without Hold or the simulator', async () => {
    pinia = signedInPinia(demoMe([VIEW_CALL_HISTORY]));
    await open();
    expect(view.findAll('table.timeline tbody tr')).toHaveLength(4);
    expect(button('Hold…')).toBeUndefined();
    expect(button('Download evidence')).toBeDefined();
    expect(view.findAll('a').some((a) => a.text() === 'Open in simulator')).toBe(false);
    expect(view.text()).toContain('Holds need the permission Edit Call Recording Settings as well. (ACC-5)');
  });

  it("a call the history does not hold shows the API's detail, not an empty page", async () => {
    await open('nowhere');
    expect(view.find('[role="alert"]').text()).toContain('No call "nowhere" in this account\'s history');
    expect(view.find('table.timeline').exists()).toBe(false);
  });
});
