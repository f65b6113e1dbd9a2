import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

test('the head sees the missing backup on the home screen, sets a folder, backs up now and sees it listed as verified', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-backup-'));
  const folder = mkdtempSync(join(tmpdir(), 'station-desk-backups-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    // the database is encrypted from the first start, its key file the owner's alone
    expect(readFileSync(join(dataDir, 'station.sqlite')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(statSync(join(dataDir, 'station.key')).mode & 0o077).toBe(0);

    await expect(page.getByTestId('backup-age-warning')).toContainText('从未备份', { timeout: 30_000 });
    await page.getByTestId('backup-age-warning').getByRole('button', { name: '去备份' }).click();
    await expect(page.getByText('数据备份与恢复').first()).toBeVisible({ timeout: 30_000 });
    // a mistyped place is said at once, on the field, and nothing is saved
    await page.getByTestId('backup-folder').fill('/nonexistent/dir/backup');
    await page.getByTestId('backup-save').click();
    await expect(page.getByText('找不到 /nonexistent/dir：请检查路径，或插好移动硬盘后再保存')).toBeVisible();
    await expect(page.getByText('已保存')).toHaveCount(0);
    await page.getByTestId('backup-folder').fill(folder);
    await page.getByTestId('backup-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    await page.getByTestId('backup-now').click();
    const list = page.getByTestId('backup-list');
    await expect(list.getByTestId('backup-verified')).toHaveCount(1, { timeout: 30_000 });
    await expect(list).toContainText('手动');
    await expect(page.getByTestId('backup-last')).not.toContainText('从未备份');
    expect(readdirSync(folder).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);

    // the restore dialog previews what the backup holds
    await list.getByRole('button', { name: /恢复/ }).click();
    await expect(page.getByRole('dialog')).toContainText('完整性检查', { timeout: 30_000 });
    await expect(page.getByRole('dialog')).toContainText('通过');
    await expect(page.getByRole('dialog')).toContainText('工作人员');
    await page.keyboard.press('Escape');

    await page.goto(server.url);
    await expect(page.getByTestId('backup-age')).toContainText('最近一次备份', { timeout: 30_000 });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
    expect(existsSync(dataDir)).toBe(false);
  }
});

test('a full backup disk: the backup fails saying so, the home screen shows it until a backup succeeds', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-backup-'));
  const folder = mkdtempSync(join(tmpdir(), 'station-desk-backups-'));
  try {
    // a disk far smaller than one copy of the database
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', folder], { stdio: 'pipe' });
  } catch (err) {
    const reason = `a small tmpfs could not be mounted for the full-disk test: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
    console.warn(`skipped: ${reason}`);
    rmSync(folder, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    test.skip(true, reason);
    return;
  }
  let mounted = true;
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    await page.getByTestId('backup-age-warning').getByRole('button', { name: '去备份' }).click();
    await page.getByTestId('backup-folder').fill(folder);
    await page.getByTestId('backup-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    await page.getByTestId('backup-now').click();
    await expect(page.getByTestId('backup-error')).toContainText('备份盘已满', { timeout: 30_000 });
    await expect(page.getByTestId('backup-list').getByTestId('backup-verified')).toHaveCount(0);
    // nothing of the failed copy is left on the disk
    expect(readdirSync(folder)).toEqual([]);

    await page.goto(server.url);
    await expect(page.getByTestId('backup-failed-home')).toContainText('备份盘已满', { timeout: 30_000 });

    // a larger disk (the folder without the small one on it): the next backup succeeds and the notice goes
    execFileSync('umount', [folder]);
    mounted = false;
    await page.getByTestId('backup-failed-home').getByRole('button', { name: '去备份' }).click();
    await page.getByTestId('backup-now').click();
    await expect(page.getByTestId('backup-list').getByTestId('backup-verified')).toHaveCount(1, { timeout: 30_000 });
    await page.goto(server.url);
    await expect(page.getByTestId('backup-age')).toContainText('最近一次备份', { timeout: 30_000 });
    await expect(page.getByTestId('backup-failed-home')).toHaveCount(0);
  } finally {
    await server.stop();
    if (mounted) execFileSync('umount', [folder]);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
});
