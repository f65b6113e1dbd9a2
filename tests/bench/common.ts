/** What the benchmarks share: percentiles of a sample, a call that must succeed, bulk inserts for filling, a signed-in page. */
import type { Browser, Page } from '@playwright/test';
import type { Core } from '../../src/main/core.js';
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
