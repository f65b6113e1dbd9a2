import type { CaseTransfer } from '../../shared/sync/contract.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

/**
 * A mediation case moved between stations: 'out' (this station asked HQ to hand it over) or 'in'
 * (HQ sent it here; `snapshot` holds the case's rows as HQ had them).
 */
export const transferTable = defineSyncedTable('case_transfer', {
  direction: col.text<CaseTransfer['direction']>(),
  caseId: col.text(),
  caseNo: col.text(),
  fromStationCode: col.text(),
  fromStationName: col.text(),
  toStationCode: col.text(),
  reason: col.text(),
  requestedAt: col.text(),
  requestedBy: col.text(),
  status: col.text<CaseTransfer['status']>(),
  statusAt: col.text(),
  statusNote: col.textOrNull(),
  newCaseId: col.textOrNull(),
  newCaseNo: col.textOrNull(),
  snapshot: col.textOrNull(),
});

/** A directive from HQ read by a staff member: one receipt each. */
export const receiptTable = defineSyncedTable('directive_receipt', {
  directiveId: col.text(),
  staffId: col.text(),
  readAt: col.text(),
});

/** The figures of one kind ('collection', 'roster') the station reports for HQ's overview. */
export const figureTable = defineSyncedTable('station_figure', {
  kind: col.text(),
  /** JSON: CollectionFigures or RosterFigures */
  figures: col.text(),
  computedAt: col.text(),
});

export const SYNC_TABLES = [transferTable, receiptTable, figureTable];
export type TransferRow = RowOf<typeof transferTable>;
export type FigureRow = RowOf<typeof figureTable>;
