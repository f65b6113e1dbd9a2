import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAFF_PASSWORD, addStaff, setUpStation } from '../helpers/station.js';
import type { Role } from '../../src/shared/roles.js';
import { menuEntry } from './menu.js';
import { freePort, logIn, startServer, type RunningServer } from './server.js';

const ZONES = ['办公区', '调解区', '采集区', '巡防区'] as const;
type ZoneLabel = (typeof ZONES)[number];

/** The labels of a station zone's tools, its submenu unfolded. */
const zoneTools = async (page: Page, zone: string): Promise<string[]> => {
  const head = menuEntry(page, zone);
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
  const submenu = page.locator('li.ant-menu-submenu').filter({ has: head });
  const items = submenu.locator('ul.ant-menu-sub > li.ant-menu-item');
  await expect(items.first()).toBeVisible();
  return (await items.allInnerTexts()).map((s) => s.trim());
};

/** What each role finds in the side menu: the zones it may use, one tool opened from one of them. */
const EXPECTED: { role: Role; zones: ZoneLabel[]; open: ZoneLabel; tools: string[]; tool: string; hash: string }[] = [
  { role: 'officer', zones: ['办公区', '调解区', '采集区', '巡防区'], open: '办公区', tools: ['来访', '值班日志与交接', '任务 · 公告 · 考核'], tool: '值班日志与交接', hash: '#/office' },
  { role: 'auxiliary', zones: ['办公区', '调解区', '采集区', '巡防区'], open: '巡防区', tools: ['来访', '巡逻 · 防范 · 义巡'], tool: '来访', hash: '#/zone/patrol' },
  { role: 'gridWorker', zones: ['办公区', '采集区'], open: '采集区', tools: ['一标三实'], tool: '一标三实', hash: '#/collection' },
  { role: 'mediator', zones: ['调解区'], open: '调解区', tools: ['来访与案件', '调解员库', '统计', '设置'], tool: '调解员库', hash: '#/mediation/pool' },
];

test.describe('one menu entry per station zone', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  const staff = new Map<Role, string>();

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'station-desk-zones-'));
    const st = await setUpStation({ dir: dataDir, now: new Date().toISOString() });
    for (const { role } of EXPECTED) staff.set(role, (await addStaff(st, role)).username);
    await st.close();
    server = await startServer(dataDir, await freePort());
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the head sees the four zones, each unfolding into its queue and tools, in both languages', async ({ page }, testInfo) => {
    await logIn(page, server!);
    for (const zone of ZONES) await expect(menuEntry(page, zone)).toBeVisible();
    expect(await zoneTools(page, '办公区')).toEqual(['来访', '值班日志与交接', '任务 · 公告 · 考核']);
    expect(await zoneTools(page, '调解区')).toEqual(['来访与案件', '调解员库', '统计', '设置']);
    await menuEntry(page, '任务 · 公告 · 考核').click();
    await expect(page).toHaveURL(/#\/office\/routine$/);
    await page.screenshot({ path: testInfo.outputPath('menu-zh.png'), fullPage: true });
    // the same menu in English
    await page.getByText('English', { exact: true }).click();
    await expect(menuEntry(page, 'Office')).toBeVisible();
    for (const zone of ['Mediation', 'Collection', 'Patrol']) await expect(menuEntry(page, zone)).toBeVisible();
    expect(await zoneTools(page, 'Office')).toEqual(['Walk-ins', 'Duty log & handover', 'Tasks · Notices · Scores']);
    await page.screenshot({ path: testInfo.outputPath('menu-en.png'), fullPage: true });
    await page.getByText('中文', { exact: true }).click();
    await expect(menuEntry(page, '办公区')).toBeVisible();
  });

  for (const expected of EXPECTED) {
    test(`${expected.role}: the zones it may use, and ${expected.open} unfolds into its tools`, async ({ page }) => {
      await logIn(page, server!, { username: staff.get(expected.role)!, password: STAFF_PASSWORD });
      for (const zone of ZONES) {
        if (expected.zones.includes(zone)) await expect(menuEntry(page, zone), `${expected.role} sees ${zone}`).toBeVisible();
        else await expect(menuEntry(page, zone), `${expected.role} does not see ${zone}`).toHaveCount(0);
      }
      expect(await zoneTools(page, expected.open)).toEqual(expected.tools);
      await menuEntry(page, expected.tool).click();
      await expect(page).toHaveURL(new RegExp(`${expected.hash.replace(/[/#]/g, '\\$&')}$`));
    });
  }
});
