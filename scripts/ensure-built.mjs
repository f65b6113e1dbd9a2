// Builds the app (`npm run build`) when dist/ is missing or older than any source it is built
// from; otherwise does nothing. `npm start`, `npm run hq` and the benchmarks run it first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const sources = ['src', 'resources', 'package.json', 'electron.vite.config.ts', 'src/hq/web/vite.config.mts'];
// one file of each part of the build; each part empties its folder when it is built again
const outputs = ['dist/main/shell.cjs', 'dist/main/serve.cjs', 'dist/main/hq.cjs', 'dist/preload/index.cjs', 'dist/renderer/index.html', 'dist/hq-web/index.html'];

const newest = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
};

export const isStale = () => {
  const built = outputs.map((p) => join(root, p));
  if (!built.every(existsSync)) return true;
  return Math.max(...sources.map((p) => newest(join(root, p)))) > Math.min(...built.map((p) => statSync(p).mtimeMs));
};

export const ensureBuilt = () => {
  if (!isStale()) return;
  console.error('Building Station Desk… · 正在构建…');
  const { status } = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (status !== 0) process.exit(status ?? 1);
};

if (import.meta.url === `file://${process.argv[1]}`) ensureBuilt();
