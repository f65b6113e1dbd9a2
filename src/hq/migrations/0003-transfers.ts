import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference items addressed to one station (a case transferred to it, the answer to its own
 * request), and the record of every case transfer between stations.
 */
export class HqTransfers0003 implements MigrationInterface {
  name = 'HqTransfers1700000000003';

  async up(q: QueryRunner): Promise<void> {
    // null: every station reads the item; otherwise HQ's key of the one station that does
    await q.query(`ALTER TABLE "hq_ref" ADD COLUMN "audience" TEXT`);
    await q.query(`CREATE INDEX "hq_ref_audience" ON "hq_ref" ("bucket", "audience", "seq")`);
    await q.query(`CREATE TABLE "hq_transfer" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "caseId" TEXT NOT NULL,
      "caseNo" TEXT NOT NULL,
      "fromStation" TEXT NOT NULL,
      "toStationCode" TEXT NOT NULL,
      "toStation" TEXT,
      "reason" TEXT NOT NULL,
      "requestedAt" TEXT NOT NULL,
      "recordedAt" TEXT NOT NULL,
      "status" TEXT NOT NULL,
      "statusNote" TEXT,
      "acceptedAt" TEXT,
      "newCaseNo" TEXT)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hq_transfer"`);
    await q.query(`DROP INDEX "hq_ref_audience"`);
    await q.query(`ALTER TABLE "hq_ref" DROP COLUMN "audience"`);
  }
}
