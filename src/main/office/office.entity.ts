/**
 * The office zone's synced tables, each declared once (db/syncedTable.ts): the duty log (shifts,
 * entries, handovers) and the inventory; the routine (the standard task list, tasks and their
 * photos, notice templates and printed notices, assessment items and awards). The declarations give
 * the rows' types and the writes; the migrations that made the tables stay as they were shipped.
 */
import type { EntryState, EntryType, EquipmentKind, EquipmentState, HandoverStatus } from '../../shared/office/contract.js';
import type { NoticeKind, NoticePageSize } from '../../shared/office/notices.js';
import type { LinkKind, Recurrence, TaskFunction } from '../../shared/office/tasks.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

export const equipmentTable = defineSyncedTable('office_equipment', {
  kind: col.text<EquipmentKind>(),
  name: col.text(),
  code: col.textOrNull(),
  note: col.textOrNull(),
  /** as the last received handover found it */
  state: col.text<EquipmentState>(),
  stateNote: col.textOrNull(),
  stateAt: col.textOrNull(),
});
export type EquipmentRow = RowOf<typeof equipmentTable>;

export const shiftTable = defineSyncedTable('office_shift', {
  source: col.text<'roster' | 'manual'>(),
  dutyDate: col.text(),
  shiftKey: col.textOrNull(),
  name: col.text(),
  startsAt: col.text(),
  endsAt: col.text(),
  /** the people on duty as they were when the shift opened (JSON DutyPerson[]) */
  people: col.text(),
  openedAt: col.text(),
  openedById: col.text(),
  status: col.text<'open' | 'handedOver'>(),
  handedOverAt: col.textOrNull(),
});
export type ShiftTableRow = RowOf<typeof shiftTable>;

export const logEntryTable = defineSyncedTable('office_log_entry', {
  shiftId: col.text(),
  at: col.text(),
  type: col.text<EntryType>(),
  people: col.textOrNull(),
  place: col.textOrNull(),
  action: col.textOrNull(),
  result: col.textOrNull(),
  followUpOwnerId: col.textOrNull(),
  state: col.text<EntryState>(),
  closedAt: col.textOrNull(),
  closedById: col.textOrNull(),
  closeNote: col.textOrNull(),
  /** an entry the app wrote itself: its kind with its values (shared/office/composed.ts), as JSON */
  composed: col.textOrNull(),
});
export type LogEntryTableRow = RowOf<typeof logEntryTable>;

export const handoverTable = defineSyncedTable('office_handover', {
  shiftId: col.text(),
  status: col.text<HandoverStatus>(),
  summary: col.textOrNull(),
  instructions: col.textOrNull(),
  /** JSON OpenItem[], as they stood when the giver signed */
  openItems: col.text(),
  /** JSON ChecklistLine[] */
  checklist: col.text(),
  giverId: col.text(),
  receiverId: col.text(),
  giverSignedAt: col.textOrNull(),
  receiverSignedAt: col.textOrNull(),
});
export type HandoverTableRow = RowOf<typeof handoverTable>;

export const taskStandardTable = defineSyncedTable('office_task_standard', {
  listId: col.text(),
  title: col.text(),
  titleEn: col.textOrNull(),
  publishedAt: col.text(),
  source: col.text<'hq'>(),
  /** the list's tasks as applied (JSON) */
  tasks: col.text(),
  appliedAt: col.text(),
});

export const taskTable = defineSyncedTable('office_task', {
  standardCode: col.textOrNull(),
  function: col.text<TaskFunction>(),
  title: col.text(),
  note: col.textOrNull(),
  assigneeId: col.text(),
  assignedById: col.text(),
  assignedOn: col.text(),
  dueDate: col.text(),
  recurrence: col.text<Recurrence>(),
  status: col.text<'open' | 'done'>(),
  doneAt: col.textOrNull(),
  doneDate: col.textOrNull(),
  doneById: col.textOrNull(),
  evidenceNote: col.textOrNull(),
  evidenceLinkKind: col.textOrNull<LinkKind>(),
  evidenceLinkId: col.textOrNull(),
  previousTaskId: col.textOrNull(),
  nextTaskId: col.textOrNull(),
});
export type TaskTableRow = RowOf<typeof taskTable>;

export const noticeTemplateTable = defineSyncedTable('office_notice_template', {
  kind: col.text<NoticeKind>(),
  name: col.text(),
  title: col.text(),
  body: col.text(),
  footer: col.textOrNull(),
  qr: col.textOrNull(),
  pageSize: col.text<NoticePageSize>(),
  /** where the template comes from: 0 the station, 1 a shipped default, 2 HQ */
  builtin: col.integer(),
});
export type NoticeTemplateRow = RowOf<typeof noticeTemplateTable>;

export const noticePrintTable = defineSyncedTable('office_notice_print', {
  templateId: col.text(),
  kind: col.text<NoticeKind>(),
  title: col.text(),
  body: col.text(),
  footer: col.textOrNull(),
  qr: col.textOrNull(),
  pageSize: col.text<NoticePageSize>(),
  fieldValues: col.text(),
  printedAt: col.text(),
  printedById: col.text(),
  shiftId: col.textOrNull(),
  logEntryId: col.textOrNull(),
});

export const assessmentItemTable = defineSyncedTable('office_assessment_item', {
  staffId: col.text(),
  period: col.text(),
  side: col.text(),
  effect: col.text(),
  points: col.real(),
  reason: col.text(),
});

/**
 * The assessment's rules the head sets (how visitors' ratings count): one row per station once
 * saved; without it the defaults apply (ratings not counted).
 */
export const assessmentRuleTable = defineSyncedTable('office_assessment_rule', {
  ratingOn: col.boolean(),
  ratingPointsSatisfied: col.real(),
  ratingPointsPoor: col.real(),
  ratingCap: col.real(),
});

export const awardTable = defineSyncedTable('office_award', {
  year: col.integer(),
  title: col.text(),
  staffId: col.text(),
  status: col.text(),
  note: col.textOrNull(),
});

export const taskPhotoTable = defineSyncedTable('office_task_photo', {
  taskId: col.text(),
  seq: col.integer(),
  fileName: col.text(),
  fileType: col.text(),
  mime: col.text(),
  size: col.integer(),
  sha256: col.text(),
  storedPath: col.text(),
  uploadedAt: col.text(),
  uploadedById: col.text(),
});

export const OFFICE_TABLES = [
  equipmentTable,
  shiftTable,
  logEntryTable,
  handoverTable,
  taskStandardTable,
  taskTable,
  noticeTemplateTable,
  noticePrintTable,
  assessmentItemTable,
  awardTable,
  taskPhotoTable,
  assessmentRuleTable,
];
