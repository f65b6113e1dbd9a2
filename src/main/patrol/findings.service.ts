/** A finding on patrol becomes another zone's record: a duty-log entry, a collection visit or a mediation case, once. */
import type { EntityManager } from 'typeorm';
import { conflict } from '../../shared/errors.js';
import type { DisputeType } from '../../shared/mediation/model.js';
import { composedEntry } from '../../shared/office/composed.js';
import type { PartyInput } from '../../shared/mediation/contract.js';
import type { FindingOutcome, PatrolStaff } from '../../shared/patrol/contract.js';
import type { Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { createAppointment } from '../collection/appointment.service.js';
import { openCase } from '../mediation/mediation.service.js';
import { addEntry, currentShiftId, shiftRow } from '../office/office.service.js';
import { findingTable, type FindingRow } from './patrol.entity.js';
import { patrolRow } from './patrol.views.js';

/** A live finding not yet made into a record, at the version the caller saw. */
const findingRow = async (manager: EntityManager, id: string, version: number): Promise<FindingRow> => {
  const row = await findingTable.loadLive(manager, id, 'patrol.finding.notFound');
  checkVersion(row, version);
  if (row.outcomeKind) throw conflict('patrol.finding.done');
  return row;
};

const setOutcome = (manager: EntityManager, who: Who, row: FindingRow, kind: FindingOutcome, refId: string) =>
  findingTable.update(manager, who, row, null, { outcomeKind: kind, outcomeRefId: refId });

/** Into the duty log of the shift on duty; with a follow-up it stays open and is handed over. */
export const findingToLog = async (manager: EntityManager, who: Who, input: { id: string; version: number; followUp: boolean; followUpOwnerId: string | null }): Promise<string> => {
  const row = await findingRow(manager, input.id, input.version);
  const shiftId = await currentShiftId(manager, who.now);
  if (!shiftId) throw conflict('patrol.noShift');
  const shift = await shiftRow(manager, shiftId);
  const patrol = await patrolRow(manager, row.patrolId);
  const people = (JSON.parse(patrol.staff) as PatrolStaff[]).map((s) => s.name);
  const entryId = await addEntry(manager, who, {
    shiftId,
    at: row.at >= shift.startsAt ? row.at : undefined,
    type: 'patrol',
    // the Chinese text for a station or HQ that does not read `composed` yet; screens join the names from the kind
    people: people.join('、').slice(0, 200),
    place: row.place.slice(0, 100),
    action: row.text,
    result: null,
    followUpOwnerId: input.followUpOwnerId,
    followUp: input.followUp,
    composed: composedEntry('patrolFinding', { people }),
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
