import { existsSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import type { CardText } from '../../../shared/intake/cardReader.js';
import { commandFrame, scanFrame, statusOf, SW3, textOfReadAnswer, decodeText, type CommandName } from './protocol.js';

/** What went wrong with the port itself: the reader is not usable until it is fixed. */
export type LinkFault = 'openFailed' | 'unplugged' | 'noAnswer' | 'notReader';
/** What went wrong with one card: the desk lays it on again. */
export type ReadFailure = 'halfRead' | 'badChecksum' | 'cardRemoved' | 'readFailed';

export class ReaderError extends Error {
  constructor(
    readonly key: LinkFault | ReadFailure,
    detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

export interface LinkTiming {
  /** how long find and select may take to be answered */
  answerMs: number;
  /** how long reading the text and photo may take (the module decrypts them from the card) */
  readMs: number;
  /** a frame that stops arriving for this long is cut off */
  gapMs: number;
}

export const DEFAULT_LINK_TIMING: LinkTiming = { answerMs: 500, readMs: 3000, gapMs: 300 };

/** The readers' standard speed; the module's own default. */
const BAUD_RATE = 115_200;

/**
 * One open serial port to a reader: one command at a time, each answered by one frame or by a
 * ReaderError saying what went wrong.
 */
export class ReaderLink {
  private buffer = Buffer.alloc(0);
  private pending: { settle: () => void } | null = null;
  private closed = false;
  private readonly closeListeners = new Set<() => void>();

  private constructor(
    private readonly port: SerialPort,
    private readonly path: string,
    private readonly timing: LinkTiming,
  ) {
    port.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.pending?.settle();
    });
    port.on('close', () => {
      this.closed = true;
      this.pending?.settle();
      for (const fn of this.closeListeners) fn();
    });
    // an error after opening (the device went away) is followed by close; nothing else to do here
    port.on('error', () => undefined);
  }

  static async open(path: string, timing: LinkTiming = DEFAULT_LINK_TIMING): Promise<ReaderLink> {
    // loaded when a reader is configured: a station without one never loads the native module
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path, baudRate: BAUD_RATE, autoOpen: false, lock: true });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new ReaderError('openFailed', err.message)) : resolve())),
    );
    return new ReaderLink(port, path, timing);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  onClose(fn: () => void): () => void {
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  /** Sends one command and waits for its answer's body (SW1 SW2 SW3 data). */
  async command(name: CommandName): Promise<Buffer> {
    if (this.closed) throw new ReaderError('unplugged');
    if (this.pending) throw new Error('one command at a time');
    // what is left of an earlier answer (a frame cut off) must not be read as this one's
    this.buffer = Buffer.alloc(0);
    const limit = name === 'readText' ? this.timing.readMs : this.timing.answerMs;
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        const started = Date.now();
        let lastLength = 0;
        let lastByteAt = started;
        let timer: NodeJS.Timeout | undefined;
        const finish = (outcome: Buffer | ReaderError) => {
          clearTimeout(timer);
          this.pending = null;
          if (outcome instanceof ReaderError) reject(outcome);
          else resolve(outcome);
        };
        const settle = () => {
          if (this.closed) return finish(new ReaderError('unplugged'));
          const now = Date.now();
          if (this.buffer.length !== lastLength) {
            lastLength = this.buffer.length;
            lastByteAt = now;
          }
          const scan = scanFrame(this.buffer);
          if (scan.kind === 'frame') return finish(scan.body);
          if (scan.kind === 'garbage') return finish(new ReaderError('notReader'));
          if (scan.kind === 'badChecksum') return finish(new ReaderError('badChecksum'));
          // nothing at all within the time limit: no reader there (or it went silent) — or the
          // device is gone: a USB-serial adapter pulled out takes its device node with it, and
          // the port does not always tell (a read that fails with EIO is not taken as a disconnect)
          if (this.buffer.length === 0 && now - started >= limit) return finish(new ReaderError(this.deviceGone() ? 'unplugged' : 'noAnswer'));
          // a frame begun and not finished: cut off
          if (this.buffer.length > 0 && (now - lastByteAt >= this.timing.gapMs || now - started >= limit)) return finish(new ReaderError('halfRead'));
          clearTimeout(timer);
          const wait = this.buffer.length === 0 ? started + limit - now : Math.min(lastByteAt + this.timing.gapMs, started + limit) - now;
          timer = setTimeout(settle, Math.max(1, wait));
        };
        this.pending = { settle };
        this.port.write(commandFrame(name), (err) => {
          // the port had opened: a write that fails now means the device went away under it
          // (the close event may come a moment later), never that it could not be opened
          if (err) finish(new ReaderError('unplugged', err.message));
        });
        settle();
      });
    } finally {
      this.pending = null;
    }
  }

  /**
   * One try at a card: null when none lies on the reader. Find, select and read; a card taken
   * away between them is `cardRemoved`.
   */
  async findCard(): Promise<boolean> {
    const found = statusOf(await this.command('findCard'));
    if (found?.sw3 === SW3.found || found?.sw3 === SW3.ok) return true;
    if (found?.sw3 === SW3.noCard) return false;
    throw new ReaderError('readFailed', `find answered ${found?.sw3}`);
  }

  /** Select and read the card just found. */
  async readFound(): Promise<CardText> {
    const selected = statusOf(await this.command('selectCard'));
    if (selected?.sw3 === SW3.selectFailed || selected?.sw3 === SW3.noCard) throw new ReaderError('cardRemoved');
    if (selected?.sw3 !== SW3.ok) throw new ReaderError('readFailed', `select answered ${selected?.sw3}`);
    const answer = await this.command('readText');
    const status = statusOf(answer);
    if (status?.sw3 === SW3.readFailed || status?.sw3 === SW3.noCard || status?.sw3 === SW3.selectFailed) throw new ReaderError('cardRemoved');
    if (status?.sw3 !== SW3.ok) throw new ReaderError('readFailed', `read answered ${status?.sw3}`);
    const text = textOfReadAnswer(answer);
    if (!text) throw new ReaderError('halfRead', 'text and photo lengths do not add up');
    return decodeText(text);
  }

  private deviceGone(): boolean {
    return this.path.startsWith('/dev/') && !existsSync(this.path);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
    this.closed = true;
  }
}

/** The serial ports of this PC, for the settings' list. */
export const listPorts = async (): Promise<{ path: string; label: string }[]> => {
  const found = new Map<string, string>();
  try {
    const { SerialPort } = await import('serialport');
    for (const p of await SerialPort.list()) found.set(p.path, [p.manufacturer, p.serialNumber].filter(Boolean).join(' '));
  } catch {
    // Linux without udev (a container, a minimal install) cannot enumerate: the device nodes still exist
  }
  if (process.platform !== 'win32') {
    const { readdirSync } = await import('node:fs');
    try {
      for (const name of readdirSync('/dev')) if (/^(ttyUSB\d+|ttyACM\d+|cu\.usb.*|tty\.usb.*)$/.test(name) && !found.has(`/dev/${name}`)) found.set(`/dev/${name}`, '');
    } catch {
      // no /dev to look at: only what the list gave
    }
  }
  return [...found].map(([path, label]) => ({ path, label })).sort((a, b) => a.path.localeCompare(b.path));
};
