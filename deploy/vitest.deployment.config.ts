import { defineConfig } from 'vitest/config';

/** The deployment test alone (`pnpm test:deployment`, run by `.ci/run` after `pnpm test`): it needs podman and root. */
export default defineConfig({
  test: { include: ['test/**/*.podman-spec.ts'], testTimeout: 600_000, hookTimeout: 1_800_000, fileParallelism: false },
});
