import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // one file per core: every file works in its own data directory, PostgreSQL schema and ports,
    // and much of a file's time is spent waiting on fsync, scrypt and child processes
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
