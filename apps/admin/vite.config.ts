import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// `pnpm dev` serves the console with hot reload and sends /api to the API of `pnpm start` (same paths as in
// production, where the API serves the built console on its own origin: no CORS anywhere).
const api = process.env.CCP_API_URL ?? 'http://127.0.0.1:3000';

const REPORTS = fileURLToPath(new URL('../../reports/', import.meta.url));
const REPORT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json',
};

// The help menu's "Specifications report" in development: /reports/… from the repository's reports folder
// (`pnpm specs` writes cucumber.html there). The build and the API never serve it.
function reports(): Plugin {
  return {
    name: 'ccp-reports',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/reports', (req, res, next) => {
        const file = normalize(join(REPORTS, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')));
        if (!file.startsWith(REPORTS.endsWith(sep) ? REPORTS : `${REPORTS}${sep}`) || !existsSync(file) || !statSync(file).isFile()) {
          next();
          return;
        }
        res.setHeader('content-type', REPORT_TYPES[extname(file)] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  plugins: [vue(), reports()],
  server: { proxy: { '/api': api } },
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
  },
});
