/**
 * The patrol zone's rows as the database stores them (the tables are made by migration 0010; the
 * service reads and writes them with plain SQL, as the office zone does). JSON columns hold what
 * was true at the time (who went, the route's checkpoints), so later edits do not rewrite history.
 */
import type { FindingOutcome, LedgerKind, PatrolStatus } from '../../shared/patrol/contract.js';
import type { SyncedRow } from '../db/baseColumns.js';

export interface RouteRow extends SyncedRow {
  name: string;
  note: string | null;
  /** JSON: CheckpointDef[] */
  checkpoints: string;
}

export interface PatrolRow extends SyncedRow {
  routeId: string;
  routeName: string;
  status: PatrolStatus;
  startedAt: string;
  endedAt: string | null;
  /** JSON: PatrolStaff[] */
  staff: string;
  /** JSON: PatrolVolunteer[] */
  volunteers: string;
  /** JSON: string[] */
  guards: string;
  bicycleId: string | null;
  bicycleReturnedAt: string | null;
  /** JSON: PatrolCheckpoint[] */
  checkpoints: string;
  note: string | null;
  dutyEntryId: string | null;
}

export interface FindingRow extends SyncedRow {
  patrolId: string;
  at: string;
  place: string;
  addressId: string | null;
  text: string;
  outcomeKind: FindingOutcome | null;
  outcomeRefId: string | null;
}

export interface VolunteerRow extends SyncedRow {
  cardNo: string;
  name: string;
  phone: string | null;
  note: string | null;
  joinedOn: string;
}

export interface RulesRow extends SyncedRow {
  perHour: number;
  perPatrol: number;
  perFinding: number;
}

export interface GoodsRow extends SyncedRow {
  name: string;
  unit: string;
  price: number;
  stock: number;
  note: string | null;
}

/** Never updated, never deleted (the database refuses both). */
export interface PointsEntryRow extends SyncedRow {
  volunteerId: string;
  seq: number;
  at: string;
  kind: LedgerKind;
  points: number;
  balanceAfter: number;
  reason: string | null;
  /** JSON of a patrol's earning: minutes, findings and the rules applied */
  detail: string | null;
  patrolId: string | null;
  goodsId: string | null;
  quantity: number | null;
  reversesId: string | null;
}

export const PATROL_TABLES = ['patrol_route', 'patrol', 'patrol_finding', 'patrol_volunteer', 'patrol_points_rules', 'patrol_goods', 'patrol_points_entry'] as const;
