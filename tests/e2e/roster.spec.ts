import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATION_PROFILE } from '../helpers/station.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';


/** The month after this one in the station's time zone: every day of it is still open to edits. */
const nextMonth = () => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

const POST = [
  { name: '张伟', username: 'zhangwei', role: 'officer' },
  { name: '李娜', username: 'lina', role: 'auxiliary' },
  { name: '赵强', username: 'zhaoqiang', role: 'auxiliary' },
];

test('a 3-person post: generate the month, a move that breaks a rule is refused by name, a valid edit goes through, the wall chart prints', async ({ page, request }, testInfo) => {
  // two solves (the month, then a quarter) besides the edits and the print
  test.slow();
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-roster-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  const month = nextMonth();
  const [year, mon] = month.split('-').map(Number);
  try {
    // the station, set up through the API; the head logs in through the UI
    await setUpAndLogIn(page, request, server);

    // three people stand duty at the post; the head stays off the roster
    for (const p of POST) await api(page, 'staff.create', { ...p, phone: '13700000000', initialPassword: 'Initial2026' });
    // one 24-hour shift, exactly one person on it, nobody on two days running
    const view = await api(page, 'roster.settingsGet', {});
    await api(page, 'roster.settingsSave', {
      version: view.version,
      people: view.people.map((p: { staffId: string; name: string }) => ({ staffId: p.staffId, included: POST.some((x) => x.name === p.name), qualifications: [] })),
      settings: {
        ...view.settings,
        shiftTypes: [{ id: 'X', name: '24小时班', letter: 'X', start: '08:00', minutes: 1440 }],
        coverage: [{ shift: 'X', requirements: [{ min: 1, max: 1 }] }],
        rules: { minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [], maxConsecutiveWorkDays: 1 },
        fairness: [{ metric: 'nights', weight: 5 }],
      },
    });

    // the settings screen shows the post; a start time that is no clock time is refused by the
    // core, which names the field, and nothing is saved
    await page.goto(`${server.url}#/roster/settings`);
    const start = page.locator('#settings_shiftTypes_0_start');
    await expect(start).toHaveValue('08:00');
    await expect(page.locator('#settings_shiftTypes_0_minutes')).toHaveValue('1440');
    await start.fill('25:00');
    await page.getByTestId('settings-save').click();
    await expect(page.locator('.ant-form-item', { has: start })).toContainText('时间格式应为 HH:MM');
    expect((await api(page, 'roster.settingsGet', {})).settings.shiftTypes[0].start).toBe('08:00');
    // the start put right, and a forbidden succession added on the screen: no 24-hour shift the
    // day after one (as the consecutive-days limit already says, so the month stays as it was)
    await start.fill('08:00');
    await page.getByTestId('succession-add').click();
    await expect(page.getByTestId('succession-0')).toContainText('24小时班');
    await page.getByTestId('settings-save').click();
    await expect.poll(async () => (await api(page, 'roster.settingsGet', {})).settings.rules.forbiddenSuccessions).toEqual([{ from: 'X', to: 'X' }]);

    // generate the month from the roster page
    await page.getByRole('menuitem', { name: '排班表' }).click();
    await page.goto(`${server.url}#/roster?month=${month}`);
    await expect(page.getByTestId('roster-grid')).toBeVisible();
    await page.getByTestId('roster-generate').click();
    await expect(page.getByTestId('job-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('job-done')).toContainText('已证明为最优排班');
    await expect(page.getByTestId('roster-page')).toHaveAttribute('data-version', '1');
    for (const p of POST) await expect(page.getByTestId(`row-${p.name}`)).toBeVisible();
    // every day exactly one person is on duty, and no rule is broken
    const cells = page.locator('td.cell[data-shift="X"]');
    const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
    await expect(cells).toHaveCount(days);
    await expect(page.getByTestId('roster-issues')).toContainText('符合全部排班规则');
    await expect(page.locator('td.cover-cell[data-gap="true"]')).toHaveCount(0);

    // the first person's first two shifts: the later one is moved to the day after the earlier one
    const row = page.getByTestId(`row-${POST[0].name}`);
    const worked = await row.locator('td.cell[data-shift="X"]').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.date!));
    const [first, second] = worked;
    const gapDays = (Date.parse(second) - Date.parse(first)) / 86_400_000;
    expect(gapDays).toBeGreaterThanOrEqual(2);
    const dayAfter = new Date(Date.parse(first) + 86_400_000).toISOString().slice(0, 10);
    await row.locator(`td[data-date="${second}"]`).click();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('moving-hint')).toBeVisible();
    for (let i = 0; i < gapDays - 1; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    // refused, with the broken rule named, and the grid as it was
    const refused = page.getByTestId('edit-refused');
    await expect(refused).toBeVisible();
    await expect(refused).toContainText('不能这样调整');
    await expect(refused).toContainText(/两班之间休息不足|连续上班超限|不能紧接前一天/);
    await expect(refused).toContainText(POST[0].name);
    await expect(row.locator(`td[data-date="${second}"]`)).toHaveAttribute('data-shift', 'X');
    await expect(row.locator(`td[data-date="${dayAfter}"]`)).toHaveAttribute('data-shift', '');
    await expect(page.getByTestId('roster-page')).toHaveAttribute('data-version', '1');
    await page.screenshot({ path: testInfo.outputPath('refused.png'), fullPage: true });

    // a valid edit goes through: the shift is cleared (the day shows its gap in red), then set again
    await page.keyboard.press('Escape');
    await row.locator(`td[data-date="${second}"]`).click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('roster-page')).toHaveAttribute('data-version', '2');
    await expect(row.locator(`td[data-date="${second}"]`)).toHaveAttribute('data-shift', '');
    await expect(page.locator('td.cover-cell[data-gap="true"]')).toHaveCount(1);
    await expect(page.getByTestId('roster-issues')).toContainText('缺 1 人');
    await page.keyboard.press('x');
    await expect(page.getByTestId('roster-page')).toHaveAttribute('data-version', '3');
    await expect(row.locator(`td[data-date="${second}"]`)).toHaveAttribute('data-shift', 'X');
    await expect(page.locator('td.cover-cell[data-gap="true"]')).toHaveCount(0);
    await expect(page.getByTestId('edit-refused')).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath('roster.png'), fullPage: true });

    // the roster is changed elsewhere (another window): the next edit here is told so, and the
    // page shows the roster as it now is
    const now = await api(page, 'roster.month', { month });
    const first0 = now.people.find((p: { name: string }) => p.name === POST[0].name).staffId;
    await api(page, 'roster.change', { month, version: now.roster.version, changes: [{ staffId: first0, date: second, shiftId: null }] });
    const otherDate = await page.getByTestId(`row-${POST[1].name}`).locator('td.cell[data-shift="X"]').last().getAttribute('data-date');
    const other = page.getByTestId(`row-${POST[1].name}`).locator(`td[data-date="${otherDate}"]`);
    await other.click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('edit-refused')).toContainText('排班表已在别处被修改');
    await expect(page.getByTestId('roster-page')).toHaveAttribute('data-version', '4');
    await expect(row.locator(`td[data-date="${second}"]`)).toHaveAttribute('data-shift', '');
    await expect(other).toHaveAttribute('data-shift', 'X');

    // the wall chart, printed to PDF: station, month and everyone on the post are in it
    await page.getByTestId('roster-print').click();
    await expect(page.locator('[data-print-ready="true"]')).toBeVisible();
    await expect(page.getByTestId('wall-chart')).toBeVisible();
    // every mark on the chart is in its legend: the days away too (病 had none)
    await expect(page.getByTestId('legend-away-sick')).toHaveText('病 = 病假');
    await expect(page.getByTestId('legend-away-leave')).toHaveText('假 = 请假');
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('roster.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    // A4 landscape: 842 × 595 points
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/);
    expect(info).toMatch(/Pages:\s+1\n/);
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain(STATION_PROFILE.name);
    expect(pdfText).toContain(`${year}年${mon}月值班表`);
    for (const p of POST) expect(pdfText).toContain(p.name);
    expect(pdfText).toContain('审核（警务室负责人）');

    // a quarter planned as one from the roster page: a month three months on, its calendar
    // quarter wholly ahead; the three months are saved together
    await page.emulateMedia({ media: 'screen' });
    const later = new Date(Date.UTC(year, mon - 1 + 3, 1));
    const laterMonth = `${later.getUTCFullYear()}-${String(later.getUTCMonth() + 1).padStart(2, '0')}`;
    await page.goto(`${server.url}#/roster?month=${laterMonth}`);
    await expect(page.getByTestId('roster-grid')).toBeVisible();
    await page.getByTestId('roster-span').click();
    await page.locator('.ant-select-item-option', { hasText: '本季度' }).click();
    await expect(page.getByTestId('roster-generate')).toContainText('生成季度排班');
    await page.getByTestId('roster-generate').click();
    await page.getByTestId('confirm-generate').click();
    await expect(page.getByTestId('job-done')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('job-summary')).toContainText('季度排班：');
    await expect(page.getByTestId('roster-page')).toHaveAttribute('data-version', '1');
    await expect(page.locator('td.cell[data-shift="X"]')).toHaveCount(new Date(Date.UTC(later.getUTCFullYear(), later.getUTCMonth() + 1, 0)).getUTCDate());
    const quarterFirst = later.getUTCMonth() - (later.getUTCMonth() % 3);
    for (let i = 0; i < 3; i++) {
      const d = new Date(Date.UTC(later.getUTCFullYear(), quarterFirst + i, 1));
      const each = await api(page, 'roster.month', { month: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` });
      expect(each.roster?.version).toBe(1);
      expect(each.issues).toEqual([]);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
