import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { HEAD, STAFF_PASSWORD, addStaff, ok, setUpStation, walkIn } from '../helpers/station.js';
import { api, freePort, logIn, startServer, type RunningServer } from './server.js';

// the station serves itself on the LAN with a certificate it made: the browser cannot know it
test.use({ ignoreHTTPSErrors: true });

/** This machine's address on the station LAN, where another terminal reaches it. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** The SHA-256 fingerprint of the certificate a server really serves, as a terminal's browser sees it. */
const servedFingerprint = (host: string, port: number) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false }, () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      socket.end();
      resolve(cert.fingerprint256);
    });
    socket.on('error', reject);
  });

/** A side menu entry by its label (its accessible name is the icon's, then the label). */
const menu = (page: Page, label: string) => page.getByRole('menuitem', { name: new RegExp(` ${label}$`) });

/** Opens a page under 设置 in the side menu, unfolding the menu first if it is folded. */
const openSettings = async (page: Page, item: string) => {
  const settings = menu(page, '设置');
  await expect(settings).toBeVisible();
  if ((await settings.getAttribute('aria-expanded')) !== 'true') await settings.click();
  await menu(page, item).click();
};

/** The walk-in history, searched by the start of a name. */
const searchHistory = async (page: Page, name: string) => {
  await menu(page, '接待记录').click();
  await page.getByTestId('history-q-name').fill(name);
  await page.getByTestId('history-search').click();
};

const OLD_VISITOR = { visitorName: '赵旧', idNumber: '220702196001010032', phone: '13912340001' };
const VISITOR = { visitorName: '张三', idNumber: '11010519491231002X', phone: '13912345678' };
const OFFICER_NAME = '刘民警';

test('the station head keeps the data: retention and the monthly purge, the unmasking report, and the paired LAN terminals', async ({ page, browser }) => {
  const noLan = 'no LAN address to serve a second terminal on';
  if (!lanAddress) console.log(`[protect] skipped: ${noLan}`);
  test.skip(!lanAddress, noLan);
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-protect-'));
  let server: RunningServer | undefined;
  try {
    // Four years ago the station was set up and a visitor came and went (today another comes, below).
    const st = await setUpStation({ dir: dataDir, now: new Date(Date.now() - 4 * 365 * 86400_000).toISOString() });
    const call = <T = any>(method: string, input: unknown) => ok<T>(st.core.call(method, input, { token: st.token }));
    const officer = await addStaff(st, 'officer', OFFICER_NAME);
    const old = await call<{ id: string }>('intake.register', walkIn({ ...OLD_VISITOR, purpose: 'consultation', route: 'office' }));
    await call('intake.setStatus', { id: old.id, status: 'serving' });
    await call('intake.setStatus', { id: old.id, status: 'done' });
    await st.close();

    const port = await freePort();
    server = await startServer(dataDir, port, { host: '0.0.0.0' });
    await logIn(page, server);
    await api(page, 'intake.register', walkIn(VISITOR));

    // the old visit is still in the history
    await searchHistory(page, OLD_VISITOR.visitorName);
    await expect(page.getByTestId('history-table')).toContainText(OLD_VISITOR.visitorName);
    await expect(page.getByTestId('history-count')).toHaveText('已显示 1 条');

    // 1. Retention: a period too short is refused with the kind named; a sensible one is kept
    await openSettings(page, '数据保留与清理');
    await expect(page.getByRole('heading', { name: '数据保留与清理' })).toBeVisible();
    const walkInDays = page.getByTestId('retention-days-walkIns');
    await expect(walkInDays).toHaveValue('1095');
    await walkInDays.fill('');
    await page.getByTestId('retention-save').click();
    await expect(page.getByTestId('retention-save-error')).toHaveText('已办结的接待记录：必填');
    await walkInDays.fill('30');
    await page.getByTestId('retention-save').click();
    await expect(page.getByTestId('retention-save-error')).toHaveText('已办结的接待记录：保留期限不能少于 180 天');
    await expect(walkInDays).toHaveValue('30');
    await walkInDays.fill('1000');
    await page.getByTestId('retention-save').click();
    await expect(page.getByText('保留期限已保存')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('retention-days-walkIns')).toHaveValue('1000');

    // the preview lists the old visit, its ID number masked
    await expect(page.getByText('本月清理已到期')).toBeVisible();
    await page.getByTestId('retention-preview').click();
    const preview = page.getByTestId('retention-preview-result');
    await expect(preview.getByTestId('retention-count-walkIns')).toHaveText('1');
    await expect(preview).toContainText(`${OLD_VISITOR.visitorName}`);
    await expect(preview).toContainText('2207**********0032');
    await expect(preview).not.toContainText(OLD_VISITOR.idNumber);
    const total = Number((await preview.getByText(/共 \d+ 条记录将被永久删除/).textContent())?.match(/共 (\d+) 条/)?.[1]);
    expect(total).toBeGreaterThan(1);

    // a wrong password: refused, and nothing is gone
    await page.getByTestId('retention-purge').click();
    const confirm = page.getByRole('dialog', { name: '确认永久删除' });
    await expect(confirm).toContainText(`将永久删除 ${total} 条记录`);
    await confirm.getByTestId('retention-password').fill('Wrong2026');
    await confirm.getByRole('button', { name: '永久删除' }).click();
    await expect(confirm.getByRole('alert')).toHaveText('密码：密码错误');
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect(confirm).toBeHidden();
    await page.getByTestId('retention-preview').click();
    await expect(preview.getByTestId('retention-count-walkIns')).toHaveText('1');
    await expect(preview).toContainText(`共 ${total} 条记录将被永久删除`);

    // the right one: purged, the counts shown
    await page.getByTestId('retention-purge').click();
    await confirm.getByTestId('retention-password').fill(HEAD.password);
    await confirm.getByRole('button', { name: '永久删除' }).click();
    await expect(confirm).toBeHidden();
    const purged = page.getByTestId('retention-purged');
    await expect(purged).toContainText(`已清理 ${total} 条记录`);
    await expect(purged).toContainText('已办结的接待记录：1 条');
    await expect(page.getByText(/上次清理：/)).toBeVisible();
    await page.getByTestId('retention-preview').click();
    await expect(preview).toContainText('没有超过保留期限的记录。');

    // … and the old visit is gone from the history
    await searchHistory(page, OLD_VISITOR.visitorName);
    await expect(page.getByTestId('history-count')).toHaveText('已显示 0 条');

    // 2. Unmasking: the officer, at another desk, looks at today's visitor's full ID number, with a reason …
    const officerContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const officerPage = await officerContext.newPage();
    await logIn(officerPage, server, { username: officer.username, password: STAFF_PASSWORD });
    await searchHistory(officerPage, VISITOR.visitorName);
    await expect(officerPage.getByTestId('history-count')).toHaveText('已显示 1 条');
    await expect(officerPage.getByTestId('history-table')).not.toContainText(VISITOR.idNumber);
    await officerPage.getByTestId('history-reveal').click();
    await officerPage.getByTestId('reveal-reason').fill('回访联系，核对身份');
    await officerPage.getByTestId('reveal-submit').click();
    await expect(officerPage.getByTestId('revealed-id')).toHaveText(VISITOR.idNumber);
    await officerPage.getByTestId('reveal-close').click();
    await officerContext.close();

    // … and the head sees who looked at whose number, when and why; the number stays masked
    await openSettings(page, '查看证件号记录');
    const report = page.getByTestId('unmasking-table');
    const row = report.locator('tbody tr', { hasText: '回访联系，核对身份' });
    await expect(row).toContainText(OFFICER_NAME);
    await expect(row).toContainText(VISITOR.visitorName);
    await expect(row).toContainText('1101**********002X');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await expect(row).toContainText(today);
    await expect(page.locator('body')).not.toContainText(VISITOR.idNumber);

    // 3. Terminals: the fingerprint the head sees is the certificate the LAN is served with
    await openSettings(page, '局域网终端');
    const fingerprint = page.getByTestId('pairing-fingerprint');
    await expect(fingerprint).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await fingerprint.textContent()).toBe(await servedFingerprint(lanAddress!, port));

    // a terminal on the LAN is turned away until paired …
    const terminalContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const terminal = await terminalContext.newPage();
    const lanUrl = `https://${lanAddress}:${port}/`;
    await terminal.goto(lanUrl);
    await expect(terminal.getByRole('heading')).toContainText('本终端尚未配对');

    // … the head makes a code for it, it is typed there, and the terminal gets the login page
    await page.getByPlaceholder('终端名称').fill('前台二号机');
    await page.getByRole('button', { name: '生成配对码' }).click();
    const codeText = await page.getByText(/配对码：\d{6}/).textContent();
    const code = codeText!.match(/配对码：(\d{6})/)![1];
    const terminalRow = page.locator('tbody tr', { hasText: '前台二号机' });
    await expect(terminalRow).toContainText('等待输入配对码');
    await terminal.getByLabel(/配对码/).fill(code);
    await terminal.getByRole('button', { name: /配对/ }).click();
    await expect(terminal.locator('#login_username')).toBeVisible();
    await expect(terminalRow).toContainText('已配对');
    await expect(terminalRow).toContainText(lanAddress!);
    await expect(page.getByText(/配对码：\d{6}/)).toBeHidden();

    // revoking asks first; cancelled, nothing changes; confirmed, the terminal is turned away again
    await terminalRow.getByRole('button', { name: '撤销' }).click();
    await expect(page.getByText(/撤销“.+”？该终端将立即无法使用工作台/)).toBeVisible();
    await page.getByRole('button', { name: '取 消' }).or(page.getByRole('button', { name: '取消' })).click();
    await expect(terminalRow).toContainText('已配对');
    await terminalRow.getByRole('button', { name: '撤销' }).click();
    await page.getByTestId('confirm-revoke').click();
    await expect(terminalRow).toContainText('已撤销');
    await terminal.reload();
    await expect(terminal.getByRole('heading')).toContainText('本终端尚未配对');
    await terminalContext.close();
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
