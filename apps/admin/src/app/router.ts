import { createRouter, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';
import { useAuthStore } from '../features/auth/auth.store';

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * `public`: the login page. `signed-in`: any person. `recording`: ACC-1 and ACC-2 must hold (as the API's guard).
     * `history`: ACC-1 and ACC-5 (View Call History) must hold.
     */
    access?: 'public' | 'signed-in' | 'recording' | 'history';
    /** The document title, for screen readers announcing the page change. */
    title?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../features/auth/views/LoginView.vue'),
    meta: { access: 'public', title: 'Log in' },
  },
  {
    path: '/',
    component: () => import('./AppShell.vue'),
    children: [
      { path: '', redirect: { name: 'global-recording-defaults' } },
      { path: 'recording-defaults', redirect: { name: 'global-recording-defaults' } },
      {
        path: 'recording-defaults/global',
        name: 'global-recording-defaults',
        component: () => import('../features/recording-defaults/views/GlobalRecordingDefaultsView.vue'),
        meta: { access: 'recording', title: 'Global Recording Defaults' },
      },
      {
        path: 'recording-defaults/queues',
        name: 'queue-recording-defaults',
        component: () => import('../features/scope-defaults/views/QueueRecordingDefaultsView.vue'),
        meta: { access: 'recording', title: 'Queue Recording Defaults' },
      },
      {
        path: 'recording-defaults/individuals',
        name: 'individual-recording-defaults',
        component: () => import('../features/scope-defaults/views/IndividualRecordingDefaultsView.vue'),
        meta: { access: 'recording', title: 'Individual Recording Defaults' },
      },
      {
        path: 'exclusion-list',
        name: 'exclusion-list',
        component: () => import('../features/exclusion-list/views/ExclusionListView.vue'),
        meta: { access: 'recording', title: 'Exclusion List' },
      },
      {
        path: 'simulator',
        name: 'simulator',
        component: () => import('../features/simulator/views/SimulatorView.vue'),
        meta: { access: 'recording', title: 'Simulator' },
      },
      {
        path: 'audit-log',
        name: 'audit-log',
        component: () => import('../features/audit-log/views/AuditLogView.vue'),
        meta: { access: 'recording', title: 'Audit log' },
      },
      {
        path: 'api-keys',
        name: 'api-keys',
        component: () => import('../features/api-keys/views/ApiKeysView.vue'),
        meta: { access: 'recording', title: 'API keys' },
      },
      {
        path: 'calls',
        name: 'call-history',
        component: () => import('../features/call-history/views/CallHistoryView.vue'),
        meta: { access: 'history', title: 'Call history' },
      },
      {
        path: 'calls/:callId',
        name: 'call',
        component: () => import('../features/call-history/views/CallView.vue'),
        props: true,
        meta: { access: 'history', title: 'Call' },
      },
      {
        path: 'access/call-history',
        name: 'call-history-refused',
        component: () => import('../features/call-history/views/CallHistoryRefusedView.vue'),
        meta: { access: 'signed-in', title: 'Call history not available' },
      },
      {
        path: 'access/feature-not-enabled',
        name: 'feature-not-enabled',
        component: () => import('../features/auth/views/AccessRefusedView.vue'),
        meta: { access: 'signed-in', title: 'Recording settings not available' },
      },
      {
        path: 'access/missing-permission',
        name: 'missing-permission',
        component: () => import('../features/auth/views/AccessRefusedView.vue'),
        meta: { access: 'signed-in', title: 'Permission needed' },
      },
      {
        path: ':unknown(.*)*',
        name: 'not-found',
        component: () => import('./NotFoundView.vue'),
        meta: { access: 'signed-in', title: 'Page not found' },
      },
    ],
  },
];

const REFUSAL_ROUTE = { 'feature-not-enabled': 'feature-not-enabled', 'missing-permission': 'missing-permission' } as const;

/** The console's router with its guards: not signed in → login; ACC-1 → its explanation; ACC-2 and ACC-5 → theirs. */
export function createAppRouter(history: RouterHistory): Router {
  const router = createRouter({ history, routes });

  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    const access = to.meta.access ?? 'recording';
    if (access === 'public') return auth.signedIn && to.name === 'login' ? { path: '/' } : true;
    if (!auth.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    if (!auth.me && !(await auth.loadMe())) return { name: 'login', query: { next: to.fullPath } };

    // ACC-5: the call history has its own permission; its refusal page explains it (and ACC-1).
    const history = auth.historyAccess;
    if (access === 'history' && history && history.kind !== 'granted') return { name: 'call-history-refused', replace: true };
    if (to.name === 'call-history-refused' && history?.kind === 'granted') return { name: 'call-history' };

    const verdict = auth.access;
    if (!verdict) return true;
    if (access === 'recording' && verdict.kind !== 'granted') return { name: REFUSAL_ROUTE[verdict.kind], replace: true };
    // An explanation page for a refusal that no longer holds (the permission was granted meanwhile) sends the person on.
    const refusalPage = to.name === 'feature-not-enabled' || to.name === 'missing-permission';
    if (refusalPage && verdict.kind === 'granted') return { path: '/' };
    if (refusalPage && to.name !== REFUSAL_ROUTE[verdict.kind as keyof typeof REFUSAL_ROUTE])
      return { name: REFUSAL_ROUTE[verdict.kind as keyof typeof REFUSAL_ROUTE] };
    return true;
  });

  router.afterEach((to) => {
    if (typeof document !== 'undefined') document.title = `${to.meta.title ?? 'Console'} · Contact Center Pro`;
  });

  return router;
}
