import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../../shared/errors.js';
import {
  RATING_LEVEL_ZH,
  RATING_OFFER_MINUTES,
  RATING_REASON_ZH,
  isPoor,
  maskName,
  type RatableWalkIn,
  type Rating,
  type RatingLevel,
  type RatingReason,
  type RatingStats,
} from '../../../shared/intake/hall.js';
import type { Route } from '../../../shared/intake/zones.js';
import type { Role } from '../../../shared/roles.js';
import { composedEntry } from '../../../shared/office/composed.js';
import type { Who } from '../../context.js';
import { addEntry, currentShiftId } from '../../office/office.service.js';
import { ratingTable } from './rating.entity.js';

/** A walk-in that ended with service: 办结, or 离开 after it was served (not one that left the queue unserved). */
const ENDED_WITH_SERVICE = `(w."status" = 'done' OR (w."status" = 'left' AND w."servingStartedAt" IS NOT NULL))`;
const NOT_RATED = `NOT EXISTS (SELECT 1 FROM "walk_in_rating" r WHERE r."walkInId" = w."id" AND r."cancelledAt" IS NULL)`;
const offeredSince = (now: Date) => new Date(now.getTime() - RATING_OFFER_MINUTES * 60_000).toISOString();

/** The walk-ins the rating screen offers: ended with service in the last minutes, not yet rated; newest first. */
export const ratableWalkIns = async (manager: EntityManager, now: Date): Promise<RatableWalkIn[]> =>
  (
    (await manager.query(
      `SELECT w."id", w."queueNo", w."route", w."visitorName", w."finishedAt" FROM "walk_in" w
       WHERE w."finishedAt" >= ? AND ${ENDED_WITH_SERVICE} AND w."cancelledAt" IS NULL AND ${NOT_RATED}
       ORDER BY w."finishedAt" DESC LIMIT 20`,
      [offeredSince(now)],
    )) as { id: string; queueNo: string; route: Route; visitorName: string; finishedAt: string }[]
  ).map((r) => ({ walkInId: r.id, queueNo: r.queueNo, route: r.route, nameMasked: maskName(r.visitorName), finishedAt: r.finishedAt }));

export interface RateInput {
  walkInId: string;
  level: RatingLevel;
  reasons: RatingReason[];
  comment: string | null;
}

/**
 * Records the visitor's rating. A visitor has no account: the row is written in the name of the
 * one who served the walk-in (the rating is about that service). A poor rating becomes an open
 * follow-up item in the duty log of the shift on duty, when one is open.
 */
export const rateWalkIn = async (
  manager: EntityManager,
  at: { stationId: string; timeZone: string; now: Date },
  input: RateInput,
  terminalId: string | null,
): Promise<{ id: string; dutyEntryId: string | null }> => {
  const [w] = (await manager.query(
    `SELECT w."id", w."queueNo", w."route", w."localDate", w."visitorName", w."servedById", w."receivedById", w."finishedAt",
       ${ENDED_WITH_SERVICE} AS "ended", ${NOT_RATED} AS "unrated"
     FROM "walk_in" w WHERE w."id" = ? AND w."cancelledAt" IS NULL`,
    [input.walkInId],
  )) as { id: string; queueNo: string; route: Route; localDate: string; visitorName: string; servedById: string | null; receivedById: string; finishedAt: string | null; ended: number; unrated: number }[];
  if (!w) throw notFound('intake.notFound');
  if (!Number(w.unrated)) throw conflict('intake.alreadyRated');
  if (!Number(w.ended) || !w.finishedAt || w.finishedAt < offeredSince(at.now)) throw conflict('intake.notRatable');
  const [staff] = (await manager.query(`SELECT "id", "name", "role" FROM "staff" WHERE "id" = ?`, [w.servedById ?? w.receivedById])) as {
    id: string;
    name: string;
    role: Role;
  }[];
  const who: Who = { stationId: at.stationId, staffId: staff.id, staffName: staff.name, role: staff.role, timeZone: at.timeZone, now: at.now };
  let dutyEntryId: string | null = null;
  if (isPoor(input.level)) {
    const shiftId = await currentShiftId(manager, at.now);
    if (shiftId) {
      const reasons = input.reasons.map((r) => RATING_REASON_ZH[r]).join('、');
      dutyEntryId = await addEntry(manager, who, {
        shiftId,
        type: 'reception',
        people: `${w.visitorName}（${w.queueNo}）`.slice(0, 200),
        place: null,
        // the Chinese text for a station or HQ that does not read `composed` yet; screens word the kind
        action: `来访人评价：${RATING_LEVEL_ZH[input.level]}（${reasons}），请回访核实`.slice(0, 1000),
        result: input.comment,
        followUpOwnerId: w.servedById,
        followUp: true,
        composed: composedEntry('poorRating', { visitorName: w.visitorName, queueNo: w.queueNo, level: input.level, reasons: input.reasons }),
      });
    }
  }
  const row = await ratingTable.insert(manager, who, {
    walkInId: w.id,
    localDate: w.localDate,
    route: w.route,
    queueNo: w.queueNo,
    ratedAt: at.now.toISOString(),
    level: input.level,
    reasons: JSON.stringify(input.reasons),
    comment: input.comment,
    terminalId,
    dutyEntryId,
  });
  return { id: row.id, dutyEntryId };
};

export const listRatings = async (manager: EntityManager, q: { from?: string; to?: string; poorOnly: boolean }): Promise<Rating[]> => {
  const where = ['r."cancelledAt" IS NULL'];
  const params: unknown[] = [];
  if (q.from) {
    where.push('r."localDate" >= ?');
    params.push(q.from);
  }
  if (q.to) {
    where.push('r."localDate" <= ?');
    params.push(q.to);
  }
  if (q.poorOnly) where.push(`r."level" IN ('dissatisfied', 'veryDissatisfied')`);
  const rows = (await manager.query(
    `SELECT r.*, w."visitorName", s."name" AS "servedBy", t."name" AS "terminalName"
     FROM "walk_in_rating" r JOIN "walk_in" w ON w."id" = r."walkInId"
     LEFT JOIN "staff" s ON s."id" = w."servedById" LEFT JOIN "paired_terminal" t ON t."id" = r."terminalId"
     WHERE ${where.join(' AND ')} ORDER BY r."ratedAt" DESC LIMIT 500`,
    params,
  )) as (Record<string, unknown> & { reasons: string })[];
  return rows.map((r) => ({
    id: r.id as string,
    walkInId: r.walkInId as string,
    localDate: r.localDate as string,
    ratedAt: r.ratedAt as string,
    level: r.level as RatingLevel,
    reasons: JSON.parse(r.reasons) as RatingReason[],
    comment: (r.comment as string | null) ?? null,
    queueNo: r.queueNo as string,
    route: r.route as Route,
    visitorName: r.visitorName as string,
    servedBy: (r.servedBy as string | null) ?? null,
    terminalName: (r.terminalName as string | null) ?? null,
    dutyEntryId: (r.dutyEntryId as string | null) ?? null,
  }));
};

/** Today's ratings: how many, how many good (非常满意, 满意, 基本满意), and the share. */
export const ratingStats = async (manager: EntityManager, day: string): Promise<RatingStats> => {
  const [row] = (await manager.query(
    `SELECT COUNT(*) AS "count", SUM(CASE WHEN "level" IN ('dissatisfied', 'veryDissatisfied') THEN 0 ELSE 1 END) AS "satisfied"
     FROM "walk_in_rating" WHERE "localDate" = ? AND "cancelledAt" IS NULL`,
    [day],
  )) as { count: number; satisfied: number | null }[];
  const count = Number(row.count);
  const satisfied = Number(row.satisfied ?? 0);
  return { localDate: day, count, satisfied, rate: count ? satisfied / count : null };
};
