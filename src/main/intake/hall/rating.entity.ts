import type { RatingLevel } from '../../../shared/intake/hall.js';
import type { Route } from '../../../shared/intake/zones.js';
import { col, defineSyncedTable, type RowOf } from '../../db/syncedTable.js';

/** 好差评: a visitor's rating of a walk-in that ended, one per walk-in; synced to HQ. */
export const ratingTable = defineSyncedTable('walk_in_rating', {
  walkInId: col.text(),
  /** the walk-in's local day (HQ counts ratings per station and day by it) */
  localDate: col.text(),
  route: col.text<Route>(),
  queueNo: col.text(),
  ratedAt: col.text(),
  level: col.text<RatingLevel>(),
  /** JSON array of RatingReason codes; empty for a good rating */
  reasons: col.text(),
  comment: col.textOrNull(),
  /** the paired terminal it was given on; null: a logged-in PC's window */
  terminalId: col.textOrNull(),
  /** the duty log's follow-up item a poor rating became */
  dutyEntryId: col.textOrNull(),
});
export type RatingRow = RowOf<typeof ratingTable>;
