/**
 * A month's roster as the station lives by it: the engine's problem built from the station's
 * settings, people, calendar, leave and wishes; the month grid with coverage, rule issues and
 * totals; edits checked against the rules (re-rostering after a sick call: reroster.service; shifts
 * in time, who is on duty now: shiftClock).
 *
 * The past is never changed: days before today (in the station's time zone) are fixed as they
 * were worked. The last day of the previous month is put in front of the horizon, fixed, so that
 * rest after a night on the 31st is checked against the 1st.
 */
import type { EntityManager } from 'typeorm';
import { AppError, conflict, notFound, runtimeErrorKey } from '../../shared/errors.js';
import { HARD_ABSENCES, type Absence, type CoverageCell, type HolidayDay, type PersonTotals, type RosterCell, type RosterDay, type RosterMeta, type RosterMonth, type RosterPerson, type RosterSettings, type RuleIssue } from '../../shared/roster/contract.js';
import { isNightShift, rosterProblemSchema, type Assignment, type RosterProblem, type RosterProblemInput, type RosterRole, type StaffRules, WEIGHT_MAX } from '../../shared/roster/model.js';
import { addDays, startOfLocalDate } from '../../shared/time.js';
import { todayOf, type Who } from '../context.js';
import { checkRoster } from './engine/checker.js';
import { compile } from './engine/compile.js';
import { elasticPenaltyFor } from './engine/solver.js';
import { assignmentTable, rosterTable, type AssignmentRow, type RosterRow } from './roster.entity.js';
import { absencesBetween, dutyStaff, holidaysBetween, loadSettings, peopleView, type DutyStaff } from './settings.service.js';

// ───────────────────────────── dates ─────────────────────────────

export const monthDates = (month: string): string[] => {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
};
const isoWeekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};
export const monthOf = (date: string) => date.slice(0, 7);

/** The calendar quarter a month lies in, as its three months (2027-02 → 2027-01, 2027-02, 2027-03). */
export const quarterMonths = (month: string): string[] => {
  const [y, m] = month.split('-').map(Number);
  const first = m - ((m - 1) % 3);
  return [0, 1, 2].map((i) => `${y}-${String(first + i).padStart(2, '0')}`);
};

/** School days: Monday to Friday and the make-up working days (调休), less the public holidays. */
export const isSchoolDay = (date: string, holidays: ReadonlyMap<string, HolidayDay>): boolean => {
  const h = holidays.get(date);
  return h ? h.kind === 'workday' : isoWeekday(date) <= 5;
};

/**
 * The roster's school-guard windows (护学岗) that apply on a date: those kept to school days, on a
 * school day, and on the weekdays they name. The patrol zone's posts come from these.
 */
export const schoolGuardWindows = (settings: RosterSettings, date: string, holidays: ReadonlyMap<string, HolidayDay>): RosterSettings['windowCoverage'] =>
  isSchoolDay(date, holidays) ? settings.windowCoverage.filter((w) => w.schoolDaysOnly && (!w.weekdays || w.weekdays.includes(isoWeekday(date)))) : [];

// ───────────────────────────── what the problem is built from ─────────────────────────────

export const rosterRowOf = async (manager: EntityManager, month: string): Promise<RosterRow | undefined> => {
  const [row]: (Omit<RosterRow, 'optimal'> & { optimal: number })[] = await manager.query(`SELECT * FROM "roster" WHERE "month" = ? AND "cancelledAt" IS NULL`, [month]);
  // SQLite keeps the flag as 0 or 1
  return row && { ...row, optimal: Boolean(row.optimal) };
};

/** Assigned cells (with a shift) of the rosters covering a date range. */
export const cellsBetween = async (manager: EntityManager, from: string, to: string): Promise<RosterCell[]> =>
  manager.query(
    `SELECT a."staffId", a."date", a."shiftId" FROM "roster_assignment" a JOIN "roster" r ON r."id" = a."rosterId"
     WHERE a."date" BETWEEN ? AND ? AND a."shiftId" IS NOT NULL AND r."cancelledAt" IS NULL ORDER BY a."date"`,
    [from, to],
  );

export interface MonthContext {
  month: string;
  /**
   * The months planned together, `month` first (a quarter's three). Absent: `month` alone. Limits
   * the settings give per month count over the whole span, times its months; each month's own
   * view still checks them month by month.
   */
  span?: string[];
  today: string;
  timeZone: string;
  settings: RosterSettings;
  settingsVersion: number;
  peopleSettings: RosterPerson[];
  staff: DutyStaff[];
  roster: RosterRow | undefined;
  /** this month's assigned cells and the previous month's last day's */
  cells: RosterCell[];
  absences: Absence[];
  holidays: Map<string, HolidayDay>;
}

export const loadMonth = async (manager: EntityManager, who: Pick<Who, 'now' | 'timeZone'>, month: string): Promise<MonthContext> => {
  const dates = monthDates(month);
  const lead = addDays(dates[0], -1);
  const last = dates[dates.length - 1];
  const stored = await loadSettings(manager);
  return {
    month,
    today: todayOf(who),
    timeZone: who.timeZone,
    settings: stored.settings,
    settingsVersion: stored.version,
    peopleSettings: stored.people,
    staff: await dutyStaff(manager),
    roster: await rosterRowOf(manager, month),
    cells: await cellsBetween(manager, lead, last),
    absences: await absencesBetween(manager, lead, last),
    holidays: await holidaysBetween(manager, lead, last),
  };
};

/** A quarter (or any run of consecutive months) loaded as one horizon: leave, holidays and 调休 across it. */
export const loadSpan = async (manager: EntityManager, who: Pick<Who, 'now' | 'timeZone'>, months: string[]): Promise<MonthContext> => {
  const first = await loadMonth(manager, who, months[0]);
  if (months.length === 1) return first;
  const lead = addDays(`${months[0]}-01`, -1);
  const lastDates = monthDates(months[months.length - 1]);
  const last = lastDates[lastDates.length - 1];
  return {
    ...first,
    span: months,
    cells: await cellsBetween(manager, lead, last),
    absences: await absencesBetween(manager, lead, last),
    holidays: await holidaysBetween(manager, lead, last),
  };
};

const spanOf = (m: Pick<MonthContext, 'month' | 'span'>): string[] => m.span ?? [m.month];

/** Per-month limits over a span of `months` months: each limit times the months (a minimum too). */
const overMonths = <R extends StaffRules>(rules: R, months: number): R => {
  if (months === 1) return rules;
  const times = (n: number | undefined) => (n === undefined ? undefined : n * months);
  const perType = (r: Record<string, number> | undefined) => (r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, n]) => [k, n * months])));
  const out: R = { ...rules };
  const set = <K extends keyof StaffRules>(k: K, v: StaffRules[K]) => {
    if (v !== undefined) out[k] = v as R[K];
  };
  set('maxMinutesPerHorizon', times(rules.maxMinutesPerHorizon));
  set('minMinutesPerHorizon', times(rules.minMinutesPerHorizon));
  set('maxShiftsPerType', perType(rules.maxShiftsPerType));
  set('minShiftsPerType', perType(rules.minShiftsPerType));
  set('maxWeekendsWorked', times(rules.maxWeekendsWorked));
  return out;
};

export interface BuiltProblem {
  problem: RosterProblem;
  /** the horizon's dates, day index → date (index 0 may be the previous month's last day) */
  dates: string[];
  dayOf: Map<string, number>;
  /** days of the month that may change (from `lockedBefore` on) */
  openDates: string[];
  people: Map<string, { name: string; role: RosterRole; phone: string }>;
}

/**
 * Re-rostering keeps every open cell as it is (a shift stays, a free day stays free) at this cost
 * per cell changed: more than every wish, fairness and cover term together can add up to, so the
 * number of changed cells is the first objective and the usual costs only the second. (A model
 * weight cannot exceed WEIGHT_MAX: beyond it, on a station whose other terms add up to more, the
 * order is no longer strict.)
 */
const keepWeight = (withoutKeep: RosterProblemInput): number => Math.min(WEIGHT_MAX, elasticPenaltyFor(compile(parseProblem(withoutKeep))));

/**
 * The engine's problem for a month. Days before `lockedBefore` (default: today) are fixed as the
 * roster has them; with `keep`, every open assignment of the roster is asked to stay (re-roster).
 */
export const buildProblem = (
  m: MonthContext,
  options: { lockedBefore?: string; keep?: boolean; settings?: RosterSettings; peopleSettings?: RosterPerson[]; cells?: RosterCell[] } = {},
): BuiltProblem => {
  const settings = options.settings ?? m.settings;
  const cells = options.cells ?? m.cells;
  const lockedBefore = options.lockedBefore ?? m.today;
  const months = spanOf(m);
  const monthDays = months.flatMap(monthDates);
  const leadDate = addDays(monthDays[0], -1);
  const hasLead = cells.some((c) => c.date === leadDate);
  const dates = hasLead ? [leadDate, ...monthDays] : monthDays;
  const dayOf = new Map(dates.map((d, i) => [d, i]));
  const isOpen = (date: string) => date >= lockedBefore && months.includes(monthOf(date));
  const openDates = monthDays.filter(isOpen);
  const openDays = openDates.map((d) => dayOf.get(d)!);

  const view = peopleView(m.staff, options.peopleSettings ?? m.peopleSettings);
  const onDuty = view.filter((p) => p.included);
  const everyone = new Map(m.staff.map((s) => [s.id, s]));
  // people no longer on duty still own what they worked (and what they are rostered for)
  const assignedOthers = [...new Set(cells.map((c) => c.staffId))].filter((id) => !onDuty.some((p) => p.staffId === id) && everyone.has(id));
  const people = new Map<string, { name: string; role: RosterRole; phone: string }>();
  for (const p of onDuty) people.set(p.staffId, { name: p.name, role: p.role, phone: p.phone });
  for (const id of assignedOthers) {
    const s = everyone.get(id)!;
    people.set(id, { name: s.name, role: s.role, phone: s.phone });
  }

  const cellAt = new Map(cells.filter((c) => dayOf.has(c.date)).map((c) => [`${c.staffId}/${c.date}`, c.shiftId]));
  const fixed: RosterProblemInput['fixed'] = [];
  const leave: NonNullable<RosterProblemInput['leave']> = [];
  const requests: NonNullable<RosterProblemInput['requests']> = [];
  const blocked = new Set<string>();
  /** With `keep`: every open cell as it stands, asked to stay (see keepWeight). */
  const keeps: Omit<NonNullable<RosterProblemInput['requests']>[number], 'weight'>[] = [];
  for (const id of people.keys()) {
    for (const [day, date] of dates.entries()) {
      const shift = cellAt.get(`${id}/${date}`);
      if (!isOpen(date)) {
        if (shift !== undefined) fixed.push({ staff: id, day, shift });
        else {
          leave.push({ staff: id, day, reason: 'past' });
          blocked.add(`${id}/${day}`);
        }
      } else if (!onDuty.some((p) => p.staffId === id)) {
        leave.push({ staff: id, day, reason: 'notOnDuty' });
        blocked.add(`${id}/${day}`);
      } else if (options.keep) keeps.push(shift !== undefined ? { staff: id, day, kind: 'on', shift } : { staff: id, day, kind: 'off' });
    }
  }
  const isFixed = new Set(fixed.map((f) => `${f.staff}/${f.day}`));
  for (const a of m.absences) {
    if (!people.has(a.staffId)) continue;
    for (let date = a.from; date <= a.to; date = addDays(date, 1)) {
      const day = dayOf.get(date);
      if (day === undefined || !isOpen(date)) continue;
      const k = `${a.staffId}/${day}`;
      if (HARD_ABSENCES.includes(a.kind)) {
        if (!isFixed.has(k) && !blocked.has(k)) {
          leave.push({ staff: a.staffId, day, reason: a.kind });
          blocked.add(k);
        }
      } else if (a.kind === 'dayOffWish') requests.push({ staff: a.staffId, day, kind: 'off', weight: a.weight ?? 1 });
      else if (a.kind === 'shiftWish' && a.shiftId && settings.shiftTypes.some((s) => s.id === a.shiftId))
        requests.push({ staff: a.staffId, day, kind: 'on', shift: a.shiftId, weight: a.weight ?? 1 });
    }
  }

  const holidayDays = dates.flatMap((d, i) => (m.holidays.get(d)?.kind === 'holiday' ? [i] : []));
  const personal = new Map((options.peopleSettings ?? m.peopleSettings).map((p) => [p.staffId, p]));
  const input: RosterProblemInput = {
    name: months.length === 1 ? m.month : `${months[0]}…${months[months.length - 1]}`,
    startDate: dates[0],
    days: dates.length,
    holidays: holidayDays,
    shiftTypes: settings.shiftTypes,
    staff: [...people.entries()].map(([id, p]) => {
      const own = personal.get(id);
      return {
        id,
        name: p.name,
        role: p.role,
        qualifications: own?.qualifications ?? [],
        ...(own?.rules ? { rules: overMonths(own.rules, months.length) } : {}),
        ...(own?.pattern ? { pattern: own.pattern } : {}),
      };
    }),
    rules: overMonths(settings.rules, months.length),
    coverage: openDays.length === 0 ? [] : settings.coverage.map((c) => ({ ...c, days: openDays })),
    windowCoverage: settings.windowCoverage.flatMap(({ schoolDaysOnly, name: _name, ...w }) => {
      const days = schoolDaysOnly ? openDays.filter((d) => isSchoolDay(dates[d], m.holidays)) : openDays;
      return days.length === 0 ? [] : [{ ...w, days }];
    }),
    leave,
    fixed,
    requests,
    patterns: settings.patterns,
    fairness: settings.fairness,
    surplusWeight: settings.surplusWeight,
  };
  if (keeps.length > 0) {
    const weight = keepWeight(input);
    requests.push(...keeps.map((k) => ({ ...k, weight })));
  }
  return { problem: parseProblem(input), dates, dayOf, openDates, people };
};

/** Validates a problem; an error names the setting at fault in the user's language. */
const parseProblem = (input: RosterProblemInput): RosterProblem => {
  const parsed = rosterProblemSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const params = (first as { params?: Record<string, string | number> }).params;
  throw new AppError({ code: 'VALIDATION', key: runtimeErrorKey(first.message), field: `settings.${first.path.join('.')}`, params });
};

/** Checks settings as they would be used for this month (references, patterns, limits). */
export const validateSettings = (m: MonthContext, settings: RosterSettings, peopleSettings: RosterPerson[]): void => {
  buildProblem(m, { settings, peopleSettings });
};

export const toAssignments = (b: BuiltProblem, cells: RosterCell[]): Assignment[] =>
  cells.flatMap((c) => {
    const day = b.dayOf.get(c.date);
    return day !== undefined && b.people.has(c.staffId) ? [{ staff: c.staffId, day, shift: c.shiftId }] : [];
  });

export const fromAssignments = (b: BuiltProblem, roster: Assignment[]): RosterCell[] =>
  roster.map((a) => ({ staffId: a.staff, date: b.dates[a.day], shiftId: a.shift }));

/** The rules a roster breaks, located by person, date and shift. */
export const ruleIssues = (b: BuiltProblem, cells: RosterCell[]): RuleIssue[] =>
  checkRoster(b.problem, toAssignments(b, cells)).violations.map((v) => {
    const params: Record<string, string | number> = { ...v.params };
    if (v.staff) params.name = b.people.get(v.staff)?.name ?? v.staff;
    const shift = v.shift ? b.problem.shiftTypes.find((s) => s.id === v.shift) : undefined;
    if (shift) params.shiftName = shift.name ?? shift.id;
    return {
      rule: v.rule,
      key: v.key,
      params,
      ...(v.staff ? { staffId: v.staff } : {}),
      ...(v.date ? { date: v.date } : {}),
      ...(v.shift ? { shiftId: v.shift } : {}),
    };
  });

export const COVER_RULES = new Set(['coverUnder', 'coverOver']);

// ───────────────────────────── the month grid ─────────────────────────────

const coverageCells = (b: BuiltProblem, cells: RosterCell[]): CoverageCell[] => {
  const c = compile(b.problem);
  const worked = new Set<number>();
  for (const a of toAssignments(b, cells)) worked.add((c.staffIds.indexOf(a.staff) * c.D + a.day) * c.S + c.shiftIds.indexOf(a.shift));
  // (surplus rows price duty beyond need; they are no requirement of the station's)
  return c.covers.filter((row) => !row.surplus).map((row) => ({
    date: b.dates[row.day],
    what: row.source.kind === 'shift' ? c.shiftIds[row.source.shift] : `window:${row.source.from}-${row.source.to}`,
    role: row.qualification ?? 'anyone',
    count: row.cells.filter((cell) => worked.has(cell)).length,
    min: row.min,
    max: Number.isFinite(row.max) ? row.max : null,
  }));
};

const totalsOf = (b: BuiltProblem, m: MonthContext, cells: RosterCell[]): PersonTotals[] => {
  const shifts = new Map(b.problem.shiftTypes.map((s) => [s.id, s]));
  const out = new Map<string, PersonTotals & { weekendKeys: Set<string> }>();
  for (const id of b.people.keys()) out.set(id, { staffId: id, shifts: 0, hours: 0, nights: 0, weekends: 0, holidays: 0, weekendKeys: new Set() });
  for (const c of cells) {
    const t = out.get(c.staffId);
    const s = shifts.get(c.shiftId);
    if (!t || !s || !c.date.startsWith(m.month)) continue;
    t.shifts++;
    t.hours += s.minutes / 60;
    if (isNightShift(s)) t.nights++;
    const wd = isoWeekday(c.date);
    // a weekend counts once however many of its days are worked: keyed by its Saturday
    if (wd >= 6) t.weekendKeys.add(addDays(c.date, 6 - wd));
    if (m.holidays.get(c.date)?.kind === 'holiday') t.holidays++;
  }
  return [...out.values()].map(({ weekendKeys, ...t }) => ({ ...t, hours: Math.round(t.hours * 10) / 10, weekends: weekendKeys.size }));
};

/** Days of the month on which the station's clock jumps (daylight saving), with the jump in minutes. */
const clockChanges = (month: string, timeZone: string) =>
  monthDates(month).flatMap((date) => {
    const length = (startOfLocalDate(addDays(date, 1), timeZone).getTime() - startOfLocalDate(date, timeZone).getTime()) / 60_000;
    return length === 1440 ? [] : [{ date, minutes: length - 1440 }];
  });

const metaOf = (r: RosterRow): RosterMeta => ({
  id: r.id,
  version: r.version,
  generatedAt: r.generatedAt,
  generatedBy: r.generatedBy,
  objective: r.objective,
  optimal: Boolean(r.optimal),
  settingsVersion: r.settingsVersion,
  updatedAt: r.updatedAt,
});

export const monthView = (m: MonthContext): RosterMonth => {
  // a station without anyone on duty yet still sees its month (and is told so when it generates)
  const b = peopleView(m.staff, m.peopleSettings).some((p) => p.included) || m.cells.length > 0 ? buildProblem(m) : null;
  const cells = m.cells.filter((c) => c.date.startsWith(m.month));
  const shown = b ? [...b.people.entries()].map(([staffId, p]) => ({ staffId, ...p })) : [];
  return {
    month: m.month,
    days: monthDates(m.month).map((date): RosterDay => ({ date, weekday: isoWeekday(date), holiday: m.holidays.get(date) ?? null, past: date < m.today })),
    shiftTypes: m.settings.shiftTypes,
    people: shown,
    roster: m.roster ? metaOf(m.roster) : null,
    cells,
    coverage: b && m.roster ? coverageCells(b, m.cells).filter((c) => c.date.startsWith(m.month)) : [],
    issues: b && m.roster ? ruleIssues(b, m.cells).filter((i) => !i.date || i.date.startsWith(m.month)) : [],
    totals: b ? totalsOf(b, m, cells) : [],
    absences: m.absences.filter((a) => a.to >= `${m.month}-01`),
    clockChanges: clockChanges(m.month, m.timeZone),
  };
};

// ───────────────────────────── writing a month ─────────────────────────────

/**
 * Writes the month's cells from `fromDate` on as `cells` has them (every other cell of those days
 * becomes empty) and returns the roster's new version. Must run in a transaction.
 */
export const writeMonth = async (
  manager: EntityManager,
  who: Pick<Who, 'stationId' | 'staffId' | 'now'>,
  m: MonthContext,
  cells: RosterCell[],
  meta: { generated?: { objective: number | null; optimal: boolean }; fromDate: string },
): Promise<void> => {
  const at = who.now.toISOString();
  let roster = await rosterRowOf(manager, m.month);
  const snapshot = JSON.stringify({ settings: m.settings, people: m.peopleSettings });
  // the rule set goes with the month when it is generated; an edit by hand keeps the one it had
  const generated = meta.generated
    ? { settingsVersion: m.settingsVersion, settings: snapshot, generatedAt: at, generatedBy: who.staffId, objective: meta.generated.objective, optimal: meta.generated.optimal }
    : null;
  if (!roster) {
    const notGenerated = { settingsVersion: m.settingsVersion, settings: snapshot, generatedAt: null, generatedBy: null, objective: null, optimal: false };
    roster = await rosterTable.insert(manager, who, { month: m.month, ...(generated ?? notGenerated) });
  } else {
    // an edit bumps the month's version too: the screens' stale check is on the month
    await rosterTable.update(manager, who, roster, null, generated ?? {});
  }
  const existing: Pick<AssignmentRow, 'id' | 'staffId' | 'date' | 'shiftId' | 'version'>[] = await manager.query(
    `SELECT "id", "staffId", "date", "shiftId", "version" FROM "roster_assignment" WHERE "rosterId" = ? AND "date" >= ?`,
    [roster.id, meta.fromDate],
  );
  const want = new Map(cells.filter((c) => c.date >= meta.fromDate && c.date.startsWith(m.month)).map((c) => [`${c.staffId}/${c.date}`, c.shiftId]));
  for (const row of existing) {
    const k = `${row.staffId}/${row.date}`;
    const shift = want.get(k) ?? null;
    want.delete(k);
    if (shift !== row.shiftId) await assignmentTable.update(manager, who, row as AssignmentRow, null, { shiftId: shift });
  }
  for (const [k, shiftId] of want) {
    const [staffId, date] = k.split('/');
    await assignmentTable.insert(manager, who, { rosterId: roster.id, staffId, date, shiftId });
  }
};

const sameIssue = (i: RuleIssue) => `${i.rule}|${i.staffId ?? ''}|${i.date ?? ''}|${i.shiftId ?? ''}|${JSON.stringify(i.params)}`;

/** Hard rules `after` breaks that `before` did not, coverage aside (a gap is shown, not refused). */
export const newPersonIssues = (b: BuiltProblem, before: RosterCell[], after: RosterCell[]): RuleIssue[] => {
  const had = new Set(ruleIssues(b, before).map(sameIssue));
  return ruleIssues(b, after).filter((i) => !COVER_RULES.has(i.rule) && !had.has(sameIssue(i)));
};

const refuse = (issue: RuleIssue): AppError => new AppError({ code: 'CONFLICT', key: runtimeErrorKey(issue.key), params: issue.params });

export const applyChanges = async (
  manager: EntityManager,
  who: Who,
  m: MonthContext,
  version: number,
  changes: { staffId: string; date: string; shiftId: string | null }[],
): Promise<void> => {
  if (!m.roster) throw notFound('roster.notGenerated');
  if (m.roster.version !== version) throw conflict('roster.changedElsewhere');
  const b = buildProblem(m);
  const shiftIds = new Set(m.settings.shiftTypes.map((s) => s.id));
  const seen = new Set<string>();
  changes.forEach((c, i) => {
    const field = (f: string) => `changes.${i}.${f}`;
    if (!c.date.startsWith(m.month)) throw new AppError({ code: 'VALIDATION', key: 'roster.dateOutsideMonth', field: field('date'), params: { date: c.date, month: m.month } });
    if (c.date < m.today) throw new AppError({ code: 'CONFLICT', key: 'roster.pastLocked', field: field('date'), params: { date: c.date } });
    if (!b.people.has(c.staffId)) throw new AppError({ code: 'VALIDATION', key: 'roster.staffNotOnDuty', field: field('staffId') });
    if (c.shiftId !== null && !shiftIds.has(c.shiftId)) throw new AppError({ code: 'VALIDATION', key: 'roster.shiftUnknown', field: field('shiftId'), params: { id: c.shiftId } });
    const k = `${c.staffId}/${c.date}`;
    if (seen.has(k)) throw new AppError({ code: 'VALIDATION', key: 'roster.cellTwice', field: field('date'), params: { date: c.date } });
    seen.add(k);
  });
  const changed = new Map(changes.map((c) => [`${c.staffId}/${c.date}`, c.shiftId]));
  const after: RosterCell[] = m.cells.filter((c) => !changed.has(`${c.staffId}/${c.date}`));
  for (const c of changes) if (c.shiftId !== null) after.push({ staffId: c.staffId, date: c.date, shiftId: c.shiftId });
  const broken = newPersonIssues(b, m.cells, after);
  if (broken.length > 0) throw refuse(broken[0]);
  await writeMonth(manager, who, m, after, { fromDate: m.today });
};
