/**
 * The station's roster rule model: everything the roster engine needs to make, check and explain a
 * roster over a horizon of days. It is plain data (JSON), validated by `rosterProblemSchema`, and
 * expressive enough for both a police station's duty (一警两辅 coverage by role, rest hours, nights,
 * leave, wishes, fairness) and every rule of the Curtois & Qu benchmark instances.
 *
 * Conventions, chosen so that the engine and the independent checker cannot disagree:
 * - Days are indices 0…days-1 counted from `startDate` (a local calendar date). A shift belongs to
 *   the day it starts on; a night shift crossing midnight still belongs to its start day.
 * - A person works at most one shift per day (structural, not a rule that can be switched off).
 * - Weeks are calendar weeks Monday–Sunday; a weekend is the Saturday and Sunday of one week, and
 *   it counts as worked when either day is worked. Partial weeks at the horizon's edges count.
 * - Runs of work or rest that touch the start or the end of the horizon are not held to the
 *   minimum run lengths (the history before and the future after are unknown).
 * - A coverage requirement with a weight is soft (penalty = weight × each person short / extra);
 *   without a weight it is hard.
 * Messages of validation issues are i18n keys under `errors.` (see `src/shared/fields.ts`).
 */
import { z } from 'zod';
import type { KeyIn } from '../errors.js';
import { isIsoDate } from '../time.js';

/** The two duty roles of a station's staff: 民警 and 辅警. */
export const ROSTER_ROLES = ['officer', 'auxiliary'] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

/** The longest horizon the engine accepts (a year and a day, enough for the benchmark's 364). */
export const MAX_HORIZON_DAYS = 366;
/** Minutes in a day; a shift may last at most this long. */
export const DAY_MINUTES = 1440;
/** Pattern letter meaning "off" (free day) in rotation pattern strings. */
export const PATTERN_OFF = '-';

const key = (k: KeyIn<'roster'>) => `roster.${k}` as const;

const ident = z
  .string({ error: key('idRequired') })
  .min(1, { message: key('idRequired') })
  .max(40, { message: key('idTooLong') })
  .regex(/^[^\s,|]+$/, { message: key('idCharacters') });
const count = z.number({ error: key('notANumber') }).int({ message: key('notAnInteger') }).min(0, { message: key('negative') });
/** The largest weight of any soft term. */
export const WEIGHT_MAX = 10_000;
const weight = z.number({ error: key('notANumber') }).min(0, { message: key('negative') }).max(WEIGHT_MAX, { message: key('weightTooLarge') });
const clock = z.string({ error: key('clock') }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: key('clock') });
const hours = z.number({ error: key('notANumber') }).min(0, { message: key('negative') }).max(48, { message: key('restTooLong') });

/** Minutes after midnight of an `HH:MM` clock time. */
export const clockMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const shiftTypeSchema = z.strictObject({
  id: ident,
  name: z.string().max(40, { message: key('nameTooLong') }).optional(),
  /** One character naming the shift in rotation pattern strings; defaults to a one-character id. */
  letter: z
    .string()
    .length(1, { message: key('shiftLetter') })
    .refine((l) => l !== PATTERN_OFF && l.trim() === l, { message: key('shiftLetter') })
    .optional(),
  /**
   * Local start time. Absent when unknown (the benchmark gives only lengths): rest-time rules then
   * cannot apply to the shift and only the explicit forbidden successions do.
   */
  start: clock.optional(),
  minutes: z
    .number({ error: key('notANumber') })
    .int({ message: key('notAnInteger') })
    .min(1, { message: key('shiftTooShort') })
    .max(DAY_MINUTES, { message: key('shiftTooLong') }),
  /** Whether the shift counts as a night (rest after a night, night limits, night fairness). Default: it covers 00:00–05:00 at least in part. */
  night: z.boolean().optional(),
});
export type ShiftType = z.infer<typeof shiftTypeSchema>;

/** Per-person limits. Station-wide defaults live in `rules`; a staff member's own `rules` override them field by field. */
export const staffRulesSchema = z.strictObject({
  /** At most this many shifts of a type over the horizon (shift id → count); 0 means never that shift. */
  maxShiftsPerType: z.record(z.string(), count).optional(),
  minShiftsPerType: z.record(z.string(), count).optional(),
  maxMinutesPerHorizon: count.optional(),
  minMinutesPerHorizon: count.optional(),
  /** Calendar week Monday–Sunday, counted by the day each shift starts on. */
  maxMinutesPerWeek: count.optional(),
  maxConsecutiveWorkDays: count.min(1, { message: key('consecutiveMin1') }).optional(),
  minConsecutiveWorkDays: count.optional(),
  minConsecutiveDaysOff: count.optional(),
  maxConsecutiveNights: count.min(1, { message: key('consecutiveMin1') }).optional(),
  maxWeekendsWorked: count.optional(),
});
export type StaffRules = z.infer<typeof staffRulesSchema>;

export const stationRulesSchema = staffRulesSchema.extend({
  /** Minimum rest between the end of one shift and the start of the next (shifts with start times). */
  minRestHours: hours.default(11),
  /** Minimum rest after a night shift. */
  minRestAfterNightHours: hours.default(12),
  /** No shift that is not a night on the day straight after a night. */
  noDayAfterNight: z.boolean().default(true),
  /** `to` may not be worked on the day after `from` (the benchmark's succession rule). */
  forbiddenSuccessions: z.array(z.strictObject({ from: ident, to: ident })).default([]),
});
export type StationRules = z.infer<typeof stationRulesSchema>;

export const staffSchema = z.strictObject({
  id: ident,
  name: z.string().max(40, { message: key('nameTooLong') }).optional(),
  role: z.enum(ROSTER_ROLES, { error: key('role') }),
  /** Further qualifications (e.g. 'driver', 'schoolGuard'); a role is a qualification too. */
  qualifications: z.array(ident).default([]),
  rules: staffRulesSchema.optional(),
  /** A rotation pattern this person follows from day `offset` of its cycle: hard without weight, else a penalty per day off pattern. */
  pattern: z.strictObject({ id: ident, offset: count.default(0), weight: weight.optional() }).optional(),
});
export type Staff = z.infer<typeof staffSchema>;

export const requirementSchema = z.strictObject({
  /** Who counts: staff with this role or qualification; absent means anyone. */
  qualification: ident.optional(),
  min: count.default(0),
  max: count.optional(),
  /** Penalty per person short of `min`; absent means `min` is hard. */
  underWeight: weight.optional(),
  /** Penalty per person beyond `max`; absent means `max` is hard. */
  overWeight: weight.optional(),
  /** The staffing the head wants (may exceed `min`): duty beyond the larger of the two is surplus (see `surplusWeight`). */
  wanted: count.optional(),
});
export type Requirement = z.infer<typeof requirementSchema>;

const daySelection = {
  /** Day indices this applies to; absent means every day (after `weekdays` filtering). */
  days: z.array(count).optional(),
  /** ISO weekdays (1 = Monday … 7 = Sunday) this applies to; absent means all. */
  weekdays: z.array(z.number().int().min(1, { message: key('weekday') }).max(7, { message: key('weekday') })).optional(),
};

/** Coverage of one shift type on the selected days: counts the people working that shift. */
export const shiftCoverageSchema = z.strictObject({
  shift: ident,
  ...daySelection,
  requirements: z.array(requirementSchema).min(1, { message: key('requirementsEmpty') }),
});
export type ShiftCoverage = z.infer<typeof shiftCoverageSchema>;

/**
 * Coverage of a time window on the selected days (e.g. 护学岗 07:00–08:30 on school days, or "every
 * hour one officer"): counts the people whose shift covers the whole window. `to` ≤ `from` means
 * the window crosses midnight into the next day.
 */
export const windowCoverageSchema = z.strictObject({
  from: clock,
  to: clock,
  ...daySelection,
  requirements: z.array(requirementSchema).min(1, { message: key('requirementsEmpty') }),
});
export type WindowCoverage = z.infer<typeof windowCoverageSchema>;

export const patternSchema = z.strictObject({
  id: ident,
  /** One letter per day of the cycle: a shift letter, or '-' for a day off; e.g. 24/48 is "X--". */
  cycle: z.string().min(1, { message: key('patternEmpty') }).max(366, { message: key('patternTooLong') }),
});
export type Pattern = z.infer<typeof patternSchema>;

const staffDay = { staff: ident, day: count };

export const requestSchema = z.strictObject({
  ...staffDay,
  /** 'on': wants this shift (penalty when not given it); 'off': does not want it (penalty when given it). */
  kind: z.enum(['on', 'off'], { error: key('requestKind') }),
  /** The shift concerned; absent on an 'off' request means the whole day (a day-off wish). */
  shift: ident.optional(),
  weight,
});
export type RosterRequest = z.infer<typeof requestSchema>;

export const FAIRNESS_METRICS = ['nights', 'weekends', 'holidays'] as const;
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];

/** Soft: within each role, penalty = weight × (most − fewest) of the metric worked. */
export const fairnessSchema = z.strictObject({ metric: z.enum(FAIRNESS_METRICS, { error: key('fairnessMetric') }), weight });
export type Fairness = z.infer<typeof fairnessSchema>;

const problemObject = z.strictObject({
  name: z.string().max(80, { message: key('nameTooLong') }).optional(),
  /** Local calendar date of day 0. */
  startDate: z.string({ error: key('date') }).refine(isIsoDate, { message: key('date') }),
  days: z
    .number({ error: key('notANumber') })
    .int({ message: key('notAnInteger') })
    .min(1, { message: key('horizonEmpty') })
    .max(MAX_HORIZON_DAYS, { message: key('horizonTooLong') }),
  /** Public holidays as day indices (the calendar, with 调休, is data kept outside the engine). */
  holidays: z.array(count).default([]),
  shiftTypes: z.array(shiftTypeSchema).min(1, { message: key('noShiftTypes') }),
  staff: z.array(staffSchema).min(1, { message: key('noStaff') }),
  rules: stationRulesSchema.default({ minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [] }),
  coverage: z.array(shiftCoverageSchema).default([]),
  windowCoverage: z.array(windowCoverageSchema).default([]),
  /** Approved leave, training, sick days, fixed days off: the person does not work that day (hard). */
  leave: z.array(z.strictObject({ ...staffDay, reason: z.string().max(40).optional() })).default([]),
  /** Assignments that must stay as they are (the past, agreed swaps): hard. */
  fixed: z.array(z.strictObject({ ...staffDay, shift: ident })).default([]),
  requests: z.array(requestSchema).default([]),
  patterns: z.array(patternSchema).default([]),
  fairness: z.array(fairnessSchema).default([]),
  /**
   * Penalty per person on duty beyond what a requirement needs (the larger of `min` and `wanted`):
   * among otherwise equal rosters, the one without duty nobody needs. 0 = no preference.
   */
  surplusWeight: weight.default(0),
});

type Ctx = z.core.$RefinementCtx<z.output<typeof problemObject>>;

const issue = (ctx: Ctx, path: (string | number)[], message: KeyIn<'roster'>, params?: Record<string, string | number>) =>
  ctx.addIssue({ code: 'custom', path, message: key(message), params });

/** The checks that relate fields to each other: references, day ranges, duplicates. */
const crossCheck = (p: z.output<typeof problemObject>, ctx: Ctx) => {
  const shiftIds = new Set<string>();
  const letters = new Map<string, number>();
  p.shiftTypes.forEach((s, i) => {
    if (shiftIds.has(s.id)) issue(ctx, ['shiftTypes', i, 'id'], 'shiftDuplicate', { id: s.id });
    shiftIds.add(s.id);
    const letter = shiftLetter(s);
    if (letter !== undefined) {
      if (letters.has(letter)) issue(ctx, ['shiftTypes', i, 'letter'], 'shiftLetterDuplicate', { letter });
      letters.set(letter, i);
    }
    // Two types with the same clock start and length are one shift under two names: every
    // coverage and rest rule would be ambiguous between them.
    p.shiftTypes.slice(0, i).forEach((o, j) => {
      if (o.start !== undefined && o.start === s.start && o.minutes === s.minutes)
        issue(ctx, ['shiftTypes', i, 'start'], 'shiftOverlapsIdentically', { other: o.id, index: j });
    });
  });
  const staffIds = new Set<string>();
  p.staff.forEach((s, i) => {
    if (staffIds.has(s.id)) issue(ctx, ['staff', i, 'id'], 'staffDuplicate', { id: s.id });
    staffIds.add(s.id);
  });
  const patternIds = new Map(p.patterns.map((pt) => [pt.id, pt]));
  p.patterns.forEach((pt, i) => {
    [...pt.cycle].forEach((ch, pos) => {
      if (ch !== PATTERN_OFF && !letters.has(ch)) issue(ctx, ['patterns', i, 'cycle'], 'patternLetterUnknown', { letter: ch, position: pos });
    });
  });
  const day = (path: (string | number)[], d: number) => {
    if (d >= p.days) issue(ctx, path, 'dayOutOfHorizon', { day: d, days: p.days });
  };
  const shiftRef = (path: (string | number)[], id: string | undefined) => {
    if (id !== undefined && !shiftIds.has(id)) issue(ctx, path, 'shiftUnknown', { id });
  };
  const staffRef = (path: (string | number)[], id: string) => {
    if (!staffIds.has(id)) issue(ctx, path, 'staffUnknown', { id });
  };
  const rules = (path: (string | number)[], r: StaffRules | undefined) => {
    if (r === undefined) return;
    for (const k of ['maxShiftsPerType', 'minShiftsPerType'] as const)
      for (const id of Object.keys(r[k] ?? {})) shiftRef([...path, k, id], id);
    for (const [id, min] of Object.entries(r.minShiftsPerType ?? {})) {
      const max = r.maxShiftsPerType?.[id];
      if (max !== undefined && min > max) issue(ctx, [...path, 'minShiftsPerType', id], 'minAboveMax');
    }
    if (r.minMinutesPerHorizon !== undefined && r.maxMinutesPerHorizon !== undefined && r.minMinutesPerHorizon > r.maxMinutesPerHorizon)
      issue(ctx, [...path, 'minMinutesPerHorizon'], 'minAboveMax');
  };
  rules(['rules'], p.rules);
  p.rules.forbiddenSuccessions.forEach((f, i) => {
    shiftRef(['rules', 'forbiddenSuccessions', i, 'from'], f.from);
    shiftRef(['rules', 'forbiddenSuccessions', i, 'to'], f.to);
  });
  p.staff.forEach((s, i) => {
    rules(['staff', i, 'rules'], s.rules);
    if (s.pattern !== undefined && !patternIds.has(s.pattern.id)) issue(ctx, ['staff', i, 'pattern', 'id'], 'patternUnknown', { id: s.pattern.id });
  });
  p.holidays.forEach((d, i) => day(['holidays', i], d));
  const requirements = (path: (string | number)[], reqs: Requirement[]) =>
    reqs.forEach((r, k) => {
      if (r.max !== undefined && r.min > r.max) issue(ctx, [...path, 'requirements', k, 'max'], 'minAboveMax');
      if (r.overWeight !== undefined && r.max === undefined) issue(ctx, [...path, 'requirements', k, 'overWeight'], 'overWeightWithoutMax');
    });
  p.coverage.forEach((c, i) => {
    shiftRef(['coverage', i, 'shift'], c.shift);
    c.days?.forEach((d, k) => day(['coverage', i, 'days', k], d));
    requirements(['coverage', i], c.requirements);
  });
  p.windowCoverage.forEach((c, i) => {
    c.days?.forEach((d, k) => day(['windowCoverage', i, 'days', k], d));
    requirements(['windowCoverage', i], c.requirements);
    if (c.from === c.to) issue(ctx, ['windowCoverage', i, 'to'], 'windowEmpty');
  });
  const fixedAt = new Set<string>();
  p.fixed.forEach((f, i) => {
    staffRef(['fixed', i, 'staff'], f.staff);
    day(['fixed', i, 'day'], f.day);
    shiftRef(['fixed', i, 'shift'], f.shift);
    const k = `${f.staff}/${f.day}`;
    if (fixedAt.has(k)) issue(ctx, ['fixed', i], 'fixedTwice', { staff: f.staff, day: f.day });
    fixedAt.add(k);
  });
  p.leave.forEach((l, i) => {
    staffRef(['leave', i, 'staff'], l.staff);
    day(['leave', i, 'day'], l.day);
    if (fixedAt.has(`${l.staff}/${l.day}`)) issue(ctx, ['leave', i], 'leaveOnFixedDay', { staff: l.staff, day: l.day });
  });
  p.requests.forEach((r, i) => {
    staffRef(['requests', i, 'staff'], r.staff);
    day(['requests', i, 'day'], r.day);
    shiftRef(['requests', i, 'shift'], r.shift);
    if (r.kind === 'on' && r.shift === undefined) issue(ctx, ['requests', i, 'shift'], 'requestOnNeedsShift');
  });
};

export const rosterProblemSchema = problemObject.superRefine(crossCheck);
/** A validated problem (defaults filled in). */
export type RosterProblem = z.output<typeof rosterProblemSchema>;
/** A problem as a caller writes it (defaults may be omitted). */
export type RosterProblemInput = z.input<typeof rosterProblemSchema>;

/** One assignment of a roster: who works which shift on which day. */
export interface Assignment {
  staff: string;
  day: number;
  shift: string;
}

/** The letter of a shift type in pattern strings, if it has one. */
export const shiftLetter = (s: Pick<ShiftType, 'id' | 'letter'>): string | undefined =>
  s.letter ?? ([...s.id].length === 1 && s.id !== PATTERN_OFF ? s.id : undefined);

/**
 * Whether a shift counts as a night: explicit, or it has a start time and covers part of
 * 00:00–05:00 (on its start day or, crossing midnight, on the next).
 */
export const isNightShift = (s: Pick<ShiftType, 'start' | 'minutes' | 'night'>): boolean => {
  if (s.night !== undefined) return s.night;
  if (s.start === undefined) return false;
  const from = clockMinutes(s.start);
  const to = from + s.minutes;
  return from < 300 || to > DAY_MINUTES;
};

/** A station member's effective limits: the station's defaults overridden by their own. */
export const effectiveRules = (station: StaffRules, own: StaffRules | undefined): StaffRules => {
  const merged: StaffRules = { ...pickStaffRules(station) };
  if (own !== undefined)
    for (const [k, v] of Object.entries(own)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
};

const STAFF_RULE_KEYS = Object.keys(staffRulesSchema.shape) as (keyof StaffRules)[];
const pickStaffRules = (r: StaffRules): StaffRules => {
  const out: Record<string, unknown> = {};
  for (const k of STAFF_RULE_KEYS) if (r[k] !== undefined) out[k] = r[k];
  return out as StaffRules;
};

/** ISO weekday (1 = Monday … 7 = Sunday) of a day index, given the horizon's start date. */
export const weekdayOf = (startDate: string, day: number): number => {
  const [y, m, d] = startDate.split('-').map(Number);
  const dow = new Date(Date.UTC(y, m - 1, d + day)).getUTCDay(); // 0 = Sunday
  return dow === 0 ? 7 : dow;
};

/** Calendar date (YYYY-MM-DD) of a day index. */
export const dateOf = (startDate: string, day: number): string => {
  const [y, m, d] = startDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + day)).toISOString().slice(0, 10);
};

/** Validates and fills defaults; throws a ZodError whose issues carry `roster.*` keys and paths. */
export const parseRosterProblem = (input: unknown): RosterProblem => rosterProblemSchema.parse(input);
