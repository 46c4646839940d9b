import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest 4 must be told where tests are, or it also runs stale compiled copies.
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
