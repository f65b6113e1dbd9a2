/** Keeping the station's idea of HQ's cursor HQ's own: a lost answer, a restored HQ, a restored station, a pruned outbox resent in full. */
import type { EntityManager } from 'typeorm';
import type { SyncNotice } from '../../shared/sync/contract.js';
import { SyncFailure, syncedTables, type SyncHost, type SyncStateRow } from './state.js';

/**
 * Makes the station's idea of HQ's cursor HQ's own. Ahead: HQ committed a batch whose answer
 * was lost — those rows are HQ's, move on. Behind: HQ lost what it had acknowledged (a
 * restore) — resend from there, from the acknowledged rows kept for exactly this.
 */
export const settleCursor = async (host: SyncHost, m: EntityManager, s: SyncStateRow, hqCursor: number): Promise<void> => {
  if (s.restoredSeq !== null) {
    await m.query(`UPDATE "sync_state" SET "restoredSeq" = NULL WHERE "id" = 1`);
    if (hqCursor > s.restoredSeq) {
      await afterRestore(host, m, s.restoredSeq, hqCursor);
      return;
    }
  }
  if (hqCursor === s.ackedSeq) return;
  if (hqCursor < s.prunedThrough) {
    await resnapshot(host, m, hqCursor);
    return;
  }
  if (hqCursor > s.ackedSeq) {
    // the highest sequence ever handed out, even when those rows have been pruned since
    const [seqRow] = await m.query(`SELECT "seq" AS "last" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
    const last = Number(seqRow?.last ?? 0);
    // HQ claims more than this station ever wrote: not our HQ's data (a wrong database)
    if (hqCursor > last) throw new SyncFailure('hqAhead', `${hqCursor} > ${last}`);
    // the page says so: the backlog that rose while the answer was missing was at HQ all along
    const [{ n }] = await m.query(`SELECT COUNT(*) AS "n" FROM "sync_outbox" WHERE "seq" > ? AND "seq" <= ?`, [s.ackedSeq, hqCursor]);
    await notify(host, m, 'answerLost', Number(n));
    await m.query(`INSERT OR REPLACE INTO "sync_ack" ("seq", "ackedAt") VALUES (?, ?)`, [hqCursor, host.clock().toISOString()]);
  } else {
    host.logger.warn({ station: s.ackedSeq, hq: hqCursor }, 'HQ lacks acknowledged changes: resending');
    await m.query(`DELETE FROM "sync_ack" WHERE "seq" > ?`, [hqCursor]);
  }
  await m.query(`UPDATE "sync_state" SET "ackedSeq" = ? WHERE "id" = 1`, [hqCursor]);
};

/**
 * The first contact after a restore, with HQ holding more of the old timeline than the backup
 * did (up to `hqCursor`, past the restored sequence `restoredSeq`). Every entry up to
 * `restoredSeq` in the restored outbox is one HQ already has (HQ's cursor only moves over a
 * contiguous run, and these are the same entries it got then), so nothing of it is sent twice.
 * What the station wrote since the restore was numbered from `restoredSeq` on, over numbers HQ
 * has taken for other changes: it is renumbered to follow HQ's cursor, so HQ stores it.
 */
const afterRestore = async (host: SyncHost, m: EntityManager, restoredSeq: number, hqCursor: number): Promise<void> => {
  const shift = hqCursor - restoredSeq;
  // through negative numbers: moving keys up in place would collide with the next row's key
  await m.query(`UPDATE "sync_outbox" SET "seq" = -"seq" WHERE "seq" > ?`, [restoredSeq]);
  await m.query(`UPDATE "sync_outbox" SET "seq" = -"seq" + ? WHERE "seq" < 0`, [shift]);
  const [had] = await m.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
  if (had) await m.query(`UPDATE "sqlite_sequence" SET "seq" = MAX("seq" + ?, ?) WHERE "name" = 'sync_outbox'`, [shift, hqCursor]);
  else await m.query(`INSERT INTO "sqlite_sequence" ("name", "seq") VALUES ('sync_outbox', ?)`, [hqCursor]);
  await m.query(`DELETE FROM "sync_ack" WHERE "seq" > ?`, [restoredSeq]);
  await m.query(`INSERT OR REPLACE INTO "sync_ack" ("seq", "ackedAt") VALUES (?, ?)`, [hqCursor, host.clock().toISOString()]);
  await m.query(`UPDATE "sync_state" SET "ackedSeq" = ?, "rebaseAfter" = NULL, "rebaseThrough" = NULL WHERE "id" = 1`, [hqCursor]);
  host.logger.warn({ restoredSeq, hq: hqCursor }, 'after a restore: changes since then renumbered after HQ cursor');
};

/**
 * HQ lacks changes this station no longer keeps (an old backup restored after the retention
 * time): every row of every synced table is queued again as it is now — a no-op UPDATE makes
 * the outbox triggers write each row's current state — and the first batch after it asks HQ to
 * take it from there. HQ keeps the newer version of any row it has, so nothing goes backwards.
 *
 * Deletes: the entries dropped here include deletes HQ never got, and HQ's old copy may hold
 * rows this station purged long ago. Rather than keep a tombstone for every purged row for as
 * long as some backup of HQ might still hold it (in practice for ever, growing with each
 * purge), the copy is the whole truth: HQ is told which tables it covers and where it ends,
 * and drops its rows of those tables the copy did not bring (see HqService.push).
 */
const resnapshot = async (host: SyncHost, m: EntityManager, hqCursor: number): Promise<void> => {
  const [seqRow] = await m.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
  const before = Number(seqRow?.seq ?? 0);
  for (const t of await syncedTables(m)) await m.query(`UPDATE "${t}" SET "version" = "version"`);
  const [endRow] = await m.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
  const through = Number(endRow?.seq ?? before);
  // everything up to `before` is either at HQ or inside the copy just queued
  await m.query(`DELETE FROM "sync_outbox" WHERE "seq" <= ?`, [before]);
  await m.query(`DELETE FROM "sync_ack"`);
  await m.query(`UPDATE "sync_state" SET "ackedSeq" = ?, "prunedThrough" = ?, "rebaseAfter" = ?, "rebaseThrough" = ? WHERE "id" = 1`, [
    before,
    before,
    before,
    through,
  ]);
  await notify(host, m, 'requeued', through - before);
  host.logger.warn({ hq: hqCursor, from: before, through }, "HQ lacks pruned changes: the station's rows are queued again in full");
};

const notify = async (host: SyncHost, m: EntityManager, key: SyncNotice['key'], n: number): Promise<void> => {
  const notice: SyncNotice = { key, n, at: host.clock().toISOString() };
  await m.query(`UPDATE "sync_state" SET "notice" = ? WHERE "id" = 1`, [JSON.stringify(notice)]);
};
