import { createPinia, type Pinia, setActivePinia } from 'pinia';
import { beforeEach } from 'vitest';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { createClient, provideApi, type Schemas } from '../api';
import { routes } from '../app/router';
import { EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY } from '../features/auth/access';
import { SESSION_KEY, useAuthStore } from '../features/auth/auth.store';

/** The demo account's people (apps/api demo-tenant.ts): the admin has both permissions, the viewer none. */
export function demoMe(permissions: readonly string[] = [EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY]): Schemas['MeDto'] {
  return {
    user: { id: 'u-1', email: 'admin@demo.test', name: 'Dana Admin', permissions: [...permissions] },
    account: { id: 'a-1', slug: 'demo', name: 'Demo', features: { contactCenterPro: true, enterpriseHubNetwork: true } },
    canEditRecordingSettings: permissions.includes(EDIT_RECORDING_SETTINGS),
    canViewCallHistory: permissions.includes(VIEW_CALL_HISTORY),
  };
}

/** A person signed in, as after `POST /auth/login` (a session in sessionStorage, `GET /me` read). */
export function signIn(pinia: Pinia, me: Schemas['MeDto'] = demoMe()): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'test-token', expiresAt: Date.now() + 3_600_000 }));
  useAuthStore(pinia).me = me;
}

/** The console's routes in memory (no guards), at `path`: for views that link or read the route. */
export async function routerAt(path: string): Promise<Router> {
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(path);
  await router.isReady();
  return router;
}

/** Only the page the recording screens link to, and nothing else: enough for a mounted view's RouterLinks. */
export function linkedRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/recording-defaults/global', name: 'global-recording-defaults', component: { render: () => null } },
      { path: '/:any(.*)*', component: { render: () => null } },
    ],
  });
}

/** A fresh Pinia, made the active one, with `me` signed in. */
export function signedInPinia(me?: Schemas['MeDto']): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  signIn(pinia, me);
  return pinia;
}

/** The app's client calling `fetch`, the test's fake API, with the fakes' token. */
export function provideFakeApi(fetch: (request: Request) => Promise<Response>): void {
  provideApi(createClient({ baseUrl: 'http://console.test/api/v1', token: () => 'test-token', fetch }));
}

/** A view test file's setup: before each test a fresh Pinia and the app's client calling `fetch`. */
export function callFakeApi(fetch: (request: Request) => Promise<Response>): void {
  beforeEach(() => {
    setActivePinia(createPinia());
    provideFakeApi(fetch);
  });
}
