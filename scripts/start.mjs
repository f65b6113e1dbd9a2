// `npm start`: the desktop app when the Electron runtime is installed, browser mode otherwise.
// `npm run serve -- --data-dir DIR --port N [--host H]`: browser mode explicitly.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureBuilt } from './ensure-built.mjs';
import { electronRuntime } from './electron-runtime.cjs';
import { useCompileCache } from './compile-cache.cjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const browserOnly = args[0] === '--browser';
const passThrough = browserOnly ? args.slice(1) : args;

ensureBuilt();

const run = (command, commandArgs) => {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

// browser mode runs in this process: a second Node started only to serve would cost a start of its own
const serve = () => {
  const saveCompileCache = useCompileCache(join(root, 'dist', 'main'));
  createRequire(import.meta.url)(join(root, 'dist/main/serve.cjs'))
    .serveFromArgs(passThrough)
    // the first start after a build saves the compiled code once the page is being served
    .then(() => setImmediate(saveCompileCache))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
};

if (browserOnly) serve();
else {
  const runtime = electronRuntime();
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (runtime.binary && !noDisplay) run(runtime.binary, [root, ...passThrough]);
  else {
    const why = runtime.missing ?? 'there is no display to open a window on';
    console.log(`Desktop window not available: ${why}. Serving the same app in browser mode instead.`);
    console.log('桌面窗口不可用，改为浏览器模式运行。');
    if (runtime.missing)
      console.log(
        'To get the desktop app: run `npm run fetch-electron` where the Electron download host is reachable ' +
          '(or set ELECTRON_MIRROR to your intranet mirror first), then `npm start` again.',
      );
    serve();
  }
}
