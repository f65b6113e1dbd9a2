/** What the station's sync loop stands on: its host, its timing, the sync_state row, its failures, and pruning the acknowledged outbox. */
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';

export interface SyncHost {
  dataSource: DataSource;
  /** runs between router calls, never inside one */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  logger: Logger;
  clock(): Date;
  station(): { id: string; code: string; name: string; timeZone: string } | undefined;
}

export interface SyncTiming {
  /** between rounds while everything is sent */
  intervalMs: number;
  /** after a commit, so a change reaches HQ within seconds when online */
  nudgeMs: number;
  /** first retry after a failure; doubles each time up to maxBackoffMs, with jitter */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /**
   * while HQ is unreachable, how often a tiny request asks whether it is back: the next round
   * starts as soon as it is, not when a back-off of minutes runs out
   */
  probeMs: number;
}

export const DEFAULT_TIMING: SyncTiming = { intervalMs: 60_000, nudgeMs: 300, baseBackoffMs: 2_000, maxBackoffMs: 5 * 60_000, probeMs: 2_000 };

export interface SyncStateRow {
  hqUrl: string | null;
  hqKey: string | null;
  secret: string | null;
  hqCode: string | null;
  epoch: string | null;
  ackedSeq: number;
  prunedThrough: number;
  /** a full copy of the station's rows follows this sequence: HQ is to take it as its cursor */
  rebaseAfter: number | null;
  /** where that copy ends */
  rebaseThrough: number | null;
  pendingUrl: string | null;
  pendingCode: string | null;
  enabled: number;
  retentionDays: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  online: number;
  clockSkewMs: number | null;
  hqCa: string | null;
  /** the last repair, as JSON SyncNotice */
  notice: string | null;
  /** set by a restore: the outbox sequence the restored database ended at (see settleCursor) */
  restoredSeq: number | null;
}

/** A failure with a key the UI shows in words (sync.error.<key>). */
export class SyncFailure extends Error {
  constructor(
    readonly key: string,
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

export interface RoundResult {
  pushed: number;
  pulled: number;
  rejected: number;
}

export const readState = async (m: EntityManager | DataSource): Promise<SyncStateRow> => (await m.query(`SELECT * FROM "sync_state" WHERE "id" = 1`))[0];

/** The tables whose changes go to HQ: those with the outbox triggers. */
export const syncedTables = async (m: EntityManager | DataSource): Promise<string[]> =>
  (
    await m.query(`SELECT "tbl_name" AS "t" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%_outbox_update' ORDER BY "tbl_name"`)
  ).map((r: { t: string }) => r.t);

/**
 * Drops acknowledged outbox rows once their acknowledgement is older than the retention: until
 * then they can be sent again to an HQ restored from a backup. Retention 0 drops them at once.
 */
export const prune = async (m: EntityManager, retentionDays: number, now: Date): Promise<void> => {
  const cutoff = new Date(now.getTime() - retentionDays * 86400_000).toISOString();
  const [{ upTo }] = await m.query(`SELECT MAX("seq") AS "upTo" FROM "sync_ack" WHERE "ackedAt" <= ?`, [cutoff]);
  if (upTo === null || upTo === undefined) return;
  await m.query(`DELETE FROM "sync_outbox" WHERE "seq" <= ?`, [upTo]);
  await m.query(`DELETE FROM "sync_ack" WHERE "seq" < ?`, [upTo]);
  await m.query(`UPDATE "sync_state" SET "prunedThrough" = MAX("prunedThrough", ?) WHERE "id" = 1`, [upTo]);
};
