/**
 * The patrol zone's synced tables, each declared once (the tables were made by migration 0010,
 * whose frozen column lists these follow in order). JSON columns hold what was true at the time
 * (who went, the route's checkpoints), so later edits do not rewrite history.
 */
import type { FindingOutcome, LedgerKind, PatrolStatus } from '../../shared/patrol/contract.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

export const routeTable = defineSyncedTable('patrol_route', {
  name: col.text(),
  note: col.textOrNull(),
  /** JSON: CheckpointDef[] */
  checkpoints: col.text(),
});
export type RouteRow = RowOf<typeof routeTable>;

export const patrolTable = defineSyncedTable('patrol', {
  routeId: col.text(),
  routeName: col.text(),
  status: col.text<PatrolStatus>(),
  startedAt: col.text(),
  endedAt: col.textOrNull(),
  /** JSON: PatrolStaff[] */
  staff: col.text(),
  /** JSON: PatrolVolunteer[] */
  volunteers: col.text(),
  /** JSON: string[] */
  guards: col.text(),
  bicycleId: col.textOrNull(),
  bicycleReturnedAt: col.textOrNull(),
  /** JSON: PatrolCheckpoint[] */
  checkpoints: col.text(),
  note: col.textOrNull(),
  dutyEntryId: col.textOrNull(),
});
export type PatrolRow = RowOf<typeof patrolTable>;

export const findingTable = defineSyncedTable('patrol_finding', {
  patrolId: col.text(),
  at: col.text(),
  place: col.text(),
  addressId: col.textOrNull(),
  text: col.text(),
  outcomeKind: col.textOrNull<FindingOutcome>(),
  outcomeRefId: col.textOrNull(),
});
export type FindingRow = RowOf<typeof findingTable>;

export const volunteerTable = defineSyncedTable('patrol_volunteer', {
  cardNo: col.text(),
  name: col.text(),
  phone: col.textOrNull(),
  note: col.textOrNull(),
  joinedOn: col.text(),
});
export type VolunteerRow = RowOf<typeof volunteerTable>;

export const rulesTable = defineSyncedTable('patrol_points_rules', {
  perHour: col.integer(),
  perPatrol: col.integer(),
  perFinding: col.integer(),
});
export type RulesRow = RowOf<typeof rulesTable>;

export const goodsTable = defineSyncedTable('patrol_goods', {
  name: col.text(),
  unit: col.text(),
  price: col.integer(),
  stock: col.integer(),
  note: col.textOrNull(),
});
export type GoodsRow = RowOf<typeof goodsTable>;

/** Only ever inserted: the database refuses an entry that is changed or deleted. */
export const pointsEntryTable = defineSyncedTable('patrol_points_entry', {
  volunteerId: col.text(),
  seq: col.integer(),
  at: col.text(),
  kind: col.text<LedgerKind>(),
  points: col.integer(),
  balanceAfter: col.integer(),
  reason: col.textOrNull(),
  /** JSON of a patrol's earning: minutes, findings and the rules applied */
  detail: col.textOrNull(),
  patrolId: col.textOrNull(),
  goodsId: col.textOrNull(),
  quantity: col.integerOrNull(),
  reversesId: col.textOrNull(),
});
export type PointsEntryRow = RowOf<typeof pointsEntryTable>;

export const PATROL_TABLES = [routeTable, patrolTable, findingTable, volunteerTable, rulesTable, goodsTable, pointsEntryTable];
