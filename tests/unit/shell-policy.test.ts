import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DISPLAY_URL,
  displayCallRoute,
  displayPlacement,
  isAppUrl,
  isTrustedSender,
  mayDisplayNavigate,
  mayGrantPermission,
  mayNavigate,
  ORIGIN,
  printOptions,
  rendererFile,
  waitForPrintReady,
  windowOpenAnswer,
  windowOpenDecision,
} from '../../src/main/shell/policy.js';
import { documentKind, NO_PRINTER, type PrinterChoice } from '../../src/shared/print.js';

const RENDERER = join('/opt', 'station-desk', 'resources', 'app.asar', 'dist', 'renderer');

describe("the shell's decisions", () => {
  it('trusts only frames of the app origin inside one of its windows', () => {
    expect(isTrustedSender(`${ORIGIN}/index.html#/front-desk`, true)).toBe(true);
    expect(isTrustedSender(ORIGIN, true)).toBe(true);
    // a look-alike host, another scheme, a missing frame, a web contents with no app window
    expect(isTrustedSender('app://station.evil/index.html', true)).toBe(false);
    expect(isTrustedSender('app://stationx/index.html', true)).toBe(false);
    expect(isTrustedSender('https://station/index.html', true)).toBe(false);
    expect(isTrustedSender('file:///opt/station-desk/index.html', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
    expect(isTrustedSender(`${ORIGIN}/index.html`, false)).toBe(false);
  });

  it('serves only files inside the renderer build from app://', () => {
    expect(rendererFile(RENDERER, `${ORIGIN}/index.html`)).toBe(join(RENDERER, 'index.html'));
    expect(rendererFile(RENDERER, `${ORIGIN}/`)).toBe(join(RENDERER, 'index.html'));
    expect(rendererFile(RENDERER, `${ORIGIN}/assets/index-abc.js`)).toBe(join(RENDERER, 'assets', 'index-abc.js'));
    // the URL parser folds plain ../ away; encoded separators and dots must not get out either
    for (const escape of ['/../../main/shell.cjs', '/%2e%2e/%2e%2e/main/shell.cjs', '/..%2f..%2fmain%2fshell.cjs', '/assets/..%5c..%5c..%5cpackage.json', '/%00index.html']) {
      const file = rendererFile(RENDERER, `${ORIGIN}${escape}`);
      expect(file === null || file.startsWith(RENDERER + '/'), escape).toBe(true);
    }
    // encoded ../ climbs no higher than the build's own root
    expect(rendererFile(RENDERER, `${ORIGIN}/..%2f..%2fmain%2fshell.cjs`)).toBe(join(RENDERER, 'main', 'shell.cjs'));
    expect(rendererFile(RENDERER, `${ORIGIN}/%00index.html`)).toBeNull();
    // another host of the scheme is not the app
    expect(rendererFile(RENDERER, 'app://other/index.html')).toBeNull();
    expect(rendererFile(RENDERER, 'not a url')).toBeNull();
  });

  it('keeps navigation inside the app, opens no windows and grants no browser permission', () => {
    expect(mayNavigate(`${ORIGIN}/index.html#/roster`)).toBe(true);
    expect(mayNavigate('https://example.com/')).toBe(false);
    expect(mayNavigate('app://station.example.com/')).toBe(false);
    expect(mayNavigate('javascript:alert(1)')).toBe(false);
    expect(isAppUrl('app://station@evil/')).toBe(false);
    expect(windowOpenAnswer()).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(mayGrantPermission(permission), permission).toBe(false);
    }
  });
});

describe("the desk's calling display window", () => {
  const desk = { fromDesk: true, displayOpen: false };

  it('is opened for the display route only, asked for by the desk, and brought forward when open', () => {
    expect(DISPLAY_URL).toBe(`${ORIGIN}/index.html#/hall/display`);
    expect(windowOpenDecision(DISPLAY_URL, desk)).toBe('openDisplay');
    expect(windowOpenDecision(DISPLAY_URL, { ...desk, displayOpen: true })).toBe('focusDisplay');
    // the display itself or a print window asking, other routes, look-alikes: refused
    expect(windowOpenDecision(DISPLAY_URL, { fromDesk: false, displayOpen: false })).toBe('deny');
    for (const url of [
      `${ORIGIN}/index.html#/hall/rate`,
      `${ORIGIN}/index.html#/front-desk`,
      `${ORIGIN}/index.html#/hall/display/../settings`,
      `${ORIGIN}/#/hall/display`,
      'app://station.evil/index.html#/hall/display',
      'https://example.com/index.html#/hall/display',
    ]) {
      expect(windowOpenDecision(url, desk), url).toBe('deny');
      expect(windowOpenDecision(url, { ...desk, displayOpen: true }), url).toBe('deny');
    }
  });

  it('stays on the display route', () => {
    expect(mayDisplayNavigate(DISPLAY_URL)).toBe(true);
    expect(mayDisplayNavigate(`${ORIGIN}/index.html#/front-desk`)).toBe(false);
    expect(mayDisplayNavigate(`${ORIGIN}/index.html`)).toBe(false);
    expect(mayDisplayNavigate('https://example.com/')).toBe(false);
  });

  it('goes full-screen on a screen the desk is not on, else opens as a normal window', () => {
    const first = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
    const second = { id: 7, bounds: { x: -1280, y: 0, width: 1280, height: 1024 } };
    expect(displayPlacement([first, second], 1)).toEqual({ fullscreen: true, bounds: second.bounds });
    // the desk dragged to the other screen: the display takes the first one
    expect(displayPlacement([first, second], 7)).toEqual({ fullscreen: true, bounds: first.bounds });
    expect(displayPlacement([first], 1)).toEqual({ fullscreen: false });
    expect(displayPlacement([], null)).toEqual({ fullscreen: false });
  });

  it("sends the display's calls to the core as a display terminal's, and none to the shell", () => {
    expect(displayCallRoute('intake.display')).toBe('coreAsDisplay');
    expect(displayCallRoute('auth.me')).toBe('coreAsDisplay');
    expect(displayCallRoute('shell.print')).toBe('refuse');
    expect(displayCallRoute('shell.printers')).toBe('refuse');
    expect(displayCallRoute(42)).toBe('refuse');
  });
});

describe('which printer prints which document', () => {
  const choice: PrinterChoice = {
    receipt: { printerName: 'XP-80C', silent: true },
    a4: { printerName: 'HP LaserJet M1136', silent: false },
  };

  it('sends slips to the receipt printer and everything else to the A4 printer', () => {
    expect(documentKind('receipt80')).toBe('receipt');
    expect(documentKind('A4')).toBe('a4');
    expect(documentKind('A5')).toBe('a4');
    expect(documentKind('A4landscape')).toBe('a4');
    expect(printOptions('receipt80', choice)).toMatchObject({ deviceName: 'XP-80C', silent: true, landscape: false });
    expect(printOptions('A4', choice)).toMatchObject({ deviceName: 'HP LaserJet M1136', silent: false, landscape: false });
    expect(printOptions('A4landscape', choice)).toMatchObject({ deviceName: 'HP LaserJet M1136', landscape: true });
  });

  it('asks with the print dialog when no printer is chosen, even if "silent" was saved', () => {
    const none: PrinterChoice = { receipt: { printerName: null, silent: true }, a4: NO_PRINTER };
    expect(printOptions('receipt80', none)).toMatchObject({ deviceName: undefined, silent: false });
    expect(printOptions('A4', none)).toMatchObject({ deviceName: undefined, silent: false });
  });
});

describe('a print page that never becomes ready', () => {
  /** a clock the test moves: each sleep advances it, so no real time passes */
  const fakeClock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  it('is printed as soon as it is ready', async () => {
    let checks = 0;
    const clock = fakeClock();
    expect(await waitForPrintReady(async () => ++checks >= 3, { ...clock, timeoutMs: 1000, intervalMs: 100 })).toBe('ready');
    expect(checks).toBe(3);
  });

  it('is given up after the timeout, having been checked until then', async () => {
    let checks = 0;
    const clock = fakeClock();
    expect(await waitForPrintReady(async () => (checks++, false), { ...clock, timeoutMs: 1000, intervalMs: 100 })).toBe('timeout');
    expect(checks).toBe(11);
    expect(clock.now()).toBe(1000);
  });
});
