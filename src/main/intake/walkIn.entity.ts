import type { IdType } from '../../shared/checks/idNumber.js';
import type { Purpose, Route, WalkInStatus } from '../../shared/intake/zones.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

/** 来访登记: one visitor's walk-in at the front desk, from arrival to its end; synced to HQ. */
export const walkInTable = defineSyncedTable('walk_in', {
  /** the station's calendar date of arrival: queue numbers restart each local day */
  localDate: col.text(),
  route: col.text<Route>(),
  queueSeq: col.integer(),
  queueNo: col.text(),
  arrivedAt: col.text(),
  visitorName: col.text(),
  idType: col.text<IdType>(),
  idNumber: col.textOrNull(),
  phone: col.textOrNull(),
  birthDate: col.textOrNull(),
  sex: col.textOrNull<'male' | 'female'>(),
  purpose: col.text<Purpose>(),
  note: col.textOrNull(),
  status: col.text<WalkInStatus>(),
  receivedById: col.text(),
  servedById: col.textOrNull(),
  servingStartedAt: col.textOrNull(),
  finishedAt: col.textOrNull(),
  referredFromId: col.textOrNull(),
  referredToId: col.textOrNull(),
});
export type WalkInRow = RowOf<typeof walkInTable>;
export const WalkInEntity = walkInTable.entity;
