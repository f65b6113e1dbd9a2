import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRecoveryKey } from '../../src/main/backup/recovery.js';
import { HEAD, STATION_PROFILE, walkIn } from '../helpers/station.js';
import { api, freePort, logIn, setUpAndLogIn, setUpThroughTheScreen, startServer } from './server.js';

const KEY_FORMAT = /^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/;


/** The sheet on screen: the station, the key in its groups, a QR code; as a PDF it is one A4 page. */
const checkSheet = async (page: Page, key: string) => {
  const sheet = page.getByTestId('recovery-sheet');
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('recovery-sheet-station')).toHaveText(STATION_PROFILE.name);
  await expect(page.getByTestId('recovery-sheet-date')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  expect((await page.getByTestId('recovery-sheet-key').innerText()).replace(/\s+/g, '')).toBe(key.replaceAll('-', ''));
  await expect(page.getByTestId('recovery-sheet-qr').locator('svg path')).toHaveCount(1);
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  expect(pages).toHaveLength(1);
  // A4 in points (210 × 297 mm)
  const [, w, h] = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf) ?? [];
  expect(Math.round(Number(w))).toBeGreaterThanOrEqual(594);
  expect(Math.round(Number(w))).toBeLessThanOrEqual(596);
  expect(Math.round(Number(h))).toBeGreaterThanOrEqual(841);
  expect(Math.round(Number(h))).toBeLessThanOrEqual(843);
};

test('first run ends with the recovery key and its A4 sheet; Settings shows the same key again only to the head’s password', async ({ page }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-recovery-'));
  const server = await startServer(dataDir, await freePort());
  try {
    await page.goto(server.url);
    await setUpThroughTheScreen(page);
    const shown = page.getByTestId('setup-recovery-key');
    await expect(shown).toHaveText(KEY_FORMAT, { timeout: 30_000 });
    const key = (await shown.innerText()).trim();

    await page.getByTestId('setup-recovery-print').click();
    await checkSheet(page, key);
    await page.screenshot({ path: testInfo.outputPath('recovery-sheet.png'), fullPage: true });
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByTestId('setup-recovery-done').click();

    await logIn(page, server);
    // a key was made: no warning on the head's home screen
    await expect(page.getByTestId('backup-age-warning')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('recovery-key-warning')).toHaveCount(0);

    await page.goto(`${server.url}#/settings/backup`);
    await expect(page.getByTestId('recovery-key-card')).toContainText('已生成恢复密钥', { timeout: 30_000 });
    await page.getByTestId('recovery-show').click();
    await page.getByTestId('recovery-password').fill('wrong-password1');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toContainText('密码不正确');
    await page.getByTestId('recovery-password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await checkSheet(page, key);

    // leaving the print view forgets the key: opened again, it asks to go through the password
    await page.getByRole('button', { name: '返回' }).click();
    await page.goto(`${server.url}#/print/recovery-sheet`);
    await expect(page.getByText('恢复密钥单只在输入密码后显示一次')).toBeVisible();
    await expect(page.getByTestId('recovery-sheet')).toHaveCount(0);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a backup restores on a new PC with the recovery key; a mistyped key is told apart from a wrong one', async ({ page, request }) => {
  const folder = mkdtempSync(join(tmpdir(), 'station-desk-backups-'));
  const oldDir = mkdtempSync(join(tmpdir(), 'station-desk-old-'));
  const newDir = mkdtempSync(join(tmpdir(), 'station-desk-new-'));
  const old = await startServer(oldDir, await freePort());
  let key: string;
  try {
    await setUpAndLogIn(page, request, old);
    await api(page, 'intake.register', walkIn({ visitorName: '欧阳明华' }));
    key = (await api<{ recoveryKey: string }>(page, 'backup.recoveryShow', { password: HEAD.password })).recoveryKey;
    await api(page, 'backup.settings', { folder, enabled: false, intervalHours: 24 });
    await api(page, 'backup.now', {});
    await expect.poll(async () => (await api<{ backups: unknown[]; running: boolean }>(page, 'backup.status', {})).backups.length, { timeout: 30_000 }).toBe(1);
  } finally {
    await old.stop();
  }
  const fresh = await startServer(newDir, await freePort());
  try {
    await setUpAndLogIn(page, request, fresh);
    await api(page, 'backup.settings', { folder, enabled: false, intervalHours: 24 });
    await page.goto(`${fresh.url}#/settings/backup`);
    const list = page.getByTestId('backup-list');
    await expect(list.getByTestId('backup-foreign')).toContainText('其他电脑的备份', { timeout: 30_000 });
    await list.getByRole('button', { name: /恢复/ }).click();
    const dialog = page.getByRole('dialog');
    const input = page.getByTestId('restore-recovery-key');
    const mistyped = key.slice(0, 2) + (key[2] === 'A' ? 'B' : 'A') + key.slice(3);
    await input.fill(mistyped);
    await page.keyboard.press('Enter');
    await expect(dialog).toContainText('恢复密钥有输入错误');
    await input.fill(makeRecoveryKey());
    await page.keyboard.press('Enter');
    await expect(dialog).toContainText('恢复密钥不正确');
    await input.fill(key.toLowerCase());
    await page.keyboard.press('Enter');
    await expect(dialog).toContainText('完整性检查', { timeout: 30_000 });
    await expect(dialog).toContainText('本机将改用该备份的密钥');
    // what the backup holds, by kind of record in words; the app's own tables as one line
    const counts = dialog.getByTestId('backup-preview-counts');
    await expect(counts).toContainText('来访登记');
    await expect(counts).toContainText('系统与设置记录');
    await expect(counts).not.toContainText(/[a-z]+_[a-z]+/);
    await dialog.getByRole('button', { name: '确认恢复' }).click();
    await expect(page.getByText(/已从 .* 的备份恢复/)).toBeVisible({ timeout: 30_000 });
  } finally {
    await fresh.stop();
  }
  // the new PC starts again with the key it now keeps, and holds the old station's data
  const again = await startServer(newDir, await freePort());
  try {
    await logIn(page, again);
    // the old station's backup is now under this PC's own key
    const status = await api<{ backups: { sealedHere: boolean }[] }>(page, 'backup.status', {});
    expect(status.backups.map((b) => b.sealedHere)).toEqual([true]);
  } finally {
    await again.stop();
    for (const d of [folder, oldDir, newDir]) rmSync(d, { recursive: true, force: true });
  }
});

test('a new PC restores the station at first run, from the backup disk and the recovery sheet, without setting up a station first', async ({ page, request }, testInfo) => {
  const folder = mkdtempSync(join(tmpdir(), 'station-desk-backups-'));
  const oldDir = mkdtempSync(join(tmpdir(), 'station-desk-old-'));
  const newDir = mkdtempSync(join(tmpdir(), 'station-desk-new-'));
  const old = await startServer(oldDir, await freePort());
  let key: string;
  try {
    await setUpAndLogIn(page, request, old);
    await api(page, 'intake.register', walkIn({ visitorName: '欧阳明华' }));
    key = (await api<{ recoveryKey: string }>(page, 'backup.recoveryShow', { password: HEAD.password })).recoveryKey;
    await api(page, 'backup.settings', { folder, enabled: false, intervalHours: 24 });
    await api(page, 'backup.now', {});
    await expect.poll(async () => (await api<{ backups: unknown[] }>(page, 'backup.status', {})).backups.length, { timeout: 30_000 }).toBe(1);
  } finally {
    await old.stop();
  }
  const fresh = await startServer(newDir, await freePort());
  try {
    await page.goto(fresh.url);
    await page.getByTestId('setup-restore-instead').click();
    await page.getByTestId('first-run-folder').fill(folder);
    await page.getByTestId('first-run-folder').press('Enter');
    const backups = page.getByTestId('first-run-backups');
    await expect(backups).toContainText('来访登记 1');
    await backups.getByTestId('first-run-choose').click();
    await page.getByTestId('restore-recovery-key').fill(key);
    await page.getByTestId('restore-recovery-key').press('Enter');
    const preview = page.getByTestId('first-run-preview');
    await expect(preview).toContainText('完整性检查');
    await expect(preview.getByTestId('backup-preview-counts')).toContainText('来访登记');
    await page.screenshot({ path: testInfo.outputPath('first-run-restore.png'), fullPage: true });
    await page.getByTestId('first-run-restore').click();
    await expect(page.getByText(/已从 .* 的备份恢复。请用原来的账号登录。/)).toBeVisible({ timeout: 30_000 });
    // the old station's head logs in with the old password and finds the old walk-in
    await logIn(page, fresh);
    const found = await api<{ walkIns: { visitorName: string }[] }>(page, 'intake.search', { name: '欧阳' });
    expect(found.walkIns.map((w) => w.visitorName)).toEqual(['欧阳明华']);
  } finally {
    await fresh.stop();
    for (const d of [folder, oldDir, newDir]) rmSync(d, { recursive: true, force: true });
  }
});
