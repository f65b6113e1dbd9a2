import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets sync repair itself after a fault: the enrolment code a station spent, kept until the
 * station first signs in with the credential it got for it (an answer lost on the way may be
 * fetched again with the same code); and, while a station re-sends its rows in full after HQ lost
 * changes, where that copy ends and which of HQ's rows it has not covered yet (dropped at its end);
 * and HQ's own time when a row first arrived, the day it counts under when the station's clock
 * is wrong.
 */
export class HqSyncRepair0006 implements MigrationInterface {
  name = 'HqSyncRepair1700000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hq_station" ADD COLUMN "spentCodeHash" TEXT`);
    await q.query(`ALTER TABLE "hq_station" ADD COLUMN "copyThrough" ${q.connection.driver.options.type === 'postgres' ? 'BIGINT' : 'INTEGER'}`);
    await q.query(`ALTER TABLE "hq_row" ADD COLUMN "uncopied" INTEGER NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "hq_row" ADD COLUMN "firstReceivedAt" TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hq_row" DROP COLUMN "firstReceivedAt"`);
    await q.query(`ALTER TABLE "hq_row" DROP COLUMN "uncopied"`);
    await q.query(`ALTER TABLE "hq_station" DROP COLUMN "copyThrough"`);
    await q.query(`ALTER TABLE "hq_station" DROP COLUMN "spentCodeHash"`);
  }
}
