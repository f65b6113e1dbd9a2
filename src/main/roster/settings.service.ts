/**
 * The station's roster rule set, its people on duty, the holiday calendar, and leave and wishes:
 * what the engine is asked to respect. Stored as JSON documents validated by the contract's schemas.
 */
import type { EntityManager } from 'typeorm';
import { AppError, conflict, forbidden } from '../../shared/errors.js';
import {
  DUTY_ROLE_OF,
  HARD_ABSENCES,
  rosterSettingsSchema,
  type Absence,
  type AbsenceKind,
  type HolidayDay,
  type HolidayYear,
  type RosterPerson,
  type RosterPersonView,
  type RosterSettings,
} from '../../shared/roster/contract.js';
import type { RosterRole } from '../../shared/roster/model.js';
import { DEFAULT_SHIFT_NAMES, storedShiftName } from '../../shared/roster/shiftNames.js';
import type { Role } from '../../shared/roles.js';
import type { Who } from '../context.js';
import type { Writer } from '../db/syncedTable.js';
import { absenceTable, holidayYearTable, rosterSettingsTable, type HolidayYearRow, type RosterSettingsRow } from './roster.entity.js';
import holidays2026 from '../../../resources/holidays/CN-2026.json';
import holidays2027 from '../../../resources/holidays/CN-2027.json';

/**
 * 一警两辅 around the clock in two 12-hour shifts: the common shape, changed in settings. The shifts'
 * names are stored in Chinese and shown in the reader's language (shared/roster/shiftNames.ts).
 */
export const DEFAULT_SETTINGS: RosterSettings = rosterSettingsSchema.parse({
  shiftTypes: [
    { id: 'D', name: DEFAULT_SHIFT_NAMES.D.zh, letter: 'D', start: '08:00', minutes: 720 },
    { id: 'N', name: DEFAULT_SHIFT_NAMES.N.zh, letter: 'N', start: '20:00', minutes: 720, night: true },
  ],
  coverage: [
    { shift: 'D', requirements: [{ qualification: 'officer', min: 1 }, { qualification: 'auxiliary', min: 2 }] },
    { shift: 'N', requirements: [{ qualification: 'officer', min: 1 }, { qualification: 'auxiliary', min: 2 }] },
  ],
  windowCoverage: [],
  rules: { minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [], maxConsecutiveWorkDays: 6, maxConsecutiveNights: 3, maxMinutesPerWeek: 48 * 60 },
  // patterns are made from the templates in shared/roster/patterns.ts over the station's own shifts
  patterns: [],
  fairness: [
    { metric: 'nights', weight: 5 },
    { metric: 'weekends', weight: 3 },
    { metric: 'holidays', weight: 3 },
  ],
  timeLimitSeconds: 30,
});

export interface DutyStaff {
  id: string;
  name: string;
  phone: string;
  loginRole: Role;
  role: RosterRole;
  active: boolean;
}

/** Logins that may stand duty (station head, officers, auxiliaries), active or not. */
export const dutyStaff = async (manager: EntityManager): Promise<DutyStaff[]> => {
  const rows: { id: string; name: string; phone: string; role: Role; active: number }[] = await manager.query(
    `SELECT "id", "name", "phone", "role", "active" FROM "staff" WHERE "role" IN ('head', 'officer', 'auxiliary') ORDER BY "role" = 'auxiliary', "name", "id"`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, loginRole: r.role, role: DUTY_ROLE_OF[r.role as keyof typeof DUTY_ROLE_OF], active: Boolean(r.active) }));
};

export interface StoredSettings {
  settings: RosterSettings;
  people: RosterPerson[];
  version: number;
  /** the stored row; none while the station keeps the shipped defaults */
  row: RosterSettingsRow | null;
}

export const loadSettings = async (manager: EntityManager): Promise<StoredSettings> => {
  const [row]: RosterSettingsRow[] = await manager.query(`SELECT * FROM "roster_settings" LIMIT 1`);
  if (!row) return { settings: DEFAULT_SETTINGS, people: [], version: 0, row: null };
  return { settings: rosterSettingsSchema.parse(JSON.parse(row.settings)), people: JSON.parse(row.people) as RosterPerson[], version: row.version, row };
};

/**
 * Everyone who may stand duty with their duty settings. Officers and auxiliaries stand duty unless
 * the head takes them off; the station head only when included. Inactive logins are left out.
 */
export const peopleView = (staff: DutyStaff[], people: RosterPerson[]): RosterPersonView[] => {
  const own = new Map(people.map((p) => [p.staffId, p]));
  return staff
    .filter((s) => s.active)
    .map((s) => {
      const p = own.get(s.id);
      return {
        staffId: s.id,
        name: s.name,
        role: s.role,
        phone: s.phone,
        included: p?.included ?? s.loginRole !== 'head',
        qualifications: p?.qualifications ?? [],
        ...(p?.pattern ? { pattern: p.pattern } : {}),
        ...(p?.rules ? { rules: p.rules } : {}),
      };
    });
};

export const saveSettings = async (
  manager: EntityManager,
  who: Who,
  input: { settings: RosterSettings; people: RosterPerson[]; version: number },
  validate: (settings: RosterSettings, people: RosterPerson[]) => Promise<void>,
): Promise<void> => {
  const current = await loadSettings(manager);
  if (input.version !== current.version) throw conflict('roster.settingsChanged');
  const staff = new Map((await dutyStaff(manager)).map((s) => [s.id, s]));
  input.people.forEach((p, i) => {
    if (!staff.has(p.staffId)) throw new AppError({ code: 'VALIDATION', key: 'roster.staffUnknown', field: `people.${i}.staffId`, params: { id: p.staffId } });
  });
  // a default shift's name shown in English and left so is stored as the station's Chinese name
  const settings: RosterSettings = { ...input.settings, shiftTypes: input.settings.shiftTypes.map((s) => (s.name ? { ...s, name: storedShiftName(s.name) } : s)) };
  assertNoOverlap(settings);
  await validate(settings, input.people);
  const values = { settings: JSON.stringify(settings), people: JSON.stringify(input.people) };
  if (current.row === null) await rosterSettingsTable.insert(manager, who, values);
  else await rosterSettingsTable.update(manager, who, current.row, null, values);
};

/**
 * The station's shifts divide the clock: two shift types that run at the same time would make
 * every "who is on duty" and every coverage count ambiguous. A 24-hour shift is the only shift.
 */
const assertNoOverlap = (settings: RosterSettings) => {
  const span = (s: { start: string; minutes: number }) => {
    const from = Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3, 5));
    return [from, from + s.minutes] as const;
  };
  const types = settings.shiftTypes;
  for (let i = 0; i < types.length; i++)
    for (let j = 0; j < i; j++) {
      const [a0, a1] = span(types[i]);
      const [b0, b1] = span(types[j]);
      // compare on a two-day clock: a shift crossing midnight also meets the other's next day
      const overlaps = [-1440, 0, 1440].some((shift) => a0 < b1 + shift && b0 + shift < a1);
      if (overlaps)
        throw new AppError({ code: 'VALIDATION', key: 'roster.shiftsOverlap', field: `settings.shiftTypes.${i}.start`, params: { a: types[j].name ?? types[j].id, b: types[i].name ?? types[i].id } });
    }
};

// ───────────────────────────── holidays ─────────────────────────────

interface ShippedYear {
  year: number;
  provisional: boolean;
  days: HolidayDay[];
}

/** The calendars shipped with the app (resources/holidays): this year and the next. */
const SHIPPED: ShippedYear[] = [holidays2026 as ShippedYear, holidays2027 as ShippedYear];

export const holidayYear = async (manager: EntityManager, year: number): Promise<HolidayYear> => {
  const [row]: { provisional: number; days: string }[] = await manager.query(
    `SELECT "provisional", "days" FROM "roster_holiday_year" WHERE "year" = ? AND "cancelledAt" IS NULL`,
    [year],
  );
  if (row) return { year, provisional: Boolean(row.provisional), days: JSON.parse(row.days) as HolidayDay[] };
  const shipped = SHIPPED.find((y) => y.year === year);
  return shipped ? { year, provisional: shipped.provisional, days: shipped.days } : { year, provisional: true, days: [] };
};

export const saveHolidayYear = async (manager: EntityManager, who: Writer, input: HolidayYear): Promise<void> => {
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    if (!d.date.startsWith(`${input.year}-`)) throw new AppError({ code: 'VALIDATION', key: 'roster.holidayOtherYear', field: `days.${i}.date`, params: { year: input.year } });
    if (seen.has(d.date)) throw new AppError({ code: 'VALIDATION', key: 'roster.holidayTwice', field: `days.${i}.date`, params: { date: d.date } });
    seen.add(d.date);
  });
  const days = [...input.days].sort((a, b) => a.date.localeCompare(b.date));
  const [row]: HolidayYearRow[] = await manager.query(`SELECT * FROM "roster_holiday_year" WHERE "year" = ?`, [input.year]);
  const values = { provisional: input.provisional, days: JSON.stringify(days) };
  // a cancelled year comes back when saved again (one row per year)
  if (row) await holidayYearTable.update(manager, who, row, null, { ...values, cancelledAt: null });
  else await holidayYearTable.insert(manager, who, { year: input.year, ...values });
};

/** Holiday days of the calendar years a date range touches, by date. */
export const holidaysBetween = async (manager: EntityManager, from: string, to: string): Promise<Map<string, HolidayDay>> => {
  const out = new Map<string, HolidayDay>();
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++)
    for (const d of (await holidayYear(manager, y)).days) if (d.date >= from && d.date <= to) out.set(d.date, d);
  return out;
};

// ───────────────────────────── leave and wishes ─────────────────────────────

interface AbsenceRow {
  id: string;
  staffId: string;
  staffName: string;
  kind: AbsenceKind;
  fromDate: string;
  toDate: string;
  shiftId: string | null;
  weight: number | null;
  note: string | null;
  createdBy: string | null;
}

const toAbsence = (r: AbsenceRow): Absence => ({
  id: r.id,
  staffId: r.staffId,
  staffName: r.staffName,
  kind: r.kind,
  from: r.fromDate,
  to: r.toDate,
  shiftId: r.shiftId,
  weight: r.weight,
  note: r.note,
});

export const absencesBetween = async (manager: EntityManager, from: string, to: string): Promise<Absence[]> => {
  const rows: AbsenceRow[] = await manager.query(
    `SELECT a.*, s."name" AS "staffName" FROM "roster_absence" a JOIN "staff" s ON s."id" = a."staffId"
     WHERE a."cancelledAt" IS NULL AND a."fromDate" <= ? AND a."toDate" >= ? ORDER BY a."fromDate", s."name"`,
    [to, from],
  );
  return rows.map(toAbsence);
};

/** The weight of a wish when none is given: a day-off wish counts more than a preferred shift. */
const DEFAULT_WISH_WEIGHT: Partial<Record<AbsenceKind, number>> = { dayOffWish: 10, shiftWish: 5 };

export const addAbsence = async (
  manager: EntityManager,
  who: Who,
  input: { staffId: string; kind: AbsenceKind; from: string; to: string; shiftId?: string | null; weight?: number | null; note: string | null },
  shiftIds: string[],
): Promise<Absence> => {
  const hard = HARD_ABSENCES.includes(input.kind);
  // leave is the head's to grant; anyone on duty may file wishes for themselves
  if (who.role !== 'head' && (hard || input.staffId !== who.staffId)) throw forbidden('roster.ownWishesOnly');
  const staff = (await dutyStaff(manager)).find((s) => s.id === input.staffId && s.active);
  if (!staff) throw new AppError({ code: 'VALIDATION', key: 'roster.staffUnknown', field: 'staffId', params: { id: input.staffId } });
  if (input.kind === 'shiftWish' && !shiftIds.includes(input.shiftId ?? '')) throw new AppError({ code: 'VALIDATION', key: 'roster.shiftUnknown', field: 'shiftId', params: { id: input.shiftId ?? '' } });
  const row = await absenceTable.insert(manager, who, {
    staffId: input.staffId,
    kind: input.kind,
    fromDate: input.from,
    toDate: input.to,
    shiftId: input.kind === 'shiftWish' ? (input.shiftId ?? null) : null,
    weight: hard ? null : (input.weight ?? DEFAULT_WISH_WEIGHT[input.kind] ?? 1),
    note: input.note,
  });
  return toAbsence({ ...row, staffName: staff.name });
};

export const removeAbsence = async (manager: EntityManager, who: Who, id: string): Promise<void> => {
  const row = await absenceTable.loadLive(manager, id, 'roster.absenceNotFound');
  if (who.role !== 'head' && (HARD_ABSENCES.includes(row.kind) || row.staffId !== who.staffId)) throw forbidden('roster.ownWishesOnly');
  await absenceTable.cancel(manager, who, row, null, 'withdrawn');
};
