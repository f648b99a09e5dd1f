import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // SWC, not esbuild/oxc: Nest's constructor injection needs emitted decorator metadata (TOOLCHAIN.md).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts'],
    // Quiet by default; a test that reads the log passes its own stream.
    env: { LOG_LEVEL: 'silent' },
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
