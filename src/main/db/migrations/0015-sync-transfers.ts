import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * Sync, second part: the certificate a station pins for HQ over HTTPS, mediation cases moved
 * between stations through HQ, and the figures a station computes for HQ's overview.
 */
export class SyncTransfers0015 implements MigrationInterface {
  name = 'SyncTransfers1700000000015';

  async up(q: QueryRunner): Promise<void> {
    // PEM of the certificate authority HQ's certificate must chain to; null → the system's list
    await q.query(`ALTER TABLE "sync_state" ADD COLUMN "hqCa" TEXT`);

    // A case leaving this station ('out': the case stays here, read-only, status requested →
    // accepted or refused) or arriving ('in': the same id as the sender's row; the copy is made
    // here when the head receives it). The snapshot is the case as HQ sent it, with the people
    // who worked on it at the other station and the files that stay there.
    await q.query(`CREATE TABLE "case_transfer" (${SYNCED_BASE_COLUMNS_SQL},
      "direction" TEXT NOT NULL,
      "caseId" TEXT NOT NULL,
      "caseNo" TEXT NOT NULL,
      "fromStationCode" TEXT NOT NULL,
      "fromStationName" TEXT NOT NULL,
      "toStationCode" TEXT NOT NULL,
      "reason" TEXT NOT NULL,
      "requestedAt" TEXT NOT NULL,
      "requestedBy" TEXT NOT NULL,
      "status" TEXT NOT NULL,
      "statusAt" TEXT NOT NULL,
      "statusNote" TEXT,
      "newCaseId" TEXT,
      "newCaseNo" TEXT,
      "snapshot" TEXT)`);
    // one live transfer out per case: a second request waits for HQ's refusal of the first
    await q.query(
      `CREATE UNIQUE INDEX "case_transfer_out" ON "case_transfer" ("caseId") WHERE "direction" = 'out' AND "status" <> 'refused' AND "cancelledAt" IS NULL`,
    );
    for (const sql of outboxTriggerSql('case_transfer', [
      ...SYNCED_BASE_COLUMNS,
      'direction',
      'caseId',
      'caseNo',
      'fromStationCode',
      'fromStationName',
      'toStationCode',
      'reason',
      'requestedAt',
      'requestedBy',
      'status',
      'statusAt',
      'statusNote',
      'newCaseId',
      'newCaseNo',
      'snapshot',
    ]))
      await q.query(sql);

    // One row per kind ('collection', 'roster'), rewritten when the figures change: HQ's overview
    // shows what the station's own screens count, not a second count of the rows at HQ.
    await q.query(`CREATE TABLE "station_figure" (${SYNCED_BASE_COLUMNS_SQL},
      "kind" TEXT NOT NULL,
      "figures" TEXT NOT NULL,
      "computedAt" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "station_figure_kind" ON "station_figure" ("kind")`);
    for (const sql of outboxTriggerSql('station_figure', [...SYNCED_BASE_COLUMNS, 'kind', 'figures', 'computedAt'])) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "station_figure"`);
    await q.query(`DROP TABLE "case_transfer"`);
    await q.query(`ALTER TABLE "sync_state" DROP COLUMN "hqCa"`);
  }
}
