import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets sync repair itself after a fault: the enrolment code a station spent, kept until the
 * station first signs in with the credential it got for it (an answer lost on the way may be
 * fetched again with the same code).
 */
export class HqSyncRepair0005 implements MigrationInterface {
  name = 'HqSyncRepair1700000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hq_station" ADD COLUMN "spentCodeHash" TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hq_station" DROP COLUMN "spentCodeHash"`);
  }
}
