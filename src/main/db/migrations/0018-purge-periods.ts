import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention periods a purge ran with. A restore from a backup taken before a purge runs that
 * purge again on the restored data, with the same periods and the same moment, so a restore never
 * brings a purged record back. Purges recorded before this column replay with the periods the
 * station has at the time of the restore.
 */
export class PurgePeriods0018 implements MigrationInterface {
  name = 'PurgePeriods1700000000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "retention_purge" ADD COLUMN "periods" TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "retention_purge" DROP COLUMN "periods"`);
  }
}
