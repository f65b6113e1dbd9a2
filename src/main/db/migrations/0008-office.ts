import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The office zone: the station's equipment and keys, the duty log's shifts and entries, and the
 * handovers between shifts. All synced: HQ reads duty logs and sees equipment damage or loss.
 * Walk-ins and mediation cases are not copied into the log: it reads them for the shift's span.
 */
export class Office0008 implements MigrationInterface {
  name = 'Office1700000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "office_equipment" (${SYNCED_BASE_COLUMNS_SQL},
      "kind" TEXT NOT NULL,
      "name" TEXT NOT NULL,
      "code" TEXT,
      "note" TEXT,
      "state" TEXT NOT NULL,
      "stateNote" TEXT,
      "stateAt" TEXT)`);

    // people: the people on duty as they were when the shift opened (JSON), so a later rename or
    // a changed roster does not rewrite the log
    await q.query(`CREATE TABLE "office_shift" (${SYNCED_BASE_COLUMNS_SQL},
      "source" TEXT NOT NULL,
      "dutyDate" TEXT NOT NULL,
      "shiftKey" TEXT,
      "name" TEXT NOT NULL,
      "startsAt" TEXT NOT NULL,
      "endsAt" TEXT NOT NULL,
      "people" TEXT NOT NULL,
      "openedAt" TEXT NOT NULL,
      "openedById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "status" TEXT NOT NULL,
      "handedOverAt" TEXT)`);
    // a roster shift is opened once
    await q.query(
      `CREATE UNIQUE INDEX "office_shift_roster" ON "office_shift" ("stationId", "dutyDate", "shiftKey") WHERE "shiftKey" IS NOT NULL AND "cancelledAt" IS NULL`,
    );
    await q.query(`CREATE INDEX "office_shift_starts" ON "office_shift" ("startsAt")`);
    await q.query(`CREATE INDEX "office_shift_open" ON "office_shift" ("status") WHERE "status" = 'open'`);

    await q.query(`CREATE TABLE "office_log_entry" (${SYNCED_BASE_COLUMNS_SQL},
      "shiftId" TEXT NOT NULL REFERENCES "office_shift" ("id"),
      "at" TEXT NOT NULL,
      "type" TEXT NOT NULL,
      "people" TEXT,
      "place" TEXT,
      "action" TEXT,
      "result" TEXT,
      "followUpOwnerId" TEXT REFERENCES "staff" ("id"),
      "state" TEXT NOT NULL,
      "closedAt" TEXT,
      "closedById" TEXT REFERENCES "staff" ("id"),
      "closeNote" TEXT)`);
    await q.query(`CREATE INDEX "office_log_entry_shift" ON "office_log_entry" ("shiftId", "at")`);
    // open items and open incidents are looked up on every handover and log view
    await q.query(`CREATE INDEX "office_log_entry_open" ON "office_log_entry" ("state", "at") WHERE "state" = 'open'`);

    await q.query(`CREATE TABLE "office_handover" (${SYNCED_BASE_COLUMNS_SQL},
      "shiftId" TEXT NOT NULL REFERENCES "office_shift" ("id"),
      "status" TEXT NOT NULL,
      "summary" TEXT,
      "instructions" TEXT,
      "openItems" TEXT NOT NULL,
      "checklist" TEXT NOT NULL,
      "giverId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "receiverId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "giverSignedAt" TEXT,
      "receiverSignedAt" TEXT)`);
    await q.query(`CREATE UNIQUE INDEX "office_handover_shift" ON "office_handover" ("shiftId") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "office_handover_pending" ON "office_handover" ("status") WHERE "status" <> 'received'`);

    // Frozen here, not read from the code: a released migration must not change with it.
    const columns: Record<string, string[]> = {
      office_equipment: ['kind', 'name', 'code', 'note', 'state', 'stateNote', 'stateAt'],
      office_shift: ['source', 'dutyDate', 'shiftKey', 'name', 'startsAt', 'endsAt', 'people', 'openedAt', 'openedById', 'status', 'handedOverAt'],
      office_log_entry: ['shiftId', 'at', 'type', 'people', 'place', 'action', 'result', 'followUpOwnerId', 'state', 'closedAt', 'closedById', 'closeNote'],
      office_handover: ['shiftId', 'status', 'summary', 'instructions', 'openItems', 'checklist', 'giverId', 'receiverId', 'giverSignedAt', 'receiverSignedAt'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['office_handover', 'office_log_entry', 'office_shift', 'office_equipment']) await q.query(`DROP TABLE "${table}"`);
  }
}
