/**
 * The volunteers' points ledger, append-only: each entry carries its volunteer's running balance, so
 * the balance is one index step and never below zero (the database checks both). A redemption
 * writes the stock and the points in the caller's one transaction.
 */
import type { EntityManager } from 'typeorm';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import type { LedgerEntry, LedgerKind, Statement } from '../../shared/patrol/contract.js';
import { startOfLocalDate } from '../../shared/time.js';
import type { Who } from '../context.js';
import { ENTRY_SELECT, entryView, type EntryJoined } from './ledger.views.js';
import { goodsRow, moveStock } from './market.service.js';
import { goodsTable, pointsEntryTable } from './patrol.entity.js';
import { liveVolunteer, volunteerRow } from './volunteers.service.js';

export const balanceOf = async (manager: EntityManager, volunteerId: string): Promise<{ seq: number; balance: number }> => {
  const [row] = (await manager.query(`SELECT "seq", "balanceAfter" FROM "patrol_points_entry" WHERE "volunteerId" = ? ORDER BY "seq" DESC LIMIT 1`, [volunteerId])) as {
    seq: number;
    balanceAfter: number;
  }[];
  return { seq: row?.seq ?? 0, balance: row?.balanceAfter ?? 0 };
};

/**
 * Appends one entry to a volunteer's ledger, continuing the running balance. `refuse` makes the
 * error for an entry that would take the balance below zero (the database refuses it as well).
 */
export const appendEntry = async (
  manager: EntityManager,
  who: Who,
  volunteerId: string,
  e: { kind: LedgerKind; points: number; reason: string | null; detail?: string | null; patrolId?: string | null; goodsId?: string | null; quantity?: number | null; reversesId?: string | null },
  refuse: (balance: number) => Error,
): Promise<string> => {
  const { seq, balance } = await balanceOf(manager, volunteerId);
  if (balance + e.points < 0) throw refuse(balance);
  const row = await pointsEntryTable.insert(manager, who, {
    volunteerId,
    seq: seq + 1,
    at: who.now.toISOString(),
    kind: e.kind,
    points: e.points,
    balanceAfter: balance + e.points,
    reason: e.reason,
    detail: e.detail ?? null,
    patrolId: e.patrolId ?? null,
    goodsId: e.goodsId ?? null,
    quantity: e.quantity ?? null,
    reversesId: e.reversesId ?? null,
  });
  return row.id;
};

export const getEntry = async (manager: EntityManager, id: string): Promise<LedgerEntry> => {
  const [row] = (await manager.query(`${ENTRY_SELECT} WHERE e."id" = ?`, [id])) as EntryJoined[];
  if (!row) throw notFound('patrol.entry.notFound');
  return entryView(row);
};

export const awardPoints = async (manager: EntityManager, who: Who, input: { volunteerId: string; points: number; reason: string }): Promise<string> => {
  await liveVolunteer(manager, input.volunteerId, 'volunteerId');
  return appendEntry(manager, who, input.volunteerId, { kind: 'award', points: input.points, reason: input.reason }, () => validationError('points', 'patrol.points.positive'));
};

/** Undoes an entry with its opposite; a redemption's goods go back into stock. */
export const correctEntry = async (manager: EntityManager, who: Who, input: { entryId: string; reason: string }): Promise<string> => {
  const [row] = (await manager.query(`${ENTRY_SELECT} WHERE e."id" = ?`, [input.entryId])) as EntryJoined[];
  if (!row) throw validationError('entryId', 'patrol.entry.unknown');
  if (row.kind === 'reversal') throw conflict('patrol.entry.isReversal');
  if (row.reversedById) throw conflict('patrol.entry.alreadyReversed');
  const id = await appendEntry(
    manager,
    who,
    row.volunteerId,
    { kind: 'reversal', points: -row.points, reason: input.reason, goodsId: row.goodsId, quantity: row.quantity, reversesId: row.id },
    (balance) => validationError('entryId', 'patrol.points.reversalNegative', { balance, points: row.points }),
  );
  if (row.kind === 'redemption' && row.goodsId && row.quantity) await moveStock(manager, who, row.goodsId, row.quantity);
  return id;
};

/**
 * A redemption at the desk: the stock and the points in the caller's one transaction. Checked
 * here for a clear message; the database's CHECKs (stock and balance never below zero) stand
 * behind it should two desks ever race past the checks.
 */
export const redeem = async (manager: EntityManager, who: Who, input: { volunteerId: string; goodsId: string; quantity: number }): Promise<string> => {
  await liveVolunteer(manager, input.volunteerId, 'volunteerId');
  const goods = await goodsRow(manager, input.goodsId);
  if (!goods) throw validationError('goodsId', 'patrol.goods.unknown');
  if (goods.stock < input.quantity) throw validationError('quantity', 'patrol.redeem.stock', { name: goods.name, stock: goods.stock, unit: goods.unit });
  const cost = goods.price * input.quantity;
  await goodsTable.update(manager, who, goods, null, { stock: goods.stock - input.quantity });
  return appendEntry(manager, who, input.volunteerId, { kind: 'redemption', points: -cost, reason: null, goodsId: goods.id, quantity: input.quantity }, (balance) =>
    validationError('quantity', 'patrol.redeem.balance', { balance, cost }),
  );
};

/** A volunteer's month: the balance it opened and closed with, and every entry in between. */
export const statement = async (manager: EntityManager, volunteerId: string, month: string, timeZone: string): Promise<Omit<Statement, 'stationName'>> => {
  const v = await volunteerRow(manager, volunteerId);
  if (!v) throw notFound('patrol.volunteer.notFound');
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const from = startOfLocalDate(`${month}-01`, timeZone).toISOString();
  const to = startOfLocalDate(`${next}-01`, timeZone).toISOString();
  const [before] = (await manager.query(`SELECT "balanceAfter" FROM "patrol_points_entry" WHERE "volunteerId" = ? AND "at" < ? ORDER BY "seq" DESC LIMIT 1`, [volunteerId, from])) as {
    balanceAfter: number;
  }[];
  const entries = ((await manager.query(`${ENTRY_SELECT} WHERE e."volunteerId" = ? AND e."at" >= ? AND e."at" < ? ORDER BY e."seq"`, [volunteerId, from, to])) as EntryJoined[]).map(entryView);
  const opening = before?.balanceAfter ?? 0;
  const earned = entries.filter((e) => e.points > 0).reduce((s, e) => s + e.points, 0);
  const spent = entries.filter((e) => e.points < 0).reduce((s, e) => s - e.points, 0);
  const patrolEntries = entries.filter((e) => e.kind === 'patrol');
  return {
    volunteer: { id: v.id, cardNo: v.cardNo, name: v.name },
    month,
    opening,
    earned,
    spent,
    closing: opening + earned - spent,
    entries,
    patrols: patrolEntries.length,
    patrolMinutes: patrolEntries.reduce((s, e) => s + (e.detail?.minutes ?? 0), 0),
  };
};
