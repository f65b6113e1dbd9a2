/**
 * The rows of the prevention registers and records as SQLite keeps them (see migration 0011).
 * Written and read with plain SQL by the service, like the office zone: no TypeORM metadata.
 */
import type { CameraStatus, Period } from '../../shared/patrol/prevention.contract.js';
import type { SyncedRow } from '../db/baseColumns.js';

export interface PropertyRow extends SyncedRow {
  name: string;
  addressId: string | null;
  company: string;
  contactName: string | null;
  contactPhone: string | null;
  nightGuards: number;
  patrolPoints: number;
  passScore: number;
  note: string | null;
}

export interface GuardRow extends SyncedRow {
  propertyId: string;
  name: string;
  phone: string | null;
}

export interface NightCheckRow extends SyncedRow {
  propertyId: string;
  checkedAt: string;
  /** the local month of `checkedAt` (YYYY-MM): monthly scores are read by it */
  checkedMonth: string;
  checkedById: string;
  onRound: number;
  guardsSeen: number;
  /** the property's figures when the check was made: a later change does not rescore it */
  guardsExpected: number;
  pointsChecked: number;
  pointsTotal: number;
  /** JSON: { text, points }[] */
  problems: string;
  score: number;
  note: string | null;
}

export interface SchoolRow extends SyncedRow {
  name: string;
  addressId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  morningFrom: string;
  morningTo: string;
  afternoonFrom: string;
  afternoonTo: string;
}

export interface TermRow extends SyncedRow {
  name: string;
  startDate: string;
  endDate: string;
}

export interface AttendanceRow extends SyncedRow {
  schoolId: string;
  postDate: string;
  period: Period;
  staffId: string | null;
  personName: string;
  absent: number;
  arrivedAt: string | null;
  leftAt: string | null;
  note: string | null;
}

export interface CameraRow extends SyncedRow {
  code: string;
  place: string;
  facing: string | null;
  ownerUnit: string;
  note: string | null;
  status: CameraStatus;
  faultNote: string | null;
  faultSince: string | null;
  lastCheckedAt: string | null;
}

export interface CameraRoundRow extends SyncedRow {
  checkedAt: string;
  checkedById: string;
  note: string | null;
  cameraCount: number;
  faultCount: number;
}

export interface CameraCheckRow extends SyncedRow {
  roundId: string;
  cameraId: string;
  ok: number;
  note: string | null;
}

