import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: Chromium-backed and server-backed files run in parallel forks, bounded.
    pool: 'forks',
    maxWorkers: 2,
  },
});
