import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The double-hundred assessment's rules the head sets: how visitors' ratings (好差评) count on the
 * community side — on or off, points per satisfied rating, per poor one, and a cap. One row per
 * station once saved; synced like the assessment's manual items.
 */
export class AssessmentRules0023 implements MigrationInterface {
  name = 'AssessmentRules1700000000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "office_assessment_rule" (${SYNCED_BASE_COLUMNS_SQL},
      "ratingOn" INTEGER NOT NULL,
      "ratingPointsSatisfied" REAL NOT NULL,
      "ratingPointsPoor" REAL NOT NULL,
      "ratingCap" REAL NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "office_assessment_rule_station" ON "office_assessment_rule" ("stationId")`);
    // frozen here, not read from the code: a released migration must not change with it
    const own = ['ratingOn', 'ratingPointsSatisfied', 'ratingPointsPoor', 'ratingCap'];
    for (const sql of outboxTriggerSql('office_assessment_rule', [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    // a rating counts for the one it names, over a period of local days
    await q.query(`CREATE INDEX "walk_in_rating_person" ON "walk_in_rating" ("createdBy", "localDate")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "walk_in_rating_person"`);
    await q.query(`DROP TABLE "office_assessment_rule"`);
  }
}
