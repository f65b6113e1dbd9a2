/**
 * Is the month grid responsive while the roster engine runs? Browser mode (the built
 * dist/main/serve.cjs, as `npm run serve`) with a 30-person station (10 民警, 20 辅警, day/night,
 * ≥2 民警 and ≥4 辅警 per shift, leave and day-off wishes), the month grid open in Chromium; the
 * head clicks "generate" and the page records, until the finished roster is on screen:
 *
 *   - the gaps between animation frames (requestAnimationFrame): a gap over 100 ms is a frame the
 *     head sees hang;
 *   - long tasks (PerformanceObserver 'longtask'): main-thread work of 50 ms or more.
 *
 * Meanwhile the pointer moves over the grid, so the page has something to draw. Run with
 * `npm run --silent bench:roster-ui`; prints one JSON line (max and p95 frame gap, the longest
 * task, and whether every frame stayed within 100 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { freePort, startServer } from '../e2e/server.js';
import { STAFF_PASSWORD } from '../helpers/station.js';
import { newStationSignedIn, summary } from './common.js';

const log = (m: string) => process.stderr.write(`[bench:roster-ui] ${m}\n`);
const FRAME_LIMIT_MS = 100;
const round = (x: number) => Math.round(x * 10) / 10;

/** The month after this one in the station's time zone: every day of it is open to the engine. */
const nextMonth = () => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

const api = <T = any>(page: Page, method: string, input: unknown): Promise<T> =>
  page.evaluate(
    async ({ method, input }) => {
      const token = sessionStorage.getItem('station-desk.token');
      const r = await fetch(`./api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
      const body = await r.json();
      if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.result;
    },
    { method, input },
  );

/**
 * Runs in the page: records frame gaps and long tasks until `__frames.stop`. A string, not a
 * function: tsx would wrap a function's inner functions in helpers the page does not have.
 */
const RECORDER = `(() => {
  const f = (window.__frames = { gaps: [], longTasks: [], stop: false });
  let last = performance.now();
  const tick = (t) => {
    f.gaps.push([t, t - last]);
    last = t;
    if (!f.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // the moment the page shows the job done (Playwright's own wait notices it a poll later)
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="job-done"]')) {
      f.doneAt = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!f.stop) f.longTasks.push([e.startTime + e.duration, e.duration]);
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // no long-task timing in this browser: the frame gaps still tell
  }
})()`;

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-roster-ui-'));
  const server = await startServer(dataDir, await freePort());
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await newStationSignedIn(browser, server.url);

    const month = nextMonth();
    const staff: { id: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const role = i < 10 ? 'officer' : 'auxiliary';
      staff.push(await api(page, 'staff.create', { name: `${role === 'officer' ? '民警' : '辅警'}${i + 1}`, username: `u${i}`, role, phone: `137000000${String(i).padStart(2, '0')}`, initialPassword: STAFF_PASSWORD }));
    }
    const view = await api(page, 'roster.settingsGet', {});
    await api(page, 'roster.settingsSave', {
      version: view.version,
      people: [],
      settings: {
        ...view.settings,
        coverage: ['D', 'N'].map((shift) => ({ shift, requirements: [{ qualification: 'officer', min: 2 }, { qualification: 'auxiliary', min: 4 }] })),
      },
    });
    const day = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
    for (const [k, from, to] of [[0, 8, 12], [11, 15, 17], [25, 1, 3]] as const) await api(page, 'roster.absenceAdd', { staffId: staff[k].id, kind: 'leave', from: day(from), to: day(to), note: null });
    for (const [k, d] of [[1, 6], [3, 13], [12, 20], [14, 21], [20, 27], [28, 28]] as const) await api(page, 'roster.absenceAdd', { staffId: staff[k].id, kind: 'dayOffWish', from: day(d), to: day(d), note: null });

    await page.goto(`${server.url}#/roster?month=${month}`);
    const grid = page.getByTestId('roster-grid');
    await grid.waitFor();
    await page.evaluate(RECORDER);
    const t0 = Date.now();
    await page.getByTestId('roster-generate').click();
    // the pointer wanders over the grid while the engine works, as a head's would
    const box = (await grid.boundingBox())!;
    let moving = true;
    const wander = (async () => {
      for (let i = 0; moving; i++) {
        await page.mouse.move(box.x + ((i * 37) % Math.max(1, box.width)), box.y + ((i * 23) % Math.max(1, Math.min(box.height, 600))));
        await page.waitForTimeout(30);
      }
    })();
    // "while the engine runs": until the page learns the job is done (then the finished roster loads)
    await page.getByTestId('job-done').waitFor({ timeout: 180_000 });
    const doneAt: number = await page.evaluate('window.__frames.doneAt ?? performance.now()');
    const seconds = (Date.now() - t0) / 1000;
    await page.getByTestId('roster-page').and(page.locator('[data-version="1"]')).waitFor({ timeout: 30_000 });
    // a few more frames for the finished roster's first paint
    await page.waitForTimeout(500);
    moving = false;
    await wander;
    const all: { gaps: [number, number][]; longTasks: [number, number][] } = await page.evaluate('window.__frames.stop = true, window.__frames');
    // split at the moment the page saw the job done: before it, the engine was running
    const during = { gaps: all.gaps.filter(([t]) => t <= doneAt).map(([, g]) => g), longTasks: all.longTasks.filter(([t]) => t <= doneAt).map(([, d]) => d) };
    const after = { gaps: all.gaps.filter(([t]) => t > doneAt).map(([, g]) => g), longTasks: all.longTasks.filter(([t]) => t > doneAt).map(([, d]) => d) };
    const frames = during;
    const gaps = summary(frames.gaps);
    const line = {
      bench: 'roster-ui',
      month,
      staff: 30,
      engineSeconds: round(seconds),
      frames: frames.gaps.length,
      maxFrameGapMs: round(gaps.max),
      p95FrameGapMs: round(gaps.p95),
      longTasks: frames.longTasks.length,
      longestTaskMs: round(Math.max(0, ...frames.longTasks)),
      pass: frames.gaps.length > 0 && gaps.max <= FRAME_LIMIT_MS,
      // the finished roster's first render, for the record (after the engine, so outside the target)
      afterDone: { maxFrameGapMs: round(Math.max(0, ...after.gaps)), longestTaskMs: round(Math.max(0, ...after.longTasks)) },
    };
    log(`${frames.gaps.length} frames over ${line.engineSeconds} s; max gap ${line.maxFrameGapMs} ms, p95 ${line.p95FrameGapMs} ms; ${line.longTasks} long tasks, longest ${line.longestTaskMs} ms`);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
