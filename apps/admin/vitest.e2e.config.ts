import { defineConfig } from 'vitest/config';

// The browser tests (`e2e/`): Node, not happy-dom; they start the built API, a worker and chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
