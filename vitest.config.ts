import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type tests (`*.test-d.ts`, expectTypeOf) are checked by tsc through vitest's typecheck.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    environment: 'node',
    // Tests may only talk to 127.0.0.0/8 and ::1: anything else fails the test that tried (see the file).
    setupFiles: ['test/support/loopback-only.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Network tests bind loopback ports and spawn coturn/chromium: keep files apart, tests in a file serial.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
