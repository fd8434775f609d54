import { defineConfig } from 'vitest/config';

// Tests that drive a real browser (headless Chromium via playwright-core): `npm run test:demo`.
export default defineConfig({
  test: {
    include: ['test/**/*.browser.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
