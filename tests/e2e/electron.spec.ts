import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openCore } from '../../src/main/core.js';
import { electronRuntime } from '../../scripts/electron-runtime.cjs';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { chooseOption } from './antd.js';

const root = join(__dirname, '..', '..');

/** The Electron binary, or why this machine has none (no X display counts too). */
const runtime = (): { binary?: string; missing?: string } => {
  const found = electronRuntime();
  if (found.binary && process.platform === 'linux' && !process.env.DISPLAY) return { missing: 'there is no X display (run under xvfb-run)' };
  return found.binary ? found : { missing: `${found.missing} (npm run fetch-electron)` };
};

const electronRuntimeHere = runtime();
if (!electronRuntimeHere.binary) console.log(`[electron smoke test] skipped: ${electronRuntimeHere.missing}`);

test('the desktop app opens, logs in, registers a walk-in, prints its slip and closes', async () => {
  test.skip(!electronRuntimeHere.binary, `Electron smoke test skipped: ${electronRuntimeHere.missing}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-electron-'));
  try {
    const core = await openCore({ dataDir, logger: pino({ level: 'silent' }) });
    await core.call('station.setup', { station: STATION_PROFILE, head: HEAD });
    await core.close();
    const app = await electron.launch({ args: [root], env: { ...process.env, STATION_DESK_DATA_DIR: dataDir } });
    const win = await app.firstWindow();
    await win.locator('#login_username').fill(HEAD.username);
    await win.locator('#login_password').fill(HEAD.password);
    await win.keyboard.press('Enter');
    await expect(win.getByTestId('station-name')).toHaveText(STATION_PROFILE.name);
    // the desktop bridge is there and nothing else of Node is
    expect(await win.evaluate(() => typeof (window as unknown as { station?: { call?: unknown } }).station?.call)).toBe('function');
    expect(await win.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');

    // a walk-in at the front desk, through the IPC bridge to the core
    await win.evaluate(() => (location.hash = '#/front-desk'));
    await win.getByTestId('walkin-visitorName').fill('张三');
    await chooseOption(win, 'walkin-idType', '未出示证件');
    await chooseOption(win, 'walkin-purpose', '矛盾纠纷');
    await win.getByTestId('walkin-submit').click();
    await expect(win.getByTestId('queue-no')).toHaveText('调-001');

    // its slip, printed to PDF by Chromium in the desktop window, says what the visitor needs
    const walkInId = await win.evaluate(async () => {
      const station = (window as unknown as { station: { call: (m: string, i: unknown, meta: unknown) => Promise<any> } }).station;
      const token = sessionStorage.getItem('station-desk.token') ?? undefined;
      return (await station.call('intake.search', { name: '张三' }, { token })).result.walkIns[0].id as string;
    });
    await win.evaluate((id) => (location.hash = `#/print/slip/${id}?size=receipt80`), walkInId);
    await expect(win.locator('[data-print-ready="true"]')).toBeVisible();
    const pdf = await app.evaluate(async ({ BrowserWindow }) => {
      const [main] = BrowserWindow.getAllWindows();
      return (await main.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true })).toString('base64');
    });
    const pdfPath = test.info().outputPath('slip.pdf');
    writeFileSync(pdfPath, Buffer.from(pdf, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('调-001');
    expect(text).toContain(STATION_PROFILE.name);
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
