/** Patrols as screens see them: the people, the bicycle, the checkpoints, the findings and what they became, the points paid. */
import type { EntityManager } from 'typeorm';
import { notFound } from '../../shared/errors.js';
import type { BicycleView, Finding, PatrolCheckpoint, PatrolLine, PatrolStaff, PatrolView, PatrolVolunteer } from '../../shared/patrol/contract.js';
import { localDateTime } from '../../shared/time.js';
import type { FindingRow, PatrolRow } from './patrol.entity.js';

/** A patrol in any state. */
export const patrolRow = async (manager: EntityManager, id: string): Promise<PatrolRow> => {
  const [row] = (await manager.query(`SELECT * FROM "patrol" WHERE "id" = ?`, [id])) as PatrolRow[];
  if (!row) throw notFound('patrol.notFound');
  return row;
};

type FindingJoined = FindingRow & { recordedByName: string; caseNo: string | null; apptStartAt: string | null; shiftName: string | null };

const FINDING_SELECT = `SELECT f.*, s."name" AS "recordedByName", c."caseNo" AS "caseNo", a."startAt" AS "apptStartAt", sh."name" AS "shiftName"
  FROM "patrol_finding" f
  JOIN "staff" s ON s."id" = f."createdBy"
  LEFT JOIN "mediation_case" c ON f."outcomeKind" = 'mediation' AND c."id" = f."outcomeRefId"
  LEFT JOIN "collection_appointment" a ON f."outcomeKind" = 'appointment' AND a."id" = f."outcomeRefId"
  LEFT JOIN "office_log_entry" e ON f."outcomeKind" = 'dutyLog' AND e."id" = f."outcomeRefId"
  LEFT JOIN "office_shift" sh ON sh."id" = e."shiftId"`;

const findingView = (r: FindingJoined, timeZone: string): Finding => ({
  id: r.id,
  version: r.version,
  patrolId: r.patrolId,
  at: r.at,
  place: r.place,
  addressId: r.addressId,
  text: r.text,
  recordedBy: r.recordedByName,
  outcome:
    r.outcomeKind && r.outcomeRefId
      ? {
          kind: r.outcomeKind,
          refId: r.outcomeRefId,
          label: r.outcomeKind === 'mediation' ? (r.caseNo ?? '') : r.outcomeKind === 'appointment' ? (r.apptStartAt ? localDateTime(r.apptStartAt, timeZone) : '') : (r.shiftName ?? ''),
        }
      : null,
});

const patrolView = async (manager: EntityManager, row: PatrolRow, timeZone: string): Promise<PatrolView> => {
  const findings = ((await manager.query(`${FINDING_SELECT} WHERE f."patrolId" = ? AND f."cancelledAt" IS NULL ORDER BY f."at"`, [row.id])) as FindingJoined[]).map((f) => findingView(f, timeZone));
  const [bike] = row.bicycleId ? ((await manager.query(`SELECT "id", "name", "code" FROM "office_equipment" WHERE "id" = ?`, [row.bicycleId])) as { id: string; name: string; code: string | null }[]) : [];
  const points = (await manager.query(
    `SELECT e."volunteerId", v."name", e."points" FROM "patrol_points_entry" e JOIN "patrol_volunteer" v ON v."id" = e."volunteerId" WHERE e."patrolId" = ? AND e."kind" = 'patrol' ORDER BY v."cardNo"`,
    [row.id],
  )) as { volunteerId: string; name: string; points: number }[];
  return {
    id: row.id,
    version: row.version,
    routeId: row.routeId,
    routeName: row.routeName,
    status: row.status,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    staff: JSON.parse(row.staff) as PatrolStaff[],
    volunteers: JSON.parse(row.volunteers) as PatrolVolunteer[],
    guards: JSON.parse(row.guards) as string[],
    bicycle: bike ? { ...bike, returnedAt: row.bicycleReturnedAt } : null,
    checkpoints: JSON.parse(row.checkpoints) as PatrolCheckpoint[],
    findings,
    note: row.note,
    dutyEntryId: row.dutyEntryId,
    points,
  };
};

export const getPatrol = async (manager: EntityManager, id: string, timeZone: string): Promise<PatrolView> => patrolView(manager, await patrolRow(manager, id), timeZone);

export const underwayOf = async (manager: EntityManager): Promise<PatrolRow[]> =>
  manager.query(`SELECT * FROM "patrol" WHERE "status" = 'underway' ORDER BY "startedAt"`);

export const listBicycles = async (manager: EntityManager): Promise<BicycleView[]> => {
  const rows = (await manager.query(
    `SELECT b."id", b."name", b."code", b."state", p."id" AS "patrolId", p."startedAt" AS "since"
     FROM "office_equipment" b LEFT JOIN "patrol" p ON p."bicycleId" = b."id" AND p."status" = 'underway'
     WHERE b."kind" = 'bicycle' AND b."cancelledAt" IS NULL ORDER BY b."name", b."code"`,
  )) as { id: string; name: string; code: string | null; state: BicycleView['state']; patrolId: string | null; since: string | null }[];
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, state: r.state, outOn: r.patrolId ? { patrolId: r.patrolId, since: r.since! } : null }));
};

const lineOf = (r: PatrolRow & { findings: number; bicycleName: string | null }): PatrolLine => ({
  id: r.id,
  routeName: r.routeName,
  status: r.status,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  people: [
    ...(JSON.parse(r.staff) as PatrolStaff[]).map((s) => s.name),
    ...(JSON.parse(r.volunteers) as PatrolVolunteer[]).map((v) => v.name),
    ...(JSON.parse(r.guards) as string[]),
  ],
  bicycle: r.bicycleName,
  findings: Number(r.findings),
});

export const recentPatrols = async (manager: EntityManager, limit: number): Promise<PatrolLine[]> =>
  (
    (await manager.query(
      `SELECT p.*, (SELECT COUNT(*) FROM "patrol_finding" f WHERE f."patrolId" = p."id" AND f."cancelledAt" IS NULL) AS "findings",
         TRIM(b."name" || ' ' || COALESCE(b."code", '')) AS "bicycleName"
       FROM "patrol" p LEFT JOIN "office_equipment" b ON b."id" = p."bicycleId"
       WHERE p."status" <> 'underway' ORDER BY p."startedAt" DESC LIMIT ?`,
      [limit],
    )) as (PatrolRow & { findings: number; bicycleName: string | null })[]
  ).map(lineOf);

export const underwayPatrols = async (manager: EntityManager, timeZone: string): Promise<PatrolView[]> => {
  const out: PatrolView[] = [];
  for (const row of await underwayOf(manager)) out.push(await patrolView(manager, row, timeZone));
  return out;
};

