// Builds what `npm start` runs: the core and shell bundles (esbuild) and the renderer (vite).
// With --if-stale it does nothing when dist/ is newer than every source file.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import react from '@vitejs/plugin-react';
import { readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');
const inputs = ['src', 'resources', 'package.json', 'vite.config.mts', 'scripts/build.mjs'];

const newest = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
};

export const isStale = () =>
  !existsSync(stamp) || Math.max(...inputs.map((p) => newest(join(root, p)))) > statSync(stamp).mtimeMs;

export const buildAll = async ({ quiet = false } = {}) => {
  const log = (m) => quiet || console.error(m);
  log('Building Station Desk…');
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  await Promise.all([
    // dependencies stay in node_modules: sqlite3 is a native addon, typeorm loads drivers dynamically
    esbuild({ ...common, entryPoints: ['src/main/serve.ts'], outfile: 'dist/main/serve.cjs', format: 'cjs', packages: 'external' }),
    esbuild({ ...common, entryPoints: ['src/main/shell/main.ts'], outfile: 'dist/main/shell.cjs', format: 'cjs', packages: 'external' }),
    // the roster engine's worker thread, found next to the core bundle (see roster/engine/runner.ts)
    esbuild({ ...common, entryPoints: ['src/main/roster/engine/worker.ts'], outfile: 'dist/main/roster-worker.cjs', format: 'cjs', packages: 'external' }),
    // a spreadsheet import reads its file in a worker thread (see collection/importJobs.ts)
    esbuild({ ...common, entryPoints: ['src/main/collection/import.worker.ts'], outfile: 'dist/main/collection-import-worker.cjs', format: 'cjs', packages: 'external' }),
    // a sandboxed preload cannot require anything but electron: bundle all of it
    esbuild({ ...common, entryPoints: ['src/preload/index.ts'], outfile: 'dist/preload/index.cjs', format: 'cjs', external: ['electron'] }),
    // the HQ service (`npm run hq`)
    esbuild({ ...common, entryPoints: ['src/hq/main.ts'], outfile: 'dist/hq/main.cjs', format: 'cjs', packages: 'external' }),
  ]);
  await viteBuild({ configFile: join(root, 'vite.config.mts'), logLevel: quiet ? 'error' : 'warn' });
  // HQ's overview page: its own small build beside the station's renderer
  await viteBuild({
    configFile: false,
    root: join(root, 'src/hq/web'),
    base: './',
    plugins: [react()],
    logLevel: quiet ? 'error' : 'warn',
    build: { outDir: join(root, 'dist/hq-web'), emptyOutDir: true, chunkSizeWarningLimit: 4096, sourcemap: false },
  });
  writeFileSync(stamp, new Date().toISOString());
  log('Built into dist/.');
};

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
  await buildAll();
}
