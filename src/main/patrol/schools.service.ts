/**
 * School guard posts (护学岗): schools with their gate times, terms, the posts the roster asks for
 * on school days with who should stand them, and the attendance that says who did.
 */
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { schoolInput } from '../../shared/patrol/prevention.schools.js';
import { validationError } from '../../shared/errors.js';
import type { AttendanceView, Period, PostDay, PostState, PostView, SchoolView, TermReport, TermView } from '../../shared/patrol/prevention.contract.js';
import { addDays, localDate, localInstant } from '../../shared/time.js';
import { cellsBetween, isSchoolDay, schoolGuardWindows } from '../roster/roster.service.js';
import { holidaysBetween, loadSettings } from '../roster/settings.service.js';
import { addressTexts, checkAddress, givenVersion, notInFuture, refuseTaken, type Who } from './prevention.common.js';
import { attendanceTable, schoolTable, termTable, type AttendanceRow, type SchoolRow, type TermRow } from './prevention.entity.js';

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
  input: z.infer<typeof schoolInput>,
): Promise<SchoolView> => {
  await checkAddress(manager, input.addressId);
  await refuseTaken(manager, 'prevention_school', 'name', input.name, input.id, 'prevention.school.nameTaken');
  const fields = {
    name: input.name,
    addressId: input.addressId,
    contactName: input.contactName,
    morningFrom: input.morningFrom,
    morningTo: input.morningTo,
    afternoonFrom: input.afternoonFrom,
    afternoonTo: input.afternoonTo,
  };
  let row: SchoolRow;
  if (input.id === undefined) row = await schoolTable.insert(manager, who, { ...fields, contactPhone: input.contactPhone });
  else {
    const was = await schoolTable.loadLive(manager, input.id, 'prevention.school.notFound');
    row = await schoolTable.update(manager, who, was, givenVersion(input.version), { ...fields, contactPhone: input.contactPhone ?? was.contactPhone });
  }
  return schoolView(row, await addressTexts(manager, [row.addressId]));
};

const termView = (r: TermRow): TermView => ({ id: r.id, version: r.version, name: r.name, startDate: r.startDate, endDate: r.endDate });

export const listTerms = async (manager: EntityManager): Promise<TermView[]> =>
  ((await manager.query(`SELECT * FROM "prevention_term" WHERE "cancelledAt" IS NULL ORDER BY "startDate" DESC`)) as TermRow[]).map(termView);

export const saveTerm = async (manager: EntityManager, who: Who, input: { id?: string; version?: number; name: string; startDate: string; endDate: string }): Promise<TermView> => {
  const values = { name: input.name, startDate: input.startDate, endDate: input.endDate };
  if (input.id === undefined) return termView(await termTable.insert(manager, who, values));
  const row = await termTable.loadLive(manager, input.id, 'prevention.term.notFound');
  return termView(await termTable.update(manager, who, row, givenVersion(input.version), values));
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
          windowNames: p.names,
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
  const row = await termTable.loadLive(manager, termId, 'prevention.term.notFound');
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
  await schoolTable.loadLive(manager, input.schoolId, 'prevention.school.notFound');
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
  await attendanceTable.insert(manager, who, {
    schoolId: input.schoolId,
    postDate: input.date,
    period: input.period,
    staffId: input.staffId,
    // the contract asks for a staff member or a name: one of the two is there
    personName: name as string,
    absent: input.absent,
    arrivedAt: input.arrivedAt,
    leftAt: input.leftAt,
    note: input.note,
  });
  return (await postDay(manager, who, input.date)).posts.find((p) => p.schoolId === input.schoolId && p.period === input.period)!;
};
