import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on the 2-core CI machine.
    // Most files spend their time in spawned CLI processes and file I/O, so two workers keep both
    // cores busy.
    maxWorkers: 2,
    // Privacy log scan (issue 9 item 2): captures the stderr of every CLI run of the suite and
    // scans it for personal values after the last test file (test/privacy/capture.ts).
    globalSetup: ['test/privacy/capture.ts'],
  },
});
