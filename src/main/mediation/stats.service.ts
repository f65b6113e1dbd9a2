/**
 * Mediation statistics by month (of the station's calendar) and dispute type. Each figure counts
 * by the month its event happened in: registered by registration, accepted and declined by the
 * decision, resolved and failed by the conclusion, missed deadlines by the month of acceptance.
 * Cancelled cases (registered in error) count nowhere.
 */
import type { EntityManager } from 'typeorm';
import type { Stats, StatsRow } from '../../shared/mediation/contract.js';
import type { DisputeType } from '../../shared/mediation/model.js';
import { successRate } from '../../shared/mediation/suggest.js';

type Metric = Exclude<keyof StatsRow, 'month' | 'type'>;
const METRICS: Metric[] = ['registered', 'accepted', 'declined', 'resolved', 'failed', 'overdueStart', 'overdueConclude'];

/** A start or conclusion is late when it happened at or after its due instant, or has not happened and that instant has passed. */
const MISSED_START = `c."startDueAt" IS NOT NULL AND COALESCE(c."startedAt", c."concludedAt", :now) >= c."startDueAt"`;
const MISSED_CONCLUDE = `c."concludeDueAt" IS NOT NULL AND COALESCE(c."concludedAt", :now) >= c."concludeDueAt"`;

export const statsOf = async (manager: EntityManager, range: { from?: string; to?: string }, now: Date): Promise<Stats> => {
  // month bounds as local dates; '-31' is past the last day of any month in a string comparison
  const from = range.from ? `${range.from}-01` : '0000-01-01';
  const to = range.to ? `${range.to}-31` : '9999-12-31';
  const by = (dateColumn: string, metric: Metric, where: string) =>
    `SELECT substr(c."${dateColumn}", 1, 7) AS "month", c."type", '${metric}' AS "metric", COUNT(*) AS "n"
     FROM "mediation_case" c
     WHERE c."status" <> 'cancelled' AND c."${dateColumn}" >= :from AND c."${dateColumn}" <= :to AND ${where}
     GROUP BY 1, 2`;
  const parts = [
    by('registeredDate', 'registered', '1'),
    by('decidedDate', 'accepted', 'c."acceptedAt" IS NOT NULL'),
    by('decidedDate', 'declined', `c."outcome" = 'declined'`),
    by('concludedDate', 'resolved', `c."outcome" = 'agreed'`),
    by('concludedDate', 'failed', `c."outcome" = 'failed'`),
    by('decidedDate', 'overdueStart', MISSED_START),
    by('decidedDate', 'overdueConclude', MISSED_CONCLUDE),
  ];
  const values = { from, to, now: now.toISOString() };
  const params: unknown[] = [];
  const sql = parts
    .join('\nUNION ALL\n')
    .replace(/:(from|to|now)\b/g, (_m, name: keyof typeof values) => {
      params.push(values[name]);
      return '?';
    });
  const counts: { month: string; type: DisputeType; metric: Metric; n: number }[] = await manager.query(sql, params);

  const rows = new Map<string, StatsRow>();
  const totals = Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;
  for (const c of counts) {
    const key = `${c.month}|${c.type}`;
    let row = rows.get(key);
    if (!row) {
      row = { month: c.month, type: c.type, ...(Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>) };
      rows.set(key, row);
    }
    row[c.metric] += Number(c.n);
    totals[c.metric] += Number(c.n);
  }

  const mediators: { mediatorId: string; name: string; agreed: number; failed: number }[] = await manager.query(
    `SELECT m."id" AS "mediatorId", m."name",
       SUM(CASE WHEN c."outcome" = 'agreed' THEN 1 ELSE 0 END) AS "agreed",
       SUM(CASE WHEN c."outcome" = 'failed' THEN 1 ELSE 0 END) AS "failed"
     FROM "mediation_assignment" a
     JOIN "mediation_case" c ON c."id" = a."caseId"
     JOIN "mediator" m ON m."id" = a."mediatorId"
     WHERE a."cancelledAt" IS NULL AND c."status" <> 'cancelled' AND c."outcome" IN ('agreed', 'failed')
       AND c."concludedDate" >= ? AND c."concludedDate" <= ?
     GROUP BY m."id"
     ORDER BY m."name", m."id"`,
    [from, to],
  );

  // flagged high at some point, by month of registration; defused: of those, the ones that ended agreed
  const [high] = await manager.query(
    `SELECT COUNT(*) AS "flagged", COALESCE(SUM(CASE WHEN c."outcome" = 'agreed' THEN 1 ELSE 0 END), 0) AS "defused"
     FROM "mediation_case" c
     WHERE c."status" <> 'cancelled' AND c."riskPeakLevel" = 'high' AND c."registeredDate" >= ? AND c."registeredDate" <= ?`,
    [from, to],
  );

  return {
    from: range.from ?? null,
    to: range.to ?? null,
    rows: [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.type.localeCompare(b.type)),
    totals,
    mediators: mediators.map((m) => {
      const agreed = Number(m.agreed);
      const failed = Number(m.failed);
      return { mediatorId: m.mediatorId, name: m.name, concluded: agreed + failed, agreed, failed, successRate: successRate(agreed, failed) };
    }),
    highRisk: { flagged: Number(high.flagged), defused: Number(high.defused) },
  };
};
