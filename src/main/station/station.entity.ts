import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

/** The station's profile: one row, set up on first run; synced to HQ. */
export const stationTable = defineSyncedTable('station', {
  name: col.text(),
  code: col.text(),
  policeArea: col.text(),
  community: col.text(),
  grid: col.textOrNull(),
  address: col.text(),
  /** JSON: DutyPhone[] */
  dutyPhones: col.text(),
  timeZone: col.text(),
  hqUrl: col.textOrNull(),
  idleLockMinutes: col.integer(),
});
export type StationRow = RowOf<typeof stationTable>;
export const StationEntity = stationTable.entity;
