import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ratingTable } from '../../intake/hall/rating.entity.js';
import { SYNCED_BASE_COLUMNS_SQL } from '../outbox.js';

/**
 * The front desk as a service hall: a paired terminal's purpose (the whole app, or one public
 * screen), the calls made to walk-ins (kept at the station: the display's source), and the
 * visitors' ratings (synced to HQ).
 */
export class Hall0022 implements MigrationInterface {
  name = 'Hall1700000000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "paired_terminal" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'full'`);
    await q.query(`CREATE TABLE "hall_call" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "walkInId" TEXT NOT NULL REFERENCES "walk_in" ("id"),
      "localDate" TEXT NOT NULL,
      "route" TEXT NOT NULL,
      "action" TEXT NOT NULL,
      "at" TEXT NOT NULL,
      "byId" TEXT NOT NULL REFERENCES "staff" ("id"))`);
    await q.query(`CREATE INDEX "hall_call_day" ON "hall_call" ("localDate", "route", "at")`);
    await q.query(`CREATE INDEX "hall_call_walk_in" ON "hall_call" ("walkInId", "at")`);
    await q.query(`CREATE TABLE "walk_in_rating" (${SYNCED_BASE_COLUMNS_SQL},
      "walkInId" TEXT NOT NULL REFERENCES "walk_in" ("id"),
      "localDate" TEXT NOT NULL,
      "route" TEXT NOT NULL,
      "queueNo" TEXT NOT NULL,
      "ratedAt" TEXT NOT NULL,
      "level" TEXT NOT NULL,
      "reasons" TEXT NOT NULL,
      "comment" TEXT,
      "terminalId" TEXT,
      "dutyEntryId" TEXT)`);
    // one rating per walk-in: a second is refused by the service, and by this index should two race
    await q.query(`CREATE UNIQUE INDEX "walk_in_rating_once" ON "walk_in_rating" ("walkInId") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "walk_in_rating_day" ON "walk_in_rating" ("localDate")`);
    for (const sql of ratingTable.triggerSql('dutyEntryId')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "walk_in_rating"`);
    await q.query(`DROP TABLE "hall_call"`);
    await q.query(`ALTER TABLE "paired_terminal" DROP COLUMN "mode"`);
  }
}
