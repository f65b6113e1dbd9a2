/**
 * Prevention on the street: the station's night checks of property guards with their scores, the
 * school guard posts the roster asks for on school days with who stood them, and the registry of
 * video channels with its check rounds. Plain SQL over the tables of migration 0011.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { maskPhone } from '../../shared/checks/phone.js';
import { notFound, validationError, type ErrorKey } from '../../shared/errors.js';
import {
  scoreNightCheck,
  type AttendanceView,
  type CameraRoundView,
  type CameraView,
  type CompoundOption,
  type GuardView,
  type MonthlyScore,
  type NightCheckView,
  type Period,
  type PostDay,
  type PostState,
  type PostView,
  type PropertyView,
  type SchoolView,
  type TermReport,
  type TermView,
} from '../../shared/patrol/prevention.contract.js';
import type { Role } from '../../shared/roles.js';
import { addDays, CLOCK_SKEW_MS, localDate, localInstant } from '../../shared/time.js';
import { checkVersion, newRowBase, type SyncedRow } from '../db/baseColumns.js';
import { insertRow } from '../db/insert.js';
import { cellsBetween, isSchoolDay, schoolGuardWindows } from '../roster/roster.service.js';
import { holidaysBetween, loadSettings } from '../roster/settings.service.js';
import type { AttendanceRow, CameraRow, GuardRow, NightCheckRow, PropertyRow, SchoolRow, TermRow } from './prevention.entity.js';

export interface Who {
  stationId: string;
  staffId: string;
  role: Role;
  timeZone: string;
  now: Date;
}

/** Version, time and author of an update of a synced row, as SQL assignments and values. */
const touchSql = (who: Who) => ({ sql: `"version" = "version" + 1, "updatedAt" = ?, "updatedBy" = ?`, values: [who.now.toISOString(), who.staffId] });

const cancelSql = (who: Who) => {
  const t = touchSql(who);
  return { sql: `"cancelledAt" = ?, "cancelReason" = ?, ${t.sql}`, values: (reason: string) => [who.now.toISOString(), reason, ...t.values] };
};

/** An instant may not lie ahead of the core's clock (a little skew between PCs is allowed). */
const notInFuture = (who: Who, at: string, field: string) => {
  if (Date.parse(at) > who.now.getTime() + CLOCK_SKEW_MS) throw validationError(field, 'prevention.future');
};

const liveRow = async <T>(manager: EntityManager, table: string, id: string, key: ErrorKey): Promise<T> => {
  const [row] = (await manager.query(`SELECT * FROM "${table}" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as T[];
  if (!row) throw notFound(key);
  return row;
};

/** An edit names the version it saw; a form that sent none is refused as incomplete. */
const checkGivenVersion = (row: { version: number }, version: number | undefined) => {
  if (version === undefined) throw validationError('version', 'required');
  checkVersion(row, version);
};

/** The records cancelled (or, for a camera, retired) with a reason: their table and what a missing one is called. */
const CANCELLABLE = {
  property: { table: 'prevention_property', notFound: 'prevention.property.notFound' },
  guard: { table: 'prevention_guard', notFound: 'prevention.guard.notFound' },
  nightCheck: { table: 'prevention_night_check', notFound: 'prevention.check.notFound' },
  school: { table: 'prevention_school', notFound: 'prevention.school.notFound' },
  attendance: { table: 'prevention_attendance', notFound: 'prevention.attendance.notFound' },
  camera: { table: 'prevention_camera', notFound: 'prevention.camera.notFound' },
} as const;
export type CancellableKind = keyof typeof CANCELLABLE;

/**
 * Cancels one live record with the reason, who and when: records are never deleted. A stale
 * version is refused. The row as it was comes back, for what the caller needs of it.
 */
export const cancelRecord = async <T extends SyncedRow>(
  manager: EntityManager,
  who: Who,
  kind: CancellableKind,
  input: { id: string; version: number; reason: string },
): Promise<T> => {
  const { table, notFound: key } = CANCELLABLE[kind];
  const row = await liveRow<T>(manager, table, input.id, key);
  checkGivenVersion(row, input.version);
  const c = cancelSql(who);
  await manager.query(`UPDATE "${table}" SET ${c.sql} WHERE "id" = ?`, [...c.values(input.reason), input.id]);
  return row;
};

/** A standard address to link to: a live node of the collection zone's tree. */
const checkAddress = async (manager: EntityManager, addressId: string | null) => {
  if (addressId === null) return;
  const [node] = await manager.query(`SELECT "id" FROM "address_node" WHERE "id" = ? AND "cancelledAt" IS NULL`, [addressId]);
  if (!node) throw validationError('addressId', 'prevention.addressUnknown');
};

const addressTexts = async (manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> => {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows: { id: string; fullText: string }[] = await manager.query(
    `SELECT "id", "fullText" FROM "address_node" WHERE "id" IN (${wanted.map(() => '?').join(', ')})`,
    wanted,
  );
  return new Map(rows.map((r) => [r.id, r.fullText]));
};

export const compounds = async (manager: EntityManager, q: string): Promise<CompoundOption[]> => {
  const needle = `%${q.replace(/\s+/g, '').toLowerCase().replace(/[%_]/g, '')}%`;
  return manager.query(
    `SELECT "id", "name", "fullText" FROM "address_node" WHERE "kind" = 'compound' AND "cancelledAt" IS NULL AND "searchText" LIKE ? ORDER BY "fullText" LIMIT 30`,
    [needle],
  );
};

// ───────────────────────────── properties and guards ─────────────────────────────

const guardView = (g: GuardRow): GuardView => ({ id: g.id, version: g.version, name: g.name, phoneMasked: maskPhone(g.phone) });

const propertyViews = async (manager: EntityManager, rows: PropertyRow[]): Promise<PropertyView[]> => {
  if (rows.length === 0) return [];
  const guards = (await manager.query(
    `SELECT * FROM "prevention_guard" WHERE "cancelledAt" IS NULL AND "propertyId" IN (${rows.map(() => '?').join(', ')}) ORDER BY "createdAt", "id"`,
    rows.map((r) => r.id),
  )) as GuardRow[];
  const texts = await addressTexts(manager, rows.map((r) => r.addressId));
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    name: r.name,
    addressId: r.addressId,
    addressText: r.addressId ? (texts.get(r.addressId) ?? null) : null,
    company: r.company,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    nightGuards: r.nightGuards,
    patrolPoints: r.patrolPoints,
    passScore: r.passScore,
    note: r.note,
    guards: guards.filter((g) => g.propertyId === r.id).map(guardView),
  }));
};

export const listProperties = async (manager: EntityManager): Promise<PropertyView[]> =>
  propertyViews(manager, (await manager.query(`SELECT * FROM "prevention_property" WHERE "cancelledAt" IS NULL ORDER BY "name"`)) as PropertyRow[]);

export const getProperty = async (manager: EntityManager, id: string): Promise<PropertyView> =>
  (await propertyViews(manager, [await liveRow<PropertyRow>(manager, 'prevention_property', id, 'prevention.property.notFound')]))[0];

export const saveProperty = async (
  manager: EntityManager,
  who: Who,
  input: {
    id?: string;
    version?: number;
    name: string;
    addressId: string | null;
    company: string;
    contactName: string | null;
    contactPhone: string | null;
    nightGuards: number;
    patrolPoints: number;
    passScore: number;
    note: string | null;
  },
): Promise<string> => {
  await checkAddress(manager, input.addressId);
  const [same] = await manager.query(`SELECT "id" FROM "prevention_property" WHERE "name" = ? AND "cancelledAt" IS NULL AND "id" <> ?`, [input.name, input.id ?? '']);
  if (same) throw validationError('name', 'prevention.property.nameTaken', { name: input.name });
  const fields = {
    name: input.name,
    addressId: input.addressId,
    company: input.company,
    contactName: input.contactName,
    nightGuards: input.nightGuards,
    patrolPoints: input.patrolPoints,
    passScore: input.passScore,
    note: input.note,
  };
  if (input.id === undefined) {
    const id = uuidv7();
    await insertRow(manager, 'prevention_property', { ...newRowBase(id, who.stationId, who.staffId, who.now), ...fields, contactPhone: input.contactPhone });
    return id;
  }
  const row = await liveRow<PropertyRow>(manager, 'prevention_property', input.id, 'prevention.property.notFound');
  checkGivenVersion(row, input.version);
  const t = touchSql(who);
  // an empty phone keeps the one on record: forms only ever see it masked
  const phone = input.contactPhone ?? row.contactPhone;
  await manager.query(
    `UPDATE "prevention_property" SET ${Object.keys(fields).map((c) => `"${c}" = ?`).join(', ')}, "contactPhone" = ?, ${t.sql} WHERE "id" = ?`,
    [...Object.values(fields), phone, ...t.values, row.id],
  );
  return row.id;
};

export const saveGuard = async (
  manager: EntityManager,
  who: Who,
  input: { propertyId: string; id?: string; version?: number; name: string; phone: string | null },
): Promise<void> => {
  const property = await liveRow<PropertyRow>(manager, 'prevention_property', input.propertyId, 'prevention.property.notFound');
  if (input.id === undefined) {
    await insertRow(manager, 'prevention_guard', { ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now), propertyId: property.id, name: input.name, phone: input.phone });
    return;
  }
  const row = await liveRow<GuardRow>(manager, 'prevention_guard', input.id, 'prevention.guard.notFound');
  if (row.propertyId !== property.id) throw notFound('prevention.guard.notFound');
  checkGivenVersion(row, input.version);
  const t = touchSql(who);
  await manager.query(`UPDATE "prevention_guard" SET "name" = ?, "phone" = ?, ${t.sql} WHERE "id" = ?`, [input.name, input.phone ?? row.phone, ...t.values, row.id]);
};

export const revealGuard = async (manager: EntityManager, id: string): Promise<GuardRow> => liveRow<GuardRow>(manager, 'prevention_guard', id, 'prevention.guard.notFound');

// ───────────────────────────── night checks ─────────────────────────────

const CHECK_SELECT = `SELECT c.*, p."name" AS "propertyName", s."name" AS "checkedByName"
  FROM "prevention_night_check" c
  JOIN "prevention_property" p ON p."id" = c."propertyId"
  JOIN "staff" s ON s."id" = c."checkedById"`;

const checkView = (r: NightCheckRow & { propertyName: string; checkedByName: string }): NightCheckView => {
  const facts = {
    onRound: Boolean(r.onRound),
    guardsSeen: r.guardsSeen,
    guardsExpected: r.guardsExpected,
    pointsChecked: r.pointsChecked,
    pointsTotal: r.pointsTotal,
    problems: JSON.parse(r.problems) as { text: string; points: number }[],
  };
  return {
    id: r.id,
    version: r.version,
    propertyId: r.propertyId,
    propertyName: r.propertyName,
    checkedAt: r.checkedAt,
    checkedBy: r.checkedByName,
    note: r.note,
    ...facts,
    score: r.score,
    // the deductions are the rule applied to the facts kept; the score kept is the one it gave
    deductions: scoreNightCheck(facts).deductions,
  };
};

export const addNightCheck = async (
  manager: EntityManager,
  who: Who,
  input: { propertyId: string; checkedAt?: string; onRound: boolean; guardsSeen: number; pointsChecked: number; problems: { text: string; points: number }[]; note: string | null },
): Promise<string> => {
  const property = await liveRow<PropertyRow>(manager, 'prevention_property', input.propertyId, 'prevention.property.notFound');
  const checkedAt = input.checkedAt ?? who.now.toISOString();
  notInFuture(who, checkedAt, 'checkedAt');
  if (input.pointsChecked > property.patrolPoints) throw validationError('pointsChecked', 'prevention.check.morePoints', { max: property.patrolPoints });
  const facts = {
    onRound: input.onRound,
    guardsSeen: input.guardsSeen,
    guardsExpected: property.nightGuards,
    pointsChecked: input.pointsChecked,
    pointsTotal: property.patrolPoints,
    problems: input.problems,
  };
  const { score } = scoreNightCheck(facts);
  const id = uuidv7();
  await insertRow(manager, 'prevention_night_check', {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    propertyId: property.id,
    checkedAt,
    checkedMonth: localDate(checkedAt, who.timeZone).slice(0, 7),
    checkedById: who.staffId,
    onRound: Number(input.onRound),
    guardsSeen: input.guardsSeen,
    guardsExpected: property.nightGuards,
    pointsChecked: input.pointsChecked,
    pointsTotal: property.patrolPoints,
    problems: JSON.stringify(input.problems),
    score,
    note: input.note,
  });
  return id;
};

export const getNightCheck = async (manager: EntityManager, id: string): Promise<NightCheckView> => {
  const [row] = await manager.query(`${CHECK_SELECT} WHERE c."id" = ? AND c."cancelledAt" IS NULL`, [id]);
  if (!row) throw notFound('prevention.check.notFound');
  return checkView(row);
};

export const listNightChecks = async (manager: EntityManager, month: string, propertyId?: string): Promise<NightCheckView[]> =>
  (
    await manager.query(
      `${CHECK_SELECT} WHERE c."checkedMonth" = ? AND c."cancelledAt" IS NULL ${propertyId ? `AND c."propertyId" = ?` : ''} ORDER BY c."checkedAt" DESC`,
      propertyId ? [month, propertyId] : [month],
    )
  ).map(checkView);

/** A property's month: the mean of its checks' scores (one decimal), the lowest, and whether it passes. */
const monthly = (p: { id: string; name: string; company: string; passScore: number }, month: string, checks: { score: number; onRound: boolean }[]): MonthlyScore => {
  const score = checks.length === 0 ? null : Math.round((checks.reduce((s, c) => s + c.score, 0) / checks.length) * 10) / 10;
  return {
    propertyId: p.id,
    propertyName: p.name,
    company: p.company,
    month,
    checks: checks.length,
    score,
    lowest: checks.length === 0 ? null : Math.min(...checks.map((c) => c.score)),
    notOnRound: checks.filter((c) => !c.onRound).length,
    passScore: p.passScore,
    passed: score === null ? null : score >= p.passScore,
  };
};

export const monthlyScores = async (manager: EntityManager, month: string): Promise<MonthlyScore[]> => {
  const properties = (await manager.query(`SELECT * FROM "prevention_property" WHERE "cancelledAt" IS NULL ORDER BY "name"`)) as PropertyRow[];
  const checks: { propertyId: string; score: number; onRound: number }[] = await manager.query(
    `SELECT "propertyId", "score", "onRound" FROM "prevention_night_check" WHERE "checkedMonth" = ? AND "cancelledAt" IS NULL`,
    [month],
  );
  return properties.map((p) =>
    monthly(
      p,
      month,
      checks.filter((c) => c.propertyId === p.id).map((c) => ({ score: c.score, onRound: Boolean(c.onRound) })),
    ),
  );
};

export const feedback = async (manager: EntityManager, propertyId: string, month: string) => {
  const property = await getProperty(manager, propertyId);
  const checks = (await listNightChecks(manager, month, propertyId)).reverse();
  return { property, month, checks, monthly: monthly(property, month, checks) };
};

// ───────────────────────────── schools, terms, posts ─────────────────────────────

const schoolView = (r: SchoolRow, texts: Map<string, string>): SchoolView => ({
  id: r.id,
  version: r.version,
  name: r.name,
  addressId: r.addressId,
  addressText: r.addressId ? (texts.get(r.addressId) ?? null) : null,
  contactName: r.contactName,
  contactPhone: r.contactPhone,
  morningFrom: r.morningFrom,
  morningTo: r.morningTo,
  afternoonFrom: r.afternoonFrom,
  afternoonTo: r.afternoonTo,
});

const liveSchools = async (manager: EntityManager): Promise<SchoolRow[]> => manager.query(`SELECT * FROM "prevention_school" WHERE "cancelledAt" IS NULL ORDER BY "name"`);

export const listSchools = async (manager: EntityManager): Promise<SchoolView[]> => {
  const rows = await liveSchools(manager);
  const texts = await addressTexts(manager, rows.map((r) => r.addressId));
  return rows.map((r) => schoolView(r, texts));
};

export const saveSchool = async (
  manager: EntityManager,
  who: Who,
  input: {
    id?: string;
    version?: number;
    name: string;
    addressId: string | null;
    contactName: string | null;
    contactPhone: string | null;
    morningFrom: string;
    morningTo: string;
    afternoonFrom: string;
    afternoonTo: string;
  },
): Promise<SchoolView> => {
  await checkAddress(manager, input.addressId);
  const [same] = await manager.query(`SELECT "id" FROM "prevention_school" WHERE "name" = ? AND "cancelledAt" IS NULL AND "id" <> ?`, [input.name, input.id ?? '']);
  if (same) throw validationError('name', 'prevention.school.nameTaken', { name: input.name });
  const fields = {
    name: input.name,
    addressId: input.addressId,
    contactName: input.contactName,
    morningFrom: input.morningFrom,
    morningTo: input.morningTo,
    afternoonFrom: input.afternoonFrom,
    afternoonTo: input.afternoonTo,
  };
  let id = input.id;
  if (id === undefined) {
    id = uuidv7();
    await insertRow(manager, 'prevention_school', { ...newRowBase(id, who.stationId, who.staffId, who.now), ...fields, contactPhone: input.contactPhone });
  } else {
    const row = await liveRow<SchoolRow>(manager, 'prevention_school', id, 'prevention.school.notFound');
    checkGivenVersion(row, input.version);
    const t = touchSql(who);
    await manager.query(
      `UPDATE "prevention_school" SET ${Object.keys(fields).map((c) => `"${c}" = ?`).join(', ')}, "contactPhone" = ?, ${t.sql} WHERE "id" = ?`,
      [...Object.values(fields), input.contactPhone ?? row.contactPhone, ...t.values, id],
    );
  }
  const row = await liveRow<SchoolRow>(manager, 'prevention_school', id, 'prevention.school.notFound');
  return schoolView(row, await addressTexts(manager, [row.addressId]));
};

const termView = (r: TermRow): TermView => ({ id: r.id, version: r.version, name: r.name, startDate: r.startDate, endDate: r.endDate });

export const listTerms = async (manager: EntityManager): Promise<TermView[]> =>
  ((await manager.query(`SELECT * FROM "prevention_term" WHERE "cancelledAt" IS NULL ORDER BY "startDate" DESC`)) as TermRow[]).map(termView);

export const saveTerm = async (manager: EntityManager, who: Who, input: { id?: string; version?: number; name: string; startDate: string; endDate: string }): Promise<TermView> => {
  let id = input.id;
  if (id === undefined) {
    id = uuidv7();
    await insertRow(manager, 'prevention_term', { ...newRowBase(id, who.stationId, who.staffId, who.now), name: input.name, startDate: input.startDate, endDate: input.endDate });
  } else {
    const row = await liveRow<TermRow>(manager, 'prevention_term', id, 'prevention.term.notFound');
    checkGivenVersion(row, input.version);
    const t = touchSql(who);
    await manager.query(`UPDATE "prevention_term" SET "name" = ?, "startDate" = ?, "endDate" = ?, ${t.sql} WHERE "id" = ?`, [input.name, input.startDate, input.endDate, ...t.values, id]);
  }
  return termView(await liveRow<TermRow>(manager, 'prevention_term', id, 'prevention.term.notFound'));
};

/** The half of the school day a roster window belongs to: the morning gate or the afternoon one. */
const periodOf = (from: string): Period => (from < '12:00' ? 'morning' : 'afternoon');

/**
 * The posts of each date from `from` to `to`: on a school day, every school stands a post in each
 * half of the day the roster's school-guard windows ask for, at the school's own gate times, with
 * as many people as the window's requirement. Who the roster has on duty over the window is shown
 * as who should stand; attendance says who did.
 */
export const postsBetween = async (manager: EntityManager, who: Pick<Who, 'now' | 'timeZone'>, from: string, to: string): Promise<PostDay[]> => {
  const tz = who.timeZone;
  const { settings } = await loadSettings(manager);
  const holidays = await holidaysBetween(manager, from, to);
  const schools = await liveSchools(manager);
  // a night shift of the day before may cover a morning window
  const cells = await cellsBetween(manager, addDays(from, -1), to);
  const shifts = new Map(settings.shiftTypes.map((s) => [s.id, s]));
  const staffNames = new Map(((await manager.query(`SELECT "id", "name" FROM "staff"`)) as { id: string; name: string }[]).map((s) => [s.id, s.name]));
  const attendance = (await manager.query(
    `SELECT a.*, s."name" AS "recordedByName" FROM "prevention_attendance" a LEFT JOIN "staff" s ON s."id" = a."createdBy"
     WHERE a."postDate" BETWEEN ? AND ? AND a."cancelledAt" IS NULL ORDER BY a."arrivedAt", a."createdAt"`,
    [from, to],
  )) as (AttendanceRow & { recordedByName: string | null })[];
  const spans = cells.flatMap((c) => {
    const s = shifts.get(c.shiftId);
    if (!s) return [];
    const start = localInstant(c.date, s.start, tz).getTime();
    return [{ staffId: c.staffId, start, end: start + s.minutes * 60_000 }];
  });
  const now = who.now.getTime();
  const days: PostDay[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!isSchoolDay(date, holidays)) continue;
    const byPeriod = new Map<Period, { names: string[]; required: number; rostered: Map<string, string> }>();
    for (const w of schoolGuardWindows(settings, date, holidays)) {
      const period = periodOf(w.from);
      const p = byPeriod.get(period) ?? { names: [], required: 0, rostered: new Map<string, string>() };
      p.names.push(`${w.name ?? ''} ${w.from}–${w.to}`.trim());
      p.required = Math.max(p.required, w.requirements.reduce((n, r) => n + r.min, 0), 1);
      const wFrom = localInstant(date, w.from, tz).getTime();
      const wTo = localInstant(w.to > w.from ? date : addDays(date, 1), w.to, tz).getTime();
      for (const s of spans) if (s.start <= wFrom && s.end >= wTo) p.rostered.set(s.staffId, staffNames.get(s.staffId) ?? '');
      byPeriod.set(period, p);
    }
    const posts: PostView[] = [];
    for (const school of schools) {
      for (const period of ['morning', 'afternoon'] as const) {
        const p = byPeriod.get(period);
        if (!p) continue;
        const gateFrom = period === 'morning' ? school.morningFrom : school.afternoonFrom;
        const gateTo = period === 'morning' ? school.morningTo : school.afternoonTo;
        const lines: AttendanceView[] = attendance
          .filter((a) => a.schoolId === school.id && a.postDate === date && a.period === period)
          .map((a) => ({
            id: a.id,
            version: a.version,
            staffId: a.staffId,
            personName: a.personName,
            absent: Boolean(a.absent),
            arrivedAt: a.arrivedAt,
            leftAt: a.leftAt,
            note: a.note,
            recordedBy: a.recordedByName,
          }));
        const present = lines.filter((l) => !l.absent).length;
        const absent = lines.length - present;
        let state: PostState;
        if (now < localInstant(date, gateFrom, tz).getTime()) state = 'future';
        else if (now < localInstant(date, gateTo, tz).getTime()) state = present >= p.required ? 'covered' : 'open';
        else state = present >= p.required ? 'covered' : 'gap';
        posts.push({
          schoolId: school.id,
          schoolName: school.name,
          date,
          period,
          windowName: p.names.join('、'),
          from: gateFrom,
          to: gateTo,
          required: p.required,
          rostered: [...p.rostered].map(([staffId, name]) => ({ staffId, name })),
          attendance: lines,
          present,
          absent,
          state,
        });
      }
    }
    const h = holidays.get(date);
    days.push({ date, holidayName: h?.kind === 'workday' ? h.name : null, posts });
  }
  return days;
};

export const postDay = async (manager: EntityManager, who: Pick<Who, 'now' | 'timeZone'>, date: string): Promise<PostDay> => {
  const day = (await postsBetween(manager, who, date, date))[0] ?? { date, holidayName: null, posts: [] };
  if (day.posts.length > 0) return { ...day, noPostsBecause: null };
  // the real cause, first the one a head can fix
  const holidays = await holidaysBetween(manager, date, date);
  let noPostsBecause: PostDay['noPostsBecause'];
  if ((await liveSchools(manager)).length === 0) noPostsBecause = 'noSchools';
  else if (!isSchoolDay(date, holidays)) noPostsBecause = 'notSchoolDay';
  else noPostsBecause = schoolGuardWindows((await loadSettings(manager)).settings, date, holidays).length === 0 ? 'noWindows' : null;
  return { ...day, noPostsBecause };
};

export const termReport = async (manager: EntityManager, who: Pick<Who, 'now' | 'timeZone'>, termId: string): Promise<TermReport> => {
  const row = await liveRow<TermRow>(manager, 'prevention_term', termId, 'prevention.term.notFound');
  const term = termView(row);
  // a term entered mid-term is counted from the day it was entered: no one recorded the days before
  const enteredOn = localDate(row.createdAt, who.timeZone);
  const days = (await postsBetween(manager, who, term.startDate, term.endDate)).map((d) =>
    d.date < enteredOn ? { ...d, posts: d.posts.map((p) => (p.state === 'gap' ? { ...p, state: 'untracked' as const } : p)) } : d,
  );
  const posts = days.flatMap((d) => d.posts);
  return {
    term,
    days,
    totals: {
      posts: posts.length,
      covered: posts.filter((p) => p.state === 'covered').length,
      gaps: posts.filter((p) => p.state === 'gap').length,
      absences: posts.reduce((n, p) => n + p.absent, 0),
    },
  };
};

export const addAttendance = async (
  manager: EntityManager,
  who: Who,
  input: {
    schoolId: string;
    date: string;
    period: Period;
    staffId: string | null;
    personName: string | null;
    absent: boolean;
    arrivedAt: string | null;
    leftAt: string | null;
    note: string | null;
  },
): Promise<PostView> => {
  await liveRow<SchoolRow>(manager, 'prevention_school', input.schoolId, 'prevention.school.notFound');
  const day = await postDay(manager, who, input.date);
  const post = day.posts.find((p) => p.schoolId === input.schoolId && p.period === input.period);
  if (!post) throw validationError('date', 'prevention.post.none');
  if (input.arrivedAt !== null) {
    notInFuture(who, input.arrivedAt, 'arrivedAt');
    if (localDate(input.arrivedAt, who.timeZone) !== input.date) throw validationError('arrivedAt', 'prevention.attendance.otherDay', { date: input.date });
  }
  if (input.leftAt !== null) notInFuture(who, input.leftAt, 'leftAt');
  let name = input.personName;
  if (input.staffId !== null) {
    const [staff] = (await manager.query(`SELECT "name" FROM "staff" WHERE "id" = ? AND "cancelledAt" IS NULL`, [input.staffId])) as { name: string }[];
    if (!staff) throw validationError('staffId', 'prevention.attendance.staffUnknown');
    name = staff.name;
  }
  const twice = post.attendance.some((a) => (input.staffId !== null ? a.staffId === input.staffId : a.staffId === null && a.personName === name));
  if (twice) throw validationError(input.staffId !== null ? 'staffId' : 'personName', 'prevention.attendance.twice', { name: name ?? '' });
  await insertRow(manager, 'prevention_attendance', {
    ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
    schoolId: input.schoolId,
    postDate: input.date,
    period: input.period,
    staffId: input.staffId,
    personName: name,
    absent: Number(input.absent),
    arrivedAt: input.arrivedAt,
    leftAt: input.leftAt,
    note: input.note,
  });
  return (await postDay(manager, who, input.date)).posts.find((p) => p.schoolId === input.schoolId && p.period === input.period)!;
};

// ───────────────────────────── video channels ─────────────────────────────

const cameraView = (r: CameraRow): CameraView => ({
  id: r.id,
  version: r.version,
  code: r.code,
  place: r.place,
  facing: r.facing,
  ownerUnit: r.ownerUnit,
  note: r.note,
  status: r.status,
  faultNote: r.faultNote,
  faultSince: r.faultSince,
  lastCheckedAt: r.lastCheckedAt,
});

export const listCameras = async (manager: EntityManager): Promise<CameraView[]> =>
  ((await manager.query(`SELECT * FROM "prevention_camera" WHERE "cancelledAt" IS NULL ORDER BY "code"`)) as CameraRow[]).map(cameraView);

const codeFree = async (manager: EntityManager, code: string, exceptId: string) => {
  const [same] = await manager.query(`SELECT "place" FROM "prevention_camera" WHERE "code" = ? AND "cancelledAt" IS NULL AND "id" <> ?`, [code, exceptId]);
  if (same) throw validationError('code', 'prevention.camera.codeTaken', { code, place: (same as { place: string }).place });
};

type CameraFields = { code: string; place: string; facing: string | null; ownerUnit: string; note: string | null };

export const addCamera = async (manager: EntityManager, who: Who, input: CameraFields): Promise<CameraView> => {
  await codeFree(manager, input.code, '');
  const id = uuidv7();
  await insertRow(manager, 'prevention_camera', {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    ...input,
    status: 'unchecked',
    faultNote: null,
    faultSince: null,
    lastCheckedAt: null,
  });
  return cameraView(await liveRow<CameraRow>(manager, 'prevention_camera', id, 'prevention.camera.notFound'));
};

export const updateCamera = async (manager: EntityManager, who: Who, input: CameraFields & { id: string; version: number }): Promise<CameraView> => {
  const row = await liveRow<CameraRow>(manager, 'prevention_camera', input.id, 'prevention.camera.notFound');
  checkGivenVersion(row, input.version);
  await codeFree(manager, input.code, row.id);
  const t = touchSql(who);
  await manager.query(`UPDATE "prevention_camera" SET "code" = ?, "place" = ?, "facing" = ?, "ownerUnit" = ?, "note" = ?, ${t.sql} WHERE "id" = ?`, [
    input.code,
    input.place,
    input.facing,
    input.ownerUnit,
    input.note,
    ...t.values,
    row.id,
  ]);
  return cameraView(await liveRow<CameraRow>(manager, 'prevention_camera', row.id, 'prevention.camera.notFound'));
};

/**
 * Records a check round. A fault sets the camera's status with the note (the fault's start is kept
 * while it lasts); an ok clears it. A round entered late, older than a camera's last check, is kept
 * in its history but does not overturn what the newer check found.
 */
export const recordRound = async (
  manager: EntityManager,
  who: Who,
  input: { checkedAt?: string; note: string | null; results: { cameraId: string; ok: boolean; note: string | null }[] },
): Promise<string> => {
  const checkedAt = input.checkedAt ?? who.now.toISOString();
  notInFuture(who, checkedAt, 'checkedAt');
  const cameras = new Map((await listCameras(manager)).map((c) => [c.id, c]));
  input.results.forEach((r, i) => {
    if (!cameras.has(r.cameraId)) throw validationError(`results.${i}.cameraId`, 'prevention.camera.notFound');
  });
  const roundId = uuidv7();
  await insertRow(manager, 'prevention_camera_round', {
    ...newRowBase(roundId, who.stationId, who.staffId, who.now),
    checkedAt,
    checkedById: who.staffId,
    note: input.note,
    cameraCount: input.results.length,
    faultCount: input.results.filter((r) => !r.ok).length,
  });
  const t = touchSql(who);
  for (const r of input.results) {
    await insertRow(manager, 'prevention_camera_check', { ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now), roundId, cameraId: r.cameraId, ok: Number(r.ok), note: r.note });
    const camera = cameras.get(r.cameraId)!;
    if (camera.lastCheckedAt !== null && camera.lastCheckedAt > checkedAt) continue;
    if (r.ok)
      await manager.query(`UPDATE "prevention_camera" SET "status" = 'ok', "faultNote" = NULL, "faultSince" = NULL, "lastCheckedAt" = ?, ${t.sql} WHERE "id" = ?`, [
        checkedAt,
        ...t.values,
        r.cameraId,
      ]);
    else
      await manager.query(`UPDATE "prevention_camera" SET "status" = 'fault', "faultNote" = ?, "faultSince" = ?, "lastCheckedAt" = ?, ${t.sql} WHERE "id" = ?`, [
        r.note,
        camera.status === 'fault' && camera.faultSince ? camera.faultSince : checkedAt,
        checkedAt,
        ...t.values,
        r.cameraId,
      ]);
  }
  return roundId;
};

export const listRounds = async (manager: EntityManager, limit: number, roundId?: string): Promise<CameraRoundView[]> => {
  const rounds: { id: string; checkedAt: string; checkedByName: string; note: string | null; faultCount: number }[] = await manager.query(
    `SELECT r."id", r."checkedAt", s."name" AS "checkedByName", r."note", r."faultCount" FROM "prevention_camera_round" r JOIN "staff" s ON s."id" = r."checkedById"
     WHERE r."cancelledAt" IS NULL ${roundId ? 'AND r."id" = ?' : ''} ORDER BY r."checkedAt" DESC LIMIT ?`,
    roundId ? [roundId, limit] : [limit],
  );
  if (rounds.length === 0) return [];
  const checks: { roundId: string; cameraId: string; code: string; place: string; ok: number; note: string | null }[] = await manager.query(
    `SELECT k."roundId", k."cameraId", c."code", c."place", k."ok", k."note" FROM "prevention_camera_check" k JOIN "prevention_camera" c ON c."id" = k."cameraId"
     WHERE k."roundId" IN (${rounds.map(() => '?').join(', ')}) ORDER BY c."code"`,
    rounds.map((r) => r.id),
  );
  return rounds.map((r) => ({
    id: r.id,
    checkedAt: r.checkedAt,
    checkedBy: r.checkedByName,
    note: r.note,
    faults: r.faultCount,
    results: checks.filter((k) => k.roundId === r.id).map((k) => ({ cameraId: k.cameraId, code: k.code, place: k.place, ok: Boolean(k.ok), note: k.note })),
  }));
};
