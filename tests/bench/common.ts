/**
 * What the benchmarks share: percentiles of a sample, a call that must succeed, a station filled
 * once and reused, bulk inserts for filling, a signed-in page.
 */
import type { Browser, Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { DATABASE_FILE, openCore, type Core } from '../../src/main/core.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** p50, p95 and max of a sample in ms, to the microsecond. */
export const summary = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { p50: round3(at(0.5)), p95: round3(at(0.95)), max: round3(s[s.length - 1]) };
};

/** The result of a core call, or an error naming what failed. */
export const must = async <T = any>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>, what: string): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`${what} failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
};

/**
 * The station a benchmark measures, in `dir`: when the folder holds none yet, it is set up, filled
 * by `fill` (given the station's and the head's ids; answers its seconds) and opened again, as
 * the app starts. The head is signed in; `call` runs a method in the background lane and must
 * succeed. `fillSeconds` is null for a station reused as it was.
 */
export const openBenchStation = async (
  dir: string,
  log: (m: string) => void,
  what: string,
  fill: (core: Core, stationId: string, headId: string) => Promise<number>,
) => {
  const reuse = existsSync(join(dir, DATABASE_FILE));
  const open = () => openCore({ dataDir: dir, logger: pino({ level: 'error' }, pino.destination(2)) });
  let core = await open();
  let fillSeconds: number | null = null;
  if (!reuse) {
    await must(core.call('station.setup', { station: STATION_PROFILE, head: HEAD }), 'station.setup');
    const [station] = await core.dataSource.query(`SELECT "id" FROM "station"`);
    const [head] = await core.dataSource.query(`SELECT "id" FROM "staff"`);
    log(`filling ${what} in ${dir}`);
    fillSeconds = Math.round(await fill(core, station.id, head.id));
    log(`filled in ${fillSeconds} s`);
    await core.close();
    core = await open();
  }
  const { token } = await must<{ token: string }>(core.call('auth.login', { username: HEAD.username, password: HEAD.password }), 'login');
  const call = (method: string, input: unknown) => must(core.call(method, input, { token, background: true }), method);
  return { core, fillSeconds, call };
};

/**
 * The end of a fill: the outbox emptied (sync would have sent it long before a station had this
 * much), the app's durability back on, the log folded into the file.
 */
export const settleFill = async (core: Core) => {
  await core.dataSource.query('DELETE FROM "sync_outbox"');
  await core.dataSource.query('PRAGMA synchronous = FULL');
  await core.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
};

/** Multi-row INSERTs, in slices the statement's variable limit allows. */
export const insertMany = async (core: Core, table: string, rows: Record<string, unknown>[]) => {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const per = Math.max(1, Math.floor(30000 / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const slice = rows.slice(i, i + per);
    const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${slice.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`;
    await core.dataSource.query(sql, slice.flatMap((r) => cols.map((c) => r[c] as unknown)));
  }
};

/** A page on the Chinese desk (1440×900) of a new station served at `url`: set up, its head signed in. */
export const newStationSignedIn = async (browser: Browser, url: string): Promise<Page> => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const setup = await page.request.post(`${url}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } });
  if (!(await setup.json()).ok) throw new Error('station setup failed');
  await page.goto(url);
  await page.locator('#login_username').fill(HEAD.username);
  await page.locator('#login_password').fill(HEAD.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('station-name').waitFor();
  return page;
};
