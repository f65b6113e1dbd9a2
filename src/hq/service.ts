import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  BUCKETS,
  MAX_STATION_SCHEMA_VERSION,
  MIN_STATION_SCHEMA_VERSION,
  type Bucket,
  type EnrolAnswer,
  type Hello,
  type OutboxEntry,
  type PullPage,
  type PushAck,
  type PushBatch,
  type PushGap,
} from '../shared/sync/protocol.js';
import { hashPassword, hashSecret, newEnrolmentCode, newSecret, normaliseCode, sameHash, type StaffRole } from './auth.js';
import { forUpdate, type HqDb, type Sql } from './db.js';
import { num, numOrNull, overviewOf, stationRecords, stationRejects, type Overview, type StationRecord } from './overview.js';
import { publishIn, type HqContext } from './publish.js';
import { onTransfers, transferRecords, type TransferRecord } from './transfers.js';

export type { Overview, StationCollection, StationRecord, StationRoster } from './overview.js';
export type { TransferRecord } from './transfers.js';

/** A refusal with an HTTP status and a stable code; the server turns it into the answer. */
export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export const ENROLMENT_DAYS = 7;
/** Tables whose rows never leave a station; if one ever arrives it is rejected, not stored. */
const NEVER_SYNCED = new Set(['staff_credential', 'audit_log', 'sync_state', 'sync_outbox']);
/** Rows per multi-row statement: 12 parameters each, well under PostgreSQL's 65,535 (and SQLite's 32,766). */
const ROWS_PER_STATEMENT = 1000;
/** Rows per statement on PostgreSQL: the next slice is sealed while the last is stored. */
const SEAL_SLICE = 500;
/** Joins the payloads of a batch into one text for PostgreSQL's string_to_array (see upsertRowsPg). */
const RECORD_SEPARATOR = '\u001e';

/**
 * What HQ computes on, copied out of a row's payload into clear columns beside the sealed
 * payload: the day it counts under, its status, whether it was cancelled, the case it belongs to.
 */
const clearColumns = (p: Record<string, unknown>) => ({
  day: typeof p.localDate === 'string' ? p.localDate : typeof p.registeredDate === 'string' ? p.registeredDate : null,
  // a rating's level is what HQ counts it by, as a case's status
  status: typeof p.status === 'string' ? p.status : typeof p.level === 'string' ? p.level : null,
  cancelled: p.cancelledAt ? 1 : 0,
  caseId: typeof p.caseId === 'string' ? p.caseId : null,
});

/** HQ's calendar, for the day a row arrived (the city bureau keeps China Standard Time). */

export interface AuthedStation {
  id: string;
  code: string;
  name: string;
  stationUuid: string;
}

export class HqService {
  constructor(
    readonly db: HqDb,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** What the modules the service delegates to act on. */
  private get ctx(): HqContext {
    return { db: this.db, clock: this.clock };
  }

  async meta(key: string): Promise<string> {
    const [row] = await this.db.rows<{ value: string }>(`SELECT "value" FROM "hq_meta" WHERE "key" = ?`, [key]);
    if (!row) throw new Error(`hq_meta ${key} missing`);
    return row.value;
  }

  /** After restoring a backup: a new epoch tells every station to check what HQ lacks. */
  async newEpoch(): Promise<string> {
    const epoch = randomBytes(8).toString('hex');
    await this.db.run(`UPDATE "hq_meta" SET "value" = ? WHERE "key" = 'epoch'`, [epoch]);
    return epoch;
  }

  // ── staff ────────────────────────────────────────────────────────────────────────────────
  /** Adds an account, or gives an existing one a new password and role: its sessions end. */
  async addUser(username: string, password: string, role: StaffRole): Promise<void> {
    const hash = await hashPassword(password);
    await this.db.run(
      `INSERT INTO "hq_user" ("username", "passwordHash", "role", "createdAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("username") DO UPDATE SET "passwordHash" = excluded."passwordHash", "role" = excluded."role",
         "sessionGen" = "hq_user"."sessionGen" + 1, "disabledAt" = NULL`,
      [username, hash, role, this.clock().toISOString()],
    );
  }

  // ── stations and enrolment ───────────────────────────────────────────────────────────────
  async createStation(input: { code: string; name: string; district: string }): Promise<{ id: string; enrolmentCode: string; expiresAt: string }> {
    const id = uuidv7();
    const now = this.clock();
    const code = newEnrolmentCode();
    const expiresAt = new Date(now.getTime() + ENROLMENT_DAYS * 86400_000).toISOString();
    const [dup] = await this.db.rows(`SELECT 1 FROM "hq_station" WHERE "code" = ?`, [input.code]);
    if (dup) throw new HqError(409, 'stationCodeTaken');
    await this.db.run(
      `INSERT INTO "hq_station" ("id", "code", "name", "district", "createdAt", "enrolCodeHash", "enrolExpiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [id, input.code, input.name, input.district, now.toISOString(), hashSecret(normaliseCode(code)), expiresAt],
    );
    return { id, enrolmentCode: code, expiresAt };
  }

  /**
   * A new one-time code for a station (a lost code, a replaced PC): the old credential stops
   * working when the new code is used, not before, so the station is not cut off by mistake.
   */
  async reissueCode(id: string): Promise<{ enrolmentCode: string; expiresAt: string }> {
    const code = newEnrolmentCode();
    const expiresAt = new Date(this.clock().getTime() + ENROLMENT_DAYS * 86400_000).toISOString();
    const n = await this.db.run(`UPDATE "hq_station" SET "enrolCodeHash" = ?, "enrolExpiresAt" = ?, "spentCodeHash" = NULL WHERE "id" = ?`, [
      hashSecret(normaliseCode(code)),
      expiresAt,
      id,
    ]);
    if (n === 0) throw new HqError(404, 'stationNotFound');
    return { enrolmentCode: code, expiresAt };
  }

  /**
   * Exchanges a one-time code for the station's credential; the code is spent in the same
   * statement. An answer lost on its way leaves HQ with the code spent and the station without
   * its secret: the same station may use the same code again, until it first signs in with the
   * credential or the code's time runs out, and gets a fresh secret that replaces the lost one.
   * Another station with that code is refused as if the code were wrong.
   */
  async enrol(input: { code: string; stationId: string; stationCode: string; stationName: string }): Promise<EnrolAnswer> {
    const now = this.clock().toISOString();
    const secret = newSecret();
    const codeHash = hashSecret(normaliseCode(input.code));
    return this.db.tx(async (sql) => {
      const [st] = await sql.rows<{ id: string; code: string; name: string; enrolExpiresAt: string; stationUuid: string | null; spent: number }>(
        `SELECT "id", "code", "name", "enrolExpiresAt", "stationUuid", CASE WHEN "enrolCodeHash" = ? THEN 0 ELSE 1 END AS "spent"
         FROM "hq_station" WHERE "enrolCodeHash" = ? OR "spentCodeHash" = ?${forUpdate(sql)}`,
        [codeHash, codeHash, codeHash],
      );
      if (!st || (Number(st.spent) === 1 && st.stationUuid !== input.stationId)) throw new HqError(403, 'enrolmentCodeInvalid');
      if (st.enrolExpiresAt < now) throw new HqError(403, 'enrolmentCodeExpired');
      // a station's rows carry the id it made at setup; a re-enrolment must be the same station
      if (st.stationUuid && st.stationUuid !== input.stationId) throw new HqError(409, 'enrolmentOtherStation');
      const [other] = await sql.rows(`SELECT 1 FROM "hq_station" WHERE "stationUuid" = ? AND "id" <> ?`, [input.stationId, st.id]);
      if (other) throw new HqError(409, 'enrolmentOtherStation');
      const n = await sql.run(
        `UPDATE "hq_station" SET "enrolCodeHash" = NULL, "spentCodeHash" = ?, "secretHash" = ?, "enrolledAt" = ?, "stationUuid" = ?
         WHERE "id" = ? AND ("enrolCodeHash" = ? OR "spentCodeHash" = ?)`,
        [codeHash, hashSecret(secret), now, input.stationId, st.id, codeHash, codeHash],
      );
      if (n !== 1) throw new HqError(403, 'enrolmentCodeInvalid');
      return { key: st.id, secret, code: st.code, name: st.name, epoch: await this.epochIn(sql) };
    });
  }

  /** The station behind a credential, or a refusal. The first sign-in retires the code the credential came from. */
  async authenticate(key: string, secret: string): Promise<AuthedStation> {
    const [st] = await this.db.rows<{ id: string; code: string; name: string; stationUuid: string | null; secretHash: string | null; spentCodeHash: string | null }>(
      `SELECT "id", "code", "name", "stationUuid", "secretHash", "spentCodeHash" FROM "hq_station" WHERE "id" = ?`,
      [key],
    );
    if (!st || !st.secretHash || !st.stationUuid || !sameHash(st.secretHash, hashSecret(secret))) throw new HqError(401, 'badCredential');
    // the answer arrived: the code cannot fetch it again (the secret it holds matches, so a
    // concurrent retry that replaced it would already have failed this check)
    if (st.spentCodeHash) {
      await this.db.run(`UPDATE "hq_station" SET "spentCodeHash" = NULL, "enrolExpiresAt" = NULL WHERE "id" = ? AND "secretHash" = ?`, [st.id, st.secretHash]);
    }
    return { id: st.id, code: st.code, name: st.name, stationUuid: st.stationUuid };
  }

  private async epochIn(sql: Sql): Promise<string> {
    const [row] = await sql.rows<{ value: string }>(`SELECT "value" FROM "hq_meta" WHERE "key" = 'epoch'`);
    return row.value;
  }

  async hello(st: AuthedStation): Promise<Hello> {
    const [row] = await this.db.rows<{ cursor: unknown }>(`SELECT "cursor" FROM "hq_station" WHERE "id" = ?`, [st.id]);
    return {
      stationId: st.stationUuid,
      code: st.code,
      name: st.name,
      epoch: await this.meta('epoch'),
      cursor: num(row?.cursor),
      serverTime: this.clock().toISOString(),
      schema: { min: MIN_STATION_SCHEMA_VERSION, max: MAX_STATION_SCHEMA_VERSION },
    };
  }

  // ── upload ───────────────────────────────────────────────────────────────────────────────
  /**
   * Applies one batch in one transaction, keyed by (station, sequence). The station's row is
   * locked first, so two HQ processes given the same batch apply it once: the second sees the
   * cursor already past it and skips every entry. A batch that starts beyond HQ's cursor is a gap.
   */
  async push(st: AuthedStation, batch: PushBatch): Promise<PushAck | PushGap> {
    if (batch.stationId !== st.stationUuid) throw new HqError(403, 'foreignStation');
    if (batch.schemaVersion < MIN_STATION_SCHEMA_VERSION) throw new HqError(426, 'schemaTooOld', { min: MIN_STATION_SCHEMA_VERSION });
    const now = this.clock();
    const sentAt = Date.parse(batch.sentAt);
    const skew = Number.isFinite(sentAt) ? sentAt - now.getTime() : null;
    return this.db.tx(async (sql) => {
      const [row] = await sql.rows<{ cursor: unknown; copyThrough: unknown }>(`SELECT "cursor", "copyThrough" FROM "hq_station" WHERE "id" = ?${forUpdate(sql)}`, [
        st.id,
      ]);
      const cursor = num(row.cursor);
      const epoch = await this.epochIn(sql);
      if (batch.after > cursor && !batch.rebase) return { error: 'gap', cursor, epoch } satisfies PushGap;
      let copyThrough = numOrNull(row.copyThrough);
      if (batch.rebase && batch.copy && batch.after >= cursor) {
        // the station's full copy begins: every row HQ has of its tables waits to be covered by it
        await this.markUncopied(sql, st.stationUuid, batch.copy.tables);
        copyThrough = batch.copy.through;
        await sql.run(`UPDATE "hq_station" SET "copyThrough" = ? WHERE "id" = ?`, [copyThrough, st.id]);
      }
      const fresh = batch.entries.filter((e) => e.seq > cursor);
      const rejected: PushAck['rejected'] = [];
      const good: OutboxEntry[] = [];
      for (const e of fresh) {
        const reason = this.check(st, e);
        if (reason) rejected.push({ seq: e.seq, table: e.table, rowId: e.rowId, reason });
        else good.push(e);
      }
      // of several changes of one row in a batch only the newest is stored (one statement may
      // not touch a row twice); the rest are history the station already folded into it
      const newest = new Map<string, OutboxEntry>();
      for (const e of good) {
        const k = `${e.table}\u0000${e.rowId}`;
        const had = newest.get(k);
        if (!had || had.version < e.version) newest.set(k, e);
      }
      const latest = [...newest.values()];
      await this.upsertRows(sql, st.stationUuid, latest.filter((e) => e.op !== 'delete'), now.toISOString());
      await this.deleteRows(sql, st, latest.filter((e) => e.op === 'delete'));
      const transfers = latest.filter((e) => e.table === 'case_transfer' && e.op !== 'delete');
      if (transfers.length > 0) await onTransfers(this.ctx, sql, st, transfers);
      const newCursor = fresh.length > 0 ? fresh[fresh.length - 1].seq : cursor;
      if (copyThrough !== null) {
        // a row the copy brings is covered, whether or not HQ already had that version
        await this.markCopied(sql, st.stationUuid, good.filter((e) => e.op !== 'delete'));
        if (newCursor >= copyThrough) await this.dropUncopied(sql, st);
      }
      for (const r of rejected) {
        const e = fresh.find((f) => f.seq === r.seq)!;
        await sql.run(
          `INSERT INTO "hq_reject" ("stationId", "seq", "tableName", "rowId", "reason", "payload", "at") VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT ("stationId", "seq") DO NOTHING`,
          [st.id, e.seq, e.table, e.rowId, r.reason, this.db.vault.seal(JSON.stringify(e.payload)), now.toISOString()],
        );
      }
      await sql.run(
        `UPDATE "hq_station" SET "cursor" = ?, "lastSyncAt" = ?, "backlog" = ?, "schemaVersion" = ?, "clockSkewMs" = ?, "rowsReceived" = "rowsReceived" + ?
         WHERE "id" = ?`,
        [newCursor, now.toISOString(), batch.backlog, batch.schemaVersion, skew, good.length, st.id],
      );
      return {
        cursor: newCursor,
        applied: good.length,
        skipped: batch.entries.length - fresh.length,
        rejected,
        epoch,
        serverTime: now.toISOString(),
      } satisfies PushAck;
    });
  }

  /** Why a row cannot be stored, or nothing: HQ records the reason and still moves on. */
  private check(st: AuthedStation, e: OutboxEntry): string | undefined {
    if (NEVER_SYNCED.has(e.table)) return 'tableNotSynced';
    const p = e.payload;
    if (p.id !== e.rowId) return 'idMismatch';
    if (p.version !== e.version) return 'versionMismatch';
    // a station writes only its own rows, whatever its credential
    if (p.stationId !== st.stationUuid) return 'foreignStation';
    return undefined;
  }

  private async upsertRows(sql: Sql, stationUuid: string, entries: OutboxEntry[], at: string): Promise<void> {
    if (sql.dialect === 'postgres') return this.upsertRowsPg(sql, stationUuid, entries, at);
    for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
      const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      for (const e of chunk) {
        const c = clearColumns(e.payload);
        params.push(stationUuid, e.table, e.rowId, e.version, e.seq, this.db.vault.seal(JSON.stringify(e.payload)), c.day, c.status, c.cancelled, c.caseId, at, at);
      }
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      // an older version never overwrites a newer one, whichever order they arrive in; the first
      // arrival's time stays
      await sql.run(
        `INSERT INTO "hq_row" ("stationId", "tableName", "rowId", "version", "seq", "payload", "day", "status", "cancelled", "caseId", "receivedAt", "firstReceivedAt")
         VALUES ${values}
         ON CONFLICT ("stationId", "tableName", "rowId") DO UPDATE SET
           "version" = excluded."version", "seq" = excluded."seq", "payload" = excluded."payload", "day" = excluded."day",
           "status" = excluded."status", "cancelled" = excluded."cancelled", "caseId" = excluded."caseId", "receivedAt" = excluded."receivedAt"
         WHERE "hq_row"."version" < excluded."version"`,
        params,
      );
    }
  }

  /**
   * PostgreSQL: a statement of column arrays (unnest) per slice of the batch, not thousands of
   * placeholders: the server parses one short text and the driver sends a few values. The
   * payloads, nine tenths of the bytes, go as one text split by the server at the record
   * separator (U+001E, which a sealed payload, base64, never holds) rather than as a text[] literal,
   * whose quoting the driver writes and the server reads back character by character: it took
   * the statement from above the multi-row INSERT floor to below it. The batch goes in slices so
   * that HQ seals the next slice while PostgreSQL stores the last one (sealing is most of HQ's
   * own work per row; the two run on different cores).
   */
  private async upsertRowsPg(sql: Sql, stationUuid: string, entries: OutboxEntry[], at: string): Promise<void> {
    let storing: Promise<number> | undefined;
    for (let i = 0; i < entries.length; i += SEAL_SLICE) {
      const params = this.sealedColumns(stationUuid, entries.slice(i, i + SEAL_SLICE), at);
      await storing;
      // an older version never overwrites a newer one, whichever order they arrive in
      storing = sql.run(
        `INSERT INTO "hq_row" ("stationId", "tableName", "rowId", "version", "seq", "payload", "day", "status", "cancelled", "caseId", "receivedAt", "firstReceivedAt")
         SELECT ?::text, u.t, u.r, u.v, u.s, u.p, u.d, u.st, u.c, u.k, ?::text, ?::text
         FROM unnest(?::text[], ?::text[], ?::int[], ?::bigint[], string_to_array(?::text, chr(30)), ?::text[], ?::text[], ?::int[], ?::text[]) AS u(t, r, v, s, p, d, st, c, k)
         ON CONFLICT ("stationId", "tableName", "rowId") DO UPDATE SET
           "version" = excluded."version", "seq" = excluded."seq", "payload" = excluded."payload", "day" = excluded."day",
           "status" = excluded."status", "cancelled" = excluded."cancelled", "caseId" = excluded."caseId", "receivedAt" = excluded."receivedAt"
         WHERE "hq_row"."version" < excluded."version"`,
        params,
      );
    }
    await storing;
  }

  /** The parameters of upsertRowsPg's statement for some entries: their columns, payloads sealed. */
  private sealedColumns(stationUuid: string, entries: OutboxEntry[], at: string): unknown[] {
    const tables: string[] = [];
    const ids: string[] = [];
    const versions: number[] = [];
    const seqs: number[] = [];
    const payloads: string[] = [];
    const days: (string | null)[] = [];
    const statuses: (string | null)[] = [];
    const cancelled: number[] = [];
    const cases: (string | null)[] = [];
    for (const e of entries) {
      const c = clearColumns(e.payload);
      tables.push(e.table);
      ids.push(e.rowId);
      versions.push(e.version);
      seqs.push(e.seq);
      payloads.push(this.db.vault.seal(JSON.stringify(e.payload)));
      days.push(c.day);
      statuses.push(c.status);
      cancelled.push(c.cancelled);
      cases.push(c.caseId);
    }
    return [stationUuid, at, at, tables, ids, versions, seqs, payloads.join(RECORD_SEPARATOR), days, statuses, cancelled, cases];
  }

  /**
   * Rows the station purged when their retention ended: HQ's copy goes too, with any rejected
   * upload of them (it holds the row's data). A later write of the same row cannot come: the
   * station removed the row and its outbox entries in the purge's transaction.
   */
  private async deleteRows(sql: Sql, st: AuthedStation, entries: OutboxEntry[]): Promise<void> {
    const byTable = new Map<string, string[]>();
    for (const e of entries) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e.rowId]);
    for (const [table, ids] of byTable) {
      for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
        const chunk = ids.slice(i, i + ROWS_PER_STATEMENT);
        const marks = chunk.map(() => '?').join(', ');
        await sql.run(`DELETE FROM "hq_row" WHERE "stationId" = ? AND "tableName" = ? AND "rowId" IN (${marks})`, [st.stationUuid, table, ...chunk]);
        await sql.run(`DELETE FROM "hq_reject" WHERE "stationId" = ? AND "tableName" = ? AND "rowId" IN (${marks})`, [st.id, table, ...chunk]);
      }
    }
  }

  /** Marks the station's rows of these tables as not yet covered by its full copy. */
  private async markUncopied(sql: Sql, stationUuid: string, tables: string[]): Promise<void> {
    if (tables.length === 0) return;
    await sql.run(`UPDATE "hq_row" SET "uncopied" = 1 WHERE "stationId" = ? AND "tableName" IN (${tables.map(() => '?').join(', ')})`, [stationUuid, ...tables]);
  }

  private async markCopied(sql: Sql, stationUuid: string, entries: OutboxEntry[]): Promise<void> {
    const byTable = new Map<string, string[]>();
    for (const e of entries) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e.rowId]);
    for (const [table, ids] of byTable) {
      for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
        const chunk = ids.slice(i, i + ROWS_PER_STATEMENT);
        await sql.run(
          `UPDATE "hq_row" SET "uncopied" = 0 WHERE "stationId" = ? AND "tableName" = ? AND "uncopied" = 1 AND "rowId" IN (${chunk.map(() => '?').join(', ')})`,
          [stationUuid, table, ...chunk],
        );
      }
    }
  }

  /**
   * The copy is complete: what it did not bring the station no longer holds (it purged the row,
   * possibly with a delete HQ never got). HQ's copy goes, with any rejected upload of it, as a
   * delete would take it.
   */
  private async dropUncopied(sql: Sql, st: AuthedStation): Promise<void> {
    await sql.run(
      `DELETE FROM "hq_reject" WHERE "stationId" = ? AND EXISTS (
         SELECT 1 FROM "hq_row" r WHERE r."stationId" = ? AND r."uncopied" = 1 AND r."tableName" = "hq_reject"."tableName" AND r."rowId" = "hq_reject"."rowId")`,
      [st.id, st.stationUuid],
    );
    await sql.run(`DELETE FROM "hq_row" WHERE "stationId" = ? AND "uncopied" = 1`, [st.stationUuid]);
    await sql.run(`UPDATE "hq_station" SET "copyThrough" = NULL WHERE "id" = ?`, [st.id]);
  }

  // ── reference data ───────────────────────────────────────────────────────────────────────
  /**
   * Publishes (adds or replaces) an item of a bucket. The counter row is updated in the same
   * transaction, which locks it: publications commit in sequence order, so a station reading
   * after its cursor never passes over a sequence that commits later.
   */
  async publish(bucket: Bucket, id: string | undefined, payload: Record<string, unknown>, by: string): Promise<{ id: string; version: number; seq: number }> {
    return this.db.tx((sql) => publishIn(this.ctx, sql, bucket, id, payload, by, null));
  }

  async listBucket(bucket: Bucket): Promise<{ id: string; version: number; payload: Record<string, unknown>; publishedAt: string; publishedBy: string }[]> {
    const rows = await this.db.rows<{ id: string; version: number; payload: string; publishedAt: string; publishedBy: string }>(
      `SELECT "id", "version", "payload", "publishedAt", "publishedBy" FROM "hq_ref" WHERE "bucket" = ? ORDER BY "seq" DESC`,
      [bucket],
    );
    return rows.map((r) => ({ id: r.id, version: Number(r.version), payload: this.db.vault.openJson(r.payload), publishedAt: r.publishedAt, publishedBy: r.publishedBy }));
  }

  /** A page of a bucket after the station's cursor: items for every station and those addressed to it. */
  async pull(bucket: Bucket, after: number, limit: number, stationKey: string): Promise<PullPage> {
    if (!BUCKETS.includes(bucket)) throw new HqError(404, 'unknownBucket');
    const rows = await this.db.rows<{ seq: unknown; id: string; version: unknown; payload: string }>(
      `SELECT "seq", "id", "version", "payload" FROM "hq_ref" WHERE "bucket" = ? AND ("audience" IS NULL OR "audience" = ?) AND "seq" > ? ORDER BY "seq" LIMIT ?`,
      [bucket, stationKey, after, limit + 1],
    );
    const [latest] = await this.db.rows<{ m: unknown }>(
      `SELECT MAX("seq") AS "m" FROM "hq_ref" WHERE "bucket" = ? AND ("audience" IS NULL OR "audience" = ?)`,
      [bucket, stationKey],
    );
    const items = rows.slice(0, limit).map((r) => ({ seq: num(r.seq), id: r.id, version: num(r.version), payload: this.db.vault.openJson(r.payload) }));
    return {
      bucket,
      epoch: await this.meta('epoch'),
      items,
      cursor: items.length > 0 ? items[items.length - 1].seq : after,
      latest: num(latest?.m),
      more: rows.length > limit,
    };
  }

  // ── case transfers ───────────────────────────────────────────────────────────────────────
  transfers(): Promise<TransferRecord[]> {
    return transferRecords(this.ctx);
  }

  // ── overview ─────────────────────────────────────────────────────────────────────────────
  stations(): Promise<StationRecord[]> {
    return stationRecords(this.db);
  }

  rejects(stationKey: string): Promise<{ seq: number; tableName: string; rowId: string; reason: string; at: string }[]> {
    return stationRejects(this.db, stationKey);
  }

  overview(from: string, to: string): Promise<Overview> {
    return overviewOf(this.db, from, to);
  }
}
