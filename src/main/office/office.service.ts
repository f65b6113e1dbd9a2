/**
 * The duty log and the handover. A shift is opened from the roster (or by hand where there is no
 * roster); entries are written to it while it is open; walk-ins and mediation referrals and
 * failures of its time span are read from their own tables and shown among the entries. At the
 * end the shift hands over: open items, instructions, the equipment checklist, and two signatures.
 * Responsibility passes when the receiver signs: the shift is then handed over and the inventory
 * takes the states the checklist found.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import type {
  AutoSource,
  ChecklistLine,
  DutyPerson,
  EntryState,
  EntryType,
  EquipmentItem,
  EquipmentKind,
  EquipmentState,
  HandoverStatus,
  HandoverView,
  LogEntry,
  OpenItem,
  RosterShiftNow,
  ShiftLog,
  ShiftView,
} from '../../shared/office/contract.js';
import { MAX_SHIFT_HOURS } from '../../shared/office/contract.js';
import { addDays, CLOCK_SKEW_MS, localDate, startOfMinute } from '../../shared/time.js';
import { can, PERMISSIONS } from '../../shared/permissions.js';
import type { Who } from '../context.js';
import { newRowBase, checkVersion } from '../db/baseColumns.js';
import { insertRow } from '../db/insert.js';
import { dutySlots } from '../roster/roster.service.js';
import { loadSettings } from '../roster/settings.service.js';


// ───────────────────────────── rows ─────────────────────────────

interface ShiftRow {
  id: string;
  version: number;
  source: 'roster' | 'manual';
  dutyDate: string;
  shiftKey: string | null;
  name: string;
  startsAt: string;
  endsAt: string;
  people: string;
  openedAt: string;
  openedById: string;
  openedByName: string;
  status: 'open' | 'handedOver';
  handedOverAt: string | null;
}

interface EntryRow {
  id: string;
  version: number;
  shiftId: string;
  at: string;
  type: EntryType;
  people: string | null;
  place: string | null;
  action: string | null;
  result: string | null;
  followUpOwnerId: string | null;
  followUpOwnerName: string | null;
  state: EntryState;
  closedAt: string | null;
  closedByName: string | null;
  closeNote: string | null;
  recordedByName: string | null;
}

interface HandoverRow {
  id: string;
  version: number;
  shiftId: string;
  status: HandoverStatus;
  summary: string | null;
  instructions: string | null;
  openItems: string;
  checklist: string;
  giverId: string;
  giverName: string;
  receiverId: string;
  receiverName: string;
  giverSignedAt: string | null;
  receiverSignedAt: string | null;
  createdAt: string;
  shiftName: string;
  shiftStartsAt: string;
  shiftEndsAt: string;
}

interface EquipmentRow {
  id: string;
  version: number;
  kind: EquipmentKind;
  name: string;
  code: string | null;
  note: string | null;
  state: EquipmentState;
  stateNote: string | null;
  stateAt: string | null;
}

const SHIFT_SELECT = `SELECT s.*, st."name" AS "openedByName" FROM "office_shift" s JOIN "staff" st ON st."id" = s."openedById"`;
const ENTRY_SELECT = `SELECT e.*, o."name" AS "followUpOwnerName", c."name" AS "closedByName", r."name" AS "recordedByName"
  FROM "office_log_entry" e
  LEFT JOIN "staff" o ON o."id" = e."followUpOwnerId"
  LEFT JOIN "staff" c ON c."id" = e."closedById"
  LEFT JOIN "staff" r ON r."id" = e."createdBy"`;
const HANDOVER_SELECT = `SELECT h.*, g."name" AS "giverName", r."name" AS "receiverName",
    s."name" AS "shiftName", s."startsAt" AS "shiftStartsAt", s."endsAt" AS "shiftEndsAt"
  FROM "office_handover" h
  JOIN "staff" g ON g."id" = h."giverId"
  JOIN "staff" r ON r."id" = h."receiverId"
  JOIN "office_shift" s ON s."id" = h."shiftId"`;

const shiftView = (r: ShiftRow): ShiftView => ({
  id: r.id,
  version: r.version,
  source: r.source,
  dutyDate: r.dutyDate,
  shiftKey: r.shiftKey,
  name: r.name,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  people: JSON.parse(r.people) as DutyPerson[],
  openedAt: r.openedAt,
  openedBy: r.openedByName,
  status: r.status,
  handedOverAt: r.handedOverAt,
});

const entryView = (r: EntryRow): LogEntry => ({
  id: r.id,
  version: r.version,
  shiftId: r.shiftId,
  at: r.at,
  type: r.type,
  people: r.people,
  place: r.place,
  action: r.action,
  result: r.result,
  followUpOwner: r.followUpOwnerId ? { id: r.followUpOwnerId, name: r.followUpOwnerName ?? '' } : null,
  state: r.state,
  closedAt: r.closedAt,
  closedBy: r.closedByName,
  closeNote: r.closeNote,
  recordedBy: r.recordedByName,
  auto: null,
});

const handoverView = (r: HandoverRow): HandoverView => ({
  id: r.id,
  version: r.version,
  shiftId: r.shiftId,
  shiftName: r.shiftName,
  shiftStartsAt: r.shiftStartsAt,
  shiftEndsAt: r.shiftEndsAt,
  status: r.status,
  summary: r.summary,
  instructions: r.instructions,
  openItems: JSON.parse(r.openItems) as OpenItem[],
  checklist: JSON.parse(r.checklist) as ChecklistLine[],
  giver: { id: r.giverId, name: r.giverName },
  receiver: { id: r.receiverId, name: r.receiverName },
  giverSignedAt: r.giverSignedAt,
  receiverSignedAt: r.receiverSignedAt,
  createdAt: r.createdAt,
});

const equipmentView = (r: EquipmentRow): EquipmentItem => ({ ...r });

/** Version, time and author of an update of a synced row, as SQL assignments and values. */
const touchSql = (who: Who) => ({ sql: `"version" = "version" + 1, "updatedAt" = ?, "updatedBy" = ?`, values: [who.now.toISOString(), who.staffId] });

// ───────────────────────────── people ─────────────────────────────

/** Everyone active who may stand duty: whose role keeps the duty log. */
export const dutyStaff = async (manager: EntityManager): Promise<DutyPerson[]> => {
  const roles = PERMISSIONS['office.dutyLog'];
  return manager.query(
    `SELECT "id" AS "staffId", "name", "role" FROM "staff"
     WHERE "role" IN (${roles.map(() => '?').join(', ')}) AND "active" = 1 AND "cancelledAt" IS NULL
     ORDER BY "role" = 'auxiliary', "name"`,
    [...roles],
  );
};

const personOf = async (manager: EntityManager, staffId: string, field: string): Promise<DutyPerson> => {
  const person = (await dutyStaff(manager)).find((p) => p.staffId === staffId);
  if (!person) throw validationError(field, 'office.staffUnknown');
  return person;
};

// ───────────────────────────── the roster ─────────────────────────────

/** The roster's shifts starting at or around an instant, grouped (date, shift type), with their people. */
const rosterGroups = async (manager: EntityManager, now: Date, timeZone: string) => {
  const stored = await loadSettings(manager);
  const slots = await dutySlots(manager, now, timeZone, stored.settings);
  const people = new Map((await dutyStaff(manager)).map((p) => [p.staffId, p]));
  const names = new Map(stored.settings.shiftTypes.map((s) => [s.id, s.name ?? s.id]));
  const groups = new Map<string, RosterShiftNow>();
  for (const slot of slots) {
    const person = people.get(slot.staffId);
    if (!person) continue;
    const key = `${slot.from.toISOString()}|${slot.shiftId}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        dutyDate: localDate(slot.from, timeZone),
        shiftKey: slot.shiftId,
        name: names.get(slot.shiftId) ?? slot.shiftId,
        startsAt: slot.from.toISOString(),
        endsAt: slot.to.toISOString(),
        people: [],
      };
      groups.set(key, g);
    }
    g.people.push(person);
  }
  // the officer first, as the log is signed
  for (const g of groups.values()) g.people.sort((a, b) => Number(a.role === 'auxiliary') - Number(b.role === 'auxiliary'));
  return [...groups.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
};

/** The roster's shift on duty at `now` and the one after it. */
export const rosterNow = async (manager: EntityManager, now: Date, timeZone: string) => {
  const groups = await rosterGroups(manager, now, timeZone);
  const t = now.toISOString();
  const current = groups.filter((g) => g.startsAt <= t && t < g.endsAt).at(-1) ?? null;
  const next = groups.find((g) => g.startsAt > t && (!current || g.startsAt >= current.startsAt)) ?? null;
  return { current, next };
};

// ───────────────────────────── shifts ─────────────────────────────

export const shiftRow = async (manager: EntityManager, id: string): Promise<ShiftRow> => {
  const [row] = (await manager.query(`${SHIFT_SELECT} WHERE s."id" = ? AND s."cancelledAt" IS NULL`, [id])) as ShiftRow[];
  if (!row) throw notFound('office.shift.notFound');
  return row;
};

const insertShift = async (manager: EntityManager, who: Who, shift: Omit<ShiftRow, 'id' | 'version' | 'openedAt' | 'openedById' | 'openedByName' | 'status' | 'handedOverAt' | 'people'> & { people: DutyPerson[] }) => {
  const id = uuidv7();
  await insertRow(manager, 'office_shift', {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    source: shift.source,
    dutyDate: shift.dutyDate,
    shiftKey: shift.shiftKey,
    name: shift.name,
    startsAt: shift.startsAt,
    endsAt: shift.endsAt,
    people: JSON.stringify(shift.people),
    openedAt: who.now.toISOString(),
    openedById: who.staffId,
    status: 'open',
    handedOverAt: null,
  });
  return id;
};

/** Opens the roster's shift of this moment, with its people filled in. */
export const openRosterShift = async (manager: EntityManager, who: Who): Promise<string> => {
  const { current } = await rosterNow(manager, who.now, who.timeZone);
  if (!current) throw conflict('office.shift.noRosterNow');
  const [existing] = await manager.query(
    `SELECT "id" FROM "office_shift" WHERE "dutyDate" = ? AND "shiftKey" = ? AND "cancelledAt" IS NULL`,
    [current.dutyDate, current.shiftKey],
  );
  if (existing) throw conflict('office.shift.alreadyOpen', { name: current.name, date: current.dutyDate });
  return insertShift(manager, who, { source: 'roster', ...current });
};

/** Opens a shift by hand where no roster covers the moment: head or officer, with who is on duty. */
export const openManualShift = async (
  manager: EntityManager,
  who: Who,
  input: { name: string; startsAt: string; endsAt: string; staffIds: string[] },
): Promise<string> => {
  if (!can(who.role, 'office.openShiftManually')) throw forbidden('office.shift.manualRole');
  const { current } = await rosterNow(manager, who.now, who.timeZone);
  if (current) throw conflict('office.shift.rosterCovers', { name: current.name });
  const start = Date.parse(input.startsAt);
  const end = Date.parse(input.endsAt);
  if (start > who.now.getTime() + CLOCK_SKEW_MS) throw validationError('startsAt', 'office.shift.startsLater');
  if (end <= start) throw validationError('endsAt', 'office.shift.endBeforeStart');
  if (end - start > MAX_SHIFT_HOURS * 3600_000) throw validationError('endsAt', 'office.shift.tooLong', { hours: MAX_SHIFT_HOURS });
  if (end <= who.now.getTime()) throw validationError('endsAt', 'office.shift.alreadyOver');
  const people: DutyPerson[] = [];
  for (const [i, id] of input.staffIds.entries()) {
    if (people.some((p) => p.staffId === id)) continue;
    people.push(await personOf(manager, id, `staffIds.${i}`));
  }
  return insertShift(manager, who, {
    source: 'manual',
    dutyDate: localDate(new Date(start), who.timeZone),
    shiftKey: null,
    name: input.name,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    people,
  });
};

/** The shift on duty now: the latest opened that has started and is not handed over. */
export const currentShiftId = async (manager: EntityManager, now: Date): Promise<string | null> => {
  const [row] = await manager.query(
    `SELECT "id" FROM "office_shift" WHERE "status" = 'open' AND "cancelledAt" IS NULL AND "startsAt" <= ? ORDER BY "startsAt" DESC, "openedAt" DESC LIMIT 1`,
    [now.toISOString()],
  );
  return (row as { id: string } | undefined)?.id ?? null;
};

export const openShifts = async (manager: EntityManager, now: Date): Promise<ShiftView[]> =>
  ((await manager.query(`${SHIFT_SELECT} WHERE s."status" = 'open' AND s."cancelledAt" IS NULL AND s."startsAt" <= ? ORDER BY s."startsAt", s."openedAt"`, [now.toISOString()])) as ShiftRow[]).map(shiftView);

export const listShifts = async (manager: EntityManager, limit: number): Promise<ShiftView[]> =>
  ((await manager.query(`${SHIFT_SELECT} WHERE s."cancelledAt" IS NULL ORDER BY s."startsAt" DESC LIMIT ?`, [limit])) as ShiftRow[]).map(shiftView);

// ───────────────────────────── what other zones recorded ─────────────────────────────

/**
 * Walk-ins, mediation referrals and failed mediations of a shift's time span, as log entries. Read
 * each time rather than copied: the desk and the mediation room stay the owners of their records.
 */
const autoEntries = async (manager: EntityManager, shift: ShiftRow, timeZone: string): Promise<LogEntry[]> => {
  const { startsAt: from, endsAt: to } = shift;
  // dates bound the index range; the instants decide
  const fromDate = addDays(localDate(from, timeZone), -1);
  const toDate = addDays(localDate(to, timeZone), 1);
  const base = { version: 1, shiftId: shift.id, place: null, followUpOwner: null, state: 'done' as const, closedAt: null, closedBy: null, closeNote: null };
  const walkIns: { id: string; arrivedAt: string; visitorName: string; queueNo: string; purpose: string; route: string; status: string; receivedByName: string }[] =
    await manager.query(
      `SELECT w."id", w."arrivedAt", w."visitorName", w."queueNo", w."purpose", w."route", w."status", s."name" AS "receivedByName"
       FROM "walk_in" w JOIN "staff" s ON s."id" = w."receivedById"
       WHERE w."arrivedAt" >= ? AND w."arrivedAt" < ? AND w."cancelledAt" IS NULL ORDER BY w."arrivedAt"`,
      [from, to],
    );
  const referrals: { id: string; referredAt: string | null; registeredAt: string; caseNo: string; type: string; referredByName: string | null; registeredByName: string }[] =
    await manager.query(
      `SELECT c."id", c."referredAt", c."registeredAt", c."caseNo", c."type", rb."name" AS "referredByName", g."name" AS "registeredByName"
       FROM "mediation_case" c LEFT JOIN "staff" rb ON rb."id" = c."referredById" JOIN "staff" g ON g."id" = c."registeredById"
       WHERE c."registeredDate" BETWEEN ? AND ? AND c."source" = 'referral' AND c."registeredAt" >= ? AND c."registeredAt" < ? AND c."cancelledAt" IS NULL`,
      [fromDate, toDate, from, to],
    );
  const failures: { id: string; concludedAt: string; caseNo: string; type: string; failureFeedback: string | null; concludedByName: string | null }[] =
    await manager.query(
      `SELECT c."id", c."concludedAt", c."caseNo", c."type", c."failureFeedback", s."name" AS "concludedByName"
       FROM "mediation_case" c LEFT JOIN "staff" s ON s."id" = c."concludedById"
       WHERE c."concludedDate" BETWEEN ? AND ? AND c."outcome" = 'failed' AND c."concludedAt" >= ? AND c."concludedAt" < ? AND c."cancelledAt" IS NULL`,
      [fromDate, toDate, from, to],
    );
  const auto = (
    kind: AutoSource['kind'],
    refId: string,
    at: string,
    type: EntryType,
    people: string | null,
    recordedBy: string | null,
    source: AutoSource,
  ): LogEntry => ({ ...base, id: `${kind}:${refId}`, at, type, people, action: null, result: null, recordedBy, auto: source });
  return [
    ...walkIns.map((w) =>
      auto('walkIn', w.id, w.arrivedAt, 'reception', w.visitorName, w.receivedByName, { kind: 'walkIn', refId: w.id, queueNo: w.queueNo, purpose: w.purpose, route: w.route, status: w.status }),
    ),
    ...referrals.map((c) =>
      auto('referral', c.id, c.registeredAt, 'mediationReferral', null, c.registeredByName, {
        kind: 'referral',
        refId: c.id,
        caseNo: c.caseNo,
        disputeType: c.type,
        referredBy: c.referredByName,
      }),
    ),
    ...failures.map((c) =>
      auto('mediationFailed', c.id, c.concludedAt, 'mediationReferral', null, c.concludedByName, {
        kind: 'mediationFailed',
        refId: c.id,
        caseNo: c.caseNo,
        disputeType: c.type,
        feedback: c.failureFeedback,
      }),
    ),
  ];
};

// ───────────────────────────── the log ─────────────────────────────

const openIncidentCount = async (manager: EntityManager): Promise<number> => {
  const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "office_log_entry" WHERE "state" = 'open' AND "type" = 'incident' AND "cancelledAt" IS NULL`);
  return Number(n);
};

/** Open items from shifts before this one, still waiting. */
const carriedEntries = async (manager: EntityManager, shift: ShiftRow): Promise<LogEntry[]> =>
  (
    (await manager.query(
      `${ENTRY_SELECT} JOIN "office_shift" s ON s."id" = e."shiftId"
       WHERE e."state" = 'open' AND e."shiftId" <> ? AND s."startsAt" <= ? AND e."cancelledAt" IS NULL ORDER BY e."at"`,
      [shift.id, shift.startsAt],
    )) as EntryRow[]
  ).map(entryView);

export const shiftLog = async (manager: EntityManager, id: string, timeZone: string): Promise<ShiftLog> => {
  const row = await shiftRow(manager, id);
  const typed = ((await manager.query(`${ENTRY_SELECT} WHERE e."shiftId" = ? AND e."cancelledAt" IS NULL`, [id])) as EntryRow[]).map(entryView);
  const entries = [...typed, ...(await autoEntries(manager, row, timeZone))].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const [handover] = (await manager.query(`${HANDOVER_SELECT} WHERE h."shiftId" = ? AND h."cancelledAt" IS NULL`, [id])) as HandoverRow[];
  return {
    shift: shiftView(row),
    entries,
    carried: row.status === 'open' ? await carriedEntries(manager, row) : [],
    openIncidents: row.status === 'open' ? await openIncidentCount(manager) : 0,
    handover: handover ? handoverView(handover) : null,
  };
};

const entryRow = async (manager: EntityManager, id: string): Promise<EntryRow> => {
  const [row] = (await manager.query(`${ENTRY_SELECT} WHERE e."id" = ? AND e."cancelledAt" IS NULL`, [id])) as EntryRow[];
  if (!row) throw notFound('office.entry.notFound');
  return row;
};

export const getEntry = async (manager: EntityManager, id: string): Promise<LogEntry> => entryView(await entryRow(manager, id));

export const addEntry = async (
  manager: EntityManager,
  who: Who,
  input: {
    shiftId: string;
    at?: string;
    type: EntryType;
    people: string | null;
    place: string | null;
    action: string | null;
    result: string | null;
    followUpOwnerId: string | null;
    followUp: boolean;
  },
): Promise<string> => {
  const shift = await shiftRow(manager, input.shiftId);
  if (shift.status !== 'open') throw conflict('office.shift.handedOver');
  const at = input.at ?? who.now.toISOString();
  if (Date.parse(at) > who.now.getTime() + CLOCK_SKEW_MS) throw validationError('at', 'office.entry.future');
  if (Date.parse(at) < startOfMinute(shift.startsAt)) throw validationError('at', 'office.entry.beforeShift');
  if (input.followUpOwnerId) await personOf(manager, input.followUpOwnerId, 'followUpOwnerId');
  // an incident is open until someone closes it; anything else only when a follow-up is pending
  const state: EntryState = input.type === 'incident' || input.followUp ? 'open' : 'done';
  const id = uuidv7();
  await insertRow(manager, 'office_log_entry', {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    shiftId: shift.id,
    at,
    type: input.type,
    people: input.people,
    place: input.place,
    action: input.action,
    result: input.result,
    followUpOwnerId: input.followUpOwnerId,
    state,
    closedAt: null,
    closedById: null,
    closeNote: null,
  });
  return id;
};

/** Closes an open item or incident, from whichever shift it is now on. */
export const closeEntry = async (manager: EntityManager, who: Who, id: string, version: number, note: string): Promise<void> => {
  const row = await entryRow(manager, id);
  checkVersion(row, version);
  if (row.state !== 'open') throw conflict('office.entry.notOpen');
  const t = touchSql(who);
  await manager.query(`UPDATE "office_log_entry" SET "state" = 'closed', "closedAt" = ?, "closedById" = ?, "closeNote" = ?, ${t.sql} WHERE "id" = ?`, [
    who.now.toISOString(),
    who.staffId,
    note,
    ...t.values,
    id,
  ]);
};

// ───────────────────────────── inventory ─────────────────────────────

export const listEquipment = async (manager: EntityManager): Promise<EquipmentItem[]> =>
  ((await manager.query(
    `SELECT "id", "version", "kind", "name", "code", "note", "state", "stateNote", "stateAt" FROM "office_equipment"
     WHERE "cancelledAt" IS NULL ORDER BY CASE "kind" WHEN 'bicycle' THEN 1 WHEN 'radio' THEN 2 WHEN 'bodyCamera' THEN 3 WHEN 'key' THEN 4 ELSE 5 END, "name", "code"`,
  )) as EquipmentRow[]).map(equipmentView);

const equipmentRow = async (manager: EntityManager, id: string): Promise<EquipmentRow & { cancelledAt: string | null }> => {
  const [row] = await manager.query(`SELECT * FROM "office_equipment" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id]);
  if (!row) throw notFound('office.equipment.notFound');
  return row as EquipmentRow & { cancelledAt: string | null };
};

export const saveEquipment = async (
  manager: EntityManager,
  who: Who,
  input: { id?: string; version?: number; kind: EquipmentKind; name: string; code: string | null; note: string | null },
): Promise<EquipmentItem> => {
  if (input.id === undefined) {
    const id = uuidv7();
    await insertRow(manager, 'office_equipment', {
      ...newRowBase(id, who.stationId, who.staffId, who.now),
      kind: input.kind,
      name: input.name,
      code: input.code,
      note: input.note,
      state: 'present',
      stateNote: null,
      stateAt: null,
    });
    return equipmentView(await equipmentRow(manager, id));
  }
  if (input.version === undefined) throw validationError('version', 'required');
  const row = await equipmentRow(manager, input.id);
  checkVersion(row, input.version);
  const t = touchSql(who);
  await manager.query(`UPDATE "office_equipment" SET "kind" = ?, "name" = ?, "code" = ?, "note" = ?, ${t.sql} WHERE "id" = ?`, [
    input.kind,
    input.name,
    input.code,
    input.note,
    ...t.values,
    input.id,
  ]);
  return equipmentView(await equipmentRow(manager, input.id));
};

export const retireEquipment = async (manager: EntityManager, who: Who, id: string, version: number, reason: string): Promise<void> => {
  const row = await equipmentRow(manager, id);
  checkVersion(row, version);
  const t = touchSql(who);
  await manager.query(`UPDATE "office_equipment" SET "cancelledAt" = ?, "cancelReason" = ?, ${t.sql} WHERE "id" = ?`, [who.now.toISOString(), reason, ...t.values, id]);
};

// ───────────────────────────── handover ─────────────────────────────

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
  return rows.map((r) => ({
    entryId: r.id,
    at: r.at,
    type: r.type,
    text: [r.people, r.place, r.action, r.result].filter(Boolean).join(' · '),
    owner: r.followUpOwnerName,
  }));
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
  const [existing] = (await manager.query(`SELECT "id", "version", "status" FROM "office_handover" WHERE "shiftId" = ? AND "cancelledAt" IS NULL`, [shift.id])) as {
    id: string;
    version: number;
    status: HandoverStatus;
  }[];
  if (!existing) {
    if (input.version !== undefined) throw notFound('office.handover.notFound');
    const id = uuidv7();
    await insertRow(manager, 'office_handover', {
      ...newRowBase(id, who.stationId, who.staffId, who.now),
      shiftId: shift.id,
      status: 'draft',
      summary: input.summary,
      instructions: input.instructions,
      openItems: JSON.stringify(openItems),
      checklist: JSON.stringify(checklist),
      giverId: input.giverId,
      receiverId: input.receiverId,
      giverSignedAt: null,
      receiverSignedAt: null,
    });
    return id;
  }
  if (input.version === undefined) throw conflict('office.handover.exists');
  checkVersion(existing, input.version);
  // a signed handover is what was signed
  if (existing.status !== 'draft') throw conflict('office.handover.signed');
  const t = touchSql(who);
  await manager.query(
    `UPDATE "office_handover" SET "summary" = ?, "instructions" = ?, "openItems" = ?, "checklist" = ?, "giverId" = ?, "receiverId" = ?, ${t.sql} WHERE "id" = ?`,
    [input.summary, input.instructions, JSON.stringify(openItems), JSON.stringify(checklist), input.giverId, input.receiverId, ...t.values, existing.id],
  );
  return existing.id;
};

/**
 * Records a signature whose password was already verified. The giver signs first: the open items
 * are taken as they stand then. The receiver's signature hands the shift over and gives the
 * inventory the states the checklist found.
 */
export const recordSignature = async (manager: EntityManager, who: Who, row: HandoverRow, side: 'giver' | 'receiver'): Promise<void> => {
  const at = who.now.toISOString();
  const t = touchSql(who);
  const shift = await shiftRow(manager, row.shiftId);
  if (side === 'giver') {
    await refuseOpenIncident(manager);
    await manager.query(`UPDATE "office_handover" SET "status" = 'giverSigned', "giverSignedAt" = ?, "openItems" = ?, ${t.sql} WHERE "id" = ?`, [
      at,
      JSON.stringify(await openItemsOf(manager, shift)),
      ...t.values,
      row.id,
    ]);
    return;
  }
  // an incident written after the giver signed still holds the handover back
  await refuseOpenIncident(manager);
  await manager.query(`UPDATE "office_handover" SET "status" = 'received', "receiverSignedAt" = ?, ${t.sql} WHERE "id" = ?`, [at, ...t.values, row.id]);
  await manager.query(`UPDATE "office_shift" SET "status" = 'handedOver', "handedOverAt" = ?, ${t.sql} WHERE "id" = ?`, [at, ...t.values, row.shiftId]);
  for (const line of JSON.parse(row.checklist) as ChecklistLine[]) {
    // an item retired since the count keeps its retirement
    await manager.query(
      `UPDATE "office_equipment" SET "state" = ?, "stateNote" = ?, "stateAt" = ?, ${t.sql} WHERE "id" = ? AND "cancelledAt" IS NULL AND ("state" <> ? OR COALESCE("stateNote", '') <> COALESCE(?, ''))`,
      [line.state, line.note, at, ...t.values, line.itemId, line.state, line.note],
    );
  }
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

