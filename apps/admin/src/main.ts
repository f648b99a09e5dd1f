import { API_PREFIX, createClient } from '@ccp/client';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createWebHistory } from 'vue-router';
import App from './App.vue';
import { provideApi } from './api';
import { createAppRouter } from './app/router';
import { useAuthStore } from './features/auth/auth.store';
import './app/styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter(createWebHistory());

const auth = useAuthStore(pinia);
provideApi(
  createClient({
    // The console is served by the API on its own origin (and proxied by `pnpm dev`).
    baseUrl: new URL(API_PREFIX, window.location.origin).href,
    token: () => auth.token,
    onUnauthorized: () => {
      // The token expired or was ended: back to login, then back here (nothing to end at the API).
      auth.forget();
      const next = router.currentRoute.value.fullPath;
      void router.replace({ name: 'login', query: next === '/login' ? {} : { next } });
    },
  }),
);

app.use(router);
app.mount('#app');
