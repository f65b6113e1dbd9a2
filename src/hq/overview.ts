/** HQ's overview of its stations: their sync state, rejects, and the figures per station and day. */
import { CLOCK_WARNING_MS } from '../shared/sync/protocol.js';
import { isValidTimeZone, localDate } from '../shared/time.js';
import type { HqDb } from './db.js';

const HQ_TIME_ZONE = 'Asia/Shanghai';

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface StationRecord {
  id: string;
  code: string;
  name: string;
  district: string;
  createdAt: string;
  enrolledAt: string | null;
  stationUuid: string | null;
  cursor: number;
  lastSyncAt: string | null;
  backlog: number;
  schemaVersion: number | null;
  clockSkewMs: number | null;
  rowsReceived: number;
  rejects: number;
}

// ── overview ─────────────────────────────────────────────────────────────────────────────
export const stationRecords = async (db: HqDb): Promise<StationRecord[]> => {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT s."id", s."code", s."name", s."district", s."createdAt", s."enrolledAt", s."stationUuid", s."cursor", s."lastSyncAt",
            s."backlog", s."schemaVersion", s."clockSkewMs", s."rowsReceived",
            (SELECT COUNT(*) FROM "hq_reject" r WHERE r."stationId" = s."id") AS "rejects"
     FROM "hq_station" s ORDER BY s."code"`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    code: r.code as string,
    name: r.name as string,
    district: r.district as string,
    createdAt: r.createdAt as string,
    enrolledAt: (r.enrolledAt as string | null) ?? null,
    stationUuid: (r.stationUuid as string | null) ?? null,
    cursor: num(r.cursor),
    lastSyncAt: (r.lastSyncAt as string | null) ?? null,
    backlog: num(r.backlog),
    schemaVersion: numOrNull(r.schemaVersion),
    clockSkewMs: numOrNull(r.clockSkewMs),
    rowsReceived: num(r.rowsReceived),
    rejects: num(r.rejects),
  }));
};

export const stationRejects = async (db: HqDb, stationKey: string): Promise<{ seq: number; tableName: string; rowId: string; reason: string; at: string }[]> => {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT "seq", "tableName", "rowId", "reason", "at" FROM "hq_reject" WHERE "stationId" = ? ORDER BY "seq"`,
    [stationKey],
  );
  return rows.map((r) => ({ seq: num(r.seq), tableName: r.tableName as string, rowId: r.rowId as string, reason: r.reason as string, at: r.at as string }));
};

/** Walk-ins per station and day (cancelled ones not counted), and mediation cases by status (each at its owning station). */
/** Walk-ins of these stations per day HQ first received them (on HQ's calendar, China Standard Time). */
const walkInsByReceipt = async (db: HqDb, stationUuids: string[], from: string, to: string): Promise<{ stationId: string; day: string; n: number }[]> => {
  // a day either side: HQ's day and UTC's differ by eight hours
  const lo = new Date(Date.parse(`${from}T00:00:00Z`) - 86400_000).toISOString();
  const hi = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * 86400_000).toISOString();
  const rows = await db.rows<{ stationId: string; at: string }>(
    `SELECT "stationId", COALESCE("firstReceivedAt", "receivedAt") AS "at" FROM "hq_row"
     WHERE "tableName" = 'walk_in' AND "cancelled" = 0 AND COALESCE("firstReceivedAt", "receivedAt") >= ? AND COALESCE("firstReceivedAt", "receivedAt") < ?
       AND "stationId" IN (${stationUuids.map(() => '?').join(', ')})`,
    [lo, hi, ...stationUuids],
  );
  const counts = new Map<string, { stationId: string; day: string; n: number }>();
  for (const r of rows) {
    const day = localDate(new Date(r.at), HQ_TIME_ZONE);
    if (day < from || day > to) continue;
    const k = `${r.stationId} ${day}`;
    const c = counts.get(k) ?? { stationId: r.stationId, day, n: 0 };
    c.n += 1;
    counts.set(k, c);
  }
  return [...counts.values()];
};

/** Each station's own time zone, from the profile it synced; HQ's until it has synced one. */
const stationZones = async (db: HqDb): Promise<Map<string, string>> => {
  const rows = await db.rows<{ stationId: string; payload: string }>(
    `SELECT "stationId", "payload" FROM "hq_row" WHERE "tableName" = 'station' AND "cancelled" = 0`,
  );
  const zones = new Map<string, string>();
  for (const r of rows) {
    const zone = db.vault.openJson<{ timeZone?: unknown }>(r.payload).timeZone;
    if (typeof zone === 'string' && isValidTimeZone(zone)) zones.set(r.stationId, zone);
  }
  return zones;
};

export const overviewOf = async (db: HqDb, from: string, to: string): Promise<Overview> => {
  const stations = await stationRecords(db);
  const zones = await stationZones(db);
  // a station whose clock is far off dates its walk-ins wrongly (2036, or yesterday): its
  // walk-ins count on the day HQ first received them instead
  const offClock = stations.filter((s) => s.stationUuid && s.clockSkewMs !== null && Math.abs(s.clockSkewMs) > CLOCK_WARNING_MS).map((s) => s.stationUuid!);
  const notOff = offClock.length ? ` AND "stationId" NOT IN (${offClock.map(() => '?').join(', ')})` : '';
  const walkIns = await db.rows<{ stationId: string; day: string; n: unknown }>(
    `SELECT "stationId", "day", COUNT(*) AS "n" FROM "hq_row"
     WHERE "tableName" = 'walk_in' AND "day" >= ? AND "day" <= ? AND "cancelled" = 0${notOff}
     GROUP BY "stationId", "day" ORDER BY "day"`,
    [from, to, ...offClock],
  );
  if (offClock.length) walkIns.push(...(await walkInsByReceipt(db, offClock, from, to)));
  // a case counts at the station that owns it: once another station has taken it, the
  // sender's read-only copy is left out (the taker's copy is counted)
  const cases = await db.rows<{ stationId: string; status: string; n: unknown }>(
    `SELECT r."stationId", r."status", COUNT(*) AS "n" FROM "hq_row" r WHERE r."tableName" = 'mediation_case' AND r."cancelled" = 0
       AND NOT EXISTS (SELECT 1 FROM "hq_transfer" t JOIN "hq_station" f ON f."id" = t."fromStation"
                       WHERE t."caseId" = r."rowId" AND t."status" = 'accepted' AND f."stationUuid" = r."stationId")
     GROUP BY r."stationId", r."status"`,
  );
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`) && days.length < 370; d = new Date(d.getTime() + 86400_000)) {
    days.push(d.toISOString().slice(0, 10));
  }
  const byUuid = new Map(stations.filter((s) => s.stationUuid).map((s) => [s.stationUuid!, s.id]));
  // the visitors' ratings (好差评) of the period, by the walk-in's day; the two poor levels apart
  const ratingRows = await db.rows<{ stationId: string; status: string; n: unknown }>(
    `SELECT "stationId", "status", COUNT(*) AS "n" FROM "hq_row"
     WHERE "tableName" = 'walk_in_rating' AND "day" >= ? AND "day" <= ? AND "cancelled" = 0 GROUP BY "stationId", "status"`,
    [from, to],
  );
  const ratings: Record<string, StationRatings> = {};
  for (const r of ratingRows) {
    const key = byUuid.get(r.stationId);
    if (!key) continue;
    const c = (ratings[key] ??= { count: 0, satisfied: 0 });
    c.count += num(r.n);
    if (r.status !== 'dissatisfied' && r.status !== 'veryDissatisfied') c.satisfied += num(r.n);
  }
  const perStation: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = Object.fromEntries(days.map((d) => [d, 0]));
  for (const w of walkIns) {
    const key = byUuid.get(w.stationId);
    if (!key) continue;
    (perStation[key] ??= {})[w.day] = num(w.n);
    totals[w.day] = (totals[w.day] ?? 0) + num(w.n);
  }
  const mediation: Record<string, Record<string, number>> = {};
  for (const c of cases) {
    const key = byUuid.get(c.stationId);
    if (key) (mediation[key] ??= {})[c.status] = num(c.n);
  }
  // the figures each station counts itself (collection completeness, roster gaps): its latest
  const figureRows = await db.rows<{ stationId: string; payload: string }>(
    `SELECT "stationId", "payload" FROM "hq_row" WHERE "tableName" = 'station_figure' AND "cancelled" = 0`,
  );
  const figures: Record<string, { collection?: StationCollection; roster?: StationRoster }> = {};
  for (const f of figureRows) {
    const key = byUuid.get(f.stationId);
    if (!key) continue;
    const p = db.vault.openJson<{ kind?: string; figures?: string; computedAt?: string }>(f.payload);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(String(p.figures)) as Record<string, unknown>;
    } catch {
      continue;
    }
    const at = String(p.computedAt ?? '');
    if (p.kind === 'collection') {
      (figures[key] ??= {}).collection = {
        rooms: num(body.rooms),
        roomsCollected: num(body.roomsCollected),
        people: num(body.people),
        peopleVerified: num(body.peopleVerified),
        faults: num(body.faults),
        computedAt: at,
      };
    } else if (p.kind === 'roster') {
      (figures[key] ??= {}).roster = {
        month: String(body.month ?? ''),
        hasRoster: body.hasRoster === true,
        gapCells: num(body.gapCells),
        gapDays: num(body.gapDays),
        peopleShort: num(body.peopleShort),
        computedAt: at,
      };
    }
  }
  const sum = (pick: (s: { collection?: StationCollection; roster?: StationRoster }) => number) => Object.values(figures).reduce((a, f) => a + pick(f), 0);
  return {
    from,
    to,
    days,
    stations: stations.map((s) => ({
      ...s,
      timeZone: (s.stationUuid && zones.get(s.stationUuid)) || HQ_TIME_ZONE,
      walkIns: days.map((d) => perStation[s.id]?.[d] ?? 0),
      walkInTotal: days.reduce((a, d) => a + (perStation[s.id]?.[d] ?? 0), 0),
      mediation: mediation[s.id] ?? {},
      collection: figures[s.id]?.collection ?? null,
      roster: figures[s.id]?.roster ?? null,
      ratings: ratings[s.id] ?? { count: 0, satisfied: 0 },
    })),
    totals: {
      walkIns: days.map((d) => totals[d] ?? 0),
      walkInTotal: days.reduce((a, d) => a + (totals[d] ?? 0), 0),
      backlog: stations.reduce((a, s) => a + s.backlog, 0),
      ratings: Object.values(ratings).reduce((a, r) => ({ count: a.count + r.count, satisfied: a.satisfied + r.satisfied }), { count: 0, satisfied: 0 }),
      stations: stations.length,
      enrolled: stations.filter((s) => s.enrolledAt).length,
      collection: {
        rooms: sum((f) => f.collection?.rooms ?? 0),
        roomsCollected: sum((f) => f.collection?.roomsCollected ?? 0),
        people: sum((f) => f.collection?.people ?? 0),
        peopleVerified: sum((f) => f.collection?.peopleVerified ?? 0),
        faults: sum((f) => f.collection?.faults ?? 0),
        reporting: sum((f) => (f.collection ? 1 : 0)),
      },
      roster: {
        gapCells: sum((f) => f.roster?.gapCells ?? 0),
        gapDays: sum((f) => f.roster?.gapDays ?? 0),
        peopleShort: sum((f) => f.roster?.peopleShort ?? 0),
        withoutRoster: sum((f) => (f.roster && !f.roster.hasRoster ? 1 : 0)),
        withGaps: sum((f) => (f.roster && f.roster.gapCells > 0 ? 1 : 0)),
        reporting: sum((f) => (f.roster ? 1 : 0)),
      },
    },
  };
};
/** A station's collection completeness as its own completeness page counts it. */
export interface StationCollection {
  rooms: number;
  roomsCollected: number;
  people: number;
  peopleVerified: number;
  faults: number;
  computedAt: string;
}

/** The visitors' ratings of the period: how many, and how many good (非常满意, 满意, 基本满意). */
export interface StationRatings {
  count: number;
  satisfied: number;
}

/** This month's roster coverage gaps as the station's roster page shows them. */
export interface StationRoster {
  month: string;
  hasRoster: boolean;
  gapCells: number;
  gapDays: number;
  peopleShort: number;
  computedAt: string;
}

export interface Overview {
  from: string;
  to: string;
  days: string[];
  stations: (StationRecord & {
    /** the station's time zone: its times (the last sync) are shown in it, on the page and in the files */
    timeZone: string;
    walkIns: number[];
    walkInTotal: number;
    mediation: Record<string, number>;
    /** null: the station has not reported (an older version, or not synced since) */
    collection: StationCollection | null;
    roster: StationRoster | null;
    ratings: StationRatings;
  })[];
  totals: {
    walkIns: number[];
    walkInTotal: number;
    backlog: number;
    ratings: StationRatings;
    stations: number;
    enrolled: number;
    collection: Omit<StationCollection, 'computedAt'> & { reporting: number };
    roster: { gapCells: number; gapDays: number; peopleShort: number; withoutRoster: number; withGaps: number; reporting: number };
  };
}
