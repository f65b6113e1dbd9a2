import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The mediation zone: cases, their parties, the mediator pool and assignments, sessions with
 * minutes, agreements, follow-up visits and the station's mediation settings (start limit, risk
 * rules). All synced: HQ keeps the mediation register and pushes pool entries and rules back.
 */
export class Mediation0002 implements MigrationInterface {
  // TypeORM orders migrations by a 13-digit suffix of the name: ours is 1700000000000 + the number.
  name = 'Mediation1700000000002';

  async up(q: QueryRunner): Promise<void> {
    // One row per station once its head has saved settings; without it the defaults apply.
    await q.query(`CREATE TABLE "mediation_settings" (${SYNCED_BASE_COLUMNS_SQL},
      "startLimitHours" INTEGER NOT NULL,
      "riskRules" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "mediation_settings_station" ON "mediation_settings" ("stationId")`);

    await q.query(`CREATE TABLE "mediator" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "specialties" TEXT NOT NULL,
      "organisation" TEXT,
      "phone" TEXT,
      "availability" TEXT NOT NULL,
      "note" TEXT,
      "origin" TEXT NOT NULL,
      "staffId" TEXT REFERENCES "staff" ("id"),
      "active" INTEGER NOT NULL DEFAULT 1)`);

    await q.query(`CREATE TABLE "mediation_case" (${SYNCED_BASE_COLUMNS_SQL},
      "caseYear" INTEGER NOT NULL,
      "caseSeq" INTEGER NOT NULL,
      "caseNo" TEXT NOT NULL,
      "type" TEXT NOT NULL,
      "place" TEXT NOT NULL,
      "placeKey" TEXT NOT NULL,
      "addressId" TEXT,
      "facts" TEXT NOT NULL,
      "matters" TEXT,
      "evidence" TEXT,
      "investigation" TEXT,
      "tags" TEXT NOT NULL,
      "source" TEXT NOT NULL,
      "walkInId" TEXT REFERENCES "walk_in" ("id"),
      "referredById" TEXT REFERENCES "staff" ("id"),
      "referredAt" TEXT,
      "status" TEXT NOT NULL,
      "outcome" TEXT,
      "registeredAt" TEXT NOT NULL,
      "registeredDate" TEXT NOT NULL,
      "registeredById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "decidedAt" TEXT,
      "decidedDate" TEXT,
      "decidedById" TEXT REFERENCES "staff" ("id"),
      "declineReason" TEXT,
      "refusingPartyId" TEXT,
      "acceptedAt" TEXT,
      "startDueAt" TEXT,
      "startedAt" TEXT,
      "concludeDueDate" TEXT,
      "concludeDueAt" TEXT,
      "extendedAt" TEXT,
      "extendedById" TEXT REFERENCES "staff" ("id"),
      "extensionReason" TEXT,
      "extendedFromDate" TEXT,
      "extensionConsents" TEXT,
      "extensionConsentNote" TEXT,
      "concludedAt" TEXT,
      "concludedDate" TEXT,
      "concludedById" TEXT REFERENCES "staff" ("id"),
      "failureFeedback" TEXT,
      "failureAcknowledgedAt" TEXT,
      "failureAcknowledgedById" TEXT REFERENCES "staff" ("id"),
      "failureAcknowledgeNote" TEXT,
      "archivedAt" TEXT,
      "archivedById" TEXT REFERENCES "staff" ("id"),
      "riskScore" INTEGER NOT NULL,
      "riskLevel" TEXT NOT NULL,
      "riskReasons" TEXT NOT NULL,
      "riskAt" TEXT NOT NULL,
      "riskPeakLevel" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "mediation_case_no" ON "mediation_case" ("stationId", "caseYear", "caseSeq")`);
    // the queue, alerts and statistics
    await q.query(`CREATE INDEX "mediation_case_status" ON "mediation_case" ("status", "registeredAt")`);
    await q.query(`CREATE INDEX "mediation_case_registered" ON "mediation_case" ("registeredDate")`);
    await q.query(`CREATE INDEX "mediation_case_decided" ON "mediation_case" ("decidedDate")`);
    await q.query(`CREATE INDEX "mediation_case_concluded" ON "mediation_case" ("concludedDate")`);
    // risk rules look for the same place
    await q.query(`CREATE INDEX "mediation_case_place" ON "mediation_case" ("placeKey", "registeredAt")`);
    await q.query(`CREATE INDEX "mediation_case_address" ON "mediation_case" ("addressId", "registeredAt") WHERE "addressId" IS NOT NULL`);
    // a walk-in becomes at most one live case
    await q.query(`CREATE UNIQUE INDEX "mediation_case_walk_in" ON "mediation_case" ("walkInId") WHERE "walkInId" IS NOT NULL AND "cancelledAt" IS NULL`);

    await q.query(`CREATE TABLE "mediation_party" (${SYNCED_BASE_COLUMNS_SQL},
      "caseId" TEXT NOT NULL REFERENCES "mediation_case" ("id"),
      "seq" INTEGER NOT NULL,
      "name" TEXT NOT NULL,
      "idType" TEXT NOT NULL,
      "idNumber" TEXT,
      "phone" TEXT,
      "address" TEXT,
      "role" TEXT NOT NULL,
      "representative" TEXT,
      "claim" TEXT,
      "tags" TEXT NOT NULL)`);
    await q.query(`CREATE INDEX "mediation_party_case" ON "mediation_party" ("caseId", "seq")`);
    // risk rules look for the same person
    await q.query(`CREATE INDEX "mediation_party_id_number" ON "mediation_party" ("idNumber") WHERE "idNumber" IS NOT NULL`);

    await q.query(`CREATE TABLE "mediation_assignment" (${SYNCED_BASE_COLUMNS_SQL},
      "caseId" TEXT NOT NULL REFERENCES "mediation_case" ("id"),
      "mediatorId" TEXT NOT NULL REFERENCES "mediator" ("id"),
      "chosenByParties" INTEGER NOT NULL,
      "assignedAt" TEXT NOT NULL,
      "assignedById" TEXT NOT NULL REFERENCES "staff" ("id"))`);
    await q.query(`CREATE INDEX "mediation_assignment_case" ON "mediation_assignment" ("caseId")`);
    await q.query(`CREATE INDEX "mediation_assignment_mediator" ON "mediation_assignment" ("mediatorId")`);

    await q.query(`CREATE TABLE "mediation_session" (${SYNCED_BASE_COLUMNS_SQL},
      "caseId" TEXT NOT NULL REFERENCES "mediation_case" ("id"),
      "seq" INTEGER NOT NULL,
      "heldAt" TEXT NOT NULL,
      "place" TEXT NOT NULL,
      "attendeePartyIds" TEXT NOT NULL,
      "otherAttendees" TEXT,
      "minutes" TEXT NOT NULL,
      "signedPartyIds" TEXT NOT NULL,
      "mediatorSigned" INTEGER NOT NULL,
      "recordedById" TEXT NOT NULL REFERENCES "staff" ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "mediation_session_case" ON "mediation_session" ("caseId", "seq")`);

    await q.query(`CREATE TABLE "mediation_agreement" (${SYNCED_BASE_COLUMNS_SQL},
      "caseId" TEXT NOT NULL REFERENCES "mediation_case" ("id"),
      "liability" TEXT,
      "terms" TEXT NOT NULL,
      "performanceMethod" TEXT,
      "performancePlace" TEXT,
      "performanceDueDate" TEXT,
      "agreedAt" TEXT NOT NULL,
      "agreedDate" TEXT NOT NULL,
      "judicialDeadline" TEXT NOT NULL,
      "recordedById" TEXT NOT NULL REFERENCES "staff" ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "mediation_agreement_case" ON "mediation_agreement" ("caseId")`);

    await q.query(`CREATE TABLE "mediation_follow_up" (${SYNCED_BASE_COLUMNS_SQL},
      "caseId" TEXT NOT NULL REFERENCES "mediation_case" ("id"),
      "scheduledDate" TEXT NOT NULL,
      "scheduledById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "doneAt" TEXT,
      "doneDate" TEXT,
      "doneById" TEXT REFERENCES "staff" ("id"),
      "performance" TEXT,
      "notes" TEXT)`);
    await q.query(`CREATE INDEX "mediation_follow_up_case" ON "mediation_follow_up" ("caseId", "scheduledDate")`);

    // Frozen here, not read from the entities: a released migration must not change with them.
    const columns: Record<string, string[]> = {
      mediation_settings: ['startLimitHours', 'riskRules'],
      mediator: ['name', 'specialties', 'organisation', 'phone', 'availability', 'note', 'origin', 'staffId', 'active'],
      mediation_case: [
        'caseYear', 'caseSeq', 'caseNo', 'type', 'place', 'placeKey', 'addressId', 'facts', 'matters', 'evidence',
        'investigation', 'tags', 'source', 'walkInId', 'referredById', 'referredAt', 'status', 'outcome',
        'registeredAt', 'registeredDate', 'registeredById', 'decidedAt', 'decidedDate', 'decidedById',
        'declineReason', 'refusingPartyId', 'acceptedAt', 'startDueAt', 'startedAt', 'concludeDueDate',
        'concludeDueAt', 'extendedAt', 'extendedById', 'extensionReason', 'extendedFromDate', 'extensionConsents',
        'extensionConsentNote', 'concludedAt', 'concludedDate', 'concludedById', 'failureFeedback',
        'failureAcknowledgedAt', 'failureAcknowledgedById', 'failureAcknowledgeNote', 'archivedAt', 'archivedById',
        'riskScore', 'riskLevel', 'riskReasons', 'riskAt', 'riskPeakLevel',
      ],
      mediation_party: ['caseId', 'seq', 'name', 'idType', 'idNumber', 'phone', 'address', 'role', 'representative', 'claim', 'tags'],
      mediation_assignment: ['caseId', 'mediatorId', 'chosenByParties', 'assignedAt', 'assignedById'],
      mediation_session: [
        'caseId', 'seq', 'heldAt', 'place', 'attendeePartyIds', 'otherAttendees', 'minutes', 'signedPartyIds',
        'mediatorSigned', 'recordedById',
      ],
      mediation_agreement: [
        'caseId', 'liability', 'terms', 'performanceMethod', 'performancePlace', 'performanceDueDate', 'agreedAt',
        'agreedDate', 'judicialDeadline', 'recordedById',
      ],
      mediation_follow_up: ['caseId', 'scheduledDate', 'scheduledById', 'doneAt', 'doneDate', 'doneById', 'performance', 'notes'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'mediation_follow_up',
      'mediation_agreement',
      'mediation_session',
      'mediation_assignment',
      'mediation_party',
      'mediation_case',
      'mediator',
      'mediation_settings',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
