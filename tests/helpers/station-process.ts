/**
 * The station core in a process of its own (tests/helpers/crash-station.ts), bundled once so
 * each start is a plain `node` start (tsx would transpile on every start); the bundle sits beside
 * node_modules, where its external packages resolve.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = join(__dirname, '..', '..');
export const CRASH_STATION = join(ROOT, 'node_modules', '.cache', 'station-desk-tests', 'crash-station.cjs');

export const bundleCrashStation = () =>
  build({
    entryPoints: [join(ROOT, 'tests', 'helpers', 'crash-station.ts')],
    outfile: CRASH_STATION,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        // serve.ts starts browser mode when it is the main module, and in one bundle it would be
        name: 'serve-as-library',
        setup(b) {
          b.onLoad({ filter: /src[\\/]main[\\/]serve\.ts$/ }, async (args) => ({
            contents: (await readFile(args.path, 'utf8')).replace('if (require.main === module)', 'if (false)'),
            loader: 'ts',
          }));
        },
      },
    ],
  });
