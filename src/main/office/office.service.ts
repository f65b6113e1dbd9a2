/**
 * The duty log. A shift is opened from the roster (or by hand where there is no roster); entries
 * are written to it while it is open; walk-ins and mediation referrals and failures of its time
 * span are read from their own tables and shown among the entries. At the end the shift hands over
 * (handover.service.ts); the station's equipment is counted then (equipment.service.ts).
 */
import type { EntityManager } from 'typeorm';
import { conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import type { AutoSource, DutyPerson, EntryState, EntryType, LogEntry, RosterShiftNow, ShiftLog, ShiftView } from '../../shared/office/contract.js';
import type { ComposedEntry } from '../../shared/office/composed.js';
import { MAX_SHIFT_HOURS } from '../../shared/office/contract.js';
import { addDays, CLOCK_SKEW_MS, localDate, startOfMinute } from '../../shared/time.js';
import { can, PERMISSIONS } from '../../shared/permissions.js';
import type { Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { dutySlots, usualShifts } from '../roster/shiftClock.js';
import { loadSettings } from '../roster/settings.service.js';
import { storedShiftName } from '../../shared/roster/shiftNames.js';
import { logEntryTable, shiftTable } from './office.entity.js';
import { ENTRY_SELECT, entryView, HANDOVER_SELECT, handoverView, SHIFT_SELECT, shiftView, type EntryRow, type HandoverRow, type ShiftRow } from './office.rows.js';

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

export const personOf = async (manager: EntityManager, staffId: string, field: string): Promise<DutyPerson> => {
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

/** The station's usual shifts (its shift types) under way at `now` and next to start. */
export const usualShiftsNow = async (manager: EntityManager, now: Date, timeZone: string) => usualShifts(now, timeZone, (await loadSettings(manager)).settings);

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

/** A new open shift; `openedById` is who opened it (the receiver, for a shift a handover opened). */
export const insertShift = async (
  manager: EntityManager,
  who: Who,
  shift: Pick<ShiftRow, 'source' | 'dutyDate' | 'shiftKey' | 'name' | 'startsAt' | 'endsAt'> & { people: DutyPerson[] },
  openedById = who.staffId,
): Promise<string> => {
  const row = await shiftTable.insert(manager, who, {
    ...shift,
    people: JSON.stringify(shift.people),
    openedAt: who.now.toISOString(),
    openedById,
    status: 'open',
    handedOverAt: null,
  });
  return row.id;
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
  if (current) throw conflict('office.shift.rosterCovers', { shiftName: current.name });
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
    // "Day shift" pre-filled in English is the station's 白班
    name: storedShiftName(input.name),
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

/** The shift on duty now as the log has it (opened from the roster or by hand), with its people. */
export const runningShift = async (manager: EntityManager, now: Date): Promise<ShiftView | null> => {
  const id = await currentShiftId(manager, now);
  return id ? shiftView(await shiftRow(manager, id)) : null;
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
  const base = { version: 1, shiftId: shift.id, place: null, composed: null, followUpOwner: null, state: 'done' as const, closedAt: null, closedBy: null, closeNote: null };
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

export const openIncidentCount = async (manager: EntityManager): Promise<number> => {
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
    /** an entry the app writes itself: its kind and values, worded for each reader (people, action and result hold the Chinese) */
    composed?: ComposedEntry;
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
  const row = await logEntryTable.insert(manager, who, {
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
    composed: input.composed ? JSON.stringify(input.composed) : null,
  });
  return row.id;
};

/** Closes an open item or incident, from whichever shift it is now on. */
export const closeEntry = async (manager: EntityManager, who: Who, id: string, version: number, note: string): Promise<void> => {
  const row = await entryRow(manager, id);
  checkVersion(row, version);
  if (row.state !== 'open') throw conflict('office.entry.notOpen');
  await logEntryTable.update(manager, who, row, null, { state: 'closed', closedAt: who.now.toISOString(), closedById: who.staffId, closeNote: note });
};
