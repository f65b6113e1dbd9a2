import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openCore } from '../../src/main/core.js';
import { electronRuntime } from '../../scripts/electron-runtime.cjs';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';

const root = join(__dirname, '..', '..');

/** The Electron binary, or why this machine has none (no X display counts too). */
const runtime = (): { binary?: string; missing?: string } => {
  const found = electronRuntime();
  if (found.binary && process.platform === 'linux' && !process.env.DISPLAY) return { missing: 'there is no X display (run under xvfb-run)' };
  return found.binary ? found : { missing: `${found.missing} (npm run fetch-electron)` };
};

const electronRuntimeHere = runtime();
if (!electronRuntimeHere.binary) console.log(`[electron smoke test] skipped: ${electronRuntimeHere.missing}`);

test('the desktop app opens, logs in and closes', async () => {
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
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
