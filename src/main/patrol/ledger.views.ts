/** A points entry as screens see it: who wrote it, the goods it bought, and the entry that reversed it. */
import type { LedgerEntry } from '../../shared/patrol/contract.js';
import type { PointsEntryRow } from './patrol.entity.js';

export const ENTRY_SELECT = `SELECT e.*, s."name" AS "byName", g."name" AS "goodsName", r."id" AS "reversedById"
  FROM "patrol_points_entry" e
  LEFT JOIN "staff" s ON s."id" = e."createdBy"
  LEFT JOIN "patrol_goods" g ON g."id" = e."goodsId"
  LEFT JOIN "patrol_points_entry" r ON r."reversesId" = e."id"`;

export type EntryJoined = PointsEntryRow & { byName: string | null; goodsName: string | null; reversedById: string | null };

export const entryView = (r: EntryJoined): LedgerEntry => ({
  id: r.id,
  seq: r.seq,
  at: r.at,
  kind: r.kind,
  points: r.points,
  balanceAfter: r.balanceAfter,
  reason: r.reason,
  detail: r.detail ? (JSON.parse(r.detail) as LedgerEntry['detail']) : null,
  patrolId: r.patrolId,
  goods: r.goodsId ? { id: r.goodsId, name: r.goodsName ?? '', quantity: r.quantity ?? 0 } : null,
  reversesId: r.reversesId,
  reversedBy: r.reversedById,
  by: r.byName ?? '',
});
