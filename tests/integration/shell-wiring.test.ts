/**
 * The desktop shell's wiring, run without the Electron runtime: `electron` is replaced by a
 * recorded double (tests/helpers/electron-double.ts) that keeps every handler the shell registers
 * and every window it makes, so the test can call them as Electron would. The core behind it is
 * real (SQLite in a temp dir).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electronDouble, record } from '../helpers/electron-double.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';

vi.mock('electron', async () => (await import('../helpers/electron-double.js')).electronDouble);
// the updater library requires the real electron module at load; the shell starts it only when packaged
vi.mock('electron-updater', () => ({ autoUpdater: {}, Provider: class {} }));

const APP = 'app://station';
let dataDir: string;

/** Calls the shell's one IPC channel as the renderer's preload does. */
const ipc = (method: string, input: unknown, meta: unknown = {}, frameUrl: string | null = `${APP}/index.html#/`, sender = record.windows[0].webContents) =>
  record.ipcHandlers.get('station:call')!({ sender, senderFrame: frameUrl === null ? null : { url: frameUrl } }, method, input, meta);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-desk-shell-'));
  record.dataDir = dataDir;
  process.env.STATION_DESK_DATA_DIR = dataDir;
  await import('../../src/main/shell/main.js');
  await vi.waitFor(() => expect(record.ipcHandlers.has('station:call')).toBe(true), { timeout: 30_000, interval: 50 });
});

afterAll(async () => {
  if (record.quits === 0) electronDouble.app.quit();
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.STATION_DESK_DATA_DIR;
});

describe('the desktop shell, wired to a recorded double of Electron', () => {
  it('opens one sandboxed, isolated window on the app origin, with the database key sealed by the OS', () => {
    expect(record.errorBoxes).toEqual([]);
    expect(record.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(record.windows).toHaveLength(1);
    const [win] = record.windows;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.loaded).toEqual([`${APP}/index.html`]);
    // the key is in the OS key store's sealed file, never in plain beside the database
    expect(readFileSync(join(dataDir, 'station.key.sealed'), 'utf8')).toMatch(/^sealed:[0-9a-f]{64}$/);
    expect(existsSync(join(dataDir, 'station.key'))).toBe(false);
  });

  it('forwards calls of the app page to the core: first-run setup, then login', async () => {
    expect(await ipc('station.status', {})).toMatchObject({ ok: true, result: { setUp: false } });
    expect(await ipc('station.setup', { station: STATION_PROFILE, head: HEAD })).toMatchObject({ ok: true });
    const login = await ipc('auth.login', { username: HEAD.username, password: HEAD.password });
    expect(login).toMatchObject({ ok: true, result: { token: expect.any(String) } });
    expect(await ipc('auth.me', {}, { token: login.result.token })).toMatchObject({ ok: true, result: { name: HEAD.name, role: 'head' } });
  });

  it('refuses calls from any frame that is not the app, and from contents outside its windows', async () => {
    for (const frame of ['https://evil.example/', 'app://station.evil/index.html', 'file:///etc/passwd', null]) {
      expect(await ipc('station.status', {}, {}, frame), String(frame)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'forbidden' } });
    }
    const stray = { on: () => undefined };
    expect(await ipc('station.status', {}, {}, `${APP}/index.html`, stray)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'forbidden' } });
  });

  it("answers the shell's printer methods itself: per kind of document, checked and validated", async () => {
    const { result } = await ipc('auth.login', { username: HEAD.username, password: HEAD.password });
    const meta = { token: result.token };
    expect(await ipc('shell.printers', {}, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const listed = await ipc('shell.printers', {}, meta);
    expect(listed.result.printers.map((p: { name: string }) => p.name)).toEqual(['XP-80C', 'HP_M1136']);
    expect(listed.result.choice).toEqual({ receipt: { printerName: null, silent: false }, a4: { printerName: null, silent: false } });
    expect(await ipc('shell.setPrinter', { kind: 'receipt', printerName: 'XP-80C', silent: true }, meta)).toMatchObject({ ok: true });
    expect(await ipc('shell.setPrinter', { kind: 'label', printerName: 'X', silent: true }, meta)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'kind' },
    });
    const after = await ipc('shell.printers', {}, meta);
    expect(after.result.choice).toEqual({ receipt: { printerName: 'XP-80C', silent: true }, a4: { printerName: null, silent: false } });
    expect(await ipc('shell.nothing', {}, meta)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('serves the renderer with the security headers and nothing outside it', async () => {
    const handler = record.protocolHandlers.get('app')!;
    const escape: Response = await handler(new Request(`${APP}/..%2f..%2f..%2fpackage.json`));
    expect(escape.status).toBe(404);
    const page: Response = await handler(new Request(`${APP}/index.html`));
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps every page inside the app: no navigation away, no new windows, no permissions', () => {
    const contents = record.windows[0].webContents;
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return !prevented;
    };
    expect(navigate(`${APP}/index.html#/roster`)).toBe(true);
    expect(navigate('https://evil.example/')).toBe(false);
    expect(contents.windowOpenHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const granted: boolean[] = [];
    record.permissionRequest!(contents, 'media', (ok: boolean) => granted.push(ok));
    expect(granted).toEqual([false]);
    expect(record.permissionCheck!(contents, 'clipboard-read')).toBe(false);
  });

  it('closes the database before it quits', async () => {
    electronDouble.app.quit();
    // the shell quits again once the core is closed; the data directory's lock is gone then
    await vi.waitFor(() => expect(record.quits).toBe(2), { timeout: 30_000, interval: 50 });
    await vi.waitFor(() => expect(existsSync(join(dataDir, 'station.lock'))).toBe(false), { timeout: 10_000, interval: 50 });
  });
});
