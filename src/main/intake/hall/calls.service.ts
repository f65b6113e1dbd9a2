import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, notFound } from '../../../shared/errors.js';
import { callStateOf, maskName, type CallAction, type DisplayCall, type DisplayState, type QueuedWalkIn } from '../../../shared/intake/hall.js';
import { ROUTES, type Route } from '../../../shared/intake/zones.js';
import { todayOf, type Who } from '../../context.js';

/** How many calls per zone the display lists below the current one. */
export const RECENT_PER_ZONE = 4;
/** How many of today's calls the display gets for its announcements. */
const CALLS_SHOWN = 20;

interface QueueRow {
  walkInId: string;
  queueNo: string;
  route: Route;
  localDate: string;
  visitorName: string;
  arrivedAt: string;
  status: 'waiting' | 'serving';
  latest: CallAction | null;
  lastCalledAt: string | null;
  calls: number;
}

// the latest action on each walk-in, and how often it was called
const QUEUE_SELECT = `SELECT w."id" AS "walkInId", w."queueNo", w."route", w."localDate", w."visitorName", w."arrivedAt", w."status",
    (SELECT c."action" FROM "hall_call" c WHERE c."walkInId" = w."id" ORDER BY c."at" DESC, c."id" DESC LIMIT 1) AS "latest",
    (SELECT MAX(c."at") FROM "hall_call" c WHERE c."walkInId" = w."id" AND c."action" IN ('call', 'recall')) AS "lastCalledAt",
    (SELECT COUNT(*) FROM "hall_call" c WHERE c."walkInId" = w."id" AND c."action" IN ('call', 'recall')) AS "calls"
  FROM "walk_in" w`;

const toQueued = (r: QueueRow): QueuedWalkIn => ({
  walkInId: r.walkInId,
  queueNo: r.queueNo,
  route: r.route,
  visitorName: r.visitorName,
  arrivedAt: r.arrivedAt,
  status: r.status,
  callState: callStateOf(r.latest),
  lastCalledAt: r.lastCalledAt,
  calls: Number(r.calls),
});

/** Today's waiting and served walk-ins of a zone, in the order they are called. */
export const callQueue = async (manager: EntityManager, day: string, route: Route): Promise<QueuedWalkIn[]> =>
  ((await manager.query(
    `${QUEUE_SELECT} WHERE w."localDate" = ? AND w."route" = ? AND w."status" IN ('waiting', 'serving') AND w."cancelledAt" IS NULL
     ORDER BY w."queueSeq"`,
    [day, route],
  )) as QueueRow[]).map(toQueued);

const queuedOne = async (manager: EntityManager, id: string, routes: readonly Route[]): Promise<QueuedWalkIn & { localDate: string }> => {
  const [row] = (await manager.query(`${QUEUE_SELECT} WHERE w."id" = ? AND w."cancelledAt" IS NULL`, [id])) as QueueRow[];
  if (!row || !routes.includes(row.route)) throw notFound('intake.notFound');
  return { ...toQueued(row), localDate: row.localDate };
};

const record = (manager: EntityManager, who: Who, w: { walkInId: string; route: Route; localDate: string }, action: CallAction) =>
  manager.query(`INSERT INTO "hall_call" ("id", "walkInId", "localDate", "route", "action", "at", "byId") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    uuidv7(),
    w.walkInId,
    w.localDate,
    w.route,
    action,
    who.now.toISOString(),
    who.staffId,
  ]);

/**
 * 叫号: the chosen walk-in, or the first of the zone's queue not yet called (a skipped one comes
 * back only when put back). Only a walk-in still waiting, of today, is called.
 */
export const callWalkIn = async (manager: EntityManager, who: Who, route: Route, walkInId: string | undefined, routes: readonly Route[]): Promise<QueuedWalkIn> => {
  if (!routes.includes(route)) throw notFound('intake.notFound');
  const day = todayOf(who);
  let target: QueuedWalkIn & { localDate: string };
  if (walkInId) {
    target = await queuedOne(manager, walkInId, routes);
    if (target.route !== route || target.localDate !== day || target.status !== 'waiting') throw conflict('intake.notWaiting');
  } else {
    const next = (await callQueue(manager, day, route)).find((w) => w.status === 'waiting' && w.callState === 'queued');
    if (!next) throw conflict('intake.queueEmpty');
    target = { ...next, localDate: day };
  }
  await record(manager, who, target, 'call');
  return queuedOne(manager, target.walkInId, routes);
};

/** 重呼, 过号 and putting back: each from where the walk-in must stand for it. */
export const changeCall = async (manager: EntityManager, who: Who, walkInId: string, action: 'recall' | 'skip' | 'putBack', routes: readonly Route[]): Promise<QueuedWalkIn> => {
  const w = await queuedOne(manager, walkInId, routes);
  if (w.status !== 'waiting' || w.localDate !== todayOf(who)) throw conflict('intake.notWaiting');
  if (action === 'putBack' && w.callState !== 'skipped') throw conflict('intake.notSkipped');
  if (action !== 'putBack' && w.callState !== 'called') throw conflict('intake.notCalled');
  await record(manager, who, w, action);
  return queuedOne(manager, walkInId, routes);
};

/** The public display: per zone the number called last and those before it; no ID, no phone, names masked. */
export const displayState = async (
  manager: EntityManager,
  day: string,
  station: { name: string; dutyPhones: string },
): Promise<Omit<DisplayState, 'seq'>> => {
  const rows = (await manager.query(
    `SELECT c."id", c."route", c."action", c."at", w."queueNo", w."visitorName"
     FROM "hall_call" c JOIN "walk_in" w ON w."id" = c."walkInId"
     WHERE c."localDate" = ? AND c."action" IN ('call', 'recall') AND w."cancelledAt" IS NULL
     ORDER BY c."at" DESC, c."id" DESC LIMIT 200`,
    [day],
  )) as { id: string; route: Route; action: CallAction; at: string; queueNo: string; visitorName: string }[];
  const calls: DisplayCall[] = rows.map((r) => ({
    id: r.id,
    route: r.route,
    queueNo: r.queueNo,
    nameMasked: maskName(r.visitorName),
    at: r.at,
    again: r.action === 'recall',
  }));
  const zones = ROUTES.map((route) => {
    const own = calls.filter((c) => c.route === route);
    const current = own[0] ?? null;
    // the same number called again is listed once
    const recent = own.slice(1).filter((c, i, all) => c.queueNo !== current?.queueNo && all.findIndex((x) => x.queueNo === c.queueNo) === i);
    return { route, current, recent: recent.slice(0, RECENT_PER_ZONE) };
  });
  const phones = JSON.parse(station.dutyPhones || '[]') as { number?: string }[];
  return { stationName: station.name, dutyPhone: phones[0]?.number ?? null, localDate: day, zones, calls: calls.slice(0, CALLS_SHOWN) };
};
