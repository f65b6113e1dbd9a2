import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = __dirname;
const at = (path: string) => resolve(root, path);

/**
 * The whole desktop app in one build (`npm run build` → dist/):
 * - main: the Electron shell and, as further inputs of the same Node build, browser mode (`serve`),
 *   the HQ service and the two worker threads the core starts next to its own bundle;
 * - preload: the sandboxed bridge, one self-contained file;
 * - renderer: the station's pages, one build for the Electron window and browser mode alike.
 * HQ's overview page has a config of its own (src/hq/web/vite.config.mts).
 */
export default defineConfig({
  main: {
    build: {
      outDir: at('dist/main'),
      // browser mode and HQ run on the system's Node (>= 20.19), not only inside Electron
      target: 'node20.19',
      sourcemap: true,
      // The pure-JS packages every start loads are bundled in: left in node_modules they are some
      // 850 files (typeorm alone about 400) that Node finds and reads one by one before the login
      // page can answer, a quarter of the start's CPU time. Native modules (sqlite3, sqlcipher)
      // and the rest stay external and are required from node_modules as before.
      externalizeDeps: { exclude: ['typeorm', 'fastify', '@fastify/static', '@fastify/rate-limit', 'zod', 'node-forge', 'pino', 'dayjs', 'reflect-metadata'] },
      rolldownOptions: {
        input: {
          shell: at('src/main/shell/main.ts'),
          serve: at('src/main/serve.ts'),
          hq: at('src/hq/main.ts'),
          // found next to the code that starts them (roster/engine/runner.ts, collection/importJobs.ts)
          'roster-worker': at('src/main/roster/engine/worker.ts'),
          'collection-import-worker': at('src/main/collection/import.worker.ts'),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          // shared chunks sit beside the entries, so `__dirname` is dist/main in every one of them
          chunkFileNames: 'shared-[hash].cjs',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: at('dist/preload'),
      sourcemap: true,
      // a sandboxed preload cannot require anything but electron: everything else is bundled in
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    // relative asset paths and hash routing work from app://, a file or an HTTP server alike
    root: at('src/renderer'),
    base: './',
    plugins: [react({})],
    build: {
      outDir: at('dist/renderer'),
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      rolldownOptions: { input: { index: at('src/renderer/index.html') } },
    },
    // without Electron, `npm run dev` serves this renderer and forwards the API to the core
    server: { port: 5173, strictPort: true, proxy: { '/api': 'http://127.0.0.1:4310' } },
  },
});
