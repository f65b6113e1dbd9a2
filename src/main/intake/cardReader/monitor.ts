import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { maskIdNumber, parseResidentId } from '../../../shared/checks/idNumber.js';
import type { CardEvent, CardFailure, CardNext, CardReaderStatus, CardReading, CardTestResult, CardText } from '../../../shared/intake/cardReader.js';
import { DEFAULT_LINK_TIMING, ReaderError, ReaderLink, type LinkFault, type LinkTiming } from './link.js';

/** This PC's reader setting, beside the database: the port belongs to the PC, not to the station. */
export const CARD_READER_FILE = 'card-reader.json';

export interface MonitorTiming extends LinkTiming {
  /** how often the reader is asked for a card while none lies on it */
  pollMs: number;
  /** how long to wait before opening a port again that failed or went away */
  reopenMs: number;
}

export const DEFAULT_MONITOR_TIMING: MonitorTiming = { ...DEFAULT_LINK_TIMING, pollMs: 100, reopenMs: 1000 };

/** A card event older than this is not handed to a form that starts waiting later. */
const EVENT_FRESH_MS = 15_000;
/** How long the last card's text is kept for its returning-visitor lookup. */
const READING_KEPT_MS = 120_000;
const LINK_FAULTS = new Set<string>(['openFailed', 'unplugged', 'noAnswer', 'notReader']);

const nameMasked = (name: string) => (name.length <= 1 ? name : name.length === 2 ? `${name[0]}*` : `${name[0]}${'*'.repeat(name.length - 2)}${name[name.length - 1]}`);

/** Runs one task at a time: the poll loop and a test read share the port. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export interface CardReaderDeps {
  dataDir: string;
  logger: Logger;
  clock: () => Date;
  /** the station's local date (YYYY-MM-DD), against which validity is checked */
  today: () => string;
  timing?: Partial<MonitorTiming>;
}

/**
 * The core's side of the ID card reader: owns the port, asks for a card every `pollMs`, reads and
 * checks it, and hands each reading (or each failure) to the front desk's forms that wait for one.
 */
export class CardReaderMonitor {
  private readonly timing: MonitorTiming;
  private path: string | null = null;
  private link: ReaderLink | null = null;
  private readonly lock = new Mutex();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private status: CardReaderStatus = { path: null, state: 'off', fault: null };
  private seq = 0;
  private lastEvent: (CardEvent & { atMs: number }) | null = null;
  private readonly waiters = new Set<() => void>();
  /** a card stays on the reader after it is read: not read again until it is taken away */
  private cardPresent = false;
  private kept: { readingId: string; idNumber: string; atMs: number } | null = null;

  constructor(private readonly deps: CardReaderDeps) {
    this.timing = { ...DEFAULT_MONITOR_TIMING, ...deps.timing };
    const file = join(deps.dataDir, CARD_READER_FILE);
    if (existsSync(file)) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { path?: unknown };
        this.path = typeof saved.path === 'string' && saved.path ? saved.path : null;
      } catch (err) {
        deps.logger.warn({ err: { message: (err as Error).message } }, 'card reader setting unreadable: no reader');
      }
    }
    this.status = { path: this.path, state: 'off', fault: null };
  }

  /** Starts polling the configured port (nothing to do without one). */
  start(): void {
    if (this.running || !this.path) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.lock.run(() => this.dropLink());
  }

  /** Stops and lets every waiting form go. */
  async close(): Promise<void> {
    await this.stop();
    for (const w of this.waiters) w();
  }

  currentStatus(): CardReaderStatus {
    return { ...this.status };
  }

  /** Chooses the port (null: no reader), saves it for the next start and polls it. */
  async setPath(path: string | null): Promise<CardReaderStatus> {
    await this.stop();
    this.path = path;
    const file = join(this.deps.dataDir, CARD_READER_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify({ path }));
    renameSync(`${file}.tmp`, file);
    this.cardPresent = false;
    this.setStatus({ path, state: 'off', fault: null });
    this.start();
    return this.currentStatus();
  }

  /** The next change after `after`, waiting up to `waitMs` for one (by default, not at all). */
  async next(after: number | undefined, waitMs = 0): Promise<CardNext> {
    if (after !== undefined && after >= this.seq && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.waiters.add(done);
      });
    }
    const event = this.lastEvent;
    const fresh = event && after !== undefined && event.seq > after && Date.now() - event.atMs < EVENT_FRESH_MS;
    let shown: CardEvent | null = null;
    if (fresh) {
      const { atMs: _atMs, ...rest } = event;
      shown = rest;
    }
    return { seq: this.seq, status: this.currentStatus(), event: shown };
  }

  /** The ID number of a reading this core made, while it is kept. */
  idNumberOf(readingId: string): string | null {
    const kept = this.kept;
    if (!kept || kept.readingId !== readingId || Date.now() - kept.atMs > READING_KEPT_MS) return null;
    return kept.idNumber;
  }

  /** One try on `path`: the configured port between two polls, any other port opened for it. */
  async testRead(path: string): Promise<CardTestResult> {
    const attempt = async (link: ReaderLink): Promise<CardTestResult> => {
      if (!(await link.findCard())) return { ok: true, card: null };
      const text = await link.readFound();
      const checked = this.check(text);
      if ('failure' in checked) return { ok: false, problem: checked.failure };
      return { ok: true, card: { name: nameMasked(checked.reading.name), idNumberMasked: maskIdNumber(checked.reading.idNumber) ?? '', expired: checked.reading.expired } };
    };
    const problem = (err: unknown): CardTestResult => {
      if (err instanceof ReaderError) return { ok: false, problem: err.key };
      throw err;
    };
    if (path === this.path && this.running) {
      return this.lock.run(async () => {
        try {
          const link = await this.ensureLink();
          return await attempt(link);
        } catch (err) {
          return problem(err);
        }
      });
    }
    let link: ReaderLink | null = null;
    try {
      link = await ReaderLink.open(path, this.timing);
      return await attempt(link);
    } catch (err) {
      return problem(err);
    } finally {
      await link?.close();
    }
  }

  // ---- the loop ----

  private async run(): Promise<void> {
    while (this.running) {
      let pause = this.timing.pollMs;
      await this.lock.run(async () => {
        if (!this.running) return;
        try {
          const link = await this.ensureLink();
          await this.pollOnce(link);
          if (this.status.state !== 'ready') this.setStatus({ path: this.path, state: 'ready', fault: null });
        } catch (err) {
          if (!(err instanceof ReaderError)) {
            this.deps.logger.error({ err: { message: (err as Error).message } }, 'card reader loop failed');
            pause = this.timing.reopenMs;
            return;
          }
          if (LINK_FAULTS.has(err.key)) {
            this.fault(err.key as LinkFault);
            pause = this.timing.reopenMs;
            if (err.key !== 'noAnswer') await this.dropLink();
          } else {
            // the port works (it answered, if badly): the reader is fine, this card was not read
            if (this.status.state !== 'ready') this.setStatus({ path: this.path, state: 'ready', fault: null });
            this.emit({ kind: 'failed', failure: err.key as CardFailure });
            // a garbled line is often passing: the card still lying there is read again at the next poll
            this.cardPresent = false;
          }
        }
      });
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, pause);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  private async pollOnce(link: ReaderLink): Promise<void> {
    const found = await link.findCard();
    if (!found) {
      this.cardPresent = false;
      return;
    }
    if (this.cardPresent) return;
    this.cardPresent = true;
    const text = await link.readFound();
    const checked = this.check(text);
    // a card whose number does not check stays read (and refused) until it is taken away
    if ('failure' in checked) this.emit({ kind: 'failed', failure: checked.failure });
    else {
      this.kept = { readingId: checked.reading.readingId, idNumber: checked.reading.idNumber, atMs: Date.now() };
      this.emit({ kind: 'reading', reading: checked.reading });
    }
  }

  /** The card's ID number must be a valid one: a misread digit is no reading at all. */
  private check(text: CardText): { reading: CardReading } | { failure: CardFailure } {
    const today = this.deps.today();
    const id = parseResidentId(text.idNumber, today);
    if (!id.ok || text.idNumber.length !== 18 || !text.name) return { failure: 'badIdNumber' };
    const expired = !text.longTerm && text.validUntil !== null && text.validUntil < today;
    return {
      reading: {
        readingId: uuidv7(),
        readAt: this.deps.clock().toISOString(),
        name: text.name,
        sex: text.sex ?? id.value.sex,
        ethnicity: text.ethnicity,
        birthDate: text.birthDate ?? id.value.birthDate,
        address: text.address,
        idNumber: id.value.idNumber,
        issuedBy: text.issuedBy,
        validFrom: text.validFrom,
        validUntil: text.longTerm ? null : text.validUntil,
        longTerm: text.longTerm,
        expired,
      },
    };
  }

  private async ensureLink(): Promise<ReaderLink> {
    if (this.link?.isOpen) return this.link;
    if (!this.path) throw new ReaderError('openFailed', 'no port');
    const wasOpen = this.link !== null;
    this.link = null;
    if (wasOpen) throw new ReaderError('unplugged');
    this.link = await ReaderLink.open(this.path, this.timing);
    this.link.onClose(() => {
      // unplugged while idle: said at once, not at the next poll
      if (this.running) this.fault('unplugged');
    });
    return this.link;
  }

  private async dropLink(): Promise<void> {
    const link = this.link;
    this.link = null;
    this.cardPresent = false;
    await link?.close().catch(() => undefined);
  }

  private fault(fault: LinkFault): void {
    if (this.status.state === 'fault' && this.status.fault === fault) return;
    // a port that went away stays "unplugged" while it cannot be opened again
    if (fault === 'openFailed' && this.status.fault === 'unplugged') return;
    this.deps.logger.warn({ fault, path: this.path }, 'card reader fault');
    this.setStatus({ path: this.path, state: 'fault', fault });
  }

  private setStatus(status: CardReaderStatus): void {
    this.status = status;
    this.seq += 1;
    this.notify();
  }

  private emit(event: { kind: 'reading'; reading: CardReading } | { kind: 'failed'; failure: CardFailure }): void {
    this.seq += 1;
    const at = new Date();
    this.lastEvent = { ...event, seq: this.seq, at: at.toISOString(), atMs: at.getTime() };
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
