import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Where tests/helpers/worker-bundles.ts puts the worker threads' bundles, beside node_modules. */
const BUNDLES = join(__dirname, 'node_modules', '.cache', 'station-desk-tests');

/** Test files that replace a module (vi.mock) load their modules on their own. */
const MOCKING = ['tests/unit/shell-key.test.ts'];

export default defineConfig({
  test: {
    // deadlines for a failure to be called, not waits (tests wait on the app's own signals): on a
    // loaded machine the office handover tests took 20-30 s each, and 30 s failed passing tests
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the roster engine's and the collection import's worker threads start from bundles made once
    // per run (tests/helpers/worker-bundles.ts), not from TypeScript compiled in every new worker
    globalSetup: ['tests/helpers/worker-bundles.ts'],
    env: {
      STATION_ROSTER_WORKER: join(BUNDLES, 'roster-worker.cjs'),
      STATION_COLLECTION_WORKER: join(BUNDLES, 'collection-import-worker.cjs'),
    },
    // one file per core: every file works in its own data directory, PostgreSQL schema and ports,
    // and much of a file's time is spent waiting on fsync, scrypt and child processes
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      // The unit tests hold no state outside their own values: the files one worker runs share the
      // modules it has loaded, instead of importing the contract, zod and the rest again for each
      // file (two fifths of the unit tests' CPU time). The other tests open cores, servers and
      // workers, set environment variables and start timers, and keep a fresh module graph per file.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: MOCKING, isolate: false } },
      { extends: true, test: { name: 'isolated', include: [...MOCKING, 'tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts'] } },
    ],
  },
});
