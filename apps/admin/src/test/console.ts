import type { Pinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { Schemas } from '../api';
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
