// `npm run dev`: the development loop. With the Electron runtime, electron-vite's own (`electron-vite
// dev`: the renderer hot-reloads, the shell restarts when the main code changes). Without it, browser
// mode: the renderer is served by vite with hot reload on http://127.0.0.1:5173/ (its /api calls go
// to the core); the core runs from the sources (tsx) on port 4310 and restarts when a file it uses
// changes. Data: .data/dev unless --data-dir. `--browser` picks browser mode even with the runtime.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createServer } from 'vite';
import { loadConfigFromFile } from 'electron-vite';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const { electronRuntime } = createRequire(import.meta.url)('./electron-runtime.cjs');
const runtime = electronRuntime();
if (runtime.binary && !args.includes('--browser')) {
  console.log('Station Desk development · 开发模式: electron-vite dev (the window reloads on save, the shell restarts on save)');
  const desktop = spawn(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'dev', ...args], { cwd: root, stdio: 'inherit' });
  desktop.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!args.includes('--browser')) console.log(`No Electron runtime (${runtime.missing}): the development loop runs in browser mode.`);
  await browserLoop();
}

async function browserLoop() {
  const dataDir = args.includes('--data-dir') ? args[args.indexOf('--data-dir') + 1] : join(root, '.data', 'dev');

  const core = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', '--clear-screen=false', 'src/main/serve.ts', '--data-dir', dataDir, '--port', '4310'], {
    cwd: root,
    stdio: 'inherit',
  });

  // the renderer section of electron.vite.config.ts, so the dev server builds exactly what ships
  const { config } = await loadConfigFromFile({ command: 'serve', mode: 'development' }, undefined, root);
  const renderer = typeof config.renderer === 'function' ? await config.renderer({ command: 'serve', mode: 'development' }) : config.renderer;
  /** Development only: hot reload needs vite's inline preamble and its websocket, which the page's CSP forbids. */
  const devCsp = {
    name: 'station-desk:dev-csp',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:5173"),
  };
  const server = await createServer({ ...renderer, plugins: [...(renderer.plugins ?? []), devCsp], configFile: false, server: { ...renderer.server, host: '127.0.0.1' } });
  await server.listen();
  console.log('Station Desk development · 开发模式: http://127.0.0.1:5173/ (the page reloads on save, the core restarts on save)');

  const stop = async () => {
    core.kill('SIGTERM');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  core.on('exit', (code) => code !== null && code !== 0 && console.error(`the core stopped (${code}); fix the error and save to restart it`));
}
