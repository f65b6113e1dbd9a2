/**
 * The desktop shell's decisions, as plain functions of plain values: main.ts and print.ts wire
 * them to Electron, and tests check them without the Electron runtime.
 */
import { join, normalize, sep } from 'node:path';
import { DOCUMENT_KINDS, documentKind, NO_PRINTER, type PageSize, type PrinterChoice, type PrinterSetting } from '../../shared/print.js';

export const SCHEME = 'app';
/** The app's one origin: the renderer build served by the shell's own scheme. */
export const ORIGIN = `${SCHEME}://station`;

/** A URL of the app's own pages (not another host on the same scheme, not a look-alike prefix). */
export const isAppUrl = (url: string): boolean => url === ORIGIN || url.startsWith(`${ORIGIN}/`);

/**
 * Only the app's own pages may call the core: the calling frame must be on the app's origin and
 * belong to one of the app's windows (not a stray web contents).
 */
export const isTrustedSender = (frameUrl: string | undefined, inAppWindow: boolean): boolean =>
  frameUrl !== undefined && isAppUrl(frameUrl) && inAppWindow;

/**
 * The file of the renderer build an app:// URL names, or null when it names anything outside the
 * build (`..`, encoded separators, absolute paths).
 */
export const rendererFile = (rendererDir: string, url: string): string | null => {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (`${parsed.protocol}//${parsed.host}` !== ORIGIN) return null;
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = normalize(pathname).replace(/^[/\\]+/, '') || 'index.html';
  const file = join(rendererDir, relative);
  return file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep) ? file : null;
};

/** Navigation and redirects stay inside the app; links to elsewhere are not followed. */
export const mayNavigate = (url: string): boolean => isAppUrl(url);

/**
 * No page may open windows of its own: Electron is always told no, and the shell makes the one
 * window a page may ask for (the hall's calling display) itself, with its own options.
 */
export const windowOpenAnswer = (): { action: 'deny' } => ({ action: 'deny' });

/** The public calling display's route, as the desk's 打开叫号屏 names it (`#/hall/display`). */
export const DISPLAY_URL = `${ORIGIN}/index.html#/hall/display`;

/**
 * What the shell does with a page's window.open: the display's route, asked for by the desk's
 * window, opens the display window, or brings it forward when it is open already (there is one
 * display); anything else is refused.
 */
export const windowOpenDecision = (
  url: string,
  { fromDesk, displayOpen }: { fromDesk: boolean; displayOpen: boolean },
): 'openDisplay' | 'focusDisplay' | 'deny' =>
  // only the desk's own window asks for it: not the display itself, not a print window
  url !== DISPLAY_URL || !fromDesk ? 'deny' : displayOpen ? 'focusDisplay' : 'openDisplay';

/** The display window shows the display and nothing else: no other page of the app either. */
export const mayDisplayNavigate = (url: string): boolean => url === DISPLAY_URL;

export interface ScreenArea {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * Where the display goes: full-screen on a screen other than the one the desk's window is on
 * (the first such), else a normal window beside the desk on its one screen.
 */
export const displayPlacement = (
  screens: readonly ScreenArea[],
  deskScreenId: number | null,
): { fullscreen: true; bounds: ScreenArea['bounds'] } | { fullscreen: false } => {
  const other = screens.find((s) => s.id !== deskScreenId);
  return screens.length > 1 && other ? { fullscreen: true, bounds: other.bounds } : { fullscreen: false };
};

/**
 * What a call from the display window may reach: never the shell's own methods (printing,
 * printers); everything else goes to the core as from a terminal paired for the display, so the
 * core's one rule for that terminal decides (the display's own methods, nothing else).
 */
export const displayCallRoute = (method: unknown): 'refuse' | 'coreAsDisplay' =>
  typeof method !== 'string' || method.startsWith('shell.') ? 'refuse' : 'coreAsDisplay';

/**
 * The app needs no browser permission (camera, notifications, geolocation, clipboard reads…):
 * every request and check is refused.
 */
export const mayGrantPermission = (_permission: string): boolean => false;

const asSetting = (saved: unknown): PrinterSetting => {
  const { printerName, silent } = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<PrinterSetting>;
  return { printerName: typeof printerName === 'string' ? printerName : null, silent: silent === true };
};

/** The saved choice; a file of the one-printer days gives its printer to both kinds. */
export const parseChoice = (text: string | null): PrinterChoice => {
  let saved: unknown;
  try {
    saved = text === null ? null : JSON.parse(text);
  } catch {
    saved = null;
  }
  const record = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const legacy = 'printerName' in record ? asSetting(record) : null;
  return Object.fromEntries(DOCUMENT_KINDS.map((kind) => [kind, kind in record ? asSetting(record[kind]) : (legacy ?? NO_PRINTER)])) as PrinterChoice;
};

/** Electron's print options for a document: its kind's printer, silent only when a printer is set. */
export const printOptions = (pageSize: PageSize, choice: PrinterChoice) => {
  const printer = choice[documentKind(pageSize)];
  return {
    deviceName: printer.printerName ?? undefined,
    // with no printer chosen the system dialog asks, whatever the switch says
    silent: printer.silent && printer.printerName !== null,
    printBackground: true,
    landscape: pageSize === 'A4landscape',
  };
};

/**
 * Waits until a print view shows its data (`data-print-ready`), checking every `intervalMs` up to
 * `timeoutMs`. 'timeout' means the page never became ready (data missing, an error, a slow core):
 * the caller refuses to print rather than print an empty or half-filled page.
 */
export const waitForPrintReady = async (
  isReady: () => Promise<boolean>,
  { timeoutMs = 15_000, intervalMs = 100, now = Date.now, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)) } = {},
): Promise<'ready' | 'timeout'> => {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (await isReady()) return 'ready';
    if (now() >= deadline) return 'timeout';
    await sleep(intervalMs);
  }
};
