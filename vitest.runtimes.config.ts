// The runtimes beyond Node and Chromium (npm run test:firefox, test:deno, …; .ci/run runs them all).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/runtimes/*.rt.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
