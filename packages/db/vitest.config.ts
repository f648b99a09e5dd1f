import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts'], testTimeout: 30_000, hookTimeout: 60_000 } });
