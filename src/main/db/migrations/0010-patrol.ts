import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The patrol zone: routes, patrols and their findings, volunteers, the points rules, the goods of
 * the points supermarket and the points ledger. All synced: HQ reads patrol figures and volunteer
 * points.
 *
 * The ledger is append-only in the database itself, not only in the service: an entry that changes
 * a value or is deleted is refused by a trigger, a balance below zero by a CHECK, and each entry
 * must continue its volunteer's running balance (previous balance + points) in sequence.
 */
export class Patrol0010 implements MigrationInterface {
  name = 'Patrol1700000000010';

  async up(q: QueryRunner): Promise<void> {
    // checkpoints: the ordered list (JSON) [{ key, addressId, place }]
    await q.query(`CREATE TABLE "patrol_route" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "note" TEXT,
      "checkpoints" TEXT NOT NULL)`);

    // staff, volunteers, guards, checkpoints: as they were on the patrol (JSON), so a later rename
    // or a changed route does not rewrite it
    await q.query(`CREATE TABLE "patrol" (${SYNCED_BASE_COLUMNS_SQL},
      "routeId" TEXT NOT NULL REFERENCES "patrol_route" ("id"),
      "routeName" TEXT NOT NULL,
      "status" TEXT NOT NULL,
      "startedAt" TEXT NOT NULL,
      "endedAt" TEXT,
      "staff" TEXT NOT NULL,
      "volunteers" TEXT NOT NULL,
      "guards" TEXT NOT NULL,
      "bicycleId" TEXT REFERENCES "office_equipment" ("id"),
      "bicycleReturnedAt" TEXT,
      "checkpoints" TEXT NOT NULL,
      "note" TEXT,
      "dutyEntryId" TEXT REFERENCES "office_log_entry" ("id"))`);
    await q.query(`CREATE INDEX "patrol_started" ON "patrol" ("startedAt")`);
    await q.query(`CREATE INDEX "patrol_underway" ON "patrol" ("status") WHERE "status" = 'underway'`);
    // a bicycle is out on one patrol at a time: the second checkout fails even if a check is missed
    await q.query(`CREATE UNIQUE INDEX "patrol_bicycle_out" ON "patrol" ("bicycleId") WHERE "status" = 'underway' AND "bicycleId" IS NOT NULL`);

    await q.query(`CREATE TABLE "patrol_finding" (${SYNCED_BASE_COLUMNS_SQL},
      "patrolId" TEXT NOT NULL REFERENCES "patrol" ("id"),
      "at" TEXT NOT NULL,
      "place" TEXT NOT NULL,
      "addressId" TEXT,
      "text" TEXT NOT NULL,
      "outcomeKind" TEXT,
      "outcomeRefId" TEXT)`);
    await q.query(`CREATE INDEX "patrol_finding_patrol" ON "patrol_finding" ("patrolId", "at")`);

    await q.query(`CREATE TABLE "patrol_volunteer" (${SYNCED_BASE_COLUMNS_SQL},
      "cardNo" TEXT NOT NULL,
      "name" TEXT NOT NULL,
      "phone" TEXT,
      "note" TEXT,
      "joinedOn" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "patrol_volunteer_card" ON "patrol_volunteer" ("stationId", "cardNo")`);

    await q.query(`CREATE TABLE "patrol_points_rules" (${SYNCED_BASE_COLUMNS_SQL},
      "perHour" INTEGER NOT NULL CHECK ("perHour" >= 0),
      "perPatrol" INTEGER NOT NULL CHECK ("perPatrol" >= 0),
      "perFinding" INTEGER NOT NULL CHECK ("perFinding" >= 0))`);
    await q.query(`CREATE UNIQUE INDEX "patrol_points_rules_station" ON "patrol_points_rules" ("stationId")`);

    await q.query(`CREATE TABLE "patrol_goods" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "unit" TEXT NOT NULL,
      "price" INTEGER NOT NULL CHECK ("price" > 0),
      "stock" INTEGER NOT NULL CHECK ("stock" >= 0),
      "note" TEXT)`);

    await q.query(`CREATE TABLE "patrol_points_entry" (${SYNCED_BASE_COLUMNS_SQL},
      "volunteerId" TEXT NOT NULL REFERENCES "patrol_volunteer" ("id"),
      "seq" INTEGER NOT NULL,
      "at" TEXT NOT NULL,
      "kind" TEXT NOT NULL,
      "points" INTEGER NOT NULL CHECK ("points" <> 0),
      "balanceAfter" INTEGER NOT NULL CHECK ("balanceAfter" >= 0),
      "reason" TEXT,
      "detail" TEXT,
      "patrolId" TEXT REFERENCES "patrol" ("id"),
      "goodsId" TEXT REFERENCES "patrol_goods" ("id"),
      "quantity" INTEGER,
      "reversesId" TEXT REFERENCES "patrol_points_entry" ("id"))`);
    // the running balance is the last entry's: one index step
    await q.query(`CREATE UNIQUE INDEX "patrol_points_entry_seq" ON "patrol_points_entry" ("volunteerId", "seq")`);
    await q.query(`CREATE UNIQUE INDEX "patrol_points_entry_reverses" ON "patrol_points_entry" ("reversesId") WHERE "reversesId" IS NOT NULL`);
    // a patrol pays each volunteer once
    await q.query(`CREATE UNIQUE INDEX "patrol_points_entry_patrol" ON "patrol_points_entry" ("patrolId", "volunteerId") WHERE "kind" = 'patrol'`);
    await q.query(`CREATE TRIGGER "patrol_points_entry_continues" BEFORE INSERT ON "patrol_points_entry"
      WHEN NEW."seq" <> COALESCE((SELECT MAX("seq") FROM "patrol_points_entry" WHERE "volunteerId" = NEW."volunteerId"), 0) + 1
        OR NEW."balanceAfter" <> COALESCE((SELECT "balanceAfter" FROM "patrol_points_entry" WHERE "volunteerId" = NEW."volunteerId" ORDER BY "seq" DESC LIMIT 1), 0) + NEW."points"
      BEGIN SELECT RAISE(ABORT, 'patrol_points_entry: an entry continues its volunteer''s running balance'); END`);

    // Frozen here, not read from the code: a released migration must not change with it.
    const columns: Record<string, string[]> = {
      patrol_route: ['name', 'note', 'checkpoints'],
      patrol: ['routeId', 'routeName', 'status', 'startedAt', 'endedAt', 'staff', 'volunteers', 'guards', 'bicycleId', 'bicycleReturnedAt', 'checkpoints', 'note', 'dutyEntryId'],
      patrol_finding: ['patrolId', 'at', 'place', 'addressId', 'text', 'outcomeKind', 'outcomeRefId'],
      patrol_volunteer: ['cardNo', 'name', 'phone', 'note', 'joinedOn'],
      patrol_points_rules: ['perHour', 'perPatrol', 'perFinding'],
      patrol_goods: ['name', 'unit', 'price', 'stock', 'note'],
      patrol_points_entry: ['volunteerId', 'seq', 'at', 'kind', 'points', 'balanceAfter', 'reason', 'detail', 'patrolId', 'goodsId', 'quantity', 'reversesId'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
    // Append-only: a write that changes any value of an entry, or removes one, is refused. A
    // no-op UPDATE (sync queueing every row again) still passes, and so still reaches the outbox.
    const all = [...SYNCED_BASE_COLUMNS, ...columns.patrol_points_entry];
    await q.query(`CREATE TRIGGER "patrol_points_entry_append_only" BEFORE UPDATE ON "patrol_points_entry"
      WHEN ${all.map((c) => `NEW."${c}" IS NOT OLD."${c}"`).join(' OR ')}
      BEGIN SELECT RAISE(ABORT, 'patrol_points_entry is append-only: reverse an entry instead'); END`);
    await q.query(`CREATE TRIGGER "patrol_points_entry_no_delete" BEFORE DELETE ON "patrol_points_entry"
      BEGIN SELECT RAISE(ABORT, 'patrol_points_entry is append-only: reverse an entry instead'); END`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['patrol_points_entry', 'patrol_goods', 'patrol_points_rules', 'patrol_volunteer', 'patrol_finding', 'patrol', 'patrol_route']) await q.query(`DROP TABLE "${table}"`);
  }
}
