import type { AbsenceKind, SwapState } from '../../shared/roster/contract.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

/** The station's rule set and its people's duty settings: one row, both JSON (the contract's schemas). */
export const rosterSettingsTable = defineSyncedTable('roster_settings', {
  settings: col.text(),
  people: col.text(),
});

/** A calendar year's holidays and 调休 days as the station keeps them (a shipped year until edited). */
export const holidayYearTable = defineSyncedTable('roster_holiday_year', {
  year: col.integer(),
  provisional: col.boolean(),
  /** JSON array of HolidayDay */
  days: col.text(),
});

/** Leave (the head grants it) and wishes (anyone on duty files their own); withdrawn ones are cancelled. */
export const absenceTable = defineSyncedTable('roster_absence', {
  staffId: col.text(),
  kind: col.text<AbsenceKind>(),
  fromDate: col.text(),
  toDate: col.text(),
  shiftId: col.textOrNull(),
  weight: col.realOrNull(),
  note: col.textOrNull(),
});

/** One month's roster, with the rule set it was generated with (what the engine was asked). */
export const rosterTable = defineSyncedTable('roster', {
  month: col.text(),
  settingsVersion: col.integer(),
  settings: col.text(),
  generatedAt: col.textOrNull(),
  generatedBy: col.textOrNull(),
  objective: col.realOrNull(),
  optimal: col.boolean(),
});

/** A person's cell on a day; a cell taken away keeps its row with no shift. */
export const assignmentTable = defineSyncedTable('roster_assignment', {
  rosterId: col.text(),
  staffId: col.text(),
  date: col.text(),
  shiftId: col.textOrNull(),
});

/** A request to exchange two cells, and the decision on it. */
export const swapTable = defineSyncedTable('roster_swap', {
  month: col.text(),
  requesterId: col.text(),
  requesterDate: col.text(),
  counterpartId: col.text(),
  counterpartDate: col.text(),
  note: col.textOrNull(),
  state: col.text<SwapState>(),
  decidedBy: col.textOrNull(),
  decidedAt: col.textOrNull(),
  decisionNote: col.textOrNull(),
});

export const ROSTER_TABLES = [rosterSettingsTable, holidayYearTable, absenceTable, rosterTable, assignmentTable, swapTable];

export type RosterRow = RowOf<typeof rosterTable>;
export type AbsenceRow = RowOf<typeof absenceTable>;
export type AssignmentRow = RowOf<typeof assignmentTable>;
export type RosterSettingsRow = RowOf<typeof rosterSettingsTable>;
export type HolidayYearRow = RowOf<typeof holidayYearTable>;
export type SwapRow = RowOf<typeof swapTable>;
