/**
 * Start benchmark: `npm start`, cold, to the login page answering. Prints one JSON line to stdout;
 * progress goes to stderr.
 *
 *   npm run --silent bench:start [-- --runs 11]
 *
 * A station is set up once in a temp data directory (so each start shows the login page, not the
 * first-run screen), then `npm start -- --data-dir … --port …` is spawned `--runs` times, each a
 * new process tree stopped before the next begins. Without a display `npm start` serves browser
 * mode, which is what is measured here (the Electron window cannot be timed without a screen):
 * the display variables are taken away so the figure is the same whether or not the runtime is
 * installed. A start counts as answered when the page (`/`), its entry script and the first call
 * the login page makes (`station.status`, answering a station that is set up) have all come back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openCore } from '../../src/main/core.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { must } from './common.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' } } });
const RUNS = Math.max(1, Number(values.runs));
const root = resolve(__dirname, '..', '..');
const log = (s: string) => process.stderr.write(`[bench:start] ${s}\n`);

const freePort = () =>
  new Promise<number>((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });

/** The response's body when it answered 200; undefined while nothing listens or it is not ready. */
const get = async (url: string, init?: RequestInit): Promise<string | undefined> => {
  try {
    const r = await fetch(url, init);
    const body = await r.text();
    return r.status === 200 ? body : undefined;
  } catch {
    return undefined;
  }
};

/** Everything the login page needs from the server before it can be shown, once. */
const loginPageAnswers = async (base: string): Promise<boolean> => {
  const page = await get(`${base}/`);
  if (!page) return false;
  const script = /<script[^>]+src="\.?\/?([^"]+)"/.exec(page)?.[1];
  if (!script || !(await get(`${base}/${script}`))) return false;
  const status = await get(`${base}/api/station.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return !!status && (JSON.parse(status) as { result?: { setUp?: boolean } }).result?.setUp === true;
};

/** Stops the whole `npm start` tree (npm, its shell, the launcher and the server) and waits for it. */
const stop = async (child: ChildProcess) => {
  const group = -child.pid!;
  const alive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(group, 'SIGTERM');
  // npm may leave before the server has closed its database: the next start needs the data directory free
  const t0 = performance.now();
  while (alive()) {
    if (performance.now() - t0 > 30_000) process.kill(group, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const startOnce = async (dataDir: string): Promise<number> => {
  const port = await freePort();
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--', '--data-dir', dataDir, '--port', String(port)], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  try {
    while (performance.now() - t0 < 60_000) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${stderr.slice(-500)}`);
      if (await loginPageAnswers(`http://127.0.0.1:${port}`)) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`the login page did not answer within 60 s: ${stderr.slice(-500)}`);
  } finally {
    await stop(child);
  }
};

const main = async () => {
  // the build is not part of a start: `npm start` would build first if a source were newer
  const built = spawn('node', [join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, stdio: 'inherit' });
  await new Promise((r) => built.once('exit', r));

  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-start-'));
  try {
    const core = await openCore({ dataDir, logger: pino({ level: 'silent' }) });
    await must(core.call('station.setup', { station: STATION_PROFILE, head: HEAD }), 'station.setup');
    await core.close();

    const load = loadavg();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ms = await startOnce(dataDir);
      times.push(ms);
      log(`start ${i + 1}/${RUNS}: ${Math.round(ms)} ms`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
    const round = (x: number) => Math.round(x);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    console.log(
      JSON.stringify({
        bench: 'start',
        version,
        what: 'npm start (browser mode) to the login page answering: page, entry script, station.status',
        runs: RUNS,
        medianMs: round(at(0.5)),
        p95Ms: round(at(0.95)),
        minMs: round(sorted[0]),
        maxMs: round(sorted[sorted.length - 1]),
        loadAverage: { before: load.map((x) => Math.round(x * 100) / 100), after: loadavg().map((x) => Math.round(x * 100) / 100) },
        cores: cpus().length,
        node: process.version,
      }),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((err) => {
  log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
