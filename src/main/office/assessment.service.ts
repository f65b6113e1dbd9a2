/**
 * The double-hundred assessment, computed when asked: the data items are counted from the tasks,
 * the collection and the mediation tables for the period, the ratings by the head's rule
 * (assessmentRules.service), the manual items read from their rows.
 * Nothing computed is stored, so a corrected record corrects the score.
 */
import type { EntityManager } from 'typeorm';
import { validationError } from '../../shared/errors.js';
import {
  ASSESSED_ROLES,
  AWARD_ROLE,
  AWARD_TITLES,
  DATA_ITEMS,
  IN_A_ROW,
  SIDE_POINTS,
  periodRange,
  type Assessment,
  type AwardEntry,
  type AwardTitle,
  type Awards,
  type DataItem,
  type Honour,
  type PersonScore,
  type ScoreLine,
  type Side,
  type SideScore,
} from '../../shared/office/assessment.js';
import type { Role } from '../../shared/roles.js';
import { addDays, localDate, startOfLocalDate } from '../../shared/time.js';
import { PERSON_INVALID_ID, PERSON_MISSING } from '../collection/chart.service.js';
import type { RowOf } from '../db/syncedTable.js';
import { ownedSql } from '../mediation/ownership.js';
import { todayOf, type Who } from '../context.js';
import { getRules, ratingCounts, ratingLines } from './assessmentRules.service.js';
import { assessmentItemTable, awardTable } from './office.entity.js';

interface Person {
  id: string;
  name: string;
  role: Role;
}

const assessedPeople = async (manager: EntityManager): Promise<Person[]> =>
  manager.query(
    `SELECT "id", "name", "role" FROM "staff" WHERE "role" IN (${ASSESSED_ROLES.map(() => '?').join(', ')}) AND "active" = 1 AND "cancelledAt" IS NULL
     ORDER BY CASE "role" WHEN 'officer' THEN 1 WHEN 'auxiliary' THEN 2 ELSE 3 END, "name"`,
    [...ASSESSED_ROLES],
  );

interface ManualRow {
  id: string;
  version: number;
  staffId: string;
  period: string;
  side: Side;
  effect: 'deduct' | 'add';
  points: number;
  reason: string;
  recordedByName: string | null;
}

/** Counts per person of each data item in the period (local dates `from`..`to`). */
const dataCounts = async (manager: EntityManager, from: string, to: string, now: Date, timeZone: string): Promise<Map<DataItem['key'], Map<string, number>>> => {
  const today = localDate(now, timeZone);
  const fromAt = startOfLocalDate(from, timeZone).toISOString();
  const toAt = startOfLocalDate(addDays(to, 1), timeZone).toISOString();
  const at = now.toISOString();
  const counts = new Map<DataItem['key'], Map<string, number>>(DATA_ITEMS.map((i) => [i.key, new Map()]));
  const put = (key: DataItem['key'], rows: { staffId: string; n: number }[]) => {
    for (const r of rows) if (Number(r.n) > 0) counts.get(key)!.set(r.staffId, Number(r.n));
  };
  // due in the period: still open after its day, or done after it
  put(
    'overdueTask',
    await manager.query(
      `SELECT "assigneeId" AS "staffId", COUNT(*) AS "n" FROM "office_task"
       WHERE "cancelledAt" IS NULL AND "dueDate" BETWEEN ? AND ? AND (("status" = 'open' AND "dueDate" < ?) OR ("status" = 'done' AND "doneDate" > "dueDate"))
       GROUP BY "assigneeId"`,
      [from, to, today],
    ),
  );
  // the collection zone's own faults of a person's record (its data-quality worklist), counted for whoever collected it
  const collected: { staffId: string; disputed: number; incomplete: number }[] = await manager.query(
    `SELECT r."collectedById" AS "staffId", SUM(r."verification" = 'disputed') AS "disputed",
       SUM(${PERSON_MISSING} OR ${PERSON_INVALID_ID} OR r."addressId" IS NULL) AS "incomplete" FROM "resident" r
     WHERE r."cancelledAt" IS NULL AND r."movedOutOn" IS NULL AND r."collectedById" IS NOT NULL AND r."collectedAt" >= ? AND r."collectedAt" < ? GROUP BY r."collectedById"`,
    [fromAt, toAt],
  );
  put('disputedRecord', collected.map((r) => ({ staffId: r.staffId, n: r.disputed })));
  put('incompleteRecord', collected.map((r) => ({ staffId: r.staffId, n: r.incomplete })));
  // a deadline that fell in the period and was missed (the case reached it without starting or
  // concluding); a case another station has taken runs its deadlines there and counts there
  put(
    'overdueMediation',
    await manager.query(
      `SELECT m."staffId", COUNT(DISTINCT c."id") AS "n" FROM "mediation_case" c
       JOIN "mediation_assignment" a ON a."caseId" = c."id" AND a."cancelledAt" IS NULL
       JOIN "mediator" m ON m."id" = a."mediatorId"
       WHERE m."staffId" IS NOT NULL AND c."cancelledAt" IS NULL AND c."status" <> 'cancelled' AND ${ownedSql('c')} AND (
         (c."startDueAt" >= ? AND c."startDueAt" < ? AND COALESCE(c."startedAt", c."concludedAt", ?) >= c."startDueAt")
         OR (c."concludeDueAt" >= ? AND c."concludeDueAt" < ? AND COALESCE(c."concludedAt", ?) >= c."concludeDueAt"))
       GROUP BY m."staffId"`,
      [fromAt, toAt, at, fromAt, toAt, at],
    ),
  );
  return counts;
};

const half = (n: number) => Math.round(n * 2) / 2;

const sideScore = (lines: ScoreLine[]): SideScore => ({
  score: Math.min(SIDE_POINTS, Math.max(0, half(SIDE_POINTS + lines.reduce((s, l) => s + l.points, 0)))),
  lines,
});

/** Whether a manual item's period lies within the asked one (a month's item counts in its quarter and year). */
const within = (item: string, outer: { from: string; to: string }) => {
  const r = periodRange(item);
  return r.from >= outer.from && r.to <= outer.to;
};

export const assessment = async (manager: EntityManager, who: Who, period: string, onlyStaffId: string | null): Promise<Assessment> => {
  const range = periodRange(period);
  const counts = await dataCounts(manager, range.from, range.to, who.now, who.timeZone);
  const rules = await getRules(manager, who.stationId);
  const ratings = rules.rating.on ? await ratingCounts(manager, range.from, range.to) : new Map<string, { satisfied: number; poor: number }>();
  const manual = ((await manager.query(
    `SELECT i.*, s."name" AS "recordedByName" FROM "office_assessment_item" i LEFT JOIN "staff" s ON s."id" = i."createdBy"
     WHERE i."cancelledAt" IS NULL AND substr(i."period", 1, 4) = ? ORDER BY i."createdAt"`,
    [period.slice(0, 4)],
  )) as ManualRow[]).filter((m) => within(m.period, range));
  const people = (await assessedPeople(manager)).filter((p) => onlyStaffId === null || p.id === onlyStaffId);
  const scores: PersonScore[] = people.map((p) => {
    const lines = (side: Side): ScoreLine[] => [
      ...DATA_ITEMS.filter((i) => i.side === side).map((i): ScoreLine => {
        const count = counts.get(i.key)!.get(p.id) ?? 0;
        const raw = count * i.pointsEach;
        return { key: i.key, source: 'data', count, pointsEach: i.pointsEach, points: raw === 0 ? 0 : -Math.min(raw, i.cap), capped: raw > i.cap, reason: null, itemId: null, version: null, recordedBy: null };
      }),
      ...(side === 'community' ? ratingLines(rules.rating, ratings.get(p.id), rules.setBy) : []),
      ...manual
        .filter((m) => m.staffId === p.id && m.side === side)
        .map((m): ScoreLine => ({
          key: 'manual',
          source: 'manual',
          count: null,
          pointsEach: null,
          points: m.effect === 'deduct' ? -Number(m.points) : Number(m.points),
          capped: false,
          reason: m.period === period ? m.reason : `${m.period} ${m.reason}`,
          itemId: m.id,
          version: m.version,
          recordedBy: m.recordedByName,
        })),
    ];
    const police = sideScore(lines('police'));
    const community = sideScore(lines('community'));
    return { staffId: p.id, name: p.name, role: p.role, police, community, total: police.score + community.score };
  });
  return { period, ...range, people: scores, rules };
};

export const addManualItem = async (
  manager: EntityManager,
  who: Who,
  input: { staffId: string; period: string; side: Side; effect: 'deduct' | 'add'; points: number; reason: string },
): Promise<ScoreLine> => {
  const people = await assessedPeople(manager);
  if (!people.some((p) => p.id === input.staffId)) throw validationError('staffId', 'office.assessment.notAssessed');
  // a period not begun yet has nothing to assess
  if (periodRange(input.period).from > todayOf(who)) throw validationError('period', 'office.assessment.futurePeriod');
  const { id } = await assessmentItemTable.insert(manager, who, {
    staffId: input.staffId,
    period: input.period,
    side: input.side,
    effect: input.effect,
    points: input.points,
    reason: input.reason,
  });
  return {
    key: 'manual',
    source: 'manual',
    count: null,
    pointsEach: null,
    points: input.effect === 'deduct' ? -input.points : input.points,
    capped: false,
    reason: input.reason,
    itemId: id,
    version: 1,
    recordedBy: null,
  };
};

export const cancelManualItem = async (manager: EntityManager, who: Who, input: { id: string; version: number; reason: string }) => {
  const row = await assessmentItemTable.loadLive(manager, input.id, 'office.assessment.itemNotFound');
  await assessmentItemTable.cancel(manager, who, row, input.version, input.reason);
};

// ───────────────────────────── awards ─────────────────────────────

/** An award as stored, before its streak is counted. */
type AwardRow = Omit<AwardEntry, 'streak'>;

/** The years each person won each award, from every year recorded. */
const winnerYears = async (manager: EntityManager): Promise<Map<string, { name: string; years: Set<number> }>> => {
  const rows: { staffId: string; title: AwardTitle; year: number; name: string }[] = await manager.query(
    `SELECT a."staffId", a."title", a."year", s."name" FROM "office_award" a JOIN "staff" s ON s."id" = a."staffId" WHERE a."status" = 'winner' AND a."cancelledAt" IS NULL`,
  );
  const map = new Map<string, { name: string; years: Set<number> }>();
  for (const r of rows) {
    const key = `${r.staffId}|${r.title}`;
    if (!map.has(key)) map.set(key, { name: r.name, years: new Set() });
    map.get(key)!.years.add(Number(r.year));
  }
  return map;
};

const streakEnding = (years: Set<number>, year: number) => {
  let n = 0;
  while (years.has(year - n)) n++;
  return n;
};

export const awards = async (manager: EntityManager, who: Who, year: number): Promise<Awards> => {
  const scores = await assessment(manager, who, String(year), null);
  const rows: AwardRow[] = await manager.query(
    `SELECT a."id", a."version", a."year", a."title", a."staffId", s."name", a."status", a."note" FROM "office_award" a JOIN "staff" s ON s."id" = a."staffId"
     WHERE a."year" = ? AND a."cancelledAt" IS NULL ORDER BY a."status" = 'nominated', s."name"`,
    [year],
  );
  const wins = await winnerYears(manager);
  const titles = AWARD_TITLES.map((title) => {
    const role = AWARD_ROLE[title];
    const sorted = scores.people.filter((p) => p.role === role).sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
    // equal totals share a rank (1, 2, 2, 4)
    const ranking = sorted.map((p) => ({ rank: sorted.findIndex((q) => q.total === p.total) + 1, staffId: p.staffId, name: p.name, total: p.total }));
    const entries: AwardEntry[] = rows
      .filter((r) => r.title === title)
      .map((r) => ({
        ...r,
        year: Number(r.year),
        streak: r.status === 'winner' ? streakEnding(wins.get(`${r.staffId}|${title}`)?.years ?? new Set(), Number(r.year)) : 0,
      }));
    return { title, role, ranking, entries };
  });
  // three (or more) consecutive wins, the run's last year no later than this one
  const honours: Honour[] = [];
  for (const [key, { name, years }] of wins) {
    const [staffId, title] = key.split('|') as [string, AwardTitle];
    const sorted = [...years].filter((y) => y <= year).sort((a, b) => a - b);
    let run: number[] = [];
    const close = () => {
      if (run.length >= IN_A_ROW) honours.push({ staffId, name, title, years: run });
    };
    for (const y of sorted) {
      if (run.length > 0 && y !== run[run.length - 1] + 1) {
        close();
        run = [];
      }
      run.push(y);
    }
    close();
  }
  honours.sort((a, b) => b.years[b.years.length - 1] - a.years[a.years.length - 1] || a.name.localeCompare(b.name, 'zh-CN'));
  return { year, titles, honours };
};

export const recordAward = async (
  manager: EntityManager,
  who: Who,
  input: { year: number; title: AwardTitle; staffId: string; status: 'nominated' | 'winner'; note: string | null },
): Promise<AwardEntry> => {
  if (input.year > Number(todayOf(who).slice(0, 4))) throw validationError('year', 'office.award.futureYear');
  const [person] = (await manager.query(`SELECT "id", "name", "role" FROM "staff" WHERE "id" = ? AND "cancelledAt" IS NULL`, [input.staffId])) as Person[];
  if (!person) throw validationError('staffId', 'office.staffUnknown');
  if (person.role !== AWARD_ROLE[input.title]) throw validationError('staffId', 'office.award.wrongRole');
  const [existing] = (await manager.query(`SELECT * FROM "office_award" WHERE "year" = ? AND "title" = ? AND "staffId" = ? AND "cancelledAt" IS NULL`, [
    input.year,
    input.title,
    input.staffId,
  ])) as RowOf<typeof awardTable>[];
  const { id } = existing
    ? await awardTable.update(manager, who, existing, null, { status: input.status, note: input.note })
    : await awardTable.insert(manager, who, { year: input.year, title: input.title, staffId: input.staffId, status: input.status, note: input.note });
  const all = await awards(manager, who, input.year);
  return all.titles.flatMap((t) => t.entries).find((e) => e.id === id)!;
};

export const cancelAward = async (manager: EntityManager, who: Who, input: { id: string; version: number; reason: string }) => {
  const row = await awardTable.loadLive(manager, input.id, 'office.award.notFound');
  await awardTable.cancel(manager, who, row, input.version, input.reason);
};
