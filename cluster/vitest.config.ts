import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.int-spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
