import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * Sync to HQ: the station's credential and cursors (one row), when each cursor was acknowledged
 * (acknowledged outbox rows are kept for a while, in case HQ is restored from a backup), rows HQ
 * rejected, reference data HQ published, and read receipts of HQ's directives (synced up).
 */
export class Sync0007 implements MigrationInterface {
  // TypeORM orders migrations by a 13-digit suffix of the name: ours is 1700000000000 + the number.
  name = 'Sync1700000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sync_state" (
      "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
      "hqUrl" TEXT,
      "hqKey" TEXT,
      "secret" TEXT,
      "hqCode" TEXT,
      "epoch" TEXT,
      "ackedSeq" INTEGER NOT NULL DEFAULT 0,
      "prunedThrough" INTEGER NOT NULL DEFAULT 0,
      "rebaseAfter" INTEGER,
      "pendingUrl" TEXT,
      "pendingCode" TEXT,
      "enabled" INTEGER NOT NULL DEFAULT 1,
      "retentionDays" INTEGER NOT NULL DEFAULT 30,
      "lastAttemptAt" TEXT,
      "lastSuccessAt" TEXT,
      "lastError" TEXT,
      "lastErrorAt" TEXT,
      "online" INTEGER NOT NULL DEFAULT 0,
      "clockSkewMs" INTEGER)`);
    await q.query(`INSERT INTO "sync_state" ("id") VALUES (1)`);
    await q.query(`CREATE TABLE "sync_ack" ("seq" INTEGER PRIMARY KEY NOT NULL, "ackedAt" TEXT NOT NULL)`);
    await q.query(`CREATE TABLE "sync_cursor" ("bucket" TEXT PRIMARY KEY NOT NULL, "cursor" INTEGER NOT NULL)`);
    await q.query(`CREATE TABLE "sync_reference" (
      "bucket" TEXT NOT NULL,
      "id" TEXT NOT NULL,
      "version" INTEGER NOT NULL,
      "payload" TEXT NOT NULL,
      "receivedAt" TEXT NOT NULL,
      PRIMARY KEY ("bucket", "id"))`);
    await q.query(`CREATE TABLE "sync_reject" (
      "seq" INTEGER PRIMARY KEY NOT NULL,
      "tableName" TEXT NOT NULL,
      "rowId" TEXT NOT NULL,
      "reason" TEXT NOT NULL,
      "at" TEXT NOT NULL)`);
    await q.query(`CREATE TABLE "directive_receipt" (${SYNCED_BASE_COLUMNS_SQL},
      "directiveId" TEXT NOT NULL,
      "staffId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "readAt" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "directive_receipt_once" ON "directive_receipt" ("directiveId", "staffId")`);
    for (const sql of outboxTriggerSql('directive_receipt', [...SYNCED_BASE_COLUMNS, 'directiveId', 'staffId', 'readAt'])) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['directive_receipt', 'sync_reject', 'sync_reference', 'sync_cursor', 'sync_ack', 'sync_state']) await q.query(`DROP TABLE "${t}"`);
  }
}
