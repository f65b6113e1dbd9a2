/**
 * The prevention registers and records, each synced table declared once (the tables were made by
 * migration 0011, whose frozen column lists these follow in order). Flags are stored as 0/1.
 */
import type { CameraStatus, Period } from '../../shared/patrol/prevention.contract.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

export const propertyTable = defineSyncedTable('prevention_property', {
  name: col.text(),
  addressId: col.textOrNull(),
  company: col.text(),
  contactName: col.textOrNull(),
  contactPhone: col.textOrNull(),
  nightGuards: col.integer(),
  patrolPoints: col.integer(),
  passScore: col.integer(),
  note: col.textOrNull(),
});
export type PropertyRow = RowOf<typeof propertyTable>;

export const guardTable = defineSyncedTable('prevention_guard', {
  propertyId: col.text(),
  name: col.text(),
  phone: col.textOrNull(),
});
export type GuardRow = RowOf<typeof guardTable>;

export const nightCheckTable = defineSyncedTable('prevention_night_check', {
  propertyId: col.text(),
  checkedAt: col.text(),
  /** the local month of `checkedAt` (YYYY-MM): monthly scores are read by it */
  checkedMonth: col.text(),
  checkedById: col.text(),
  onRound: col.boolean(),
  guardsSeen: col.integer(),
  /** the property's figures when the check was made: a later change does not rescore it */
  guardsExpected: col.integer(),
  pointsChecked: col.integer(),
  pointsTotal: col.integer(),
  /** JSON: { text, points }[] */
  problems: col.text(),
  score: col.integer(),
  note: col.textOrNull(),
});
export type NightCheckRow = RowOf<typeof nightCheckTable>;

export const schoolTable = defineSyncedTable('prevention_school', {
  name: col.text(),
  addressId: col.textOrNull(),
  contactName: col.textOrNull(),
  contactPhone: col.textOrNull(),
  morningFrom: col.text(),
  morningTo: col.text(),
  afternoonFrom: col.text(),
  afternoonTo: col.text(),
});
export type SchoolRow = RowOf<typeof schoolTable>;

export const termTable = defineSyncedTable('prevention_term', {
  name: col.text(),
  startDate: col.text(),
  endDate: col.text(),
});
export type TermRow = RowOf<typeof termTable>;

export const attendanceTable = defineSyncedTable('prevention_attendance', {
  schoolId: col.text(),
  postDate: col.text(),
  period: col.text<Period>(),
  staffId: col.textOrNull(),
  personName: col.text(),
  absent: col.boolean(),
  arrivedAt: col.textOrNull(),
  leftAt: col.textOrNull(),
  note: col.textOrNull(),
});
export type AttendanceRow = RowOf<typeof attendanceTable>;

export const cameraTable = defineSyncedTable('prevention_camera', {
  code: col.text(),
  place: col.text(),
  facing: col.textOrNull(),
  ownerUnit: col.text(),
  note: col.textOrNull(),
  status: col.text<CameraStatus>(),
  faultNote: col.textOrNull(),
  faultSince: col.textOrNull(),
  lastCheckedAt: col.textOrNull(),
});
export type CameraRow = RowOf<typeof cameraTable>;

export const cameraRoundTable = defineSyncedTable('prevention_camera_round', {
  checkedAt: col.text(),
  checkedById: col.text(),
  note: col.textOrNull(),
  cameraCount: col.integer(),
  faultCount: col.integer(),
});
export type CameraRoundRow = RowOf<typeof cameraRoundTable>;

export const cameraCheckTable = defineSyncedTable('prevention_camera_check', {
  roundId: col.text(),
  cameraId: col.text(),
  ok: col.boolean(),
  note: col.textOrNull(),
});
export type CameraCheckRow = RowOf<typeof cameraCheckTable>;

export const PREVENTION_TABLES = [
  propertyTable,
  guardTable,
  nightCheckTable,
  schoolTable,
  termTable,
  attendanceTable,
  cameraTable,
  cameraRoundTable,
  cameraCheckTable,
];
