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
const VISITOR = { visitorName: 'Li Lei', idNumber: '11010519491231002X', phone: '13912345678' };
/** A visitor served at the office window who rates the service poorly: the duty log's follow-up item. */
const RATER = { visitorName: 'Han Meimei', idNumber: null, idType: 'none', phone: null, purpose: 'certificate', route: 'office' };
/** A patrol the head went on with a volunteer and a security guard. */
const PATROL = { route: 'Harmony night round', volunteer: 'Liu Fang', guard: 'Zhou Bin' };

/** A page outside the side menu and a tab of one, where the app's own data shows (the hall's display is looked at on its own). */
const MORE_PATHS = ['/office/routine?tab=notices', '/zone/mediation'];

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
    // what the app shows from its own data: a queue number (stored as 调-001), the default shifts
    // (stored as 白班 and 夜班) on a roster with someone on it, and the shipped notice templates
    const login = await (await request.post(`${server.url}api/auth.login`, { data: { username: HEAD.username, password: HEAD.password } })).json();
    const api = async <T,>(method: string, data: unknown): Promise<T> => {
      const answer = await (await request.post(`${server!.url}api/${method}`, { data, headers: { authorization: `Bearer ${login.result.token}` } })).json();
      expect(answer.ok, `${method}: ${JSON.stringify(answer.error)}`).toBe(true);
      return answer.result as T;
    };
    await api('intake.register', { ...VISITOR, idType: 'resident', purpose: 'dispute', route: 'mediation' });
    await api('intake.call', { route: 'mediation' });
    const roster = await api<{ settings: unknown; version: number }>('roster.settingsGet', {});
    await api('roster.settingsSave', { settings: roster.settings, people: [{ staffId: login.result.me.staffId, included: true }], version: roster.version });
    // a shift opened by hand (stored as 白班), and the entry the app writes into its log for a poor rating
    const now = Date.now();
    await api('office.shiftOpen', {
      source: 'manual',
      name: '白班',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 8 * 3600_000).toISOString(),
      staffIds: [login.result.me.staffId],
    });
    const rater = await api<{ id: string }>('intake.register', RATER);
    await api('intake.setStatus', { id: rater.id, status: 'serving' });
    await api('intake.setStatus', { id: rater.id, status: 'done' });
    await api('intake.rate', { walkInId: rater.id, level: 'dissatisfied', reasons: ['longWait', 'attitude'] });
    // a patrol ended, with a volunteer and a guard beside the head, and what it found logged to follow
    // up: lists of names the core sends as lists, which each language joins its own way
    const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
    const route = await api<{ id: string }>('patrol.routeSave', { name: PATROL.route, checkpoints: [{ place: 'East gate' }, { place: 'Building 3' }] });
    const volunteer = await api<{ id: string }>('patrol.volunteerSave', { name: PATROL.volunteer, phone: '13912345670' });
    const patrol = await api<{ id: string; version: number }>('patrol.start', {
      routeId: route.id,
      startedAt: minutesAgo(50),
      staffIds: [login.result.me.staffId],
      volunteerIds: [volunteer.id],
      guards: [PATROL.guard],
    });
    const found = await api<{ findings: { id: string; version: number }[] }>('patrol.findingAdd', { patrolId: patrol.id, at: minutesAgo(40), place: 'East gate', text: 'Street lamp out' });
    await api('patrol.end', { id: patrol.id, version: patrol.version, endedAt: minutesAgo(30) });
    await api('patrol.findingToLog', { id: found.findings[0].id, version: found.findings[0].version, followUp: true });
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

    const paths = ['/', ...(await menuPaths(page)).filter((p) => p !== '/'), ...MORE_PATHS];
    expect(paths.length).toBeGreaterThan(15);
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(`${server!.url}#${path}`);
      await settled(page);
      for (const text of await chineseOn(page)) found.push(`${path}: ${text}`);
      await page.screenshot({ path: testInfo.outputPath(fileOf('en', path)), fullPage: true });
    }

    // the app's own data in English, where the walk above would see it: the number (M for the
    // mediation zone) on the desk and the hall's display, the default shifts, the shipped templates
    await page.goto(`${server!.url}#/front-desk`);
    await expect(page.getByTestId('walkin-调-001').getByTestId('queue')).toHaveText('M-001');
    await page.goto(`${server!.url}#/hall/display`);
    await expect(page.getByTestId('hall-zone-mediation')).toContainText('M-001');
    for (const text of await chineseOn(page)) found.push(`/hall/display: ${text}`);
    await page.goto(`${server!.url}#/roster`);
    await expect(page.getByTestId('roster-legend')).toContainText('Day shift');
    await expect(page.getByTestId('roster-legend')).toContainText('Night shift');
    await page.goto(`${server!.url}#/office/routine?tab=notices`);
    await expect(page.getByTestId('notice-template').first()).toBeVisible();
    await expect(page.getByTestId('notice-templates')).toContainText('Telecom and online fraud warning');
    // the duty log: the shift's default name, and the entry the app wrote for the poor rating, in English
    await page.goto(`${server!.url}#/office`);
    const rating = page.locator('[data-testid="office-entries"] tr[data-testid="office-entry-reception"][data-state="open"]');
    await expect(rating).toContainText('Visitor rating: Dissatisfied (Long wait, Unfriendly attitude), please call back to check');
    await expect(rating).toContainText('Han Meimei (O-001)');
    await expect(page.getByTestId('office-shift')).toContainText('Day shift');
    // who went on the patrol, on its entry in the log and in the list of recent patrols, joined the English way
    const patrolEntries = page.locator('[data-testid="office-entries"] tr[data-testid="office-entry-patrol"]');
    await expect(patrolEntries.filter({ hasText: PATROL.route })).toContainText(`${HEAD.name}, ${PATROL.volunteer}, ${PATROL.guard}`);
    // the finding, logged to follow up, stays open
    await expect(page.locator('[data-testid="office-entries"] tr[data-testid="office-entry-patrol"][data-state="open"]')).toContainText(`${HEAD.name}East gateStreet lamp out`);
    await page.goto(`${server!.url}#/patrol`);
    await expect(page.getByTestId('patrol-recent-row').filter({ hasText: PATROL.route })).toContainText(`${HEAD.name}, ${PATROL.volunteer}, ${PATROL.guard}`);
    for (const text of await chineseOn(page)) found.push(`/patrol: ${text}`);
    // a default shift's name put into an input is in English too
    await page.goto(`${server!.url}#/roster/settings`);
    await expect(page.locator('input[id$="shiftTypes_0_name"]')).toHaveValue('Day shift');
    for (const text of await chineseOn(page)) found.push(`/roster/settings: ${text}`);

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
