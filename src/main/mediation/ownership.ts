/**
 * Which cases are this station's own work. A case has one owning station at a time: once the
 * station a case was transferred to has taken it (the transfer row written by the sync zone,
 * 'out' and accepted), the case is that station's — its queue, its alerts, its deadlines and its
 * figures — and this station keeps a read-only copy that stays findable but counts nowhere. While
 * the transfer is only requested the case is still this station's (HQ may send the request back,
 * the other station may never take it): it stays in the queue and the alerts, marked as leaving.
 *
 * SQL fragments, one rule for every query that lists or counts cases; `c` is the case's alias.
 */

/**
 * A transfer out that is under way or done (a refused or withdrawn one is not). Written exactly as
 * the partial unique index `case_transfer_out` (migration 0015) is, so a lookup by case uses it.
 */
export const liveTransferOutSql = (t?: string): string => {
  const col = (name: string) => (t ? `${t}."${name}"` : `"${name}"`);
  return `${col('direction')} = 'out' AND ${col('status')} <> 'refused' AND ${col('cancelledAt')} IS NULL`;
};

/** The case has been taken by another station: not this station's open work any more. */
export const transferredAwaySql = (c = 'c'): string =>
  `EXISTS (SELECT 1 FROM "case_transfer" xt WHERE xt."caseId" = ${c}."id" AND ${liveTransferOutSql('xt')} AND xt."status" = 'accepted')`;

/** The case is this station's: never transferred, transfer refused, or still only requested. */
export const ownedSql = (c = 'c'): string => `NOT ${transferredAwaySql(c)}`;

/**
 * The live transfer out of the case as a JSON text (status, to which station, its name and case
 * number there once taken), or null: for marking a line of a list.
 */
export const transferColumnSql = (c = 'c'): string =>
  `(SELECT json_object('status', xt."status", 'toStationCode', xt."toStationCode",
      'toStationName', CASE WHEN xt."status" = 'accepted' THEN xt."statusNote" END, 'newCaseNo', xt."newCaseNo")
    FROM "case_transfer" xt WHERE xt."caseId" = ${c}."id" AND ${liveTransferOutSql('xt')})`;
