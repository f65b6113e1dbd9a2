import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/** The station, its staff and their credentials, walk-ins, the audit log and the sync outbox. */
export class Foundation0001 implements MigrationInterface {
  // TypeORM orders migrations by a 13-digit suffix of the name: ours is 1700000000000 + the number.
  name = 'Foundation1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sync_outbox" (
      "seq" INTEGER PRIMARY KEY AUTOINCREMENT,
      "tableName" TEXT NOT NULL,
      "rowId" TEXT NOT NULL,
      "op" TEXT NOT NULL,
      "version" INTEGER NOT NULL,
      "payload" TEXT NOT NULL,
      "createdAt" TEXT NOT NULL)`);

    await q.query(`CREATE TABLE "station" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "code" TEXT NOT NULL,
      "policeArea" TEXT NOT NULL,
      "community" TEXT NOT NULL,
      "grid" TEXT,
      "address" TEXT NOT NULL,
      "dutyPhones" TEXT NOT NULL,
      "timeZone" TEXT NOT NULL,
      "hqUrl" TEXT,
      "idleLockMinutes" INTEGER NOT NULL)`);

    await q.query(`CREATE TABLE "staff" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "username" TEXT NOT NULL,
      "role" TEXT NOT NULL,
      "phone" TEXT NOT NULL,
      "active" INTEGER NOT NULL DEFAULT 1)`);
    await q.query(`CREATE UNIQUE INDEX "staff_username" ON "staff" ("username" COLLATE NOCASE)`);

    // Credentials stay on the station: never synced.
    await q.query(`CREATE TABLE "staff_credential" (
      "staffId" TEXT PRIMARY KEY NOT NULL REFERENCES "staff" ("id"),
      "passwordHash" TEXT NOT NULL,
      "mustChangePassword" INTEGER NOT NULL,
      "failedAttempts" INTEGER NOT NULL DEFAULT 0,
      "lockedUntil" TEXT,
      "passwordChangedAt" TEXT NOT NULL)`);

    await q.query(`CREATE TABLE "walk_in" (${SYNCED_BASE_COLUMNS_SQL},
      "localDate" TEXT NOT NULL,
      "route" TEXT NOT NULL,
      "queueSeq" INTEGER NOT NULL,
      "queueNo" TEXT NOT NULL,
      "arrivedAt" TEXT NOT NULL,
      "visitorName" TEXT NOT NULL,
      "idType" TEXT NOT NULL,
      "idNumber" TEXT,
      "phone" TEXT,
      "birthDate" TEXT,
      "sex" TEXT,
      "purpose" TEXT NOT NULL,
      "note" TEXT,
      "status" TEXT NOT NULL,
      "receivedById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "servedById" TEXT REFERENCES "staff" ("id"),
      "servingStartedAt" TEXT,
      "finishedAt" TEXT,
      "referredFromId" TEXT REFERENCES "walk_in" ("id"),
      "referredToId" TEXT REFERENCES "walk_in" ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "walk_in_queue" ON "walk_in" ("localDate", "route", "queueSeq")`);
    await q.query(`CREATE INDEX "walk_in_arrived" ON "walk_in" ("arrivedAt")`);
    await q.query(`CREATE INDEX "walk_in_id_number" ON "walk_in" ("idNumber", "arrivedAt")`);
    await q.query(`CREATE INDEX "walk_in_phone" ON "walk_in" ("phone", "arrivedAt")`);
    await q.query(`CREATE INDEX "walk_in_name" ON "walk_in" ("visitorName", "arrivedAt")`);

    await q.query(`CREATE TABLE "audit_log" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "at" TEXT NOT NULL,
      "staffId" TEXT,
      "staffName" TEXT,
      "method" TEXT NOT NULL,
      "recordId" TEXT,
      "detail" TEXT)`);
    await q.query(`CREATE INDEX "audit_log_at" ON "audit_log" ("at")`);
    await q.query(`CREATE INDEX "audit_log_record" ON "audit_log" ("recordId")`);

    const columns = {
      station: ['name', 'code', 'policeArea', 'community', 'grid', 'address', 'dutyPhones', 'timeZone', 'hqUrl', 'idleLockMinutes'],
      staff: ['name', 'username', 'role', 'phone', 'active'],
      walk_in: [
        'localDate', 'route', 'queueSeq', 'queueNo', 'arrivedAt', 'visitorName', 'idType', 'idNumber', 'phone',
        'birthDate', 'sex', 'purpose', 'note', 'status', 'receivedById', 'servedById', 'servingStartedAt',
        'finishedAt', 'referredFromId', 'referredToId',
      ],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'walk_in', 'staff_credential', 'staff', 'station', 'sync_outbox']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
