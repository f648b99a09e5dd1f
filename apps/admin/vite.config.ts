import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// `pnpm dev` serves the console with hot reload and sends /api to the API of `pnpm start` (same paths as in
// production, where the API serves the built console on its own origin: no CORS anywhere).
const api = process.env.CCP_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue()],
  server: { proxy: { '/api': api } },
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
  },
});
