import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { chooseOption } from './antd.js';
import { freePort, setUpThroughTheScreen, startServer, type RunningServer } from './server.js';

/** A valid resident ID: 110105 + 19491231 + 002 + X (GB 11643 check character). */
const GOOD_ID = '11010519491231002X';
const BAD_ID = '110105194912310021';

const registerWalkIn = async (
  page: Page,
  v: { name: string; id?: string; phone?: string; purpose: string; route?: string },
): Promise<string> => {
  await page.getByTestId('walkin-visitorName').fill(v.name);
  if (v.id) await page.getByTestId('walkin-idNumber').fill(v.id);
  else await chooseOption(page, 'walkin-idType', '未出示证件');
  if (v.phone) await page.getByTestId('walkin-phone').fill(v.phone);
  await chooseOption(page, 'walkin-purpose', v.purpose);
  if (v.route) await chooseOption(page, 'walkin-route', v.route);
  await page.getByTestId('walkin-submit').click();
  // the confirmation shows the new visitor's name with the new queue number
  await expect(page.getByTestId('registered-name')).toHaveText(v.name);
  return (await page.getByTestId('queue-no').innerText()).trim();
};

test('first run → login → three walk-ins → board → served → slip PDF → English → restart keeps data', async ({ page }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-'));
  const port = await freePort();
  let server: RunningServer = await startServer(dataDir, port);
  try {
    // first run: the setup screen
    await page.goto(server.url);
    await setUpThroughTheScreen(page);
    // setup ends with the head's recovery key
    await expect(page.getByTestId('setup-recovery-key')).toHaveText(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    await page.getByTestId('setup-recovery-done').click();

    // login
    await expect(page.getByTestId('login-station-name')).toHaveText(STATION_PROFILE.name);
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill('wrong-password1');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('login-error')).toContainText('登录名或密码不正确');
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name);
    // the head's home page shows that failed try: whose account, from where
    const failed = page.getByTestId('home-failed-attempts').getByTestId('failed-attempt');
    await expect(failed).toHaveCount(1);
    await expect(failed).toContainText(`${HEAD.name}（${HEAD.username.toLowerCase()}）`);
    await expect(failed).toContainText('警务室电脑');
    await page.getByTestId('home-failed-attempts').screenshot({ path: testInfo.outputPath('failed-attempts.png') });

    // the front desk: one walk-in with a wrong ID number, corrected
    await page.goto(`${server.url}#/front-desk`);
    await page.getByTestId('walkin-visitorName').fill('张三');
    await page.getByTestId('walkin-idNumber').fill(BAD_ID);
    await chooseOption(page, 'walkin-purpose', '矛盾纠纷');
    await page.getByTestId('walkin-submit').click();
    await expect(page.locator('#walkin_idNumber_help')).toContainText('校验位错误');
    await expect(page.getByTestId('queue-no')).toHaveCount(0);
    await page.getByTestId('walkin-idNumber').fill(GOOD_ID);
    await expect(page.getByTestId('id-info')).toContainText('1949');
    await page.getByTestId('walkin-phone').fill('13912345678');
    await page.getByTestId('walkin-submit').click();
    await expect(page.getByTestId('queue-no')).toHaveText('调-001');

    const second = await registerWalkIn(page, { name: '李四<img src=x onerror=alert(1)>', purpose: '开具证明' });
    expect(second).toBe('办-001');
    const third = await registerWalkIn(page, { name: '𠮷田 🙂', phone: '+86 138 0013 8000', purpose: '信息登记' });
    expect(third).toBe('采-001');
    // Enter from the name goes to the ID number: what is typed on lands there, not in the ID-type list
    await page.getByTestId('walkin-visitorName').fill('王五');
    await page.getByTestId('walkin-visitorName').press('Enter');
    await page.keyboard.type('220702');
    await expect(page.getByTestId('walkin-idNumber')).toHaveValue('220702');
    await page.getByTestId('walkin-idNumber').fill('');
    await page.getByTestId('walkin-visitorName').fill('');

    // the board shows them by zone, masked, with the markup as text
    const mediation = page.getByTestId('board-mediation');
    await expect(mediation.getByTestId('walkin-调-001')).toContainText('张三');
    await expect(mediation.getByTestId('walkin-调-001')).toContainText('1101**********002X');
    await expect(mediation.getByTestId('walkin-调-001')).not.toContainText(GOOD_ID);
    await expect(page.getByTestId('board-office').getByTestId('walkin-办-001')).toContainText('李四<img src=x onerror=alert(1)>');
    await expect(page.getByTestId('board-collection').getByTestId('walkin-采-001')).toContainText('𠮷田 🙂');

    // mark served: waiting → being served → done
    const card = mediation.getByTestId('walkin-调-001');
    await card.getByTestId('act-serve').click();
    await expect(card).toContainText(HEAD.name);
    await card.getByTestId('act-done').click();
    await expect(card).toContainText('已办结');
    // 离开 clicked by mistake is taken back from the message, within seconds
    const office = page.getByTestId('board-office').getByTestId('walkin-办-001');
    await office.getByTestId('act-leave').click();
    // the undo of this end, in its message (which took the place of the one before)
    await expect(page.getByText('办-001 已离开')).toBeVisible();
    await page.getByTestId('act-undo').click();
    await expect(page.getByText('已撤销，办-001 恢复原状态')).toBeVisible();
    await expect(office.getByTestId('act-serve')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('front-desk.png'), fullPage: true });

    // the slip as a PDF: queue number and the Chinese station name are text in it
    const walkInId = await page.evaluate(async () => {
      const token = sessionStorage.getItem('station-desk.token');
      const r = await fetch('./api/intake.search', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: '张三' }),
      });
      return (await r.json()).result.walkIns[0].id as string;
    });
    await page.goto(`${server.url}#/print/slip/${walkInId}?size=receipt80`);
    await expect(page.getByTestId('slip-queue-no')).toHaveText('调-001');
    await expect(page.locator('[data-print-ready="true"]')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('slip.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('调-001');
    expect(pdfText).toContain(STATION_PROFILE.name);

    // English, everywhere at once
    await page.goto(`${server.url}#/front-desk`);
    await page.getByText('English', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('menuitem', { name: 'Front desk' })).toBeVisible();
    await expect(page.getByTestId('board-mediation')).toContainText('Mediation');

    // restart the server: the data is still there
    await server.stop();
    server = await startServer(dataDir, port);
    await page.goto(`${server.url}#/front-desk`);
    // sessions live in the core's memory: after a restart the desk logs in again
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await page.goto(`${server.url}#/front-desk`);
    await expect(page.getByTestId('board-mediation').getByTestId('walkin-调-001')).toContainText('张三');
    await expect(page.getByTestId('board-office').getByTestId('walkin-办-001')).toBeVisible();
    await expect(page.getByTestId('board-collection').getByTestId('walkin-采-001')).toBeVisible();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
