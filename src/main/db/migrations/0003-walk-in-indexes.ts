import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Walk-in indexes measured at a million rows: a name search by a common surname reads only the
 * index (no table rows) to pick the newest matches; and the two self-references of a referral
 * get indexes, without which deleting one walk-in scans the table twice for foreign keys.
 */
export class WalkInIndexes0003 implements MigrationInterface {
  name = 'WalkInIndexes1700000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "walk_in_name"`);
    await q.query(`CREATE INDEX "walk_in_name_live" ON "walk_in" ("visitorName", "arrivedAt", "id") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "walk_in_referred_from" ON "walk_in" ("referredFromId")`);
    await q.query(`CREATE INDEX "walk_in_referred_to" ON "walk_in" ("referredToId")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "walk_in_referred_to"`);
    await q.query(`DROP INDEX "walk_in_referred_from"`);
    await q.query(`DROP INDEX "walk_in_name_live"`);
    await q.query(`CREATE INDEX "walk_in_name" ON "walk_in" ("visitorName", "arrivedAt")`);
  }
}
