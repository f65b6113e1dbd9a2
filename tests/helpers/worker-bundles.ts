/**
 * The core's two worker threads built once per test run, one bundle each as the app ships them,
 * to the paths vitest.config.mts gives the core (STATION_ROSTER_WORKER, STATION_COLLECTION_WORKER).
 * Run from source, every roster solve (two workers racing) and every collection import would start
 * a worker that loads tsx and compiles the engine's TypeScript again. The bundles sit beside
 * node_modules, where the packages they leave out (highs, exceljs) resolve, and are made from the
 * current source on every run.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

const SRC = join(__dirname, '..', '..', 'src', 'main');

export default async function bundleWorkers(project: TestProject): Promise<void> {
  const { env } = project.config;
  const entries: [string | undefined, string][] = [
    [env.STATION_ROSTER_WORKER, join(SRC, 'roster', 'engine', 'worker.ts')],
    [env.STATION_COLLECTION_WORKER, join(SRC, 'collection', 'import.worker.ts')],
  ];
  await Promise.all(
    entries.map(([outfile, entry]) => {
      if (!outfile) throw new Error(`vitest.config.mts names no bundle for ${entry}`);
      return build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
    }),
  );
}
