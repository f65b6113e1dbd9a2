/**
 * Patrols: a route's checkpoints walked by the people who went, with a bicycle checked out of the
 * office inventory; ended with the bicycle back, points for the volunteers under the head's rules,
 * and a duty-log entry when a shift is open. A patrol written up after it returned tells its times.
 */
import type { EntityManager } from 'typeorm';
import { conflict, validationError } from '../../shared/errors.js';
import {
  MAX_PATROL_HOURS,
  type CheckpointDef,
  type PatrolCheckpoint,
  type PatrolStaff,
  type PatrolVolunteer,
  type PointsRules,
} from '../../shared/patrol/contract.js';
import { patrolTimeFault } from '../../shared/patrol/times.js';
import { localDateTime, localTime } from '../../shared/time.js';
import { composedEntry } from '../../shared/office/composed.js';
import type { Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { addEntry, currentShiftId, dutyStaff, shiftRow } from '../office/office.service.js';
import { appendEntry } from './ledger.service.js';
import { loadRules } from './market.service.js';
import { findingTable, patrolTable, type PatrolRow } from './patrol.entity.js';
import { addressText, routeRow } from './routes.service.js';
import { patrolRow, underwayOf } from './patrol.views.js';
import { volunteerRow } from './volunteers.service.js';

const underwayRow = async (manager: EntityManager, id: string, version?: number): Promise<PatrolRow> => {
  const row = await patrolRow(manager, id);
  if (version !== undefined) checkVersion(row, version);
  if (row.status !== 'underway') throw conflict('patrol.notUnderway');
  return row;
};

export const startPatrol = async (
  manager: EntityManager,
  who: Who,
  input: { routeId: string; startedAt?: string; staffIds: string[]; volunteerIds: string[]; guards: string[]; bicycleId: string | null; note: string | null },
): Promise<string> => {
  const route = await routeRow(manager, input.routeId);
  if (!route) throw validationError('routeId', 'patrol.route.unknown');
  const startedAt = input.startedAt ?? who.now.toISOString();
  if (patrolTimeFault(startedAt, { startedAt, now: who.now }) === 'future') throw validationError('startedAt', 'patrol.future');
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
  const row = await patrolTable.insert(manager, who, {
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
  return row.id;
};

export const recordCheckpoint = async (manager: EntityManager, who: Who, input: { id: string; version: number; key: string; at: string; note: string | null }) => {
  const row = await underwayRow(manager, input.id, input.version);
  const checkpoints = JSON.parse(row.checkpoints) as PatrolCheckpoint[];
  const cp = checkpoints.find((c) => c.key === input.key);
  if (!cp) throw validationError('key', 'patrol.checkpoint.unknown');
  const fault = patrolTimeFault(input.at, { startedAt: row.startedAt, now: who.now });
  if (fault === 'future') throw validationError('at', 'patrol.checkpoint.future');
  if (fault === 'beforeStart') throw validationError('at', 'patrol.checkpoint.beforeStart', { start: localTime(row.startedAt, who.timeZone) });
  cp.at = input.at;
  cp.note = input.note;
  await patrolTable.update(manager, who, row, null, { checkpoints: JSON.stringify(checkpoints) });
};

export const addFinding = async (
  manager: EntityManager,
  who: Who,
  input: { patrolId: string; at?: string; checkpointKey?: string; place: string | null; addressId: string | null; text: string },
) => {
  const row = await underwayRow(manager, input.patrolId);
  const at = input.at ?? who.now.toISOString();
  const fault = patrolTimeFault(at, { startedAt: row.startedAt, now: who.now });
  if (fault === 'future') throw validationError('at', 'patrol.finding.future');
  if (fault === 'beforeStart') throw validationError('at', 'patrol.finding.beforeStart', { start: localTime(row.startedAt, who.timeZone) });
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
  await findingTable.insert(manager, who, {
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
  const fault = patrolTimeFault(endedAt, { startedAt: row.startedAt, now: who.now });
  if (fault === 'future') throw validationError('endedAt', 'patrol.future');
  if (fault === 'beforeStart') throw validationError('endedAt', 'patrol.endBeforeStart', { start: localDateTime(row.startedAt, who.timeZone) });
  const minutes = Math.max(0, Math.floor((Date.parse(endedAt) - Date.parse(row.startedAt)) / 60_000));
  if (minutes > MAX_PATROL_HOURS * 60) throw validationError('endedAt', 'patrol.tooLong', { hours: MAX_PATROL_HOURS });
  const checkpoints = JSON.parse(row.checkpoints) as PatrolCheckpoint[];
  const findings = (await manager.query(`SELECT "at", "text" FROM "patrol_finding" WHERE "patrolId" = ? AND "cancelledAt" IS NULL ORDER BY "at"`, [row.id])) as { at: string; text: string }[];
  const latest = [...checkpoints.map((c) => c.at), ...findings.map((f) => f.at)].filter((x): x is string => x !== null).sort().at(-1);
  // to the minute: a return typed as 10:05 follows a checkpoint stamped at 10:05:40
  if (latest && patrolTimeFault(latest, { startedAt: row.startedAt, endedAt, now: who.now }) === 'afterEnd') {
    throw validationError('endedAt', 'patrol.endBeforeCheckpoint', { at: localTime(latest, who.timeZone) });
  }

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
    const people = [...staff.map((s) => s.name), ...volunteers.map((v) => v.name), ...guards];
    entryId = await addEntry(manager, who, {
      shiftId,
      // a patrol written up after its shift began is logged when it ended; one that ended before, now
      at: endedAt >= shift.startsAt ? endedAt : undefined,
      type: 'patrol',
      people: people.join('、').slice(0, 200),
      place: row.routeName.slice(0, 100),
      // the Chinese text for a station or HQ that does not read `composed` yet; screens word the kind
      action: `${localTime(row.startedAt, who.timeZone)}–${localTime(endedAt, who.timeZone)} 巡逻${row.routeName}，经过检查点 ${passed}/${checkpoints.length}：${checkpoints.map((c) => c.place).join(' → ')}`.slice(0, 1000),
      result: (findings.length ? `发现 ${findings.length} 处：${findings.map((f) => f.text).join('；')}` : '未见异常').slice(0, 1000),
      followUpOwnerId: null,
      followUp: false,
      composed: composedEntry('patrolEnded', {
        people,
        route: row.routeName,
        startedAt: row.startedAt,
        endedAt,
        passed,
        checkpoints: checkpoints.map((c) => c.place),
        findings: findings.map((f) => f.text),
      }),
    });
  }

  await patrolTable.update(manager, who, row, null, {
    status: 'ended',
    endedAt,
    bicycleReturnedAt: row.bicycleId ? endedAt : null,
    note: input.note ?? row.note,
    dutyEntryId: entryId,
  });
};

export const cancelPatrol = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) => {
  const row = await underwayRow(manager, id, version);
  await patrolTable.cancel(manager, who, row, null, reason, { status: 'cancelled', bicycleReturnedAt: row.bicycleId ? who.now.toISOString() : null });
};
