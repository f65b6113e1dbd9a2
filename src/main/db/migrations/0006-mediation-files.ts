import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * Files attached to mediation cases (photos, scans, documents). The bytes live in the data
 * directory under a name the core makes; the row keeps what the file was called, its type, size
 * and SHA-256, so a file changed or swapped on disk is noticed when it is opened.
 */
export class MediationFiles0006 implements MigrationInterface {
  name = 'MediationFiles1700000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "mediation_file" (${SYNCED_BASE_COLUMNS_SQL},
      "caseId" TEXT NOT NULL REFERENCES "mediation_case" ("id"),
      "seq" INTEGER NOT NULL,
      "kind" TEXT NOT NULL,
      "fileName" TEXT NOT NULL,
      "fileType" TEXT NOT NULL,
      "mime" TEXT NOT NULL,
      "size" INTEGER NOT NULL,
      "sha256" TEXT NOT NULL,
      "storedPath" TEXT NOT NULL,
      "note" TEXT,
      "uploadedAt" TEXT NOT NULL,
      "uploadedById" TEXT NOT NULL REFERENCES "staff" ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "mediation_file_case" ON "mediation_file" ("caseId", "seq")`);
    // Frozen here, not read from the entity: a released migration must not change with it.
    const own = ['caseId', 'seq', 'kind', 'fileName', 'fileType', 'mime', 'size', 'sha256', 'storedPath', 'note', 'uploadedAt', 'uploadedById'];
    for (const sql of outboxTriggerSql('mediation_file', [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mediation_file"`);
  }
}
