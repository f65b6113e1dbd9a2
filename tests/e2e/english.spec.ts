import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer, type RunningServer } from './server.js';

/**
 * Every page of the app in English, as the head sees it: no Chinese outside what users typed. The
 * station is set up with Latin names only, so whatever Chinese is left on a page came with the app
 * (its catalogs, its built-in data, the core's words); an element holding what a user typed says
 * so with `data-user-data`, and a language's own name (中文 in the switch) with its `lang`. Each
 * page is kept as a screenshot in both languages.
 */
const STATION = {
  name: 'Harmony Community Station',
  code: 'SY-NJ-009',
  policeArea: 'Harmony Police Area',
  community: 'Harmony Community',
  grid: 'Grid 3',
  address: '18 Harmony Road, Ningjiang, Songyuan',
  dutyPhones: [{ label: 'Duty phone', number: '0438-6123456' }],
};
const HEAD = { name: 'Wang Jun', username: 'wangjun', phone: '13812345678', password: 'Start2026' };

/** The pages of the side menu, every submenu unfolded: their paths, in menu order. */
const menuPaths = async (page: Page): Promise<string[]> => {
  const folded = page.locator('.ant-menu-submenu-title[aria-expanded="false"]');
  while ((await folded.count()) > 0) {
    await folded.first().click();
    await expect(page.locator('.ant-menu-submenu-title[aria-expanded="true"]').last()).toBeVisible();
  }
  const ids = await page.locator('li.ant-menu-item').evaluateAll((items) => items.map((li) => li.getAttribute('data-menu-id') ?? ''));
  return ids.map((id) => /-(\/.*)$/.exec(id)?.[1]).filter((p): p is string => Boolean(p));
};

/** A page is shown once nothing on it is loading any more. */
const settled = async (page: Page) => {
  await expect(page.locator('.ant-layout-content')).toBeVisible();
  await expect(page.locator('.ant-spin-spinning, .ant-skeleton-active, .ant-table-placeholder .ant-spin')).toHaveCount(0);
};

/** Visible Chinese on the page (text, placeholders, titles, labels) outside users' data and language names. */
const chineseOn = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
    const exempt = (el: Element) => {
      if (el.closest('[data-user-data]')) return true;
      const tagged = el.closest('[lang]');
      return tagged !== null && tagged !== document.documentElement && /^zh/i.test(tagged.getAttribute('lang') ?? '');
    };
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent ?? '';
      if (!el || !cjk.test(text) || exempt(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      found.add(text.trim().slice(0, 80));
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (exempt(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      for (const attr of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v)) found.add(`[${attr}] ${v.slice(0, 80)}`);
      }
    }
    return [...found];
  });

const fileOf = (lang: string, path: string) => `${lang}${path === '/' ? '_home' : path.replace(/[^a-z0-9]+/gi, '_')}.png`;

test.describe('the app in English', () => {
  let dataDir: string;
  let server: RunningServer | undefined;

  test.beforeAll(async ({ request }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'station-desk-english-'));
    server = await startServer(dataDir, await freePort());
    const setup = await request.post(`${server.url}api/station.setup`, { data: { station: STATION, head: HEAD } });
    expect((await setup.json()).ok).toBe(true);
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every page of the menu shows no Chinese but users’ data; each page kept in both languages', async ({ page }, testInfo) => {
    await page.goto(server!.url);
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('station-name')).toHaveText(STATION.name);
    await page.getByText('English', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    const paths = ['/', ...(await menuPaths(page)).filter((p) => p !== '/')];
    expect(paths.length).toBeGreaterThan(15);
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(`${server!.url}#${path}`);
      await settled(page);
      for (const text of await chineseOn(page)) found.push(`${path}: ${text}`);
      await page.screenshot({ path: testInfo.outputPath(fileOf('en', path)), fullPage: true });
    }

    await page.getByText('中文', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    for (const path of paths) {
      await page.goto(`${server!.url}#${path}`);
      await settled(page);
      await page.screenshot({ path: testInfo.outputPath(fileOf('zh', path)), fullPage: true });
    }
    expect(found).toEqual([]);
  });
});
