import type { EntityManager } from 'typeorm';
import { maskIdNumber, parseResidentId } from '../../shared/checks/idNumber.js';
import { wholeIdNumber, wholePhone } from '../../shared/checks/numberSearch.js';
import { maskPhone } from '../../shared/checks/phone.js';
import { conflict, notFound } from '../../shared/errors.js';
import type { VisitorMatch, WalkIn, WalkInPage } from '../../shared/intake/contract.js';
import { formatQueueNo, NEXT_STATUSES, UNDOABLE, UNDO_SECONDS, isFinished, type Purpose, type Route, type WalkInStatus } from '../../shared/intake/zones.js';
import type { IdType } from '../../shared/checks/idNumber.js';
import { ageOn } from '../../shared/time.js';
import { todayOf, type Who } from '../context.js';
import { WalkInEntity, walkInTable, type WalkInRow } from './walkIn.entity.js';

type WalkInJoined = WalkInRow & { receivedByName: string; servedByName: string | null };

const SELECT_JOINED = `SELECT w.*, r."name" AS "receivedByName", s."name" AS "servedByName"
  FROM "walk_in" w
  JOIN "staff" r ON r."id" = w."receivedById"
  LEFT JOIN "staff" s ON s."id" = w."servedById"`;

/** The list view of a walk-in: identifiers masked. */
export const toWalkIn = (row: WalkInJoined): WalkIn => ({
  id: row.id,
  version: row.version,
  localDate: row.localDate,
  route: row.route,
  queueNo: row.queueNo,
  arrivedAt: row.arrivedAt,
  visitorName: row.visitorName,
  idType: row.idType,
  idNumberMasked: maskIdNumber(row.idNumber),
  phoneMasked: maskPhone(row.phone),
  age: row.birthDate ? ageOn(row.birthDate, row.localDate) : null,
  sex: row.sex,
  purpose: row.purpose,
  note: row.note,
  status: row.status,
  receivedBy: { id: row.receivedById, name: row.receivedByName },
  servedBy: row.servedById ? { id: row.servedById, name: row.servedByName ?? '' } : null,
  servingStartedAt: row.servingStartedAt,
  finishedAt: row.finishedAt,
  referredFromId: row.referredFromId,
  referredToId: row.referredToId,
});

export interface NewWalkIn {
  visitorName: string;
  idType: IdType;
  idNumber: string | null;
  phone: string | null;
  purpose: Purpose;
  note: string | null;
  route: Route;
  referredFromId?: string | null;
}

/** `routes`: the zones the caller sees (walkInRoutesOf); a walk-in of another zone is not found. */
export const getWalkIn = async (manager: EntityManager, id: string, routes: readonly Route[]): Promise<WalkIn> => {
  const rows: WalkInJoined[] = await manager.query(`${SELECT_JOINED} WHERE w."id" = ?`, [id]);
  if (rows.length === 0 || !routes.includes(rows[0].route)) throw notFound('intake.notFound');
  return toWalkIn(rows[0]);
};

/** Registers a walk-in with the next queue number of its zone for the station's local day. */
export const registerWalkIn = async (manager: EntityManager, who: Who, input: NewWalkIn): Promise<WalkInRow> => {
  const day = todayOf(who);
  const [{ next }] = await manager.query(
    `SELECT COALESCE(MAX("queueSeq"), 0) + 1 AS "next" FROM "walk_in" WHERE "localDate" = ? AND "route" = ?`,
    [day, input.route],
  );
  const resident = input.idType === 'resident' && input.idNumber ? parseResidentId(input.idNumber, '9999-12-31') : null;
  return walkInTable.insert(manager, who, {
    localDate: day,
    route: input.route,
    queueSeq: next,
    queueNo: formatQueueNo(input.route, next),
    arrivedAt: who.now.toISOString(),
    visitorName: input.visitorName,
    idType: input.idType,
    idNumber: input.idNumber,
    phone: input.phone,
    birthDate: resident?.ok ? resident.value.birthDate : null,
    sex: resident?.ok ? resident.value.sex : null,
    purpose: input.purpose,
    note: input.note,
    status: 'waiting',
    receivedById: who.staffId,
    servedById: null,
    servingStartedAt: null,
    finishedAt: null,
    referredFromId: input.referredFromId ?? null,
    referredToId: null,
  });
};

const loadRow = async (manager: EntityManager, id: string, routes: readonly Route[]): Promise<WalkInRow> => {
  const row = await manager.findOneBy(WalkInEntity, { id });
  if (!row || row.cancelledAt || !routes.includes(row.route)) throw notFound('intake.notFound');
  return row;
};

export const setWalkInStatus = async (manager: EntityManager, who: Who, id: string, status: WalkInStatus, routes: readonly Route[]): Promise<void> => {
  const row = await loadRow(manager, id, routes);
  if (row.status === status) return;
  if (!NEXT_STATUSES[row.status].includes(status)) throw conflict('intake.statusTransition', { from: row.status, to: status });
  const at = who.now.toISOString();
  const change: Partial<WalkInRow> = { status };
  if (status === 'serving') Object.assign(change, { servedById: who.staffId, servingStartedAt: at });
  if (status === 'waiting') Object.assign(change, { servedById: null, servingStartedAt: null });
  if (isFinished(status)) change.finishedAt = at;
  await walkInTable.update(manager, who, row, null, change);
};

/**
 * Withdraws the walk-in a referral made in the other zone, when nobody there has acted on it: not
 * served, ended or handed on (any change since it was made), not called, no case opened from it.
 * The withdrawal is a cancellation of the row, so it syncs like any change.
 */
const withdrawReferred = async (manager: EntityManager, who: Who, madeId: string | null): Promise<void> => {
  // found whatever the caller's zones: the one who referred it made it, wherever it went
  const made = madeId ? await manager.findOneBy(WalkInEntity, { id: madeId }) : null;
  if (!made || made.cancelledAt) return;
  if (made.status !== 'waiting' || made.version !== 1) throw conflict('intake.undoReferralTaken', { queueNo: made.queueNo });
  const [called] = await manager.query(`SELECT 1 FROM "hall_call" WHERE "walkInId" = ? LIMIT 1`, [made.id]);
  if (called) throw conflict('intake.undoReferralCalled', { queueNo: made.queueNo });
  const [asCase] = await manager.query(`SELECT 1 FROM "mediation_case" WHERE "walkInId" = ? AND "cancelledAt" IS NULL LIMIT 1`, [made.id]);
  if (asCase) throw conflict('intake.undoBecameCase');
  await walkInTable.cancel(manager, who, made, null, '转办已撤回');
};

/**
 * Takes back an end within UNDO_SECONDS, by whoever gave it: done goes back to being served, left
 * and referred to being served or waiting, as the walk-in was (a referral's new walk-in withdrawn).
 * One that became a mediation case stays done. Answers the walk-in a referral made, if any.
 */
export const undoFinish = async (manager: EntityManager, who: Who, id: string, routes: readonly Route[]): Promise<{ withdrawnId: string | null }> => {
  const row = await loadRow(manager, id, routes);
  const back = UNDOABLE[row.status];
  if (!back || !row.finishedAt) throw conflict('intake.statusTransition', { from: row.status, to: 'waiting' });
  // a few seconds more than the desk offers, for the click's way to the core
  if (who.now.getTime() - Date.parse(row.finishedAt) > (UNDO_SECONDS + 5) * 1000) throw conflict('intake.undoLate');
  if (row.updatedBy !== who.staffId) throw conflict('intake.undoNotYours');
  const [asCase] = await manager.query(`SELECT 1 FROM "mediation_case" WHERE "walkInId" = ? AND "cancelledAt" IS NULL LIMIT 1`, [id]);
  if (asCase) throw conflict('intake.undoBecameCase');
  const referred = row.status === 'referred';
  if (referred) await withdrawReferred(manager, who, row.referredToId);
  await walkInTable.update(manager, who, row, null, {
    status: row.servingStartedAt ? 'serving' : 'waiting',
    finishedAt: null,
    // a referral of a waiting walk-in named the one who referred it as its server: it had none
    ...(referred ? { referredToId: null, servedById: row.servingStartedAt ? row.servedById : null } : {}),
  });
  return { withdrawnId: referred ? row.referredToId : null };
};

/** Hands a walk-in on: it ends as referred, and a new walk-in waits in the other zone. */
export const referWalkIn = async (
  manager: EntityManager,
  who: Who,
  id: string,
  route: Route,
  note: string | null,
  routes: readonly Route[],
): Promise<string> => {
  const row = await loadRow(manager, id, routes);
  if (isFinished(row.status)) throw conflict('intake.alreadyFinished');
  if (row.route === route) throw conflict('intake.sameRoute');
  const { id: newId } = await registerWalkIn(manager, who, {
    visitorName: row.visitorName,
    idType: row.idType,
    idNumber: row.idNumber,
    phone: row.phone,
    purpose: row.purpose,
    note: note ?? row.note,
    route,
    referredFromId: row.id,
  });
  await walkInTable.update(manager, who, row, null, {
    status: 'referred',
    finishedAt: who.now.toISOString(),
    referredToId: newId,
    servedById: row.servedById ?? who.staffId,
  });
  return newId;
};

/** A day's walk-ins of the zones the caller sees (`routes`), or of one of them. */
export const boardOf = async (manager: EntityManager, day: string, route: Route | undefined, routes: readonly Route[]): Promise<WalkIn[]> => {
  const shown = route ? routes.filter((r) => r === route) : routes;
  if (shown.length === 0) return [];
  const rows: WalkInJoined[] = await manager.query(
    `${SELECT_JOINED} WHERE w."localDate" = ? AND w."route" IN (${shown.map(() => '?').join(', ')}) AND w."cancelledAt" IS NULL
     ORDER BY w."arrivedAt", w."id"`,
    [day, ...shown],
  );
  return rows.map(toWalkIn);
};

/**
 * The last visit of whoever has the ID number or mobile typed. The other identifier comes back in
 * full only for a role that may unmask (`unmasked`): for any other, the lookup would be a way to
 * learn a phone from an ID number.
 */
export const findVisitor = async (
  manager: EntityManager,
  by: { idNumber: string } | { phone: string },
  unmasked: boolean,
): Promise<(VisitorMatch & { walkInId: string }) | null> => {
  const [column, value] =
    'idNumber' in by ? ['idNumber', wholeIdNumber(by.idNumber)] : ['phone', wholePhone(by.phone)];
  const rows: (WalkInRow & { visits: number })[] = await manager.query(
    `SELECT w.*, (SELECT COUNT(*) FROM "walk_in" c WHERE c."${column}" = ? AND c."cancelledAt" IS NULL) AS "visits"
     FROM "walk_in" w WHERE w."${column}" = ? AND w."cancelledAt" IS NULL ORDER BY w."arrivedAt" DESC LIMIT 1`,
    [value, value],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    walkInId: row.id,
    visitorName: row.visitorName,
    idType: row.idType,
    idNumber: column === 'idNumber' || unmasked ? row.idNumber : null,
    phone: column === 'phone' || unmasked ? row.phone : null,
    idNumberMasked: maskIdNumber(row.idNumber),
    phoneMasked: maskPhone(row.phone),
    lastVisitAt: row.arrivedAt,
    visits: Number(row.visits),
  };
};

export interface SearchQuery {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  from?: string;
  to?: string;
  route?: Route;
  before?: string;
  limit: number;
}

/** History, newest first, a page at a time; the cursor is the last row's arrival time and id. */
export const searchWalkIns = async (manager: EntityManager, q: SearchQuery): Promise<WalkInPage> => {
  const where: string[] = ['w."cancelledAt" IS NULL'];
  const params: unknown[] = [];
  if (q.name) {
    where.push('w."visitorName" >= ? AND w."visitorName" < ?');
    params.push(q.name, `${q.name}\u{10FFFF}`);
  }
  // numbers match only whole (a reader who sees them masked must not complete one by trying)
  if (q.idNumber) {
    where.push('w."idNumber" = ?');
    params.push(wholeIdNumber(q.idNumber));
  }
  if (q.phone) {
    where.push('w."phone" = ?');
    params.push(wholePhone(q.phone));
  }
  if (q.from) {
    where.push('w."localDate" >= ?');
    params.push(q.from);
  }
  if (q.to) {
    where.push('w."localDate" <= ?');
    params.push(q.to);
  }
  if (q.route) {
    where.push('w."route" = ?');
    params.push(q.route);
  }
  if (q.before) {
    const [at, id] = q.before.split('|');
    if (at && id) {
      where.push('(w."arrivedAt" < ? OR (w."arrivedAt" = ? AND w."id" < ?))');
      params.push(at, at, id);
    }
  }
  params.push(q.limit + 1);
  // two steps: the ids of the newest matches first (from the index alone where it covers the
  // filter, e.g. a surname), then the page's rows with the staff names
  const rows: WalkInJoined[] = await manager.query(
    `${SELECT_JOINED} WHERE w."id" IN (
       SELECT w."id" FROM "walk_in" w WHERE ${where.join(' AND ')} ORDER BY w."arrivedAt" DESC, w."id" DESC LIMIT ?)
     ORDER BY w."arrivedAt" DESC, w."id" DESC`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    walkIns: page.map(toWalkIn),
    nextBefore: rows.length > q.limit && last ? `${last.arrivedAt}|${last.id}` : null,
  };
};

export const revealWalkIn = async (manager: EntityManager, id: string, routes: readonly Route[]) => {
  const row = await loadRow(manager, id, routes);
  return { idNumber: row.idNumber, phone: row.phone };
};
