import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as audit from '../../src/renderer/audit/i18n.js';
import * as backup from '../../src/renderer/backup/i18n.js';
import * as collection from '../../src/renderer/collection/i18n.js';
import * as intake from '../../src/renderer/intake/i18n.js';
import * as mediation from '../../src/renderer/mediation/i18n.js';
import * as office from '../../src/renderer/office/i18n.js';
import * as pairing from '../../src/renderer/pairing/i18n.js';
import * as patrol from '../../src/renderer/patrol/i18n.js';
import * as retention from '../../src/renderer/retention/i18n.js';
import * as roster from '../../src/renderer/roster/i18n.js';
import * as staff from '../../src/renderer/staff/i18n.js';
import * as station from '../../src/renderer/station/i18n.js';
import * as sync from '../../src/renderer/sync/i18n.js';
import * as prevention from '../../src/renderer/patrol/prevention.i18n.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { menuEntry } from './menu.js';
import { freePort, startServer, type RunningServer } from './server.js';

/**
 * The first screen (the login page) loads the app's frame, the login and their strings, and no
 * more: what it loads before it is shown is at most 1.2 MB. The zones' catalogs come after the
 * login, in the language shown; the other language's when it is chosen.
 */
const FIRST_SCREEN_LIMIT = 1_200_000;

/** The zones' catalogs (the login's, auth, is the first screen's own). */
const ZONE_CATALOGS = { station, staff, intake, audit, mediation, collection, roster, sync, office, patrol, prevention, backup, retention, pairing };

/** The longest string of each zone's catalog in one language: words that are that zone's alone. */
const zoneWords = (lang: 'zh' | 'en'): Map<string, string> => {
  const leaves = (o: unknown): string[] => (typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(leaves) : []);
  return new Map(Object.entries(ZONE_CATALOGS).map(([zone, catalog]) => [zone, leaves(catalog[lang]).reduce((a, b) => (b.length > a.length ? b : a), '')]));
};

/** Every script and stylesheet the page fetches, with its size in bytes and its text. */
const recordAssets = (page: Page) => {
  const assets = new Map<string, { bytes: number; text: string }>();
  const pending = new Set<Promise<void>>();
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    const read = response.body().then(
      (body) => void assets.set(new URL(response.url()).pathname, { bytes: body.length, text: body.toString('utf8') }),
      () => undefined,
    );
    pending.add(read);
    void read.finally(() => pending.delete(read));
  });
  return {
    /** What was fetched so far, once every body that arrived has been read. */
    read: async () => {
      await Promise.all(pending);
      return new Map(assets);
    },
  };
};

test.describe('the first screen', () => {
  let dataDir: string;
  let server: RunningServer | undefined;

  test.beforeAll(async ({ request }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'station-desk-first-screen-'));
    server = await startServer(dataDir, await freePort());
    const setup = await request.post(`${server.url}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } });
    expect((await setup.json()).ok).toBe(true);
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the login page loads at most 1.2 MB of scripts and styles, and none of the zones’ strings', async ({ page }) => {
    // what a new tab fetches until the login form is there to fill in
    const first = recordAssets(page);
    await page.goto(server!.url);
    await expect(page.locator('#login_username')).toBeVisible();
    await expect(page.locator('#login_password')).toBeVisible();
    // the login's own strings came with it
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    const loaded = await first.read();
    const total = [...loaded.values()].reduce((sum, a) => sum + a.bytes, 0);
    const list = [...loaded].map(([path, a]) => `${a.bytes}\t${path}`).sort().join('\n');
    expect(total, `the login page's scripts and styles:\n${list}`).toBeLessThanOrEqual(FIRST_SCREEN_LIMIT);
    // a page that loads nothing would pass the size: these are the app's entry and its styles
    expect([...loaded.keys()].some((p) => /\/assets\/index-[^/]+\.js$/.test(p))).toBe(true);

    const texts = [...loaded.values()].map((a) => a.text);
    for (const lang of ['zh', 'en'] as const) {
      for (const [zone, words] of zoneWords(lang)) {
        expect(texts.some((t) => t.includes(words)), `${zone} (${lang}) on the login page: ${words}`).toBe(false);
      }
    }
  });

  test('after the login the zones speak the language shown; English comes when it is chosen', async ({ page }) => {
    const assets = recordAssets(page);
    await page.goto(server!.url);
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name);

    const zh = zoneWords('zh');
    const en = zoneWords('en');
    const has = async (words: string) => [...(await assets.read()).values()].some((a) => a.text.includes(words));
    // every zone's Chinese catalog is there; mediation keeps its languages apart, its English is not
    for (const [zone, words] of zh) expect(await has(words), `${zone} (zh) after the login`).toBe(true);
    expect(await has(en.get('mediation')!), 'mediation (en) before English is chosen').toBe(false);

    // the menu's zone entries in Chinese, not their keys
    await menuEntry(page, '调解区').click();
    await expect(menuEntry(page, '统计')).toBeVisible();

    await page.getByText('English', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(menuEntry(page, 'Statistics')).toBeVisible();
    for (const [zone, words] of en) expect(await has(words), `${zone} (en) after English is chosen`).toBe(true);
    await expect(page.locator('body')).not.toContainText('mediation.stats.link');
  });
});
