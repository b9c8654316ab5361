import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Privacy log scan (issue 9 item 2): captures the stderr of every CLI run of the suite and
    // scans it for personal values after the last test file (test/privacy/capture.ts).
    globalSetup: ['test/privacy/capture.ts'],
  },
});
