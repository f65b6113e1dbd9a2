/** The mediator pool: entries added at the station or sent by HQ, with their load and record computed. */
import type { EntityManager } from 'typeorm';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import type { Mediator, Suggestion } from '../../shared/mediation/contract.js';
import type { Availability, DisputeType } from '../../shared/mediation/model.js';
import { rankMediators, successRate } from '../../shared/mediation/suggest.js';
import { checkVersion } from '../db/baseColumns.js';
import type { Who } from '../context.js';
import { mediatorTable, type MediatorRow } from './mediation.entity.js';
import { loadCase } from './mediation.service.js';
import { ownedSql } from './ownership.js';

export interface PoolFields {
  name: string;
  specialties: DisputeType[];
  organisation: string | null;
  phone: string | null;
  availability: Availability;
  note: string | null;
  staffId: string | null;
}

type Standing = MediatorRow & { load: number; agreed: number; failed: number };

/**
 * Each mediator with the open cases assigned now (accepted or being mediated) and the outcomes of
 * the concluded ones, whatever became of them later (archived still counts). A case another
 * station has taken is neither: it is that station's (ownership.ts), as in the statistics.
 */
const standings = async (manager: EntityManager, where = '1 = 1', params: unknown[] = []): Promise<Standing[]> =>
  manager.query(
    `SELECT m.*,
       COALESCE(SUM(CASE WHEN c."status" IN ('accepted', 'mediating') THEN 1 ELSE 0 END), 0) AS "load",
       COALESCE(SUM(CASE WHEN c."outcome" = 'agreed' AND c."status" <> 'cancelled' THEN 1 ELSE 0 END), 0) AS "agreed",
       COALESCE(SUM(CASE WHEN c."outcome" = 'failed' AND c."status" <> 'cancelled' THEN 1 ELSE 0 END), 0) AS "failed"
     FROM "mediator" m
     LEFT JOIN "mediation_assignment" a ON a."mediatorId" = m."id" AND a."cancelledAt" IS NULL
     LEFT JOIN "mediation_case" c ON c."id" = a."caseId" AND ${ownedSql('c')}
     WHERE m."cancelledAt" IS NULL AND ${where}
     GROUP BY m."id"
     ORDER BY m."name", m."id"`,
    params,
  );

const toMediator = (r: Standing): Mediator => ({
  id: r.id,
  version: r.version,
  name: r.name,
  specialties: JSON.parse(r.specialties),
  organisation: r.organisation,
  phone: r.phone,
  availability: r.availability,
  note: r.note,
  origin: r.origin,
  staffId: r.staffId,
  active: Boolean(r.active),
  load: Number(r.load),
  agreed: Number(r.agreed),
  failed: Number(r.failed),
  successRate: successRate(Number(r.agreed), Number(r.failed)),
});

export const listPool = async (manager: EntityManager, includeInactive: boolean): Promise<Mediator[]> =>
  (await standings(manager, includeInactive ? '1 = 1' : 'm."active" = 1')).map(toMediator);

export const getMediator = async (manager: EntityManager, id: string): Promise<Mediator> => {
  const [row] = await standings(manager, 'm."id" = ?', [id]);
  if (!row) throw notFound('mediation.mediatorNotFound');
  return toMediator(row);
};

/** A login is one person: it is linked to one pool entry at most (selfId: the entry being edited). */
const checkStaff = async (manager: EntityManager, staffId: string | null, selfId?: string) => {
  if (!staffId) return;
  const [staff] = await manager.query(`SELECT "id" FROM "staff" WHERE "id" = ? AND "cancelledAt" IS NULL`, [staffId]);
  if (!staff) throw validationError('staffId', 'mediation.staffUnknown');
  const [linked]: { name: string }[] = await manager.query(
    `SELECT "name" FROM "mediator" WHERE "staffId" = ? AND "cancelledAt" IS NULL AND "id" <> ?`,
    [staffId, selfId ?? ''],
  );
  if (linked) throw validationError('staffId', 'mediation.staffLinked', { name: linked.name });
};

export const createMediator = async (manager: EntityManager, who: Who, f: PoolFields): Promise<string> => {
  await checkStaff(manager, f.staffId);
  const row = await mediatorTable.insert(manager, who, {
    ...f,
    specialties: JSON.stringify(f.specialties),
    // entries from HQ arrive by sync; what the station adds is its own
    origin: 'station',
    active: true,
  });
  return row.id;
};

/** Of an entry HQ keeps, the station changes only what it knows better: availability and its note. */
export const updateMediator = async (manager: EntityManager, who: Who, id: string, version: number, f: PoolFields & { active: boolean }) => {
  const row = await mediatorTable.loadLive(manager, id, 'mediation.mediatorNotFound');
  // a stale form is told so before anything it asks is judged
  checkVersion(row, version);
  if (row.origin === 'hq') {
    const same =
      row.name === f.name &&
      row.specialties === JSON.stringify(f.specialties) &&
      row.organisation === f.organisation &&
      row.phone === f.phone &&
      row.staffId === f.staffId &&
      Boolean(row.active) === f.active;
    if (!same) throw conflict('mediation.hqManaged');
  }
  if (f.staffId !== row.staffId) await checkStaff(manager, f.staffId, id);
  await mediatorTable.update(manager, who, row, null, { ...f, specialties: JSON.stringify(f.specialties) });
};

/** The pool ranked for a case (see rankMediators), marking those already on it. */
export const suggestMediators = async (manager: EntityManager, caseId: string): Promise<Suggestion[]> => {
  const row = await loadCase(manager, caseId);
  const pool = (await standings(manager)).map(toMediator);
  const assigned: { mediatorId: string }[] = await manager.query(
    `SELECT "mediatorId" FROM "mediation_assignment" WHERE "caseId" = ? AND "cancelledAt" IS NULL`,
    [caseId],
  );
  const on = new Set(assigned.map((a) => a.mediatorId));
  return rankMediators(pool, row.type).map((s) => ({ ...s, alreadyAssigned: on.has(s.mediatorId) }));
};
