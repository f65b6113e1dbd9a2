/**
 * Patrols and the volunteers' points. A patrol follows a route's checkpoints with the people who
 * went and a bicycle checked out of the office inventory; it ends with the bicycle back, points for
 * the volunteers under the head's rules, and a duty-log entry when a shift is open. Its findings
 * become a duty-log entry, a collection visit or a mediation case through those zones' services.
 *
 * The points ledger is append-only: each entry carries its volunteer's running balance, so the
 * balance is one index step and never below zero (the database checks both). A redemption writes
 * the stock and the points in the caller's one transaction.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { maskPhone } from '../../shared/checks/phone.js';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import type { DisputeType } from '../../shared/mediation/model.js';
import type { PartyInput } from '../../shared/mediation/contract.js';
import {
  DEFAULT_RULES,
  MAX_PATROL_HOURS,
  type BicycleView,
  type CheckpointDef,
  type Finding,
  type FindingOutcome,
  type GoodsView,
  type LedgerEntry,
  type LedgerKind,
  type PatrolCheckpoint,
  type PatrolLine,
  type PatrolStaff,
  type PatrolView,
  type PatrolVolunteer,
  type PointsRules,
  type RouteView,
  type Statement,
  type VolunteerLine,
  type VolunteerView,
} from '../../shared/patrol/contract.js';
import { CLOCK_SKEW_MS, localDateTime, localTime, startOfLocalDate, startOfMinute } from '../../shared/time.js';
import { todayOf, type Who } from '../context.js';
import { newRowBase, checkVersion } from '../db/baseColumns.js';
import { insertRow } from '../db/insert.js';
import { createAppointment } from '../collection/appointment.service.js';
import { openCase } from '../mediation/mediation.service.js';
import { addEntry, currentShiftId, dutyStaff, shiftRow } from '../office/office.service.js';
import type { FindingRow, GoodsRow, PatrolRow, PointsEntryRow, RouteRow, RulesRow, VolunteerRow } from './patrol.entity.js';

export type { Who };

/** Version, time and author of an update of a synced row, as SQL assignments and values. */
const touchSql = (who: Who) => ({ sql: `"version" = "version" + 1, "updatedAt" = ?, "updatedBy" = ?`, values: [who.now.toISOString(), who.staffId] });

const future = (who: Who, iso: string) => Date.parse(iso) > who.now.getTime() + CLOCK_SKEW_MS;

// ───────────────────────────── routes ─────────────────────────────

const routeView = (r: RouteRow): RouteView => ({ id: r.id, version: r.version, name: r.name, note: r.note, checkpoints: JSON.parse(r.checkpoints) as CheckpointDef[] });

export const listRoutes = async (manager: EntityManager): Promise<RouteView[]> =>
  ((await manager.query(`SELECT * FROM "patrol_route" WHERE "cancelledAt" IS NULL ORDER BY "name"`)) as RouteRow[]).map(routeView);

const routeRow = async (manager: EntityManager, id: string): Promise<RouteRow | undefined> =>
  ((await manager.query(`SELECT * FROM "patrol_route" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as RouteRow[])[0];

/** The standard address's text, or a field error when there is no such address. */
const addressText = async (manager: EntityManager, id: string, field: string): Promise<string> => {
  const [row] = (await manager.query(`SELECT "fullText" FROM "address_node" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as { fullText: string }[];
  if (!row) throw validationError(field, 'patrol.addressUnknown');
  return row.fullText;
};

export const saveRoute = async (
  manager: EntityManager,
  who: Who,
  input: { id?: string; version?: number; name: string; note: string | null; checkpoints: { key?: string; addressId: string | null; place: string | null }[] },
): Promise<string> => {
  const existing = input.id === undefined ? undefined : await routeRow(manager, input.id);
  if (input.id !== undefined && !existing) throw notFound('patrol.route.notFound');
  const oldKeys = new Set(existing ? (JSON.parse(existing.checkpoints) as CheckpointDef[]).map((c) => c.key) : []);
  const checkpoints: CheckpointDef[] = [];
  for (const [i, c] of input.checkpoints.entries()) {
    // an address's own text names it unless a place is typed as well (a gate, a corner)
    const place = c.place ?? (c.addressId ? await addressText(manager, c.addressId, `checkpoints.${i}.addressId`) : '');
    if (c.addressId && c.place) await addressText(manager, c.addressId, `checkpoints.${i}.addressId`);
    checkpoints.push({ key: c.key && oldKeys.has(c.key) ? c.key : uuidv7(), addressId: c.addressId, place });
  }
  if (!existing) {
    const id = uuidv7();
    await insertRow(manager, 'patrol_route', { ...newRowBase(id, who.stationId, who.staffId, who.now), name: input.name, note: input.note, checkpoints: JSON.stringify(checkpoints) });
    return id;
  }
  if (input.version === undefined) throw validationError('version', 'required');
  checkVersion(existing, input.version);
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_route" SET "name" = ?, "note" = ?, "checkpoints" = ?, ${t.sql} WHERE "id" = ?`, [input.name, input.note, JSON.stringify(checkpoints), ...t.values, existing.id]);
  return existing.id;
};

export const getRoute = async (manager: EntityManager, id: string): Promise<RouteView> => {
  const row = await routeRow(manager, id);
  if (!row) throw notFound('patrol.route.notFound');
  return routeView(row);
};

export const retireRoute = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) => {
  const row = await routeRow(manager, id);
  if (!row) throw notFound('patrol.route.notFound');
  checkVersion(row, version);
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_route" SET "cancelledAt" = ?, "cancelReason" = ?, ${t.sql} WHERE "id" = ?`, [who.now.toISOString(), reason, ...t.values, id]);
};

// ───────────────────────────── patrols ─────────────────────────────

const patrolRow = async (manager: EntityManager, id: string): Promise<PatrolRow> => {
  const [row] = (await manager.query(`SELECT * FROM "patrol" WHERE "id" = ?`, [id])) as PatrolRow[];
  if (!row) throw notFound('patrol.notFound');
  return row;
};

const underwayRow = async (manager: EntityManager, id: string, version?: number): Promise<PatrolRow> => {
  const row = await patrolRow(manager, id);
  if (version !== undefined) checkVersion(row, version);
  if (row.status !== 'underway') throw conflict('patrol.notUnderway');
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

const underwayOf = async (manager: EntityManager): Promise<PatrolRow[]> =>
  manager.query(`SELECT * FROM "patrol" WHERE "status" = 'underway' ORDER BY "startedAt"`);

export const listBicycles = async (manager: EntityManager): Promise<BicycleView[]> => {
  const rows = (await manager.query(
    `SELECT b."id", b."name", b."code", b."state", p."id" AS "patrolId", p."startedAt" AS "since"
     FROM "office_equipment" b LEFT JOIN "patrol" p ON p."bicycleId" = b."id" AND p."status" = 'underway'
     WHERE b."kind" = 'bicycle' AND b."cancelledAt" IS NULL ORDER BY b."name", b."code"`,
  )) as { id: string; name: string; code: string | null; state: BicycleView['state']; patrolId: string | null; since: string | null }[];
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, state: r.state, outOn: r.patrolId ? { patrolId: r.patrolId, since: r.since! } : null }));
};

export const startPatrol = async (
  manager: EntityManager,
  who: Who,
  input: { routeId: string; startedAt?: string; staffIds: string[]; volunteerIds: string[]; guards: string[]; bicycleId: string | null; note: string | null },
): Promise<string> => {
  const route = await routeRow(manager, input.routeId);
  if (!route) throw validationError('routeId', 'patrol.route.unknown');
  const startedAt = input.startedAt ?? who.now.toISOString();
  if (future(who, startedAt)) throw validationError('startedAt', 'patrol.future');
  if (who.now.getTime() - Date.parse(startedAt) > MAX_PATROL_HOURS * 3600_000) throw validationError('startedAt', 'patrol.tooLongAgo', { hours: MAX_PATROL_HOURS });

  const onDuty = new Map((await dutyStaff(manager)).map((p) => [p.staffId, p]));
  const staff: PatrolStaff[] = input.staffIds.map((id, i) => {
    const p = onDuty.get(id);
    if (!p) throw validationError(`staffIds.${i}`, 'patrol.staffUnknown');
    return { staffId: p.staffId, name: p.name, role: p.role };
  });

  const underway = await underwayOf(manager);
  const volunteers: PatrolVolunteer[] = [];
  for (const [i, id] of input.volunteerIds.entries()) {
    const v = await volunteerRow(manager, id);
    if (!v || v.cancelledAt) throw validationError(`volunteerIds.${i}`, 'patrol.volunteer.unknown');
    // one volunteer, one patrol at a time: the hours would count twice
    if (underway.some((p) => (JSON.parse(p.volunteers) as PatrolVolunteer[]).some((x) => x.volunteerId === id))) {
      throw validationError(`volunteerIds.${i}`, 'patrol.volunteer.busy', { name: v.name });
    }
    volunteers.push({ volunteerId: v.id, name: v.name, cardNo: v.cardNo });
  }

  if (input.bicycleId) {
    const [bike] = (await manager.query(`SELECT "id", "kind", "name", "code", "state" FROM "office_equipment" WHERE "id" = ? AND "cancelledAt" IS NULL`, [input.bicycleId])) as {
      id: string;
      kind: string;
      name: string;
      code: string | null;
      state: string;
    }[];
    if (!bike || bike.kind !== 'bicycle') throw validationError('bicycleId', 'patrol.bicycle.unknown');
    const name = [bike.name, bike.code].filter(Boolean).join(' ');
    if (bike.state === 'lost') throw validationError('bicycleId', 'patrol.bicycle.lost', { name });
    if (bike.state === 'damaged') throw validationError('bicycleId', 'patrol.bicycle.damaged', { name });
    const out = underway.find((p) => p.bicycleId === bike.id);
    if (out) throw validationError('bicycleId', 'patrol.bicycle.out', { name, route: out.routeName, since: localTime(out.startedAt, who.timeZone) });
  }

  const checkpoints: PatrolCheckpoint[] = (JSON.parse(route.checkpoints) as CheckpointDef[]).map((c) => ({ ...c, at: null, note: null }));
  const id = uuidv7();
  await insertRow(manager, 'patrol', {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    routeId: route.id,
    routeName: route.name,
    status: 'underway',
    startedAt,
    endedAt: null,
    staff: JSON.stringify(staff),
    volunteers: JSON.stringify(volunteers),
    guards: JSON.stringify(input.guards),
    bicycleId: input.bicycleId,
    bicycleReturnedAt: null,
    checkpoints: JSON.stringify(checkpoints),
    note: input.note,
    dutyEntryId: null,
  });
  return id;
};

export const recordCheckpoint = async (manager: EntityManager, who: Who, input: { id: string; version: number; key: string; at: string; note: string | null }) => {
  const row = await underwayRow(manager, input.id, input.version);
  const checkpoints = JSON.parse(row.checkpoints) as PatrolCheckpoint[];
  const cp = checkpoints.find((c) => c.key === input.key);
  if (!cp) throw validationError('key', 'patrol.checkpoint.unknown');
  if (future(who, input.at)) throw validationError('at', 'patrol.checkpoint.future');
  if (Date.parse(input.at) < startOfMinute(row.startedAt)) throw validationError('at', 'patrol.checkpoint.beforeStart', { start: localTime(row.startedAt, who.timeZone) });
  cp.at = input.at;
  cp.note = input.note;
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol" SET "checkpoints" = ?, ${t.sql} WHERE "id" = ?`, [JSON.stringify(checkpoints), ...t.values, row.id]);
};

export const addFinding = async (
  manager: EntityManager,
  who: Who,
  input: { patrolId: string; at?: string; checkpointKey?: string; place: string | null; addressId: string | null; text: string },
) => {
  const row = await underwayRow(manager, input.patrolId);
  const at = input.at ?? who.now.toISOString();
  if (future(who, at)) throw validationError('at', 'patrol.finding.future');
  if (Date.parse(at) < startOfMinute(row.startedAt)) throw validationError('at', 'patrol.finding.beforeStart', { start: localTime(row.startedAt, who.timeZone) });
  let place = input.place;
  let addressId = input.addressId;
  if (input.checkpointKey) {
    const cp = (JSON.parse(row.checkpoints) as PatrolCheckpoint[]).find((c) => c.key === input.checkpointKey);
    if (!cp) throw validationError('checkpointKey', 'patrol.checkpoint.unknown');
    place ??= cp.place;
    addressId ??= cp.addressId;
  }
  if (addressId && !place) place = await addressText(manager, addressId, 'addressId');
  if (!place) throw validationError('place', 'required');
  await insertRow(manager, 'patrol_finding', {
    ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
    patrolId: row.id,
    at,
    place,
    addressId,
    text: input.text,
    outcomeKind: null,
    outcomeRefId: null,
  });
};

/**
 * Points a volunteer earns for a patrol under the rules: whole points, rounded down. A patrol ended
 * in the minute it started with nothing found was started by mistake: it earns none.
 */
export const patrolPoints = (minutes: number, findings: number, rules: Pick<PointsRules, 'perHour' | 'perPatrol' | 'perFinding'>): number =>
  minutes < 1 && findings === 0 ? 0 : Math.floor((minutes * rules.perHour) / 60) + rules.perPatrol + findings * rules.perFinding;

export const endPatrol = async (manager: EntityManager, who: Who, input: { id: string; version: number; endedAt?: string; note: string | null }) => {
  const row = await underwayRow(manager, input.id, input.version);
  const endedAt = input.endedAt ?? who.now.toISOString();
  if (future(who, endedAt)) throw validationError('endedAt', 'patrol.future');
  if (Date.parse(endedAt) < startOfMinute(row.startedAt)) throw validationError('endedAt', 'patrol.endBeforeStart', { start: localDateTime(row.startedAt, who.timeZone) });
  const minutes = Math.max(0, Math.floor((Date.parse(endedAt) - Date.parse(row.startedAt)) / 60_000));
  if (minutes > MAX_PATROL_HOURS * 60) throw validationError('endedAt', 'patrol.tooLong', { hours: MAX_PATROL_HOURS });
  const checkpoints = JSON.parse(row.checkpoints) as PatrolCheckpoint[];
  const findings = (await manager.query(`SELECT "at", "text" FROM "patrol_finding" WHERE "patrolId" = ? AND "cancelledAt" IS NULL ORDER BY "at"`, [row.id])) as { at: string; text: string }[];
  const latest = [...checkpoints.map((c) => c.at), ...findings.map((f) => f.at)].filter((x): x is string => x !== null).sort().at(-1);
  if (latest && latest > endedAt) throw validationError('endedAt', 'patrol.endBeforeCheckpoint', { at: localTime(latest, who.timeZone) });

  // the volunteers' points, under the rules of the day
  const rules = await loadRules(manager);
  const volunteers = JSON.parse(row.volunteers) as PatrolVolunteer[];
  const points = patrolPoints(minutes, findings.length, rules);
  if (points > 0) {
    const detail = JSON.stringify({ minutes, findings: findings.length, perHour: rules.perHour, perPatrol: rules.perPatrol, perFinding: rules.perFinding, routeName: row.routeName });
    for (const v of volunteers) {
      await appendEntry(manager, who, v.volunteerId, { kind: 'patrol', points, reason: null, detail, patrolId: row.id }, () => conflict('patrol.points.negative'));
    }
  }

  // the duty log of the shift on duty, if one is open
  const shiftId = await currentShiftId(manager, who.now);
  let entryId: string | null = null;
  if (shiftId) {
    const shift = await shiftRow(manager, shiftId);
    const staff = JSON.parse(row.staff) as PatrolStaff[];
    const guards = JSON.parse(row.guards) as string[];
    const passed = checkpoints.filter((c) => c.at).length;
    entryId = await addEntry(manager, who, {
      shiftId,
      // a patrol written up after its shift began is logged when it ended; one that ended before, now
      at: endedAt >= shift.startsAt ? endedAt : undefined,
      type: 'patrol',
      people: [...staff.map((s) => s.name), ...volunteers.map((v) => v.name), ...guards].join('、').slice(0, 200),
      place: row.routeName.slice(0, 100),
      // the duty log is the station's Chinese record, as the printed log is
      action: `${localTime(row.startedAt, who.timeZone)}–${localTime(endedAt, who.timeZone)} 巡逻${row.routeName}，经过检查点 ${passed}/${checkpoints.length}：${checkpoints.map((c) => c.place).join(' → ')}`.slice(0, 1000),
      result: (findings.length ? `发现 ${findings.length} 处：${findings.map((f) => f.text).join('；')}` : '未见异常').slice(0, 1000),
      followUpOwnerId: null,
      followUp: false,
    });
  }

  const t = touchSql(who);
  await manager.query(`UPDATE "patrol" SET "status" = 'ended', "endedAt" = ?, "bicycleReturnedAt" = ?, "note" = ?, "dutyEntryId" = ?, ${t.sql} WHERE "id" = ?`, [
    endedAt,
    row.bicycleId ? endedAt : null,
    input.note ?? row.note,
    entryId,
    ...t.values,
    row.id,
  ]);
};

export const cancelPatrol = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) => {
  const row = await underwayRow(manager, id, version);
  const t = touchSql(who);
  const at = who.now.toISOString();
  await manager.query(`UPDATE "patrol" SET "status" = 'cancelled', "cancelledAt" = ?, "cancelReason" = ?, "bicycleReturnedAt" = ?, ${t.sql} WHERE "id" = ?`, [
    at,
    reason,
    row.bicycleId ? at : null,
    ...t.values,
    id,
  ]);
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
  ].join('、'),
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

// ───────────────────────────── findings become records ─────────────────────────────

const findingRow = async (manager: EntityManager, id: string, version: number): Promise<FindingRow> => {
  const [row] = (await manager.query(`SELECT * FROM "patrol_finding" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as FindingRow[];
  if (!row) throw notFound('patrol.finding.notFound');
  checkVersion(row, version);
  if (row.outcomeKind) throw conflict('patrol.finding.done');
  return row;
};

const setOutcome = async (manager: EntityManager, who: Who, row: FindingRow, kind: FindingOutcome, refId: string) => {
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_finding" SET "outcomeKind" = ?, "outcomeRefId" = ?, ${t.sql} WHERE "id" = ?`, [kind, refId, ...t.values, row.id]);
};

/** Into the duty log of the shift on duty; with a follow-up it stays open and is handed over. */
export const findingToLog = async (manager: EntityManager, who: Who, input: { id: string; version: number; followUp: boolean; followUpOwnerId: string | null }): Promise<string> => {
  const row = await findingRow(manager, input.id, input.version);
  const shiftId = await currentShiftId(manager, who.now);
  if (!shiftId) throw conflict('patrol.noShift');
  const shift = await shiftRow(manager, shiftId);
  const patrol = await patrolRow(manager, row.patrolId);
  const entryId = await addEntry(manager, who, {
    shiftId,
    at: row.at >= shift.startsAt ? row.at : undefined,
    type: 'patrol',
    people: (JSON.parse(patrol.staff) as PatrolStaff[]).map((s) => s.name).join('、').slice(0, 200),
    place: row.place.slice(0, 100),
    action: row.text,
    result: null,
    followUpOwnerId: input.followUpOwnerId,
    followUp: input.followUp,
  });
  await setOutcome(manager, who, row, 'dutyLog', entryId);
  return row.patrolId;
};

export const findingToAppointment = async (
  manager: EntityManager,
  who: Who & { staffName: string },
  input: { id: string; version: number; addressId: string; startAt: string; endAt: string; collectorId: string; note: string | null },
): Promise<string> => {
  const row = await findingRow(manager, input.id, input.version);
  const appointmentId = await createAppointment(manager, who, {
    addressId: input.addressId,
    residentIds: [],
    startAt: input.startAt,
    endAt: input.endAt,
    collectorId: input.collectorId,
    note: input.note ?? row.text.slice(0, 200),
  });
  await setOutcome(manager, who, row, 'appointment', appointmentId);
  return row.patrolId;
};

/** A dispute found on patrol, referred to mediation by the one who found it (Art. 18). */
export const findingToMediation = async (manager: EntityManager, who: Who, input: { id: string; version: number; type: DisputeType; parties: PartyInput[] }): Promise<string> => {
  const row = await findingRow(manager, input.id, input.version);
  const caseId = await openCase(manager, who, who.role, {
    source: 'referral',
    referredById: who.staffId,
    referredAt: row.at,
    type: input.type,
    place: row.place.slice(0, 120),
    addressId: row.addressId,
    facts: row.text,
    matters: null,
    evidence: null,
    investigation: null,
    tags: [],
    parties: input.parties,
  });
  await setOutcome(manager, who, row, 'mediation', caseId);
  return row.patrolId;
};

// ───────────────────────────── volunteers ─────────────────────────────

const volunteerRow = async (manager: EntityManager, id: string): Promise<VolunteerRow | undefined> =>
  ((await manager.query(`SELECT * FROM "patrol_volunteer" WHERE "id" = ?`, [id])) as VolunteerRow[])[0];

const BALANCE_SQL = `COALESCE((SELECT e."balanceAfter" FROM "patrol_points_entry" e WHERE e."volunteerId" = v."id" ORDER BY e."seq" DESC LIMIT 1), 0)`;

const volunteerLine = (r: VolunteerRow & { balance: number }): VolunteerLine => ({
  id: r.id,
  version: r.version,
  cardNo: r.cardNo,
  name: r.name,
  phone: maskPhone(r.phone),
  joinedOn: r.joinedOn,
  balance: Number(r.balance),
  cancelledAt: r.cancelledAt,
});

export const listVolunteers = async (manager: EntityManager, input: { query?: string; includeCancelled: boolean }): Promise<VolunteerLine[]> => {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!input.includeCancelled) where.push(`v."cancelledAt" IS NULL`);
  const q = input.query?.trim();
  if (q) {
    where.push(`(v."name" LIKE ? ESCAPE '\\' OR v."cardNo" LIKE ? ESCAPE '\\')`);
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like.toUpperCase());
  }
  const rows = (await manager.query(
    `SELECT v.*, ${BALANCE_SQL} AS "balance" FROM "patrol_volunteer" v ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v."cardNo"`,
    params,
  )) as (VolunteerRow & { balance: number })[];
  return rows.map(volunteerLine);
};

const ENTRY_SELECT = `SELECT e.*, s."name" AS "byName", g."name" AS "goodsName", r."id" AS "reversedById"
  FROM "patrol_points_entry" e
  LEFT JOIN "staff" s ON s."id" = e."createdBy"
  LEFT JOIN "patrol_goods" g ON g."id" = e."goodsId"
  LEFT JOIN "patrol_points_entry" r ON r."reversesId" = e."id"`;

type EntryJoined = PointsEntryRow & { byName: string | null; goodsName: string | null; reversedById: string | null };

const entryView = (r: EntryJoined): LedgerEntry => ({
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

export const getEntry = async (manager: EntityManager, id: string): Promise<LedgerEntry> => {
  const [row] = (await manager.query(`${ENTRY_SELECT} WHERE e."id" = ?`, [id])) as EntryJoined[];
  if (!row) throw notFound('patrol.entry.notFound');
  return entryView(row);
};

export const getVolunteer = async (manager: EntityManager, id: string): Promise<VolunteerView> => {
  const [row] = (await manager.query(`SELECT v.*, ${BALANCE_SQL} AS "balance" FROM "patrol_volunteer" v WHERE v."id" = ?`, [id])) as (VolunteerRow & { balance: number })[];
  if (!row) throw notFound('patrol.volunteer.notFound');
  const entries = ((await manager.query(`${ENTRY_SELECT} WHERE e."volunteerId" = ? ORDER BY e."seq" DESC LIMIT 100`, [id])) as EntryJoined[]).map(entryView);
  const [{ n }] = (await manager.query(`SELECT COUNT(*) AS "n" FROM "patrol_points_entry" WHERE "volunteerId" = ? AND "kind" = 'patrol'`, [id])) as { n: number }[];
  return { ...volunteerLine(row), note: row.note, patrols: Number(n), entries };
};

export const saveVolunteer = async (manager: EntityManager, who: Who, input: { id?: string; version?: number; name: string; phone: string | null; note: string | null }): Promise<string> => {
  if (input.id === undefined) {
    const [{ last }] = (await manager.query(`SELECT MAX(CAST(SUBSTR("cardNo", 3) AS INTEGER)) AS "last" FROM "patrol_volunteer" WHERE "stationId" = ?`, [who.stationId])) as {
      last: number | null;
    }[];
    const id = uuidv7();
    await insertRow(manager, 'patrol_volunteer', {
      ...newRowBase(id, who.stationId, who.staffId, who.now),
      cardNo: `ZY${String((last ?? 0) + 1).padStart(4, '0')}`,
      name: input.name,
      phone: input.phone,
      note: input.note,
      joinedOn: todayOf(who),
    });
    return id;
  }
  if (input.version === undefined) throw validationError('version', 'required');
  const row = await volunteerRow(manager, input.id);
  if (!row || row.cancelledAt) throw notFound('patrol.volunteer.notFound');
  checkVersion(row, input.version);
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_volunteer" SET "name" = ?, "phone" = ?, "note" = ?, ${t.sql} WHERE "id" = ?`, [input.name, input.phone ?? row.phone, input.note, ...t.values, row.id]);
  return row.id;
};

export const cancelVolunteer = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) => {
  const row = await volunteerRow(manager, id);
  if (!row || row.cancelledAt) throw notFound('patrol.volunteer.notFound');
  checkVersion(row, version);
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_volunteer" SET "cancelledAt" = ?, "cancelReason" = ?, ${t.sql} WHERE "id" = ?`, [who.now.toISOString(), reason, ...t.values, id]);
};

// ───────────────────────────── the ledger ─────────────────────────────

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
const appendEntry = async (
  manager: EntityManager,
  who: Who,
  volunteerId: string,
  e: { kind: LedgerKind; points: number; reason: string | null; detail?: string | null; patrolId?: string | null; goodsId?: string | null; quantity?: number | null; reversesId?: string | null },
  refuse: (balance: number) => Error,
): Promise<string> => {
  const { seq, balance } = await balanceOf(manager, volunteerId);
  if (balance + e.points < 0) throw refuse(balance);
  const id = uuidv7();
  await insertRow(manager, 'patrol_points_entry', {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
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
  return id;
};

const liveVolunteer = async (manager: EntityManager, id: string, field: string): Promise<VolunteerRow> => {
  const v = await volunteerRow(manager, id);
  if (!v) throw validationError(field, 'patrol.volunteer.unknown');
  if (v.cancelledAt) throw validationError(field, 'patrol.volunteer.cancelled', { name: v.name });
  return v;
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
  if (row.kind === 'redemption' && row.goodsId && row.quantity) {
    const t = touchSql(who);
    await manager.query(`UPDATE "patrol_goods" SET "stock" = "stock" + ?, ${t.sql} WHERE "id" = ?`, [row.quantity, ...t.values, row.goodsId]);
  }
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
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_goods" SET "stock" = "stock" - ?, ${t.sql} WHERE "id" = ?`, [input.quantity, ...t.values, goods.id]);
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

// ───────────────────────────── rules ─────────────────────────────

export const loadRules = async (manager: EntityManager): Promise<PointsRules> => {
  const [row] = (await manager.query(
    `SELECT r.*, s."name" AS "updatedByName" FROM "patrol_points_rules" r LEFT JOIN "staff" s ON s."id" = r."updatedBy" LIMIT 1`,
  )) as (RulesRow & { updatedByName: string | null })[];
  if (!row) return { version: 0, ...DEFAULT_RULES, updatedAt: null, updatedBy: null };
  return { version: row.version, perHour: row.perHour, perPatrol: row.perPatrol, perFinding: row.perFinding, updatedAt: row.updatedAt, updatedBy: row.updatedByName };
};

export const saveRules = async (manager: EntityManager, who: Who, input: { version: number; perHour: number; perPatrol: number; perFinding: number }) => {
  const current = await loadRules(manager);
  checkVersion(current, input.version);
  if (current.version === 0) {
    await insertRow(manager, 'patrol_points_rules', { ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now), perHour: input.perHour, perPatrol: input.perPatrol, perFinding: input.perFinding });
    return;
  }
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_points_rules" SET "perHour" = ?, "perPatrol" = ?, "perFinding" = ?, ${t.sql}`, [input.perHour, input.perPatrol, input.perFinding, ...t.values]);
};

// ───────────────────────────── goods ─────────────────────────────

const goodsRow = async (manager: EntityManager, id: string): Promise<GoodsRow | undefined> =>
  ((await manager.query(`SELECT * FROM "patrol_goods" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as GoodsRow[])[0];

const goodsView = (r: GoodsRow): GoodsView => ({ id: r.id, version: r.version, name: r.name, unit: r.unit, price: r.price, stock: r.stock, note: r.note });

export const listGoods = async (manager: EntityManager): Promise<GoodsView[]> =>
  ((await manager.query(`SELECT * FROM "patrol_goods" WHERE "cancelledAt" IS NULL ORDER BY "price", "name"`)) as GoodsRow[]).map(goodsView);

export const getGoods = async (manager: EntityManager, id: string): Promise<GoodsView> => {
  const row = await goodsRow(manager, id);
  if (!row) throw notFound('patrol.goods.notFound');
  return goodsView(row);
};

export const saveGoods = async (manager: EntityManager, who: Who, input: { id?: string; version?: number; name: string; unit: string; price: number; note: string | null }): Promise<string> => {
  if (input.id === undefined) {
    const id = uuidv7();
    await insertRow(manager, 'patrol_goods', { ...newRowBase(id, who.stationId, who.staffId, who.now), name: input.name, unit: input.unit, price: input.price, stock: 0, note: input.note });
    return id;
  }
  if (input.version === undefined) throw validationError('version', 'required');
  const row = await goodsRow(manager, input.id);
  if (!row) throw notFound('patrol.goods.notFound');
  checkVersion(row, input.version);
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_goods" SET "name" = ?, "unit" = ?, "price" = ?, "note" = ?, ${t.sql} WHERE "id" = ?`, [input.name, input.unit, input.price, input.note, ...t.values, row.id]);
  return row.id;
};

export const restockGoods = async (manager: EntityManager, who: Who, id: string, quantity: number) => {
  const row = await goodsRow(manager, id);
  if (!row) throw notFound('patrol.goods.notFound');
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_goods" SET "stock" = "stock" + ?, ${t.sql} WHERE "id" = ?`, [quantity, ...t.values, id]);
};

export const retireGoods = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) => {
  const row = await goodsRow(manager, id);
  if (!row) throw notFound('patrol.goods.notFound');
  checkVersion(row, version);
  const t = touchSql(who);
  await manager.query(`UPDATE "patrol_goods" SET "cancelledAt" = ?, "cancelReason" = ?, ${t.sql} WHERE "id" = ?`, [who.now.toISOString(), reason, ...t.values, id]);
};
