/**
 * The desktop shell: the only code that imports Electron. It opens the core on Electron's userData
 * folder, serves the renderer from the app:// scheme, answers the renderer's one IPC channel and
 * prints. Every window is sandboxed and isolated; navigation, new windows and permissions are denied
 * — but for the one window the desk may open, the hall's calling display, which the shell makes.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, session } from 'electron';
import { AppError } from '../../shared/errors.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DATABASE_FILE, openCore, type Core } from '../core.js';
import { isPlainSqlite } from '../db/cipherFile.js';
import { safeStorageKeyProvider } from './key.js';
import { PRODUCT_NAME } from '../dataDir.js';
import { SECURITY_HEADERS } from '../../shared/securityHeaders.js';
import { answerShellMethod } from './print.js';
import type { Client } from '../auth/guessing.js';
import {
  DISPLAY_URL,
  displayCallRoute,
  displayPlacement,
  isTrustedSender,
  mayDisplayNavigate,
  mayGrantPermission,
  mayNavigate,
  ORIGIN,
  rendererFile,
  SCHEME,
  windowOpenAnswer,
  windowOpenDecision,
} from './policy.js';
import { startUpdater } from './updater.js';

const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, '..', 'preload', 'index.cjs');

app.setName(PRODUCT_NAME);
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);

/**
 * Every window of the app (the main window, the calling display and hidden print windows) is made
 * here, with its security options written out where a reviewer (and electronegativity) can see them.
 */
const createSecureWindow = (options: {
  show: boolean;
  title?: string;
  /** the calling display: where it goes (full-screen on the second screen, if there is one) */
  display?: { fullscreen: boolean; bounds?: { x: number; y: number; width: number; height: number } };
}) =>
  new BrowserWindow({
    width: options.display?.bounds?.width ?? 1366,
    height: options.display?.bounds?.height ?? 860,
    x: options.display?.bounds?.x,
    y: options.display?.bounds?.y,
    fullscreen: options.display?.fullscreen,
    minWidth: 1024,
    minHeight: 680,
    title: options.title,
    show: options.show,
    webPreferences: {
      // electronegativity: PRELOAD_JS_CHECK — the preload exposes one function that forwards a
      // method name and JSON input over one IPC channel; the core validates and authorises each call.
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });

let mainWindow: BrowserWindow | null = null;
/** The hall's calling display on the desk PC's second screen: at most one. */
let displayWindow: BrowserWindow | null = null;

/**
 * Who the display window calls the core as: a terminal paired for the display, so the core's one
 * rule for such a terminal holds for it too (the display's methods, no login, nothing else).
 */
const DISPLAY_WINDOW_CLIENT: Client = { kind: 'terminal', id: 'desk-display-window', name: '叫号屏窗口 display window', address: 'desk', mode: 'display' };

const openDisplayWindow = (desk: BrowserWindow) => {
  const placement = displayPlacement(screen.getAllDisplays(), screen.getDisplayMatching(desk.getBounds())?.id ?? null);
  const win = createSecureWindow({ show: false, title: '叫号屏 Calling display', display: placement });
  displayWindow = win;
  const keepOnDisplay = (event: { preventDefault: () => void }, url: string) => {
    if (!mayDisplayNavigate(url)) event.preventDefault();
  };
  win.webContents.on('will-navigate', keepOnDisplay);
  win.webContents.on('will-redirect', keepOnDisplay);
  // a change of the hash is not a navigation Electron asks about first: the page is put back
  win.webContents.on('did-navigate-in-page', (_event: unknown, url: string) => {
    if (!mayDisplayNavigate(url)) void win.loadURL(DISPLAY_URL);
  });
  win.on('closed', () => {
    if (displayWindow === win) displayWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(DISPLAY_URL);
};

/** Serves files of the renderer build only; anything outside it is 404. */
const serveRenderer = () =>
  protocol.handle(SCHEME, async (request) => {
    const file = rendererFile(RENDERER_DIR, request.url);
    if (file === null) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(response.body, { status: response.status, headers });
  });

const lockDown = () => {
  // the CSP travels with every response, whatever serves it
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [SECURITY_HEADERS['content-security-policy']],
      },
    }),
  );
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(mayGrantPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => mayGrantPermission(permission));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const fromDesk = mainWindow !== null && BrowserWindow.fromWebContents(contents) === mainWindow;
      const decision = windowOpenDecision(url, { fromDesk, displayOpen: displayWindow !== null });
      if (decision === 'openDisplay' && mainWindow) openDisplayWindow(mainWindow);
      if (decision === 'focusDisplay') displayWindow?.focus();
      // Electron opens nothing itself: the display window is the shell's own, not the page's child
      return windowOpenAnswer();
    });
  });
};

const answerIpc = (core: Core) =>
  ipcMain.handle('station:call', async (event, method: unknown, input: unknown, meta: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, BrowserWindow.fromWebContents(event.sender) !== null)) {
      return { ok: false, error: { code: 'FORBIDDEN', key: 'forbidden' } };
    }
    if (displayWindow !== null && event.sender === displayWindow.webContents) {
      if (displayCallRoute(method) === 'refuse') return { ok: false, error: { code: 'FORBIDDEN', key: 'forbidden' } };
      return core.call(String(method), input, { background: true, client: DISPLAY_WINDOW_CLIENT });
    }
    const { token, background } = (typeof meta === 'object' && meta !== null ? meta : {}) as { token?: unknown; background?: unknown };
    const callMeta = { token: typeof token === 'string' ? token : undefined, background: background === true };
    if (typeof method === 'string' && method.startsWith('shell.')) {
      return answerShellMethod(core, method, input, callMeta.token, {
        origin: ORIGIN,
        createWindow: () => createSecureWindow({ show: false }),
        sender: event.sender,
      });
    }
    return core.call(String(method), input, callMeta);
  });

const openMainWindow = () => {
  const win = createSecureWindow({ show: false, title: '社区警务室工作台 Station Desk' });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${ORIGIN}/index.html`);
  mainWindow = win;
  // the display goes with the desk: a display left alone would keep the app running
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    displayWindow?.close();
  });
  return win;
};

const start = async () => {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  lockDown();
  serveRenderer();
  // STATION_DESK_DATA_DIR: another data directory (tests, a second station on one PC)
  const dataDir = process.env.STATION_DESK_DATA_DIR ?? app.getPath('userData');
  const databaseFile = join(dataDir, DATABASE_FILE);
  const core = await openCore({
    dataDir,
    syncInBackground: true,
    backupsInBackground: true,
    databaseKey: safeStorageKeyProvider(dataDir, () => existsSync(databaseFile) && !isPlainSqlite(databaseFile)),
  });
  answerIpc(core);
  // a new version from HQ's update feed: checked in the background, installed with consent
  startUpdater(core);
  let win = openMainWindow();
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = openMainWindow();
  });
  app.on('window-all-closed', () => app.quit());
  // the database is closed and the data directory's lock released before the process ends
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
};

start().catch((err: unknown) => {
  const inUse = err instanceof AppError && err.key === 'dataDirInUse';
  dialog.showErrorBox(
    '社区警务室工作台 Station Desk',
    inUse
      ? `数据目录已被另一个工作台进程 (pid ${err.params?.pid}) 使用。\nThe data directory is in use by another Station Desk process (pid ${err.params?.pid}).`
      : `启动失败 / Could not start: ${err instanceof Error ? err.message : String(err)}`,
  );
  app.exit(1);
});
