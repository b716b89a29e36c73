import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Network tests bind loopback ports and spawn coturn/chromium: keep files apart, tests in a file serial.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
