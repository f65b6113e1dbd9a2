import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The photos a task was done with. The bytes live in the data directory (office-files/<task>/),
 * sealed like a mediation case's files; the row keeps the name it came with, its type, size and
 * SHA-256, so a file changed or swapped on disk is noticed when it is opened. Synced: HQ sees
 * that a task was done with a photo (the bytes stay at the station).
 */
export class OfficeTaskPhotos0017 implements MigrationInterface {
  name = 'OfficeTaskPhotos1700000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "office_task_photo" (${SYNCED_BASE_COLUMNS_SQL},
      "taskId" TEXT NOT NULL REFERENCES "office_task" ("id"),
      "seq" INTEGER NOT NULL,
      "fileName" TEXT NOT NULL,
      "fileType" TEXT NOT NULL,
      "mime" TEXT NOT NULL,
      "size" INTEGER NOT NULL,
      "sha256" TEXT NOT NULL,
      "storedPath" TEXT NOT NULL,
      "uploadedAt" TEXT NOT NULL,
      "uploadedById" TEXT NOT NULL REFERENCES "staff" ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "office_task_photo_task" ON "office_task_photo" ("taskId", "seq")`);
    // Frozen here, not read from the code: a released migration must not change with it.
    const own = ['taskId', 'seq', 'fileName', 'fileType', 'mime', 'size', 'sha256', 'storedPath', 'uploadedAt', 'uploadedById'];
    for (const sql of outboxTriggerSql('office_task_photo', [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "office_task_photo"`);
  }
}
