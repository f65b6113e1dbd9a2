/**
 * A recorded double of the electron module, for testing the desktop shell without the Electron
 * runtime: it keeps every handler the shell registers and every window it makes (in `record`), and
 * answers the few calls the shell makes the way Electron would.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

type Handler = (...args: any[]) => any;

export const record = {
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, Handler>(),
  ipcHandlers: new Map<string, Handler>(),
  permissionRequest: undefined as Handler | undefined,
  permissionCheck: undefined as Handler | undefined,
  headersReceived: undefined as Handler | undefined,
  windows: [] as any[],
  errorBoxes: [] as string[],
  quits: 0,
  dataDir: '',
  /** the PC's screens, as screen.getAllDisplays() gives them; the first holds the desk's window */
  displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] as { id: number; bounds: { x: number; y: number; width: number; height: number } }[],
};
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  setName: () => undefined,
  getVersion: () => '0.0.0-test',
  getPath: (name: string) => (name === 'userData' ? record.dataDir : tmpdir()),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit: () => {
    record.quits += 1;
    app.emit('will-quit', { preventDefault: () => undefined });
  },
  exit: () => undefined,
});
const makeWebContents = () =>
  Object.assign(new EventEmitter(), {
    windowOpenHandler: undefined as Handler | undefined,
    setWindowOpenHandler(handler: Handler) {
      this.windowOpenHandler = handler;
    },
    getPrintersAsync: async () => [
      { name: 'XP-80C', displayName: 'XP-80C 小票', isDefault: false },
      { name: 'HP_M1136', displayName: 'HP LaserJet M1136', isDefault: true },
    ],
    executeJavaScript: async () => true,
  });
class BrowserWindow extends EventEmitter {
  static fromWebContents = (wc: unknown) => record.windows.find((w) => w.webContents === wc) ?? null;
  static getAllWindows = () => record.windows;
  webContents = makeWebContents();
  loaded: string[] = [];
  constructor(public options: any) {
    super();
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    setImmediate(() => this.emit('ready-to-show'));
  }
  loadURL = async (url: string) => void this.loaded.push(url);
  show = () => undefined;
  destroy = () => undefined;
  isMinimized = () => false;
  restore = () => undefined;
  /** times the window was brought forward */
  focused = 0;
  focus = () => void (this.focused += 1);
  closed = false;
  close = () => {
    this.closed = true;
    this.emit('closed');
  };
  getBounds = () => ({ x: this.options.x ?? 0, y: this.options.y ?? 0, width: this.options.width, height: this.options.height });
}
const inside = (r: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }) =>
  r.x >= b.x && r.x < b.x + b.width && r.y >= b.y && r.y < b.y + b.height;
const sealed = (s: string) => Buffer.from(`sealed:${s}`);
/** What the shell gets for `import … from 'electron'`. */
export const electronDouble = {
  app,
  BrowserWindow,
  screen: {
    getAllDisplays: () => record.displays,
    getDisplayMatching: (rect: { x: number; y: number }) => record.displays.find((d) => inside(rect, d.bounds)) ?? record.displays[0],
  },
  dialog: { showErrorBox: (_title: string, text: string) => void record.errorBoxes.push(text), showSaveDialog: async () => ({ canceled: true }) },
  ipcMain: { handle: (channel: string, handler: Handler) => void record.ipcHandlers.set(channel, handler) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void record.schemes.push(...schemes),
    handle: (scheme: string, handler: Handler) => void record.protocolHandlers.set(scheme, handler),
  },
  net: {
    fetch: async (url: string) => {
      try {
        return new Response(await readFile(fileURLToPath(url)), { status: 200 });
      } catch {
        return new Response('not found', { status: 404 });
      }
    },
  },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (handler: Handler) => void (record.headersReceived = handler) },
      setPermissionRequestHandler: (handler: Handler) => void (record.permissionRequest = handler),
      setPermissionCheckHandler: (handler: Handler) => void (record.permissionCheck = handler),
    },
    fromPartition: () => ({ setCertificateVerifyProc: () => undefined }),
  },
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: sealed,
    decryptString: (b: Buffer) => b.toString().replace(/^sealed:/, ''),
  },
};
