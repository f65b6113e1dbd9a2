import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync repairing itself: where the full copy of the station's rows queued for an HQ that lost
 * changes ends (HQ then drops what the copy lacks), and the last repair in words for the sync
 * page (HQ had stored what the station thought lost; the station's rows queued again in full).
 */
export class SyncRepair0020 implements MigrationInterface {
  name = 'SyncRepair1700000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_state" ADD COLUMN "rebaseThrough" INTEGER`);
    await q.query(`ALTER TABLE "sync_state" ADD COLUMN "notice" TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_state" DROP COLUMN "notice"`);
    await q.query(`ALTER TABLE "sync_state" DROP COLUMN "rebaseThrough"`);
  }
}
