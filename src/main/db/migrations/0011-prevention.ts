import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * Prevention in the patrol zone: properties with their guards and the station's night checks of
 * them, schools with their gate times, terms and post attendance, and the video channels with
 * their check rounds. All synced: HQ and the housing department see the night-check scores.
 */
export class Prevention0011 implements MigrationInterface {
  name = 'Prevention1700000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "prevention_property" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "addressId" TEXT REFERENCES "address_node" ("id"),
      "company" TEXT NOT NULL,
      "contactName" TEXT,
      "contactPhone" TEXT,
      "nightGuards" INTEGER NOT NULL,
      "patrolPoints" INTEGER NOT NULL,
      "passScore" INTEGER NOT NULL,
      "note" TEXT)`);
    await q.query(`CREATE UNIQUE INDEX "prevention_property_name" ON "prevention_property" ("name") WHERE "cancelledAt" IS NULL`);

    await q.query(`CREATE TABLE "prevention_guard" (${SYNCED_BASE_COLUMNS_SQL},
      "propertyId" TEXT NOT NULL REFERENCES "prevention_property" ("id"),
      "name" TEXT NOT NULL,
      "phone" TEXT)`);
    await q.query(`CREATE INDEX "prevention_guard_property" ON "prevention_guard" ("propertyId")`);

    await q.query(`CREATE TABLE "prevention_night_check" (${SYNCED_BASE_COLUMNS_SQL},
      "propertyId" TEXT NOT NULL REFERENCES "prevention_property" ("id"),
      "checkedAt" TEXT NOT NULL,
      "checkedMonth" TEXT NOT NULL,
      "checkedById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "onRound" INTEGER NOT NULL,
      "guardsSeen" INTEGER NOT NULL,
      "guardsExpected" INTEGER NOT NULL,
      "pointsChecked" INTEGER NOT NULL,
      "pointsTotal" INTEGER NOT NULL,
      "problems" TEXT NOT NULL,
      "score" INTEGER NOT NULL CHECK ("score" BETWEEN 0 AND 100),
      "note" TEXT)`);
    await q.query(`CREATE INDEX "prevention_night_check_month" ON "prevention_night_check" ("checkedMonth", "propertyId", "checkedAt")`);

    await q.query(`CREATE TABLE "prevention_school" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "addressId" TEXT REFERENCES "address_node" ("id"),
      "contactName" TEXT,
      "contactPhone" TEXT,
      "morningFrom" TEXT NOT NULL,
      "morningTo" TEXT NOT NULL,
      "afternoonFrom" TEXT NOT NULL,
      "afternoonTo" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "prevention_school_name" ON "prevention_school" ("name") WHERE "cancelledAt" IS NULL`);

    await q.query(`CREATE TABLE "prevention_term" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "startDate" TEXT NOT NULL,
      "endDate" TEXT NOT NULL)`);

    await q.query(`CREATE TABLE "prevention_attendance" (${SYNCED_BASE_COLUMNS_SQL},
      "schoolId" TEXT NOT NULL REFERENCES "prevention_school" ("id"),
      "postDate" TEXT NOT NULL,
      "period" TEXT NOT NULL,
      "staffId" TEXT REFERENCES "staff" ("id"),
      "personName" TEXT NOT NULL,
      "absent" INTEGER NOT NULL,
      "arrivedAt" TEXT,
      "leftAt" TEXT,
      "note" TEXT)`);
    await q.query(`CREATE INDEX "prevention_attendance_post" ON "prevention_attendance" ("postDate", "schoolId", "period")`);

    await q.query(`CREATE TABLE "prevention_camera" (${SYNCED_BASE_COLUMNS_SQL},
      "code" TEXT NOT NULL,
      "place" TEXT NOT NULL,
      "facing" TEXT,
      "ownerUnit" TEXT NOT NULL,
      "note" TEXT,
      "status" TEXT NOT NULL,
      "faultNote" TEXT,
      "faultSince" TEXT,
      "lastCheckedAt" TEXT)`);
    // one live camera per channel code; a retired one's code may be given to its replacement
    await q.query(`CREATE UNIQUE INDEX "prevention_camera_code" ON "prevention_camera" ("code") WHERE "cancelledAt" IS NULL`);

    await q.query(`CREATE TABLE "prevention_camera_round" (${SYNCED_BASE_COLUMNS_SQL},
      "checkedAt" TEXT NOT NULL,
      "checkedById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "note" TEXT,
      "cameraCount" INTEGER NOT NULL,
      "faultCount" INTEGER NOT NULL)`);
    await q.query(`CREATE INDEX "prevention_camera_round_at" ON "prevention_camera_round" ("checkedAt")`);

    await q.query(`CREATE TABLE "prevention_camera_check" (${SYNCED_BASE_COLUMNS_SQL},
      "roundId" TEXT NOT NULL REFERENCES "prevention_camera_round" ("id"),
      "cameraId" TEXT NOT NULL REFERENCES "prevention_camera" ("id"),
      "ok" INTEGER NOT NULL,
      "note" TEXT)`);
    await q.query(`CREATE INDEX "prevention_camera_check_round" ON "prevention_camera_check" ("roundId")`);
    await q.query(`CREATE INDEX "prevention_camera_check_camera" ON "prevention_camera_check" ("cameraId")`);

    // Frozen here, not read from the code: a released migration must not change with it.
    const columns: Record<string, string[]> = {
      prevention_property: ['name', 'addressId', 'company', 'contactName', 'contactPhone', 'nightGuards', 'patrolPoints', 'passScore', 'note'],
      prevention_guard: ['propertyId', 'name', 'phone'],
      prevention_night_check: ['propertyId', 'checkedAt', 'checkedMonth', 'checkedById', 'onRound', 'guardsSeen', 'guardsExpected', 'pointsChecked', 'pointsTotal', 'problems', 'score', 'note'],
      prevention_school: ['name', 'addressId', 'contactName', 'contactPhone', 'morningFrom', 'morningTo', 'afternoonFrom', 'afternoonTo'],
      prevention_term: ['name', 'startDate', 'endDate'],
      prevention_attendance: ['schoolId', 'postDate', 'period', 'staffId', 'personName', 'absent', 'arrivedAt', 'leftAt', 'note'],
      prevention_camera: ['code', 'place', 'facing', 'ownerUnit', 'note', 'status', 'faultNote', 'faultSince', 'lastCheckedAt'],
      prevention_camera_round: ['checkedAt', 'checkedById', 'note', 'cameraCount', 'faultCount'],
      prevention_camera_check: ['roundId', 'cameraId', 'ok', 'note'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'prevention_camera_check',
      'prevention_camera_round',
      'prevention_camera',
      'prevention_attendance',
      'prevention_term',
      'prevention_school',
      'prevention_night_check',
      'prevention_guard',
      'prevention_property',
    ])
      await q.query(`DROP TABLE "${table}"`);
  }
}
