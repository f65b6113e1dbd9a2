import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

test('the service hall: a call from the mediation zone is on the display within a second and announced; the visitor rates, the head sees it', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    const w = await api<{ id: string; queueNo: string }>(page, 'intake.register', {
      visitorName: '张三华',
      idType: 'resident',
      idNumber: '11010519491231002X',
      phone: '13912345678',
      purpose: 'dispute',
      route: 'mediation',
    });
    expect(w.queueNo).toBe('调-001');
    await page.goto(`${server.url}#/front-desk`);
    const bar = page.getByTestId('call-bar');
    await expect(bar).toBeVisible();

    // the desk PC's second window: the calling display, opened from the desk (it keeps the desk's login)
    const [display] = await Promise.all([page.waitForEvent('popup'), bar.getByRole('button', { name: '打开叫号屏' }).click()]);
    const screen = display.getByTestId('hall-display');
    await expect(display.getByTestId('hall-display-banner')).toHaveText('请留意叫号');
    await expect(screen).toContainText('宁江区繁荣社区警务室');
    await expect(screen).toContainText('值班电话：0438-6123456');
    // headless Chromium has no Chinese voice: the display says so, discreetly, and shows the calls
    await expect(display.getByTestId('hall-no-voice')).toBeVisible();

    // 调解区 calls the next: measured from the click to the display's own "shown" mark
    await bar.getByTestId('call-route').getByText('调解区').click();
    await expect(bar.getByTestId('call-next')).toBeEnabled();
    const clickedAt = await page.evaluate(() => Date.now());
    await bar.getByTestId('call-next').click();
    await expect(screen).toHaveAttribute('data-shown-call', /.+/);
    const shownAt = Number(await screen.getAttribute('data-shown-at'));
    expect(shownAt - clickedAt).toBeLessThanOrEqual(1000);
    const zone = display.getByTestId('hall-zone-mediation');
    await expect(zone).toContainText('调-001');
    await expect(zone).toContainText('张*华');
    await expect(display.getByTestId('hall-display-banner')).toHaveText('请 调-001 号 到调解区');
    // the announcement is queued (read out where a voice exists)
    expect(JSON.parse((await screen.getAttribute('data-announcements')) ?? '[]')).toEqual(['请 调-001 号 到调解区']);
    // no full name, ID number or phone anywhere on the public screen
    const shownText = await display.locator('body').innerText();
    expect(shownText).not.toContain('张三华');
    expect(shownText).not.toContain('11010519491231002X');
    expect(shownText).not.toContain('13912345678');
    await display.screenshot({ path: testInfo.outputPath('hall-display.png'), fullPage: true });

    // 重呼 is announced again
    await bar.getByTestId('call-called').getByRole('button', { name: /重呼/ }).click();
    await expect.poll(async () => JSON.parse((await screen.getAttribute('data-announcements')) ?? '[]')).toEqual(['请 调-001 号 到调解区', '请 调-001 号 到调解区']);

    // served and ended: the rating screen offers it
    await api(page, 'intake.setStatus', { id: w.id, status: 'serving' });
    await api(page, 'intake.setStatus', { id: w.id, status: 'done' });
    const [rating] = await Promise.all([page.waitForEvent('popup'), bar.getByRole('button', { name: '打开评价屏' }).click()]);
    await expect(rating.getByTestId('hall-rate-walk-in')).toHaveText('调-001 张*华');
    await rating.getByRole('button', { name: '不满意', exact: true }).click();
    await expect(rating.getByTestId('hall-rate-submit')).toBeDisabled();
    await rating.getByText('等候时间长').click();
    await rating.getByPlaceholder('其他意见（选填）').fill('等了很久');
    await rating.screenshot({ path: testInfo.outputPath('hall-rate.png'), fullPage: true });
    await rating.getByTestId('hall-rate-submit').click();
    await expect(rating.getByTestId('hall-rate-thanks')).toHaveText('感谢您的评价！');
    expect(await rating.locator('body').innerText()).not.toContain('张三华');

    // the head's screen: the rating with its walk-in, and today's count and rate on the home page
    await page.goto(`${server.url}#/ratings`);
    const row = page.getByTestId('ratings-table').locator('tbody tr').first();
    await expect(row).toContainText('调-001');
    await expect(row).toContainText('张三华');
    await expect(row).toContainText('不满意');
    await expect(row).toContainText('等候时间长');
    await page.screenshot({ path: testInfo.outputPath('hall-ratings.png'), fullPage: true });
    await page.goto(server.url);
    await expect(page.getByTestId('ratings-today-count')).toContainText('1');
    await expect(page.getByTestId('ratings-today-rate')).toContainText('0%');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
