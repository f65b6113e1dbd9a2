/**
 * The assessment's rules the head sets, and what they add to a score: visitors' ratings (好差评)
 * counted for the one who served, on the community side. The fixed data items stay in
 * assessment.service; a rule here is stored, validated in the contract and shown as its source.
 */
import type { EntityManager } from 'typeorm';
import { conflict } from '../../shared/errors.js';
import { POOR_LEVELS } from '../../shared/intake/hall.js';
import { DEFAULT_RATING_RULE, type AssessmentRules, type RatingRule, type ScoreLine } from '../../shared/office/assessment.js';
import type { Who } from '../context.js';
import { assessmentRuleTable } from './office.entity.js';

/** The station's rules; the defaults (version 0, ratings not counted) until the head first saves. */
export const getRules = async (manager: EntityManager, stationId: string): Promise<AssessmentRules> => {
  const [row] = (await manager.query(
    `SELECT r.*, s."name" AS "setByName" FROM "office_assessment_rule" r LEFT JOIN "staff" s ON s."id" = r."updatedBy" WHERE r."stationId" = ? AND r."cancelledAt" IS NULL`,
    [stationId],
  )) as { version: number; ratingOn: number; ratingPointsSatisfied: number; ratingPointsPoor: number; ratingCap: number; setByName: string | null; updatedAt: string }[];
  if (!row) return { version: 0, rating: DEFAULT_RATING_RULE, setBy: null, setAt: null };
  return {
    version: Number(row.version),
    rating: { on: Boolean(row.ratingOn), pointsPerSatisfied: Number(row.ratingPointsSatisfied), pointsPerPoor: Number(row.ratingPointsPoor), cap: Number(row.ratingCap) },
    setBy: row.setByName,
    setAt: row.updatedAt,
  };
};

export const saveRules = async (manager: EntityManager, who: Who, input: { version: number; rating: RatingRule }): Promise<AssessmentRules> => {
  const row = await manager.findOneBy(assessmentRuleTable.entity, { stationId: who.stationId });
  if ((row?.version ?? 0) !== input.version) throw conflict('staleVersion');
  const values = {
    ratingOn: input.rating.on,
    ratingPointsSatisfied: input.rating.pointsPerSatisfied,
    ratingPointsPoor: input.rating.pointsPerPoor,
    ratingCap: input.rating.cap,
  };
  if (!row) await assessmentRuleTable.insert(manager, who, values);
  else await assessmentRuleTable.update(manager, who, row, null, values);
  return getRules(manager, who.stationId);
};

/** Per person, satisfied and poor ratings of the walk-ins they served in the period (local dates). */
export const ratingCounts = async (manager: EntityManager, from: string, to: string): Promise<Map<string, { satisfied: number; poor: number }>> => {
  const rows: { staffId: string; satisfied: number; poor: number }[] = await manager.query(
    `SELECT "createdBy" AS "staffId", SUM("level" NOT IN (${POOR_LEVELS.map(() => '?').join(', ')})) AS "satisfied",
       SUM("level" IN (${POOR_LEVELS.map(() => '?').join(', ')})) AS "poor"
     FROM "walk_in_rating" WHERE "cancelledAt" IS NULL AND "createdBy" IS NOT NULL AND "localDate" BETWEEN ? AND ? GROUP BY "createdBy"`,
    [...POOR_LEVELS, ...POOR_LEVELS, from, to],
  );
  return new Map(rows.map((r) => [r.staffId, { satisfied: Number(r.satisfied), poor: Number(r.poor) }]));
};

/**
 * The community side's lines of the rating rule for one person: one adding per satisfied rating,
 * one deducting per poor one, each at most the cap. None while the rule is off.
 */
export const ratingLines = (rule: RatingRule, counts: { satisfied: number; poor: number } | undefined, setBy: string | null): ScoreLine[] => {
  if (!rule.on) return [];
  const line = (key: 'ratingSatisfied' | 'ratingPoor', count: number, each: number, sign: 1 | -1): ScoreLine => {
    const raw = count * each;
    return {
      key,
      source: 'rule',
      count,
      pointsEach: each,
      points: raw === 0 ? 0 : sign * Math.min(raw, rule.cap),
      capped: raw > rule.cap,
      reason: null,
      itemId: null,
      version: null,
      recordedBy: setBy,
    };
  };
  return [line('ratingSatisfied', counts?.satisfied ?? 0, rule.pointsPerSatisfied, 1), line('ratingPoor', counts?.poor ?? 0, rule.pointsPerPoor, -1)];
};
