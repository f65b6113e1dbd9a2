/**
 * The desktop shell's second window, the hall's calling display, wired to the recorded double of
 * Electron (tests/helpers/electron-double.ts) with a real core behind it: the desk's 打开叫号屏
 * (window.open of `#/hall/display`) opens one hardened window for that route only, placed on the
 * second screen when there is one, and that window may call only what a display terminal may.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electronDouble, record } from '../helpers/electron-double.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';

vi.mock('electron', async () => (await import('../helpers/electron-double.js')).electronDouble);
vi.mock('electron-updater', () => ({ autoUpdater: {}, Provider: class {} }));

const APP = 'app://station';
const DISPLAY = `${APP}/index.html#/hall/display`;
const SECOND_SCREEN = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 1024 } };
let dataDir: string;
let token: string;

const desk = () => record.windows[0];
/** the windows the shell made besides the desk's (no print happens here) */
const displays = () => record.windows.slice(1);
const openFrom = (win: { webContents: { windowOpenHandler?: (d: { url: string }) => unknown } }, url: string) => win.webContents.windowOpenHandler!({ url });
/** Calls the shell's one IPC channel from a window's page, as the preload does. */
const ipc = (win: { webContents: unknown }, method: string, input: unknown, meta: unknown = {}) =>
  record.ipcHandlers.get('station:call')!({ sender: win.webContents, senderFrame: { url: DISPLAY } }, method, input, meta);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-desk-shell-display-'));
  record.dataDir = dataDir;
  record.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }, SECOND_SCREEN];
  process.env.STATION_DESK_DATA_DIR = dataDir;
  await import('../../src/main/shell/main.js');
  await vi.waitFor(() => expect(record.ipcHandlers.has('station:call')).toBe(true), { timeout: 30_000, interval: 50 });
  expect(await ipc(desk(), 'station.setup', { station: STATION_PROFILE, head: HEAD })).toMatchObject({ ok: true });
  token = (await ipc(desk(), 'auth.login', { username: HEAD.username, password: HEAD.password })).result.token;
});

afterAll(async () => {
  if (record.quits === 0) electronDouble.app.quit();
  await vi.waitFor(() => expect(record.quits).toBe(2), { timeout: 30_000, interval: 50 });
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.STATION_DESK_DATA_DIR;
});

describe("the desk's calling display in the desktop app", () => {
  it('opens once, for the display route, full-screen on the second screen, as hardened as the desk', () => {
    expect(openFrom(desk(), DISPLAY)).toEqual({ action: 'deny' });
    expect(displays()).toHaveLength(1);
    const [display] = displays();
    expect(display.loaded).toEqual([DISPLAY]);
    expect(display.options).toMatchObject({ fullscreen: true, ...SECOND_SCREEN.bounds });
    expect(display.options.webPreferences).toEqual(desk().options.webPreferences);
    expect(display.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('brings the open display forward on a second open instead of opening another', () => {
    const [display] = displays();
    expect(openFrom(desk(), DISPLAY)).toEqual({ action: 'deny' });
    expect(displays()).toHaveLength(1);
    expect(display.focused).toBe(1);
  });

  it('refuses every other window: other routes, other hosts, and windows the display asks for', () => {
    for (const url of [`${APP}/index.html#/hall/rate`, `${APP}/index.html#/front-desk`, 'https://evil.example/#/hall/display', `${DISPLAY}/x`]) {
      expect(openFrom(desk(), url), url).toEqual({ action: 'deny' });
    }
    const [display] = displays();
    expect(openFrom(display, DISPLAY)).toEqual({ action: 'deny' });
    expect(displays()).toHaveLength(1);
    expect(display.focused).toBe(1);
  });

  it('keeps the display window on the display route', () => {
    const [display] = displays();
    const navigate = (url: string) => {
      let prevented = false;
      display.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return !prevented;
    };
    expect(navigate(DISPLAY)).toBe(true);
    expect(navigate(`${APP}/index.html#/front-desk`)).toBe(false);
    expect(navigate('https://evil.example/')).toBe(false);
    // a hash change is not asked about first: the page is put back on the display
    display.webContents.emit('did-navigate-in-page', {}, `${APP}/index.html#/settings`);
    expect(display.loaded).toEqual([DISPLAY, DISPLAY]);
    display.webContents.emit('did-navigate-in-page', {}, DISPLAY);
    expect(display.loaded).toEqual([DISPLAY, DISPLAY]);
  });

  it('lets the display window call the display, without a login, and nothing else even with the desk login', async () => {
    const [display] = displays();
    const shown = await ipc(display, 'intake.display', {});
    expect(shown).toMatchObject({ ok: true, result: { stationName: STATION_PROFILE.name, zones: expect.any(Array) } });
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', key: 'forbidden' } };
    // the desk's token does not widen it: the window is a display, whatever session it names
    for (const method of ['auth.me', 'intake.board', 'intake.call', 'intake.ratingNext', 'shell.printers', 'shell.print']) {
      expect(await ipc(display, method, {}, { token }), method).toEqual(forbidden);
    }
    // the desk's own window still calls as the desk
    expect(await ipc(desk(), 'auth.me', {}, { token })).toMatchObject({ ok: true, result: { role: 'head' } });
  });

  it('opens again after it was closed, as a normal window when the PC has one screen', () => {
    const [first] = displays();
    first.close();
    record.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
    expect(openFrom(desk(), DISPLAY)).toEqual({ action: 'deny' });
    expect(displays()).toHaveLength(2);
    const second = displays()[1];
    expect(second.loaded).toEqual([DISPLAY]);
    expect(second.options.fullscreen).toBeFalsy();
    expect(openFrom(desk(), DISPLAY)).toEqual({ action: 'deny' });
    expect(second.focused).toBe(1);
    expect(first.focused).toBe(1);
  });

  it('closes the display with the desk', () => {
    const second = displays()[1];
    desk().emit('closed');
    expect(second.closed).toBe(true);
  });
});
