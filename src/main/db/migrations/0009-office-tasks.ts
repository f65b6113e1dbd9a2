import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The office's routine: the standard task list a station applied (the shipped default needs no
 * row), tasks with their evidence, the notice library and the notices printed from it, the
 * assessment's manual items and the yearly awards. All synced: HQ follows tasks and assessments.
 */
export class OfficeTasks0009 implements MigrationInterface {
  name = 'OfficeTasks1700000000009';

  async up(q: QueryRunner): Promise<void> {
    // a published list as applied, whole (tasks: JSON); the live one is the latest not replaced
    await q.query(`CREATE TABLE "office_task_standard" (${SYNCED_BASE_COLUMNS_SQL},
      "listId" TEXT NOT NULL,
      "title" TEXT NOT NULL,
      "titleEn" TEXT,
      "publishedAt" TEXT NOT NULL,
      "source" TEXT NOT NULL,
      "tasks" TEXT NOT NULL,
      "appliedAt" TEXT NOT NULL)`);
    await q.query(`CREATE INDEX "office_task_standard_live" ON "office_task_standard" ("appliedAt") WHERE "cancelledAt" IS NULL`);

    // the title and function are copied from the standard: a later list does not rewrite old tasks
    await q.query(`CREATE TABLE "office_task" (${SYNCED_BASE_COLUMNS_SQL},
      "standardCode" TEXT,
      "function" TEXT NOT NULL,
      "title" TEXT NOT NULL,
      "note" TEXT,
      "assigneeId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "assignedById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "assignedOn" TEXT NOT NULL,
      "dueDate" TEXT NOT NULL,
      "recurrence" TEXT NOT NULL,
      "status" TEXT NOT NULL,
      "doneAt" TEXT,
      "doneDate" TEXT,
      "doneById" TEXT REFERENCES "staff" ("id"),
      "evidenceNote" TEXT,
      "evidenceLinkKind" TEXT,
      "evidenceLinkId" TEXT,
      "previousTaskId" TEXT REFERENCES "office_task" ("id"),
      "nextTaskId" TEXT REFERENCES "office_task" ("id"))`);
    // the home screen's overdue list and a person's own tasks
    await q.query(`CREATE INDEX "office_task_open_due" ON "office_task" ("dueDate") WHERE "status" = 'open' AND "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "office_task_assignee" ON "office_task" ("assigneeId", "status", "dueDate")`);

    // a shipped default edited by the station keeps the default's id
    await q.query(`CREATE TABLE "office_notice_template" (${SYNCED_BASE_COLUMNS_SQL},
      "kind" TEXT NOT NULL,
      "name" TEXT NOT NULL,
      "title" TEXT NOT NULL,
      "body" TEXT NOT NULL,
      "footer" TEXT,
      "qr" TEXT,
      "pageSize" TEXT NOT NULL,
      "builtin" INTEGER NOT NULL DEFAULT 0)`);

    // the notice as filled in and printed: what went up on the board, even if the template changes
    await q.query(`CREATE TABLE "office_notice_print" (${SYNCED_BASE_COLUMNS_SQL},
      "templateId" TEXT NOT NULL,
      "kind" TEXT NOT NULL,
      "title" TEXT NOT NULL,
      "body" TEXT NOT NULL,
      "footer" TEXT,
      "qr" TEXT,
      "pageSize" TEXT NOT NULL,
      "fieldValues" TEXT NOT NULL,
      "printedAt" TEXT NOT NULL,
      "printedById" TEXT NOT NULL REFERENCES "staff" ("id"),
      "shiftId" TEXT REFERENCES "office_shift" ("id"),
      "logEntryId" TEXT REFERENCES "office_log_entry" ("id"))`);
    await q.query(`CREATE INDEX "office_notice_print_at" ON "office_notice_print" ("printedAt")`);

    await q.query(`CREATE TABLE "office_assessment_item" (${SYNCED_BASE_COLUMNS_SQL},
      "staffId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "period" TEXT NOT NULL,
      "side" TEXT NOT NULL,
      "effect" TEXT NOT NULL,
      "points" REAL NOT NULL CHECK ("points" > 0 AND "points" <= 100),
      "reason" TEXT NOT NULL)`);
    await q.query(`CREATE INDEX "office_assessment_item_period" ON "office_assessment_item" ("period", "staffId")`);

    await q.query(`CREATE TABLE "office_award" (${SYNCED_BASE_COLUMNS_SQL},
      "year" INTEGER NOT NULL,
      "title" TEXT NOT NULL,
      "staffId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "status" TEXT NOT NULL,
      "note" TEXT)`);
    await q.query(`CREATE UNIQUE INDEX "office_award_person" ON "office_award" ("year", "title", "staffId") WHERE "cancelledAt" IS NULL`);

    // Frozen here, not read from the code: a released migration must not change with it.
    const columns: Record<string, string[]> = {
      office_task_standard: ['listId', 'title', 'titleEn', 'publishedAt', 'source', 'tasks', 'appliedAt'],
      office_task: [
        'standardCode', 'function', 'title', 'note', 'assigneeId', 'assignedById', 'assignedOn', 'dueDate', 'recurrence', 'status',
        'doneAt', 'doneDate', 'doneById', 'evidenceNote', 'evidenceLinkKind', 'evidenceLinkId', 'previousTaskId', 'nextTaskId',
      ],
      office_notice_template: ['kind', 'name', 'title', 'body', 'footer', 'qr', 'pageSize', 'builtin'],
      office_notice_print: ['templateId', 'kind', 'title', 'body', 'footer', 'qr', 'pageSize', 'fieldValues', 'printedAt', 'printedById', 'shiftId', 'logEntryId'],
      office_assessment_item: ['staffId', 'period', 'side', 'effect', 'points', 'reason'],
      office_award: ['year', 'title', 'staffId', 'status', 'note'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['office_award', 'office_assessment_item', 'office_notice_print', 'office_notice_template', 'office_task', 'office_task_standard']) await q.query(`DROP TABLE "${table}"`);
  }
}
