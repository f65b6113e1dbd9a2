/**
 * The handover (交接班) at a shift's end: open items, instructions, the equipment checklist, and
 * two signatures. Responsibility passes when the receiver signs: the shift is then handed over, the
 * inventory takes the states the checklist found, and the receiver's shift opens.
 */
import type { EntityManager } from 'typeorm';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import { readComposed } from '../../shared/office/composed.js';
import type { ChecklistLine, DutyPerson, EquipmentState, HandoverView, OpenItem } from '../../shared/office/contract.js';
import { localDate } from '../../shared/time.js';
import type { Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { equipmentRows, listEquipment } from './equipment.service.js';
import { equipmentTable, handoverTable, shiftTable, type HandoverTableRow } from './office.entity.js';
import { ENTRY_SELECT, HANDOVER_SELECT, handoverView, SHIFT_SELECT, shiftView, type EntryRow, type HandoverRow, type ShiftRow } from './office.rows.js';
import { insertShift, openIncidentCount, personOf, rosterNow, shiftRow, usualShiftsNow } from './office.service.js';

export const handoverRow = async (manager: EntityManager, id: string): Promise<HandoverRow> => {
  const [row] = (await manager.query(`${HANDOVER_SELECT} WHERE h."id" = ? AND h."cancelledAt" IS NULL`, [id])) as HandoverRow[];
  if (!row) throw notFound('office.handover.notFound');
  return row;
};

export const getHandover = async (manager: EntityManager, id: string): Promise<HandoverView> => handoverView(await handoverRow(manager, id));

/** What is still open when the shift hands over: its own open items and those it carried. */
const openItemsOf = async (manager: EntityManager, shift: ShiftRow): Promise<OpenItem[]> => {
  // this shift's and earlier shifts' items; a later shift's own items are its own business
  const rows = (await manager.query(
    `${ENTRY_SELECT} JOIN "office_shift" s ON s."id" = e."shiftId"
     WHERE e."state" = 'open' AND e."cancelledAt" IS NULL AND s."startsAt" <= ? ORDER BY e."at"`,
    [shift.startsAt],
  )) as EntryRow[];
  return rows.map((r) => {
    const composed = readComposed(r.composed);
    return {
      entryId: r.id,
      at: r.at,
      type: r.type,
      text: [r.people, r.place, r.action, r.result].filter(Boolean).join(' · '),
      owner: r.followUpOwnerName,
      ...(composed ? { composed: { people: r.people, place: r.place, action: r.action, result: r.result, composed } } : {}),
    };
  });
};

const refuseOpenIncident = async (manager: EntityManager) => {
  const n = await openIncidentCount(manager);
  if (n > 0) throw conflict('office.handover.openIncident', { count: n });
};

export const saveHandover = async (
  manager: EntityManager,
  who: Who,
  input: {
    shiftId: string;
    version?: number;
    giverId: string;
    receiverId: string;
    summary: string | null;
    instructions: string | null;
    checklist: { itemId: string; state: EquipmentState; note: string | null }[];
  },
): Promise<string> => {
  const shift = await shiftRow(manager, input.shiftId);
  if (shift.status !== 'open') throw conflict('office.shift.handedOver');
  await refuseOpenIncident(manager);
  const people = JSON.parse(shift.people) as DutyPerson[];
  // the giver is someone of this shift; the head may hand over for a shift they run
  if (!people.some((p) => p.staffId === input.giverId)) throw validationError('giverId', 'office.handover.giverNotOnShift');
  await personOf(manager, input.giverId, 'giverId');
  await personOf(manager, input.receiverId, 'receiverId');
  // every item counted, none unknown
  const items = await listEquipment(manager);
  const byId = new Map(items.map((i) => [i.id, i]));
  input.checklist.forEach((line, i) => {
    if (!byId.has(line.itemId)) throw validationError(`checklist.${i}.itemId`, 'office.checklist.unknownItem');
  });
  const missing = items.find((item) => !input.checklist.some((l) => l.itemId === item.id));
  if (missing) throw validationError('checklist', 'office.checklist.missing', { name: [missing.name, missing.code].filter(Boolean).join(' ') });
  const checklist: ChecklistLine[] = items.map((item) => {
    const line = input.checklist.find((l) => l.itemId === item.id)!;
    return { itemId: item.id, kind: item.kind, name: item.name, code: item.code, state: line.state, note: line.note };
  });
  const openItems = await openItemsOf(manager, shift);
  const [existing] = (await manager.query(`SELECT * FROM "office_handover" WHERE "shiftId" = ? AND "cancelledAt" IS NULL`, [shift.id])) as HandoverTableRow[];
  const written = {
    summary: input.summary,
    instructions: input.instructions,
    openItems: JSON.stringify(openItems),
    checklist: JSON.stringify(checklist),
    giverId: input.giverId,
    receiverId: input.receiverId,
  };
  if (!existing) {
    if (input.version !== undefined) throw notFound('office.handover.notFound');
    const row = await handoverTable.insert(manager, who, { shiftId: shift.id, status: 'draft', ...written, giverSignedAt: null, receiverSignedAt: null });
    return row.id;
  }
  if (input.version === undefined) throw conflict('office.handover.exists');
  checkVersion(existing, input.version);
  // a signed handover is what was signed
  if (existing.status !== 'draft') throw conflict('office.handover.signed');
  await handoverTable.update(manager, who, existing, null, written);
  return existing.id;
};

/**
 * Records a signature whose password was already verified. The giver signs first: the open items
 * are taken as they stand then. The receiver's signature hands the shift over and gives the
 * inventory the states the checklist found.
 */
export const recordSignature = async (manager: EntityManager, who: Who, row: HandoverRow, side: 'giver' | 'receiver'): Promise<void> => {
  const at = who.now.toISOString();
  const shift = await shiftRow(manager, row.shiftId);
  if (side === 'giver') {
    await refuseOpenIncident(manager);
    await handoverTable.update(manager, who, row, null, { status: 'giverSigned', giverSignedAt: at, openItems: JSON.stringify(await openItemsOf(manager, shift)) });
    return;
  }
  // an incident written after the giver signed still holds the handover back
  await refuseOpenIncident(manager);
  await handoverTable.update(manager, who, row, null, { status: 'received', receiverSignedAt: at });
  await shiftTable.update(manager, who, shift, null, { status: 'handedOver', handedOverAt: at });
  // an item retired since the count keeps its retirement: only live items take the count
  const live = new Map((await equipmentRows(manager)).map((item) => [item.id, item]));
  for (const line of JSON.parse(row.checklist) as ChecklistLine[]) {
    const item = live.get(line.itemId);
    if (item && (item.state !== line.state || (item.stateNote ?? '') !== (line.note ?? ''))) await equipmentTable.update(manager, who, item, null, { state: line.state, stateNote: line.note, stateAt: at });
  }
  await openReceiverShift(manager, who, shift, row.receiverId);
};

/**
 * The receiver's shift, opened as they sign, unless a shift is open already (the next shift may
 * have opened its log before the handover was received). Of the roster's shifts the one starting
 * nearest to this moment is theirs when they are on it and it is not opened yet: it opens with the
 * roster's people, from now if it had not begun. Otherwise a shift opens for the receiver alone,
 * from now to the end of that roster shift, or of the station's usual shift starting nearest to
 * now, or — with no shift types to go by — for as long as the shift handed over.
 */
const openReceiverShift = async (manager: EntityManager, who: Who, handedOver: ShiftRow, receiverId: string): Promise<void> => {
  const [stillOpen] = await manager.query(`SELECT 1 FROM "office_shift" WHERE "status" = 'open' AND "cancelledAt" IS NULL LIMIT 1`);
  if (stillOpen) return;
  const t = who.now.getTime();
  const now = who.now.toISOString();
  const nearest = <S extends { startsAt: string; endsAt: string }>(...shifts: (S | null)[]): S | null =>
    shifts
      .filter((s): s is S => s !== null && Date.parse(s.endsAt) > t)
      .sort((a, b) => Math.abs(Date.parse(a.startsAt) - t) - Math.abs(Date.parse(b.startsAt) - t))[0] ?? null;
  const roster = await rosterNow(manager, who.now, who.timeZone);
  const rostered = nearest(roster.current, roster.next);
  if (rostered?.people.some((p) => p.staffId === receiverId)) {
    const [opened] = await manager.query(`SELECT 1 FROM "office_shift" WHERE "dutyDate" = ? AND "shiftKey" = ? AND "cancelledAt" IS NULL`, [rostered.dutyDate, rostered.shiftKey]);
    if (!opened) {
      await insertShift(manager, who, { source: 'roster', ...rostered, startsAt: rostered.startsAt < now ? rostered.startsAt : now }, receiverId);
      return;
    }
  }
  const usual = await usualShiftsNow(manager, who.now, who.timeZone);
  const span = rostered ?? nearest(usual.current, usual.next);
  const length = Date.parse(handedOver.endsAt) - Date.parse(handedOver.startsAt);
  await insertShift(
    manager,
    who,
    {
      source: 'manual',
      dutyDate: localDate(who.now, who.timeZone),
      shiftKey: null,
      name: span?.name ?? handedOver.name,
      startsAt: now,
      endsAt: span?.endsAt ?? new Date(t + length).toISOString(),
      people: [await personOf(manager, receiverId, 'receiverId')],
    },
    receiverId,
  );
};

/** Which step a signature is, or why it cannot be given now. */
export const signatureCheck = (row: HandoverRow, side: 'giver' | 'receiver', version: number): { signerId: string; signerName: string } => {
  checkVersion(row, version);
  if (row.status === 'received') throw conflict('office.handover.alreadyReceived');
  if (side === 'giver' && row.status !== 'draft') throw conflict('office.handover.giverSigned');
  if (side === 'receiver' && row.status !== 'giverSigned') throw conflict('office.handover.giverFirst');
  return side === 'giver' ? { signerId: row.giverId, signerName: row.giverName } : { signerId: row.receiverId, signerName: row.receiverName };
};

export const pending = async (manager: EntityManager, now: Date) => {
  const handovers = ((await manager.query(`${HANDOVER_SELECT} WHERE h."status" <> 'received' AND h."cancelledAt" IS NULL ORDER BY s."startsAt"`)) as HandoverRow[]).map(handoverView);
  const overdueShifts = (
    (await manager.query(
      `${SHIFT_SELECT} WHERE s."status" = 'open' AND s."endsAt" <= ? AND s."cancelledAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "office_handover" h WHERE h."shiftId" = s."id" AND h."cancelledAt" IS NULL) ORDER BY s."startsAt"`,
      [now.toISOString()],
    )) as ShiftRow[]
  ).map(shiftView);
  return { handovers, overdueShifts };
};
