import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backups: where this computer writes them and when the last one verified (a setting of this
 * machine, not synced: a folder path means nothing at HQ), and what sync must know after a restore.
 */
export class Backup0012 implements MigrationInterface {
  name = 'Backup1700000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "backup_settings" (
      "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
      "folder" TEXT,
      "enabled" INTEGER NOT NULL DEFAULT 1,
      "intervalHours" INTEGER NOT NULL DEFAULT 24,
      "lastBackupAt" TEXT,
      "lastBackupFile" TEXT,
      "lastError" TEXT,
      "lastErrorAt" TEXT,
      "updatedAt" TEXT,
      "updatedBy" TEXT)`);
    await q.query(`INSERT INTO "backup_settings" ("id") VALUES (1)`);
    // the outbox sequence a restore left behind: HQ may hold more of the old timeline than the
    // backup did, and what the station writes after the restore must be numbered after HQ's cursor
    await q.query(`ALTER TABLE "sync_state" ADD COLUMN "restoredSeq" INTEGER`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_state" DROP COLUMN "restoredSeq"`);
    await q.query(`DROP TABLE "backup_settings"`);
  }
}
