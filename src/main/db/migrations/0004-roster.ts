import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The duty roster: the station's rule set, its holiday calendar per year, leave and wishes, one
 * roster per month with its assignments, and swap requests. All synced: HQ sees coverage gaps and
 * publishes holiday calendars. Nothing is deleted: an assignment taken away keeps its row with no
 * shift, and withdrawn leave is cancelled, so that the outbox carries every change.
 */
export class Roster0004 implements MigrationInterface {
  name = 'Roster1700000000004';

  async up(q: QueryRunner): Promise<void> {
    // JSON documents validated by the contract's schemas; one row per station.
    await q.query(`CREATE TABLE "roster_settings" (${SYNCED_BASE_COLUMNS_SQL},
      "settings" TEXT NOT NULL,
      "people" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "roster_settings_station" ON "roster_settings" ("stationId")`);

    await q.query(`CREATE TABLE "roster_holiday_year" (${SYNCED_BASE_COLUMNS_SQL},
      "year" INTEGER NOT NULL,
      "provisional" INTEGER NOT NULL,
      "days" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "roster_holiday_year_station" ON "roster_holiday_year" ("stationId", "year")`);

    await q.query(`CREATE TABLE "roster_absence" (${SYNCED_BASE_COLUMNS_SQL},
      "staffId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "kind" TEXT NOT NULL,
      "fromDate" TEXT NOT NULL,
      "toDate" TEXT NOT NULL,
      "shiftId" TEXT,
      "weight" REAL,
      "note" TEXT)`);
    await q.query(`CREATE INDEX "roster_absence_dates" ON "roster_absence" ("fromDate", "toDate") WHERE "cancelledAt" IS NULL`);

    // The rule set the month was generated with is kept beside it (what the engine was asked), while
    // edits are checked against the station's current rules (what the head sees in settings).
    await q.query(`CREATE TABLE "roster" (${SYNCED_BASE_COLUMNS_SQL},
      "month" TEXT NOT NULL,
      "settingsVersion" INTEGER NOT NULL,
      "settings" TEXT NOT NULL,
      "generatedAt" TEXT,
      "generatedBy" TEXT REFERENCES "staff" ("id"),
      "objective" REAL,
      "optimal" INTEGER NOT NULL DEFAULT 0)`);
    await q.query(`CREATE UNIQUE INDEX "roster_month" ON "roster" ("stationId", "month")`);

    await q.query(`CREATE TABLE "roster_assignment" (${SYNCED_BASE_COLUMNS_SQL},
      "rosterId" TEXT NOT NULL REFERENCES "roster" ("id"),
      "staffId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "date" TEXT NOT NULL,
      "shiftId" TEXT)`);
    await q.query(`CREATE UNIQUE INDEX "roster_assignment_cell" ON "roster_assignment" ("rosterId", "staffId", "date")`);
    // who is on duty now: by date across months
    await q.query(`CREATE INDEX "roster_assignment_date" ON "roster_assignment" ("date") WHERE "shiftId" IS NOT NULL`);

    await q.query(`CREATE TABLE "roster_swap" (${SYNCED_BASE_COLUMNS_SQL},
      "month" TEXT NOT NULL,
      "requesterId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "requesterDate" TEXT NOT NULL,
      "counterpartId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "counterpartDate" TEXT NOT NULL,
      "note" TEXT,
      "state" TEXT NOT NULL,
      "decidedBy" TEXT REFERENCES "staff" ("id"),
      "decidedAt" TEXT,
      "decisionNote" TEXT)`);
    await q.query(`CREATE INDEX "roster_swap_month" ON "roster_swap" ("month")`);

    const columns: Record<string, string[]> = {
      roster_settings: ['settings', 'people'],
      roster_holiday_year: ['year', 'provisional', 'days'],
      roster_absence: ['staffId', 'kind', 'fromDate', 'toDate', 'shiftId', 'weight', 'note'],
      roster: ['month', 'settingsVersion', 'settings', 'generatedAt', 'generatedBy', 'objective', 'optimal'],
      roster_assignment: ['rosterId', 'staffId', 'date', 'shiftId'],
      roster_swap: ['month', 'requesterId', 'requesterDate', 'counterpartId', 'counterpartDate', 'note', 'state', 'decidedBy', 'decidedAt', 'decisionNote'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['roster_swap', 'roster_assignment', 'roster', 'roster_absence', 'roster_holiday_year', 'roster_settings']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
