import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HQ's tables: enrolled stations with their sync cursor, every station's rows as last uploaded,
 * rejected rows with the reason, reference data with its change sequence, HQ staff, settings.
 * One text of SQL for both dialects where they agree; BIGINT/INTEGER where they do not.
 */
export class HqFoundation0001 implements MigrationInterface {
  name = 'HqFoundation1700000000001';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const big = pg ? 'BIGINT' : 'INTEGER';
    const serial = pg ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    await q.query(`CREATE TABLE "hq_meta" ("key" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL)`);
    await q.query(`CREATE TABLE "hq_counter" ("name" TEXT PRIMARY KEY NOT NULL, "value" ${big} NOT NULL)`);
    await q.query(`CREATE TABLE "hq_station" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "code" TEXT NOT NULL UNIQUE,
      "name" TEXT NOT NULL,
      "district" TEXT NOT NULL,
      "createdAt" TEXT NOT NULL,
      "enrolCodeHash" TEXT,
      "enrolExpiresAt" TEXT,
      "secretHash" TEXT,
      "enrolledAt" TEXT,
      "stationUuid" TEXT UNIQUE,
      "cursor" ${big} NOT NULL DEFAULT 0,
      "lastSyncAt" TEXT,
      "backlog" ${big} NOT NULL DEFAULT 0,
      "schemaVersion" INTEGER,
      "clockSkewMs" ${big},
      "rowsReceived" ${big} NOT NULL DEFAULT 0)`);
    // The station's rows as they are now (the newest version wins); the payload is kept whole,
    // so columns this HQ does not know yet are not lost. day/status are copied out for the overview.
    await q.query(`CREATE TABLE "hq_row" (
      "stationId" TEXT NOT NULL,
      "tableName" TEXT NOT NULL,
      "rowId" TEXT NOT NULL,
      "version" INTEGER NOT NULL,
      "seq" ${big} NOT NULL,
      "payload" TEXT NOT NULL,
      "day" TEXT,
      "status" TEXT,
      "cancelled" INTEGER NOT NULL DEFAULT 0,
      "receivedAt" TEXT NOT NULL,
      PRIMARY KEY ("stationId", "tableName", "rowId"))`);
    await q.query(`CREATE INDEX "hq_row_day" ON "hq_row" ("tableName", "day")`);
    await q.query(`CREATE TABLE "hq_reject" (
      "id" ${serial},
      "stationId" TEXT NOT NULL,
      "seq" ${big} NOT NULL,
      "tableName" TEXT NOT NULL,
      "rowId" TEXT NOT NULL,
      "reason" TEXT NOT NULL,
      "payload" TEXT NOT NULL,
      "at" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "hq_reject_seq" ON "hq_reject" ("stationId", "seq")`);
    // Reference data: one row per item with the sequence of its latest change; a pull reads
    // the bucket in sequence order after the station's cursor.
    await q.query(`CREATE TABLE "hq_ref" (
      "bucket" TEXT NOT NULL,
      "id" TEXT NOT NULL,
      "version" INTEGER NOT NULL,
      "seq" ${big} NOT NULL,
      "payload" TEXT NOT NULL,
      "publishedAt" TEXT NOT NULL,
      "publishedBy" TEXT NOT NULL,
      PRIMARY KEY ("bucket", "id"))`);
    await q.query(`CREATE INDEX "hq_ref_seq" ON "hq_ref" ("bucket", "seq")`);
    await q.query(`CREATE TABLE "hq_user" (
      "username" TEXT PRIMARY KEY NOT NULL,
      "passwordHash" TEXT NOT NULL,
      "role" TEXT NOT NULL,
      "createdAt" TEXT NOT NULL)`);
    const insertMeta = pg ? `INSERT INTO "hq_meta" VALUES ($1, $2)` : `INSERT INTO "hq_meta" VALUES (?, ?)`;
    // the epoch changes when HQ is restored from a backup; the token key signs staff sessions
    await q.query(insertMeta, ['epoch', randomBytes(8).toString('hex')]);
    await q.query(insertMeta, ['tokenKey', randomBytes(32).toString('hex')]);
    await q.query(`INSERT INTO "hq_counter" VALUES ('refSeq', 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['hq_user', 'hq_ref', 'hq_reject', 'hq_row', 'hq_station', 'hq_counter', 'hq_meta']) await q.query(`DROP TABLE "${t}"`);
  }
}
