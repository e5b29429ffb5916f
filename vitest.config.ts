import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Two cores: more workers only queue behind PGlite's WASM start-up.
    maxWorkers: 2,
  },
});
