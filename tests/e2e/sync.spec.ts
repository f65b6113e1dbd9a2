import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { freePort, startServer, type RunningServer } from './server.js';

const root = join(__dirname, '..', '..');
const HQ_MAIN = join(root, 'dist/hq/main.cjs');

/** `npm run hq` as built: the HQ service on an SQLite directory. */
const startHq = async (dataDir: string, port: number): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> => {
  const child = spawn(process.execPath, [HQ_MAIN, '--data-dir', dataDir, '--port', String(port)], {
    cwd: root,
    env: { ...process.env, HQ_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HQ did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('HQ listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`HQ exited ${code}:\n${out}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** A walk-in registered as the front desk does, through the station's API with the tab's session. */
const register = async (page: Page, visitorName: string) => {
  const answer = await page.evaluate(async (name) => {
    const token = sessionStorage.getItem('station-desk.token');
    const r = await fetch('./api/intake.register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ visitorName: name, idType: 'none', purpose: 'report', route: 'duty' }),
    });
    return r.json();
  }, visitorName);
  expect(answer.ok).toBe(true);
};

test('HQ creates a station, the head enrols it, the station shows its state online and offline, HQ sees its walk-ins', async ({ page, context }) => {
  const hqDir = mkdtempSync(join(tmpdir(), 'station-desk-hq-'));
  const stationDir = mkdtempSync(join(tmpdir(), 'station-desk-sync-'));
  const hqPort = await freePort();
  execFileSync(process.execPath, [HQ_MAIN, '--data-dir', hqDir, '--add-user', 'admin', '--role', 'admin'], {
    env: { ...process.env, HQ_USER_PASSWORD: 'Admin-2026-hq' },
  });
  let hq = await startHq(hqDir, hqPort);
  let server: RunningServer | undefined;
  try {
    // HQ: an admin creates the station and reads its one-time code off the page
    const hqPage = await context.newPage();
    await hqPage.goto(`${hq.url}/`);
    await hqPage.getByLabel('用户名').fill('admin');
    await hqPage.getByLabel('密码').fill('Admin-2026-hq');
    await hqPage.keyboard.press('Enter');
    await hqPage.getByRole('tab', { name: '下发资料' }).click();
    await hqPage.getByLabel('编码').fill(STATION_PROFILE.code);
    await hqPage.getByLabel('名称').first().fill(STATION_PROFILE.name);
    await hqPage.getByLabel('辖区').fill('宁江区');
    await hqPage.getByTestId('create-station').click();
    const code = (await hqPage.getByTestId('enrolment-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    // the station: set up, a walk-in, then the head enrols it on the sync screen
    server = await startServer(stationDir, await freePort());
    const setup = await page.request.post(`${server.url}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } });
    expect((await setup.json()).ok).toBe(true);
    await page.goto(server.url);
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name);
    await register(page, '张三');
    await page.goto(`${server.url}#/settings/sync`);
    await expect(page.getByTestId('sync-state')).toHaveText('未接入市局');
    await page.locator('#syncEnrol_hqUrl').fill(hq.url);
    await page.locator('#syncEnrol_code').fill(code.toLowerCase());
    await page.getByTestId('sync-enrol').click();
    await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 15_000 });
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 条变更');
    await expect(page.getByTestId('sync-clock')).toHaveText('与市局一致');

    // HQ goes away: the station says so in words and keeps a backlog
    await hq.stop();
    await register(page, '李四');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 15_000 });
    await expect(page.getByTestId('sync-error')).toContainText('连不上市局');
    await expect(page.getByTestId('sync-backlog')).not.toHaveText('0 条变更');
    await page.screenshot({ path: join(root, 'test-results', 'sync-offline.png') }).catch(() => undefined);

    // back: the backlog goes up without anyone asking twice
    hq = await startHq(hqDir, hqPort);
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 15_000 });
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 条变更');

    // HQ's overview: the station, synced, with today's two walk-ins
    await hqPage.reload();
    await hqPage.getByRole('tab', { name: '总览' }).click();
    const row = hqPage.getByTestId('stations-table').locator('tr', { hasText: STATION_PROFILE.code });
    await expect(row).toContainText(STATION_PROFILE.name);
    await expect(row.locator('td').nth(8)).toHaveText('2');
    await expect(hqPage.getByTestId('walk-in-chart').locator('canvas')).toBeVisible();
    const download = hqPage.waitForEvent('download');
    await hqPage.getByTestId('export-csv').click();
    expect((await download).suggestedFilename()).toMatch(/^overview-.*\.csv$/);
  } finally {
    await server?.stop();
    await hq.stop();
    rmSync(hqDir, { recursive: true, force: true });
    rmSync(stationDir, { recursive: true, force: true });
  }
});
