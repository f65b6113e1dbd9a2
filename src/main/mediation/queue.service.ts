/**
 * The queue of open cases with their countdowns, and the alerts of the home screen. An overdue
 * case is always in the answer, whatever the filter: filters narrow what is on time, never what
 * is late. Both hold only the station's own cases (ownership.ts): a case another station has
 * taken is listed apart, without countdowns, and one still being transferred is marked.
 */
import type { EntityManager } from 'typeorm';
import type { Alerts, Queue, QueueCase } from '../../shared/mediation/contract.js';
import { needsRiskVisit, OPEN_STATUSES, type CaseStatus, type DisputeType } from '../../shared/mediation/model.js';
import { RISK_LEVELS, type RiskLevel } from '../../shared/mediation/risk.js';
import { localDate } from '../../shared/time.js';
import type { CaseRow } from './mediation.entity.js';
import { overdueNow } from './caseView.service.js';
import { ownedSql, transferColumnSql, transferredAwaySql } from './ownership.js';

/** SQL with `:name` parameters, turned into positional ones for the sqlite driver. */
const named = (sql: string, values: Record<string, unknown>): [string, unknown[]] => {
  const params: unknown[] = [];
  const text = sql.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
};

/**
 * Written exactly as the partial index `mediation_case_open` (migration 0006) is: SQLite uses a
 * partial index only for a query that repeats its condition, and with it the queue reads the few
 * open cases instead of every case the station ever had.
 */
const OPEN_SQL = `c."status" IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Late now: a start past its limit, a conclusion past its date, a follow-up visit past its day. */
const OVERDUE_SQL = `(
  (c."status" = 'accepted' AND c."startedAt" IS NULL AND c."startDueAt" <= :now)
  OR (c."status" IN ('accepted', 'mediating') AND c."concludeDueAt" <= :now)
  OR EXISTS (SELECT 1 FROM "mediation_follow_up" f
             WHERE f."caseId" = c."id" AND f."doneAt" IS NULL AND f."cancelledAt" IS NULL AND f."scheduledDate" < :today))`;

/** The column of the deadline that comes next, for ordering. */
const DUE_SQL = `CASE WHEN c."status" = 'accepted' AND c."startedAt" IS NULL THEN c."startDueAt"
  WHEN c."status" IN ('accepted', 'mediating') THEN c."concludeDueAt" END`;

const LINE_COLUMNS = `c."id", c."version", c."caseNo", c."type", c."status", c."place", c."registeredAt", c."startDueAt",
  c."startedAt", c."concludeDueDate", c."concludeDueAt", c."riskScore", c."riskLevel", c."failureAcknowledgedAt",
  (SELECT json_group_array(json_array(p."seq", p."name")) FROM "mediation_party" p
    WHERE p."caseId" = c."id" AND p."cancelledAt" IS NULL) AS "partyNames",
  (SELECT json_group_array(json_array(a."assignedAt", m."name")) FROM "mediation_assignment" a JOIN "mediator" m ON m."id" = a."mediatorId"
    WHERE a."caseId" = c."id" AND a."cancelledAt" IS NULL) AS "mediatorNames",
  (SELECT MIN(f."scheduledDate") FROM "mediation_follow_up" f
    WHERE f."caseId" = c."id" AND f."doneAt" IS NULL AND f."cancelledAt" IS NULL) AS "followUpDate",
  ${transferColumnSql('c')} AS "transfer"`;

type Line = Pick<
  CaseRow,
  | 'id'
  | 'version'
  | 'caseNo'
  | 'type'
  | 'status'
  | 'place'
  | 'registeredAt'
  | 'startDueAt'
  | 'startedAt'
  | 'concludeDueDate'
  | 'concludeDueAt'
  | 'riskScore'
  | 'riskLevel'
  | 'failureAcknowledgedAt'
> & { partyNames: string; mediatorNames: string; followUpDate: string | null; transfer: string | null; matches?: number };

/** Names in their order (party number, assignment time): json_group_array keeps no order of its own. */
const ordered = (json: string): string[] =>
  (JSON.parse(json) as [string | number, string][])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, name]) => name);

const toLine = (r: Line, now: Date, today: string): QueueCase => {
  const transfer = r.transfer ? (JSON.parse(r.transfer) as QueueCase['transfer']) : null;
  // a case another station has taken runs no clock here
  const away = transfer?.status === 'accepted';
  const overdue = away ? { start: false, conclude: false } : overdueNow(r, now);
  return {
    id: r.id,
    version: r.version,
    caseNo: r.caseNo,
    type: r.type,
    status: r.status,
    place: r.place,
    partyNames: ordered(r.partyNames),
    mediatorNames: ordered(r.mediatorNames),
    registeredAt: r.registeredAt,
    startDueAt: r.startDueAt,
    startOverdue: overdue.start,
    concludeDueDate: r.concludeDueDate,
    concludeDueAt: r.concludeDueAt,
    concludeOverdue: overdue.conclude,
    followUpDate: r.followUpDate,
    followUpOverdue: !away && !!r.followUpDate && r.followUpDate < today,
    failurePending: !away && r.status === 'failed' && !r.failureAcknowledgedAt,
    riskScore: r.riskScore,
    riskLevel: r.riskLevel,
    matchesFilter: r.matches === undefined ? true : Boolean(r.matches),
    transfer,
  };
};

export interface QueueFilter {
  status?: CaseStatus;
  type?: DisputeType;
  mediatorId?: string;
  minRisk?: RiskLevel;
  transferredAway?: boolean;
  limit: number;
}

export const queueOf = async (manager: EntityManager, f: QueueFilter, now: Date, timeZone: string): Promise<Queue> => {
  const today = localDate(now, timeZone);
  const conditions: string[] = [];
  const values: Record<string, unknown> = { now: now.toISOString(), today };
  if (f.status) {
    conditions.push('c."status" = :status');
    values.status = f.status;
  }
  if (f.type) {
    conditions.push('c."type" = :type');
    values.type = f.type;
  }
  if (f.mediatorId) {
    conditions.push(`EXISTS (SELECT 1 FROM "mediation_assignment" a WHERE a."caseId" = c."id" AND a."mediatorId" = :mediatorId AND a."cancelledAt" IS NULL)`);
    values.mediatorId = f.mediatorId;
  }
  if (f.minRisk) {
    const levels = RISK_LEVELS.slice(RISK_LEVELS.indexOf(f.minRisk));
    conditions.push(`c."riskLevel" IN (${levels.map((l) => `'${l}'`).join(', ')})`);
  }
  const matches = conditions.length > 0 ? conditions.join(' AND ') : '1';
  if (f.transferredAway) return awayOf(manager, matches, values, f.limit, now, today);
  const selected = `SELECT c."id", c."status", c."startedAt", c."startDueAt", c."concludeDueAt", c."registeredAt", ${OVERDUE_SQL} AS "overdue", (${matches}) AS "matches"
    FROM "mediation_case" c WHERE ${OPEN_SQL} AND ${ownedSql('c')}`;

  // One statement: the open cases are judged once (overdue, matching), counted, and the page is
  // chosen from them — every overdue case and up to `limit` more — before the names of parties
  // and mediators are looked up, for the page's lines only.
  const [sql, params] = named(
    `WITH s AS MATERIALIZED (${selected}),
     n AS (SELECT COALESCE(SUM("overdue" OR "matches"), 0) AS "total", COALESCE(SUM("overdue"), 0) AS "overdue" FROM s),
     p AS (
       SELECT c."id", c."matches", c."overdue", (${DUE_SQL}) AS "due", c."registeredAt" FROM s c
       WHERE c."overdue" OR c."matches"
       ORDER BY c."overdue" DESC, "due" IS NULL, "due", c."registeredAt", c."id"
       LIMIT (SELECT "overdue" FROM n) + :limit
     )
     SELECT ${LINE_COLUMNS}, p."matches", n."total" AS "total", n."overdue" AS "overdueCount"
     FROM p JOIN "mediation_case" c ON c."id" = p."id" CROSS JOIN n
     ORDER BY p."overdue" DESC, p."due" IS NULL, p."due", p."registeredAt", p."id"`,
    { ...values, limit: f.limit },
  );
  const rows: (Line & { total: number; overdueCount: number })[] = await manager.query(sql, params);
  // no line means nothing open matches and nothing is late
  const total = rows.length > 0 ? Number(rows[0].total) : 0;
  const overdue = rows.length > 0 ? Number(rows[0].overdueCount) : 0;
  return { now: now.toISOString(), cases: rows.map((r) => toLine(r, now, today)), total, overdue };
};

/**
 * The cases other stations have taken from this one, newest transfer first, with the same
 * filters: read-only copies to look up, none of them late here (their deadlines run there).
 */
const awayOf = async (manager: EntityManager, matches: string, values: Record<string, unknown>, limit: number, now: Date, today: string): Promise<Queue> => {
  const away = `FROM "mediation_case" c WHERE ${transferredAwaySql('c')} AND c."cancelledAt" IS NULL AND (${matches})`;
  const [countSql, countParams] = named(`SELECT COUNT(*) AS "n" ${away}`, values);
  const [{ n }] = await manager.query(countSql, countParams);
  const [sql, params] = named(
    `SELECT ${LINE_COLUMNS} ${away}
     ORDER BY (SELECT MAX(t."statusAt") FROM "case_transfer" t WHERE t."caseId" = c."id" AND t."direction" = 'out') DESC, c."id"
     LIMIT :limit`,
    { ...values, limit },
  );
  const rows: Line[] = await manager.query(sql, params);
  return { now: now.toISOString(), cases: rows.map((r) => toLine(r, now, today)), total: Number(n), overdue: 0 };
};

/**
 * A follow-up visit has been recorded: someone has seen the parties since. Looked up only for the
 * few lines it decides (a failure at high risk: needsRiskVisit), not for every alert.
 */
const VISITED_SQL = `CASE WHEN c."status" = 'failed' AND c."riskLevel" = 'high' THEN EXISTS (SELECT 1 FROM "mediation_follow_up" f
  WHERE f."caseId" = c."id" AND f."doneAt" IS NOT NULL AND f."cancelledAt" IS NULL) END`;

/**
 * What the home screen warns about: late starts and conclusions, failures not yet acknowledged,
 * high risk (an open case, or one that failed at high risk and has had no visit since:
 * needsRiskVisit), visits due.
 */
export const alertsOf = async (manager: EntityManager, now: Date, timeZone: string): Promise<Alerts> => {
  const today = localDate(now, timeZone);
  const [sql, params] = named(
    `SELECT ${LINE_COLUMNS}, ${VISITED_SQL} AS "visited" FROM "mediation_case" c
     WHERE ${OPEN_SQL} AND ${ownedSql('c')} AND (
       ${OVERDUE_SQL}
       OR (c."status" = 'failed' AND c."failureAcknowledgedAt" IS NULL)
       OR (c."riskLevel" = 'high' AND c."status" IN ('registered', 'accepted', 'mediating', 'failed'))
       OR EXISTS (SELECT 1 FROM "mediation_follow_up" f
                  WHERE f."caseId" = c."id" AND f."doneAt" IS NULL AND f."cancelledAt" IS NULL AND f."scheduledDate" <= :today))
     ORDER BY (${DUE_SQL}) IS NULL, (${DUE_SQL}), c."registeredAt", c."id"`,
    { now: now.toISOString(), today },
  );
  const rows = (await manager.query(sql, params)) as (Line & { visited: number | null })[];
  const lines = rows.map((r) => toLine(r, now, today));
  const watched = new Set(rows.filter((r) => needsRiskVisit(r, Boolean(r.visited))).map((r) => r.id));
  return {
    now: now.toISOString(),
    overdueStart: lines.filter((l) => l.startOverdue),
    overdueConclude: lines.filter((l) => l.concludeOverdue),
    failuresPending: lines.filter((l) => l.failurePending),
    highRisk: lines.filter((l) => (l.riskLevel === 'high' && ['registered', 'accepted', 'mediating'].includes(l.status)) || watched.has(l.id)),
    followUpsDue: lines.filter((l) => l.followUpDate !== null && l.followUpDate <= today),
  };
};
