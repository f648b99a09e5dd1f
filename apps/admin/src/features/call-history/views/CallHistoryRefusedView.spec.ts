import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, type Pinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, type Router } from 'vue-router';
import { createClient, provideApi } from '../../../api';
import AppShell from '../../../app/AppShell.vue';
import { createAppRouter } from '../../../app/router';
import { demoMe, signedInPinia, signIn } from '../../../test/console';
import { VIEW_CALL_HISTORY } from '../../auth/access';
import CallHistoryRefusedView from './CallHistoryRefusedView.vue';

describe('ACC-5: who opens the call history', () => {
  let pinia: Pinia;
  let router: Router;
  let view: VueWrapper | undefined;

  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    // Nothing here reaches the API: the person is already known (`GET /me` read at login).
    provideApi(
      createClient({
        baseUrl: 'http://console.test/api/v1',
        token: () => 'test-token',
        fetch: async () => new Response(null, { status: 500 }),
      }),
    );
    router = createAppRouter(createMemoryHistory());
  });
  afterEach(() => {
    view?.unmount();
    view = undefined;
    sessionStorage.clear();
  });

  it('ACC-5: a person without View Call History who opens a call gets the explanation with the permission named, not an empty screen', async () => {
    signIn(pinia, demoMe([]));
    await router.push('/calls/pbx-42');
    expect(router.currentRoute.value.name).toBe('call-history-refused');
    view = mount(CallHistoryRefusedView, { global: { plugins: [pinia, router] } });
    const refusal = view.find('[role="region"]');
    expect(refusal.find('h2').text()).toBe('You do not have permission to view the call history');
    expect(refusal.text()).toContain('This needs the permission View Call History.');
    expect(refusal.text()).toContain('contact the account administrator');
    expect(refusal.text()).toContain('(ACC-5)');
  });

  it('ACC-1 comes first: an account without the feature is told what is missing', async () => {
    signIn(pinia, { ...demoMe(), account: { ...demoMe().account, features: { contactCenterPro: false, enterpriseHubNetwork: true } } });
    await router.push('/calls');
    expect(router.currentRoute.value.name).toBe('call-history-refused');
    view = mount(CallHistoryRefusedView, { global: { plugins: [pinia, router] } });
    expect(view.find('[aria-label="What is missing"]').text()).toContain('Contact Center Pro');
  });

  it('a person with the permission opens the history; its refusal page sends them on', async () => {
    signIn(pinia);
    await router.push('/calls');
    expect(router.currentRoute.value.name).toBe('call-history');
    await router.push('/access/call-history');
    expect(router.currentRoute.value.name).toBe('call-history');
  });

  it('the menu shows each person the screens they may open: Call history without the settings for a history-only person', async () => {
    signIn(pinia, demoMe([VIEW_CALL_HISTORY]));
    await router.push('/calls');
    view = mount(AppShell, { global: { plugins: [pinia, router], stubs: { RouterView: true } } });
    await flushPromises();
    expect(view.findAll('nav a').map((a) => a.text())).toEqual(['Call history']);

    view.unmount();
    pinia = signedInPinia();
    view = mount(AppShell, { global: { plugins: [pinia, router], stubs: { RouterView: true } } });
    expect(view.findAll('nav a').map((a) => a.text())).toContain('Call history');
    expect(view.findAll('nav a').map((a) => a.text())).toContain('Simulator');

    view.unmount();
    pinia = signedInPinia(demoMe(['Edit Call Recording Settings']));
    view = mount(AppShell, { global: { plugins: [pinia, router], stubs: { RouterView: true } } });
    expect(view.findAll('nav a').map((a) => a.text())).not.toContain('Call history');
  });
});
