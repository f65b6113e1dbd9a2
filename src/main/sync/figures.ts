/**
 * The figures a station reports for HQ's overview, counted by the station's own screens' code:
 * collection completeness (as the collection zone's completeness page counts it) and this
 * month's roster coverage gaps (as the roster page shows them). One synced row per kind,
 * rewritten only when a figure changes, so an idle station adds nothing to its outbox.
 */
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { localDate } from '../../shared/time.js';
import { completeness } from '../collection/chart.service.js';
import { loadMonth, monthView } from '../roster/roster.service.js';
import { figureTable, type FigureRow } from './sync.entity.js';

export interface CollectionFigures {
  rooms: number;
  roomsCollected: number;
  people: number;
  peopleVerified: number;
  faults: number;
}

export interface RosterFigures {
  month: string;
  /** the month has a roster at all */
  hasRoster: boolean;
  /** (day, shift or window, role) requirements the roster leaves short */
  gapCells: number;
  gapDays: number;
  /** people missing, summed over the short requirements */
  peopleShort: number;
}

const store = async (m: EntityManager, stationId: string, kind: string, figures: object, now: Date): Promise<boolean> => {
  const text = JSON.stringify(figures);
  const [row]: FigureRow[] = await m.query(`SELECT * FROM "station_figure" WHERE "kind" = ?`, [kind]);
  if (row?.figures === text) return false;
  // counted by the station itself: written by no one
  const w = { stationId, staffId: null, now };
  const values = { figures: text, computedAt: now.toISOString() };
  if (row) await figureTable.update(m, w, row, null, values);
  else await figureTable.insert(m, w, { kind, ...values });
  return true;
};

/** Counts both kinds and stores what changed; a kind that cannot be counted (not set up) is left as it was. */
export const refreshFigures = async (m: EntityManager, station: { id: string; timeZone: string }, now: Date, logger?: Logger): Promise<number> => {
  let changed = 0;
  try {
    const { totals } = await completeness(m, 0);
    const figures: CollectionFigures = {
      rooms: Number(totals.rooms),
      roomsCollected: Number(totals.roomsCollected),
      people: Number(totals.people),
      peopleVerified: Number(totals.peopleVerified),
      faults: Number(totals.faults),
    };
    if (await store(m, station.id, 'collection', figures, now)) changed += 1;
  } catch (err) {
    logger?.warn({ err: { message: (err as Error).message } }, 'collection figures not counted');
  }
  try {
    const month = localDate(now, station.timeZone).slice(0, 7);
    const view = monthView(await loadMonth(m, { now, timeZone: station.timeZone }, month));
    const short = view.coverage.filter((c) => c.count < c.min);
    const figures: RosterFigures = {
      month,
      hasRoster: view.roster !== null,
      gapCells: short.length,
      gapDays: new Set(short.map((c) => c.date)).size,
      peopleShort: short.reduce((a, c) => a + (c.min - c.count), 0),
    };
    if (await store(m, station.id, 'roster', figures, now)) changed += 1;
  } catch (err) {
    logger?.warn({ err: { message: (err as Error).message } }, 'roster figures not counted');
  }
  return changed;
};
