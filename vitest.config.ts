import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest 4 must be told where tests are, or it also runs stale compiled copies.
    include: ['tests/**/*.test.ts'],
    // Whole-corpus tests read 2,600 real documents; two run at once on a 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
