/**
 * Mediation statistics by month (of the station's calendar) and dispute type. Each figure counts
 * by the month its event happened in: registered by registration, accepted and declined by the
 * decision, resolved and failed by the conclusion, missed deadlines by the month of acceptance.
 * Cancelled cases (registered in error) count nowhere; nor do cases another station has taken
 * (ownership.ts): they count at the station that owns them, whose copy carries their history, so
 * a case counts once across stations and a deadline that runs there is not missed here.
 */
import type { EntityManager } from 'typeorm';
import type { Stats, StatsRow } from '../../shared/mediation/contract.js';
import type { DisputeType } from '../../shared/mediation/model.js';
import { successRate } from '../../shared/mediation/suggest.js';
import { liveTransferOutSql, ownedSql } from './ownership.js';

type Metric = Exclude<keyof StatsRow, 'month' | 'type'>;
const METRICS: Metric[] = ['registered', 'accepted', 'declined', 'resolved', 'failed', 'overdueStart', 'overdueConclude'];

/** A start or conclusion is late when it happened at or after its due instant, or has not happened and that instant has passed. */
const MISSED_START = `(c."startDueAt" IS NOT NULL AND COALESCE(c."startedAt", c."concludedAt", ?) >= c."startDueAt")`;
const MISSED_CONCLUDE = `(c."concludeDueAt" IS NOT NULL AND COALESCE(c."concludedAt", ?) >= c."concludeDueAt")`;

export const statsOf = async (manager: EntityManager, range: { from?: string; to?: string }, now: Date): Promise<Stats> => {
  // month bounds as local dates; '-31' is past the last day of any month in a string comparison
  const from = range.from ? `${range.from}-01` : '0000-01-01';
  const to = range.to ? `${range.to}-31` : '9999-12-31';
  const at = now.toISOString();
  // One pass per date column, each counting every figure that date decides (the migration gives
  // each pass a covering index): three scans of the range instead of one per figure. The cases
  // another station has taken are counted by the same passes, driven from their few transfer
  // rows (CROSS JOIN keeps SQLite's planner from turning that round), and taken off: a condition
  // on every case would cost the passes their covering indexes.
  const pass = (dateColumn: string, sums: string, away: boolean) =>
    `SELECT substr(c."${dateColumn}", 1, 7) AS "month", c."type", ${sums}
     FROM ${away ? `"case_transfer" xt CROSS JOIN "mediation_case" c ON c."id" = xt."caseId"` : `"mediation_case" c`}
     WHERE ${away ? `${liveTransferOutSql('xt')} AND xt."status" = 'accepted' AND ` : ''}c."${dateColumn}" >= ? AND c."${dateColumn}" <= ? AND c."status" <> 'cancelled'
     GROUP BY 1, 2`;
  const passes = async (away: boolean) => {
    const registered: ({ month: string; type: DisputeType } & Record<'registered' | 'flagged' | 'defused', number>)[] = await manager.query(
      pass(
        'registeredDate',
        `COUNT(*) AS "registered",
         SUM(c."riskPeakLevel" = 'high') AS "flagged",
         SUM(c."riskPeakLevel" = 'high' AND c."outcome" = 'agreed') AS "defused"`,
        away,
      ),
      [from, to],
    );
    const decided: ({ month: string; type: DisputeType } & Record<'accepted' | 'declined' | 'overdueStart' | 'overdueConclude', number>)[] =
      await manager.query(
        pass(
          'decidedDate',
          `SUM(c."acceptedAt" IS NOT NULL) AS "accepted",
           SUM(c."outcome" = 'declined') AS "declined",
           SUM(${MISSED_START}) AS "overdueStart",
           SUM(${MISSED_CONCLUDE}) AS "overdueConclude"`,
          away,
        ),
        [at, at, from, to],
      );
    const concluded: ({ month: string; type: DisputeType } & Record<'resolved' | 'failed', number>)[] = await manager.query(
      pass('concludedDate', `SUM(c."outcome" = 'agreed') AS "resolved", SUM(c."outcome" = 'failed') AS "failed"`, away),
      [from, to],
    );
    return { registered, decided, concluded };
  };

  const rows = new Map<string, StatsRow>();
  const totals = Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;
  const add = (month: string, type: DisputeType, metric: Metric, n: unknown) => {
    const value = Number(n ?? 0);
    if (value === 0) return;
    const key = `${month}|${type}`;
    let row = rows.get(key);
    if (!row) {
      row = { month, type, ...(Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>) };
      rows.set(key, row);
    }
    row[metric] += value;
    totals[metric] += value;
  };
  let flagged = 0;
  let defused = 0;
  let transferredAway = 0;
  for (const [sign, counted] of [
    [1, await passes(false)],
    [-1, await passes(true)],
  ] as const) {
    for (const r of counted.registered) {
      add(r.month, r.type, 'registered', sign * Number(r.registered ?? 0));
      // flagged high at some point, by month of registration; defused: of those, the ones that ended agreed
      flagged += sign * Number(r.flagged ?? 0);
      defused += sign * Number(r.defused ?? 0);
      if (sign < 0) transferredAway += Number(r.registered ?? 0);
    }
    for (const r of counted.decided) for (const m of ['accepted', 'declined', 'overdueStart', 'overdueConclude'] as const) add(r.month, r.type, m, sign * Number(r[m] ?? 0));
    for (const r of counted.concluded) for (const m of ['resolved', 'failed'] as const) add(r.month, r.type, m, sign * Number(r[m] ?? 0));
  }
  // a month and type whose every case went elsewhere is no line
  for (const [key, row] of rows) if (METRICS.every((m) => row[m] === 0)) rows.delete(key);

  const mediators: { mediatorId: string; name: string; agreed: number; failed: number }[] = await manager.query(
    `SELECT m."id" AS "mediatorId", m."name",
       SUM(CASE WHEN c."outcome" = 'agreed' THEN 1 ELSE 0 END) AS "agreed",
       SUM(CASE WHEN c."outcome" = 'failed' THEN 1 ELSE 0 END) AS "failed"
     FROM "mediation_case" c
     JOIN "mediation_assignment" a ON a."caseId" = c."id" AND a."cancelledAt" IS NULL
     JOIN "mediator" m ON m."id" = a."mediatorId"
     WHERE c."concludedDate" >= ? AND c."concludedDate" <= ? AND c."status" <> 'cancelled' AND c."outcome" IN ('agreed', 'failed') AND ${ownedSql('c')}
     GROUP BY m."id"
     ORDER BY m."name", m."id"`,
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
    highRisk: { flagged, defused },
    transferredAway,
  };
};
