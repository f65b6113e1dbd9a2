import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * Files attached to mediation cases (photos, scans, documents), and the indexes a station with
 * years of cases needs. The bytes of a file live in the data directory under a name the core makes; the row keeps what the file was called, its type, size
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

    // Indexes for a station with years of cases (100,000 cases, 300,000 parties in the benchmark).
    // The queue and the alerts read the open cases only: a partial index holds just those, and the
    // queue's condition repeats this one word for word, as SQLite needs to use it.
    await q.query(`CREATE INDEX "mediation_case_open" ON "mediation_case" ("status", "registeredAt")
      WHERE "status" IN ('registered', 'accepted', 'declined', 'mediating', 'agreed', 'failed', 'followedUp')`);
    // The statistics count each figure by the month of the event that decides it, in one pass per
    // date; each pass reads its index alone, never the (wide) case rows.
    await q.query(`CREATE INDEX "mediation_case_stats_registered" ON "mediation_case" ("registeredDate", "type", "status", "riskPeakLevel", "outcome")`);
    await q.query(`CREATE INDEX "mediation_case_stats_decided" ON "mediation_case"
      ("decidedDate", "type", "status", "acceptedAt", "outcome", "startDueAt", "startedAt", "concludedAt", "concludeDueAt")
      WHERE "decidedDate" IS NOT NULL`);
    await q.query(`CREATE INDEX "mediation_case_stats_concluded" ON "mediation_case" ("concludedDate", "type", "status", "outcome", "id")
      WHERE "concludedDate" IS NOT NULL`);
    // success rate per mediator: from a concluded case to its live mediators without reading rows
    await q.query(`CREATE INDEX "mediation_assignment_case_mediator" ON "mediation_assignment" ("caseId", "cancelledAt", "mediatorId")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'mediation_case_open',
      'mediation_case_stats_registered',
      'mediation_case_stats_decided',
      'mediation_case_stats_concluded',
      'mediation_assignment_case_mediator',
    ]) {
      await q.query(`DROP INDEX "${index}"`);
    }
    await q.query(`DROP TABLE "mediation_file"`);
  }
}
