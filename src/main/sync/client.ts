/**
 * The station's side of sync: uploads the outbox in sequence order, downloads HQ's reference
 * data, and enrols. It runs in the background between router calls (each database step takes the
 * router's queue briefly; the network waits happen outside it), so the desk never waits for HQ.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { BUCKETS, MAX_BATCH_ENTRIES, STATION_SCHEMA_VERSION, type Bucket, type EnrolAnswer, type Hello, type PullPage, type PushAck, type PushGap } from '../../shared/sync/protocol.js';
import { refreshFigures } from './figures.js';
import { pinnedFetch } from './pinnedFetch.js';
import { settleCursor } from './cursor.js';
import { applyReference } from './reference.js';
export { DEFAULT_TIMING, SyncFailure, readState, prune } from './state.js';
export type { SyncHost, SyncTiming, SyncStateRow, RoundResult } from './state.js';
import { DEFAULT_TIMING, SyncFailure, prune, readState, syncedTables, type RoundResult, type SyncHost, type SyncStateRow, type SyncTiming } from './state.js';

const gzipAsync = promisify(gzip);
/**
 * Level 3: a 2,000-entry batch compresses to about 65 KB in half the time level 6 takes for 52 KB;
 * both ends share one machine's cores in a long backlog, and 13 KB more per batch is a tenth of
 * a second even on a slow line.
 */
const GZIP = { level: 3 };

/** Entries per batch (HQ's limit) and the JSON size a batch stops at before gzip. */
const BATCH_ENTRIES = MAX_BATCH_ENTRIES;
const BATCH_BYTES = 2 * 1024 * 1024;
const PULL_LIMIT = 500;
const REQUEST_TIMEOUT_MS = 20_000;
/** How often the background loop recounts the figures HQ's overview shows (collection, roster). */
const FIGURES_EVERY_MS = 15 * 60_000;

/** A probe waits this long for HQ: a link that drops packets must not hold the loop for a whole request's time. */
const PROBE_TIMEOUT_MS = 3_000;
/** Failures that a link coming back cures: only these are probed for. */
const LINK_FAILURES = new Set(['offline', 'timeout', 'hqError']);

export class SyncClient {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RoundResult> | undefined;
  private again = false;
  private failures = 0;
  /** after a failure of the link: when the back-off lets the next full round start, probes until then */
  private retryAt: number | null = null;
  /** HQ's address (and the station's credential, which keeps its probes apart from its neighbours' at HQ's rate limit) as the last round used them */
  private probeUrl: string | null = null;
  private probeHeaders: Record<string, string> = {};
  private stopped = true;
  /** bumped when the database under the client is replaced: a round begun before it stops */
  private generation = 0;
  /** when the next round is due (ms since epoch), for the status screen */
  nextAt: number | null = null;

  constructor(
    private readonly host: SyncHost,
    timing?: SyncTiming,
    fetchFn?: typeof fetch,
  ) {
    this.timing = timing ?? DEFAULT_TIMING;
    this.fetchFn = fetchFn ?? ((...args) => fetch(...args));
  }

  private readonly timing: SyncTiming;
  private readonly fetchFn: typeof fetch;
  /** HQ's pinned certificate authority for this round, from the station's settings */
  private pinned: { ca: string; fetch: typeof fetch } | undefined;

  /** Starts the background loop (Electron and browser mode do; tests drive rounds themselves). */
  start(): void {
    this.stopped = false;
    this.schedule(1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /**
   * The database was replaced (a restore): a round in flight read state from the old one, so its
   * next database step fails instead of writing that state into the new one. The next round
   * starts afresh.
   */
  interrupt(): void {
    this.generation += 1;
  }

  isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Something was written, or the user asked: sync soon (not at once, so a burst of writes goes together). */
  nudge(delayMs = this.timing.nudgeMs): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.nextAt !== null && this.nextAt <= Date.now() + delayMs) return;
    // while HQ is unreachable a write does not start a round on a dead link, but it does ask
    // (one small probe) whether the link is back; other failures keep their back-off
    if (this.failures > 0 && this.retryAt === null) return;
    this.schedule(delayMs);
  }

  /** The user's "sync now": also cuts a backoff short. */
  now(): void {
    this.failures = 0;
    this.retryAt = null;
    if (this.running) this.again = true;
    else if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = Date.now() + ms;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  /** Whether HQ answers at all: a GET of its smallest endpoint, no database work at either end. */
  async probe(): Promise<boolean> {
    if (!this.probeUrl) return false;
    try {
      await this.request(`${this.probeUrl}/sync/v1/ping`, { method: 'GET', headers: this.probeHeaders }, [], PROBE_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  private figuresAt = 0;

  /** Recounts the figures for HQ's overview in one transaction between router calls; how many kinds changed. */
  async refreshFigures(): Promise<number> {
    const station = this.host.station();
    if (!station) return 0;
    this.figuresAt = Date.now();
    return this.db(() => this.host.dataSource.transaction((m) => refreshFigures(m, station, this.host.clock(), this.host.logger)));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.nextAt = null;
    if (this.retryAt !== null && Date.now() < this.retryAt) {
      // backing off after the link failed: a round only once HQ answers again
      const back = await this.probe();
      if (this.stopped) return;
      if (!back) {
        this.schedule(Math.min(this.timing.probeMs, this.retryAt - Date.now()));
        return;
      }
    }
    try {
      // the background loop keeps HQ's overview current; a round called directly (tests) does not recount
      await this.round(Date.now() - this.figuresAt >= FIGURES_EVERY_MS);
      this.failures = 0;
      this.retryAt = null;
    } catch (err) {
      this.failures += 1;
      this.retryAt = err instanceof SyncFailure && LINK_FAILURES.has(err.key) ? Date.now() + this.backoff() : null;
    }
    if (this.stopped) return;
    const wait = this.failures === 0 ? (this.again ? this.timing.nudgeMs : this.timing.intervalMs) : this.retryAt !== null ? this.timing.probeMs : this.backoff();
    this.again = false;
    this.schedule(this.retryAt !== null ? Math.min(wait, this.retryAt - Date.now()) : wait);
  }

  /** Exponential backoff with full jitter between half and all of it: stations that lost the link together do not return together. */
  backoff(): number {
    const ceiling = Math.min(this.timing.maxBackoffMs, this.timing.baseBackoffMs * 2 ** Math.min(this.failures - 1, 20));
    return Math.round(ceiling * (0.5 + Math.random() / 2));
  }

  /** One round: enrol if asked, then upload everything, then download every bucket. One at a time. */
  round(withFigures = false): Promise<RoundResult> {
    if (!this.running) {
      // inside the round, so a write meanwhile asks for another round instead of being missed
      const figures = withFigures ? this.refreshFigures().catch(() => 0) : Promise.resolve(0);
      this.running = figures.then(() => this.roundOnce()).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private db<T>(task: () => Promise<T>): Promise<T> {
    const generation = this.roundGeneration;
    return this.host.exclusive(() => {
      if (generation !== this.generation) return Promise.reject(new SyncFailure('interrupted'));
      return task();
    });
  }

  private roundGeneration = 0;

  private async roundOnce(): Promise<RoundResult> {
    this.roundGeneration = this.generation;
    const started = this.host.clock().toISOString();
    let state = await this.db(() => readState(this.host.dataSource));
    if (!state.enabled && !state.pendingCode) return { pushed: 0, pulled: 0, rejected: 0 };
    if (state.hqCa !== this.pinned?.ca) this.pinned = state.hqCa ? { ca: state.hqCa, fetch: pinnedFetch(state.hqCa) } : undefined;
    this.probeUrl = state.hqUrl ?? state.pendingUrl;
    this.probeHeaders = state.hqKey ? this.auth(state) : {};
    try {
      if (state.pendingCode && state.pendingUrl) {
        await this.enrol(state.pendingUrl, state.pendingCode);
        state = await this.db(() => readState(this.host.dataSource));
      }
      if (!state.hqKey || !state.hqUrl) return { pushed: 0, pulled: 0, rejected: 0 };
      const up = await this.push(state);
      const pulled = await this.pull();
      if (pulled > 0) {
        // what HQ sent may have written station rows (its mediators in the station's pool): up they go too
        const again = await this.push(state);
        up.pushed += again.pushed;
        up.rejected += again.rejected;
      }
      await this.db(() =>
        this.host.dataSource.query(
          `UPDATE "sync_state" SET "online" = 1, "lastAttemptAt" = ?, "lastSuccessAt" = ?, "lastError" = NULL, "lastErrorAt" = NULL WHERE "id" = 1`,
          [started, this.host.clock().toISOString()],
        ),
      );
      return { pushed: up.pushed, rejected: up.rejected, pulled };
    } catch (err) {
      const failure = err instanceof SyncFailure ? err : new SyncFailure('internal', (err as Error).message);
      // "offline" is a state, not an error to alarm anyone: the failure is kept in words for the screen
      this.host.logger.warn({ key: failure.key, detail: failure.detail }, 'sync round failed');
      await this.db(() =>
        this.host.dataSource.query(
          `UPDATE "sync_state" SET "online" = ?, "lastAttemptAt" = ?, "lastError" = ?, "lastErrorAt" = ?, "pendingCode" = CASE WHEN ? THEN NULL ELSE "pendingCode" END WHERE "id" = 1`,
          [
            failure.key === 'offline' || failure.key === 'timeout' ? 0 : 1,
            started,
            JSON.stringify({ key: failure.key, detail: failure.detail ?? null }),
            this.host.clock().toISOString(),
            // a code HQ refused will not work on retry: forget it, the user enters a new one
            failure.key.startsWith('enrolment') ? 1 : 0,
          ],
        ),
      ).catch(() => undefined);
      throw failure;
    }
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────────────
  private async request<T>(
    url: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: Buffer | string },
    acceptStatus: number[] = [],
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      const fetchFn = this.pinned && url.startsWith('https:') ? this.pinned.fetch : this.fetchFn;
      res = await fetchFn(url, { ...init, body: init.body as RequestInit['body'], signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const name = (err as Error).name;
      const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      // HQ answered with a certificate this station does not trust: not a cut cable, say so
      if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) throw new SyncFailure('certificate', code);
      throw new SyncFailure(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'offline', (err as Error).message);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      // a cut mid-answer, or something that is not HQ (a captive portal, a proxy page)
      throw new SyncFailure(res.ok ? 'offline' : `http`, String(res.status));
    }
    if (res.ok || acceptStatus.includes(res.status)) return { status: res.status, body: body as T };
    const code = (body as { error?: string }).error ?? String(res.status);
    if (res.status === 401) throw new SyncFailure('credentialRefused', code);
    if (res.status === 429) throw new SyncFailure('rateLimited', code);
    if (res.status >= 500) throw new SyncFailure('hqError', String(res.status));
    throw new SyncFailure('refused', code);
  }

  private auth(state: Pick<SyncStateRow, 'hqKey' | 'secret'>): Record<string, string> {
    return { authorization: `Station ${state.hqKey}:${state.secret}` };
  }

  private async enrol(hqUrl: string, code: string): Promise<void> {
    const station = this.host.station();
    if (!station) throw new SyncFailure('notSetUp');
    let answer: EnrolAnswer;
    try {
      ({ body: answer } = await this.request<EnrolAnswer>(`${hqUrl}/sync/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, stationId: station.id, stationCode: station.code, stationName: station.name }),
      }));
    } catch (err) {
      if (err instanceof SyncFailure && err.key === 'refused') throw new SyncFailure('enrolmentRefused', err.detail);
      throw err;
    }
    await this.db(() =>
      this.host.dataSource.transaction(async (m) => {
        // a new HQ or a re-enrolment: HQ's cursor is learnt from hello, and HQ's data is downloaded afresh
        await m.query(
          `UPDATE "sync_state" SET "hqUrl" = ?, "hqKey" = ?, "secret" = ?, "hqCode" = ?, "epoch" = ?, "pendingUrl" = NULL, "pendingCode" = NULL WHERE "id" = 1`,
          [hqUrl, answer.key, answer.secret, answer.code, answer.epoch],
        );
        await m.query(`DELETE FROM "sync_cursor"`);
      }),
    );
    this.host.logger.info({ hq: hqUrl, key: answer.key }, 'enrolled with HQ');
  }

  // ── upload ───────────────────────────────────────────────────────────────────────────────
  private async push(initial: SyncStateRow): Promise<{ pushed: number; rejected: number }> {
    const base = initial.hqUrl!;
    const sentAt = this.host.clock();
    const { body: hello } = await this.request<Hello>(`${base}/sync/v1/hello`, { method: 'GET', headers: this.auth(initial) });
    const skew = this.host.clock().getTime() - Date.parse(hello.serverTime) - (this.host.clock().getTime() - sentAt.getTime()) / 2;
    await this.db(() =>
      this.host.dataSource.transaction(async (m) => {
        const s = await readState(m);
        if (s.epoch !== hello.epoch) {
          // HQ was restored from a backup: download everything again (items are versioned, so
          // nothing goes backwards); the upload cursor is settled below from HQ's own cursor
          await m.query(`DELETE FROM "sync_cursor"`);
          this.host.logger.warn({ from: s.epoch, to: hello.epoch }, 'HQ epoch changed');
        }
        await m.query(`UPDATE "sync_state" SET "epoch" = ?, "clockSkewMs" = ? WHERE "id" = 1`, [hello.epoch, Math.round(skew)]);
        await settleCursor(this.host, m, s, hello.cursor);
      }),
    );
    let pushed = 0;
    let rejected = 0;
    let gaps = 0;
    const prepare = (after?: number) => {
      const p = this.db(() => this.nextBatch(after)).then(async (b) => b && { ...b, body: await gzipAsync(Buffer.from(b.json), GZIP) });
      // abandoned after a failure: its own failure is not news
      p.catch(() => undefined);
      return p;
    };
    let next = prepare();
    // the previous acknowledgement being recorded while the next batch is already on its way;
    // a kill in between loses only the record, and the next hello settles on HQ's cursor
    let recording: Promise<void> = Promise.resolve();
    for (;;) {
      const batch = await next;
      if (!batch) break;
      // while HQ stores this batch the next one is read and compressed; still one request at a
      // time, so batches reach HQ in order
      next = prepare(batch.last);
      const { status, body: answer } = await this.request<PushAck | (PushGap & { ok: false })>(
        `${base}/sync/v1/push`,
        { method: 'POST', headers: { ...this.auth(initial), 'content-type': 'application/gzip' }, body: batch.body },
        [409],
      );
      if (status === 409) {
        const gap = answer as PushGap;
        // one gap is a restore or a lost batch; gap after gap is an HQ that does not keep what it acknowledges
        if (++gaps > 3) throw new SyncFailure('hqGaps', String(gap.cursor));
        await recording;
        await next.catch(() => undefined);
        await this.db(() => this.host.dataSource.transaction(async (m) => settleCursor(this.host, m, await readState(m), gap.cursor)));
        next = prepare();
        continue;
      }
      const ack = answer as PushAck;
      await recording;
      recording = this.db(() => this.acknowledge(ack));
      // awaited before the next one or at the end; a failing request must not leave it unheard
      recording.catch(() => undefined);
      pushed += ack.applied;
      rejected += ack.rejected.length;
      if (ack.cursor !== batch.last) {
        // HQ stopped elsewhere than this batch ended: the prepared batch does not follow on
        await recording;
        await next.catch(() => undefined);
        next = prepare();
      }
    }
    await recording;
    return { pushed, rejected };
  }

  /** The outbox entries after `after` (HQ's acknowledged cursor unless given), as the batch's JSON. */
  private async nextBatch(afterSeq?: number): Promise<{ json: string; last: number } | undefined> {
    const station = this.host.station();
    const s = await readState(this.host.dataSource);
    if (afterSeq !== undefined) s.ackedSeq = afterSeq;
    const rows: { seq: number; tableName: string; rowId: string; op: string; version: number; payload: string }[] =
      await this.host.dataSource.query(
        `SELECT "seq", "tableName", "rowId", "op", "version", "payload" FROM "sync_outbox" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`,
        [s.ackedSeq, BATCH_ENTRIES],
      );
    if (rows.length === 0 || !station) return undefined;
    const entries: string[] = [];
    let bytes = 0;
    let last = s.ackedSeq;
    for (const r of rows) {
      // the payload is already JSON: spliced in as it is, not parsed and written again
      const e = `{"seq":${r.seq},"table":${JSON.stringify(r.tableName)},"rowId":${JSON.stringify(r.rowId)},"op":${JSON.stringify(r.op)},"version":${r.version},"payload":${r.payload}}`;
      if (entries.length > 0 && bytes + e.length > BATCH_BYTES) break;
      entries.push(e);
      bytes += e.length;
      last = r.seq;
    }
    // what is still queued after this batch, for HQ's overview: from the highest sequence, not a
    // COUNT(*) — counting walks (and decrypts) every queued page, a third of a second per batch
    // in a 100,000-change backlog. Sequences run without holes except where a purge removed
    // queued entries, so the figure is exact or, after a purge, a little high until they are sent.
    const [{ n }] = await this.host.dataSource.query(`SELECT COALESCE(MAX("seq"), ?) - ? AS "n" FROM "sync_outbox"`, [last, last]);
    const json =
      `{"stationId":${JSON.stringify(station.id)},"schemaVersion":${STATION_SCHEMA_VERSION},"after":${s.ackedSeq},` +
      (s.rebaseAfter !== null && s.rebaseAfter === s.ackedSeq
        ? `"rebase":true,` + (s.rebaseThrough !== null ? `"copy":${JSON.stringify({ tables: await syncedTables(this.host.dataSource), through: s.rebaseThrough })},` : '')
        : '') +
      `"count":${entries.length},"backlog":${Number(n)},"sentAt":${JSON.stringify(this.host.clock().toISOString())},"entries":[${entries.join(',')}]}`;
    return { json, last };
  }

  /** HQ stored everything up to ack.cursor: record it, keep the rejects, drop what is past keeping. */
  private async acknowledge(ack: PushAck): Promise<void> {
    const now = this.host.clock();
    await this.host.dataSource.transaction(async (m) => {
      const s = await readState(m);
      if (ack.cursor < s.ackedSeq) return;
      await m.query(`UPDATE "sync_state" SET "ackedSeq" = ?, "rebaseAfter" = NULL, "rebaseThrough" = NULL WHERE "id" = 1`, [ack.cursor]);
      await m.query(`INSERT OR REPLACE INTO "sync_ack" ("seq", "ackedAt") VALUES (?, ?)`, [ack.cursor, now.toISOString()]);
      for (const r of ack.rejected) {
        await m.query(`INSERT OR IGNORE INTO "sync_reject" ("seq", "tableName", "rowId", "reason", "at") VALUES (?, ?, ?, ?, ?)`, [
          r.seq,
          r.table,
          r.rowId,
          r.reason,
          now.toISOString(),
        ]);
      }
      await prune(m, s.retentionDays, now);
    });
  }

  // ── download ─────────────────────────────────────────────────────────────────────────────
  private async pull(): Promise<number> {
    let total = 0;
    for (const bucket of BUCKETS) total += await this.pullBucket(bucket);
    return total;
  }

  private async pullBucket(bucket: Bucket): Promise<number> {
    let total = 0;
    for (;;) {
      const { s, cursor } = await this.db(async () => {
        const s = await readState(this.host.dataSource);
        const [c] = await this.host.dataSource.query(`SELECT "cursor" FROM "sync_cursor" WHERE "bucket" = ?`, [bucket]);
        return { s, cursor: Number(c?.cursor ?? 0) };
      });
      const { body: page } = await this.request<PullPage>(
        `${s.hqUrl}/sync/v1/pull?bucket=${bucket}&after=${cursor}&limit=${PULL_LIMIT}`,
        { method: 'GET', headers: this.auth(s) },
      );
      if (page.latest < cursor || page.epoch !== s.epoch) {
        // HQ has less than we have seen (a restore): start the bucket again from its beginning
        await this.db(() => this.host.dataSource.query(`DELETE FROM "sync_cursor" WHERE "bucket" = ?`, [bucket]));
        if (page.epoch !== s.epoch) return total;
        continue;
      }
      if (page.items.length === 0) return total;
      // the page and its cursor in one transaction: a kill in between leaves neither
      await this.db(() =>
        this.host.dataSource.transaction(async (m) => {
          await applyReference(m, this.host.station()!, bucket, page.items, this.host.clock(), this.host.logger);
          await m.query(`INSERT OR REPLACE INTO "sync_cursor" ("bucket", "cursor") VALUES (?, ?)`, [bucket, page.cursor]);
        }),
      );
      total += page.items.length;
      if (!page.more) return total;
    }
  }
}
