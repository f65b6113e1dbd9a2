/**
 * The duty roster as the station uses it: its rule set (shift types, coverage, rest and limits,
 * rotation patterns, fairness), the holiday calendar, leave and wishes, generating a month with
 * the engine, adjusting it cell by cell under the rules, re-rostering after a sick call, swaps
 * between staff, and who is on duty now. The engine's own model is `./model.ts`; the station's
 * settings reuse its pieces so that a rule is defined once.
 */
import { z } from 'zod';
import type { ErrorParams, KeyIn } from '../errors.js';
import { defineMethod } from '../method.js';
import { isoDate, optionalText, uuid } from '../fields.js';
import {
  fairnessSchema,
  patternSchema,
  ROSTER_ROLES,
  shiftCoverageSchema,
  shiftTypeSchema,
  staffRulesSchema,
  stationRulesSchema,
  windowCoverageSchema,
  WEIGHT_MAX,
  type RosterRole,
} from './model.js';

const key = (k: KeyIn<'roster'>) => `roster.${k}` as const;

/** A calendar month, `YYYY-MM`. */
export const month = z.string({ error: 'required' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: key('month') });

/** Roles of station logins that stand duty, and the seat each fills. */
export const DUTY_ROLE_OF = { head: 'officer', officer: 'officer', auxiliary: 'auxiliary' } as const satisfies Record<string, RosterRole>;

/** A station's rule set. Per-person settings sit beside it; both are validated together by the engine's model. */
export const rosterSettingsSchema = z.strictObject({
  shiftTypes: z
    .array(shiftTypeSchema.extend({ start: z.string({ error: key('clock') }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: key('clock') }) }))
    .min(1, { message: key('noShiftTypes') })
    .max(8, { message: key('tooManyShiftTypes') }),
  coverage: z.array(shiftCoverageSchema.omit({ days: true })).default([]),
  /** Time-window posts (护学岗); `schoolDaysOnly` follows the holiday calendar with its make-up days. */
  windowCoverage: z.array(windowCoverageSchema.omit({ days: true }).extend({ schoolDaysOnly: z.boolean().default(false), name: z.string().max(40).optional() })).default([]),
  rules: stationRulesSchema,
  patterns: z.array(patternSchema).default([]),
  fairness: z.array(fairnessSchema).default([]),
  /** Cost per person on duty beyond what cover needs (see the model's `surplusWeight`); 0 = no preference. */
  surplusWeight: z.number({ error: key('notANumber') }).min(0, { message: key('negative') }).max(WEIGHT_MAX, { message: key('weightTooLarge') }).default(0),
  /** How long "generate" may search before it answers with the best roster found. */
  timeLimitSeconds: z.number({ error: key('notANumber') }).int({ message: key('notAnInteger') }).min(1, { message: key('timeLimit') }).max(600, { message: key('timeLimit') }).default(30),
});
export type RosterSettings = z.output<typeof rosterSettingsSchema>;
export type RosterSettingsInput = z.input<typeof rosterSettingsSchema>;

/** One person's duty settings: whether they stand duty, extra qualifications, a pattern, own limits. */
export const rosterPersonSchema = z.strictObject({
  staffId: uuid,
  included: z.boolean(),
  qualifications: z.array(z.string().min(1).max(40)).max(10).default([]),
  pattern: z.strictObject({ id: z.string().min(1).max(40), offset: z.number().int().min(0).max(366).default(0), weight: z.number().min(0).max(10_000).optional() }).optional(),
  rules: staffRulesSchema.optional(),
});
export type RosterPerson = z.output<typeof rosterPersonSchema>;

export interface RosterPersonView extends RosterPerson {
  name: string;
  role: RosterRole;
  phone: string;
}

export interface RosterSettingsView {
  settings: RosterSettings;
  people: RosterPersonView[];
  /** 0 while the station runs on the default settings */
  version: number;
}

export const rosterSettingsGet = defineMethod<RosterSettingsView>()({
  name: 'roster.settingsGet',
  input: z.strictObject({}),
  access: 'roster.view',
  kind: 'read',
});

export const rosterSettingsSave = defineMethod<RosterSettingsView>()({
  name: 'roster.settingsSave',
  input: z.strictObject({ settings: rosterSettingsSchema, people: z.array(rosterPersonSchema).max(500), version: z.number().int().min(0) }),
  access: 'roster.plan',
  kind: 'write',
});

// ───────────────────────────── holidays ─────────────────────────────

export const HOLIDAY_KINDS = ['holiday', 'workday'] as const;
/** a holiday's name as the calendar shows it (春节, 国庆节调休上班…) */
export const HOLIDAY_NAME_MAX = 20;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export interface HolidayDay {
  date: string;
  /** holiday: a day off for everyone; workday: a weekend day worked instead (调休) */
  kind: HolidayKind;
  name: string;
}

export interface HolidayYear {
  year: number;
  days: HolidayDay[];
  /** true while the State Council has not published the year's arrangement: statutory days only */
  provisional: boolean;
}

export const rosterHolidaysGet = defineMethod<HolidayYear>()({
  name: 'roster.holidaysGet',
  input: z.strictObject({ year: z.number().int().min(2000).max(2100) }),
  access: 'anyRole',
  kind: 'read',
});

export const rosterHolidaysSave = defineMethod<HolidayYear>()({
  name: 'roster.holidaysSave',
  input: z.strictObject({
    year: z.number().int().min(2000).max(2100),
    provisional: z.boolean(),
    days: z.array(z.strictObject({ date: isoDate, kind: z.enum(HOLIDAY_KINDS, { error: 'invalidOption' }), name: z.string().trim().min(1, { message: 'required' }).max(HOLIDAY_NAME_MAX, { message: 'tooLong' }) })).max(60),
  }),
  access: 'roster.plan',
  kind: 'write',
});

// ───────────────────────────── leave and wishes ─────────────────────────────

/** Leave, training and sick days are hard (the person does not work); wishes are soft, weighted. */
export const ABSENCE_KINDS = ['leave', 'training', 'sick', 'dayOffWish', 'shiftWish'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];
export const HARD_ABSENCES: readonly AbsenceKind[] = ['leave', 'training', 'sick'];

export interface Absence {
  id: string;
  staffId: string;
  staffName: string;
  kind: AbsenceKind;
  from: string;
  to: string;
  shiftId: string | null;
  weight: number | null;
  note: string | null;
}

export const rosterAbsencesList = defineMethod<Absence[]>()({
  name: 'roster.absencesList',
  input: z.strictObject({ month }),
  access: 'roster.view',
  kind: 'read',
});

export const rosterAbsenceAdd = defineMethod<Absence>()({
  name: 'roster.absenceAdd',
  input: z
    .strictObject({
      staffId: uuid,
      kind: z.enum(ABSENCE_KINDS, { error: 'invalidOption' }),
      from: isoDate,
      to: isoDate,
      shiftId: z.string().min(1).max(40).nullish(),
      weight: z.number().min(1, { message: key('weight') }).max(100, { message: key('weight') }).nullish(),
      note: optionalText(200),
    })
    .superRefine((v, ctx) => {
      if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: key('toBeforeFrom') });
      else if (Date.parse(v.to) - Date.parse(v.from) > 92 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: key('absenceTooLong') });
      if (v.kind === 'shiftWish' && !v.shiftId) ctx.addIssue({ code: 'custom', path: ['shiftId'], message: 'required' });
    }),
  // the head records leave; anyone on the roster may file their own wishes (checked in the core)
  access: 'roster.absences',
  kind: 'write',
});

export const rosterAbsenceRemove = defineMethod<null>()({
  name: 'roster.absenceRemove',
  input: z.strictObject({ id: uuid }),
  access: 'roster.absences',
  kind: 'write',
});

// ───────────────────────────── the month ─────────────────────────────

export interface RosterDay {
  date: string;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  holiday: HolidayDay | null;
  past: boolean;
}

export interface RosterCell {
  staffId: string;
  date: string;
  shiftId: string;
}

/** A broken rule, located; `key`/`params` name it in the user's language. */
export interface RuleIssue {
  rule: string;
  key: string;
  /** the message's values; people's names as a list */
  params: ErrorParams;
  staffId?: string;
  date?: string;
  shiftId?: string;
}

export interface CoverageCell {
  date: string;
  /** shift id, or `window:HH:MM-HH:MM` for a time-window post */
  what: string;
  role: string;
  count: number;
  min: number;
  max: number | null;
}

export interface PersonTotals {
  staffId: string;
  shifts: number;
  hours: number;
  nights: number;
  weekends: number;
  holidays: number;
}

export interface RosterMeta {
  id: string;
  version: number;
  generatedAt: string | null;
  generatedBy: string | null;
  objective: number | null;
  optimal: boolean;
  /** the rule set version the roster was made with */
  settingsVersion: number;
  updatedAt: string;
}

export interface RosterMonth {
  month: string;
  days: RosterDay[];
  shiftTypes: RosterSettings['shiftTypes'];
  people: { staffId: string; name: string; role: RosterRole; phone: string }[];
  /** null before the month was first generated */
  roster: RosterMeta | null;
  cells: RosterCell[];
  coverage: CoverageCell[];
  /** hard rules the roster breaks now (coverage gaps included) */
  issues: RuleIssue[];
  totals: PersonTotals[];
  absences: Absence[];
  /** clock changes in the station's time zone this month (shifts around them run longer or shorter) */
  clockChanges: { date: string; minutes: number }[];
}

export const rosterMonth = defineMethod<RosterMonth>()({
  name: 'roster.month',
  input: z.strictObject({ month }),
  access: 'roster.view',
  kind: 'read',
});

// ───────────────────────────── generating ─────────────────────────────

/**
 * `infeasible`: proven that no roster meets every hard rule; `unsolved`: the time ran out (or the
 * head stopped it) before any roster meeting every hard rule was found — not a proof, more time
 * may find one.
 */
export type RosterJobState = 'running' | 'done' | 'infeasible' | 'unsolved' | 'failed';

export interface RosterJob {
  id: string;
  month: string;
  /** the months planned together: `month` alone, or the three of a quarter */
  months: string[];
  state: RosterJobState;
  startedAt: string;
  seconds: number;
  /** objective of the best roster so far, and the proven bound */
  objective: number | null;
  bound: number | null;
  optimal: boolean;
  stopped: boolean;
  /** why no roster meets every hard rule: one localised reason per date, shift and rule */
  reasons: RuleIssue[];
  /** a failure the engine could not explain (its process ended) */
  error: string | null;
  /** a re-roster's job: once saved, the cells it changed (null for a roster generated afresh) */
  changes: RosterCellChange[] | null;
}

export const rosterGenerate = defineMethod<RosterJob>()({
  name: 'roster.generate',
  /** `quarter`: the calendar quarter `month` lies in, planned as one horizon (fairness over the quarter) */
  input: z.strictObject({ month, span: z.enum(['month', 'quarter']).optional(), timeLimitSeconds: z.number().int().min(1).max(600).optional() }),
  access: 'roster.plan',
  kind: 'write',
});

export const rosterJob = defineMethod<RosterJob | null>()({
  name: 'roster.job',
  input: z.strictObject({ month }),
  access: 'roster.plan',
  kind: 'read',
});

export const rosterStop = defineMethod<RosterJob | null>()({
  name: 'roster.stop',
  input: z.strictObject({ month }),
  access: 'roster.plan',
  kind: 'write',
});

// ───────────────────────────── adjusting ─────────────────────────────

const cellChange = z.strictObject({ staffId: uuid, date: isoDate, shiftId: z.string().min(1).max(40).nullable() });

/** One edit of the grid: a set of cells changed together (a move is two cells, a swap two or four). */
export const rosterChange = defineMethod<RosterMonth>()({
  name: 'roster.change',
  input: z.strictObject({ month, version: z.number().int().min(1), changes: z.array(cellChange).min(1).max(62) }),
  access: 'roster.plan',
  kind: 'write',
});

/** One cell of the grid a re-roster changed: a shift given (from null), taken away (to null) or changed. */
export interface RosterCellChange {
  staffId: string;
  date: string;
  from: string | null;
  to: string | null;
}

export interface RerosterResult {
  month: RosterMonth;
  /** cells from `fromDate` on whose shift differs from before */
  changed: number;
  /** those cells, in date order */
  changes: RosterCellChange[];
  /** assignments from `fromDate` on before the re-roster */
  remaining: number;
  /** when no small repair meets the rules: the engine, started with every assignment asked to stay */
  job: RosterJob | null;
}

export const rosterReroster = defineMethod<RerosterResult>()({
  name: 'roster.reroster',
  input: z.strictObject({ month, version: z.number().int().min(1), fromDate: isoDate }),
  access: 'roster.plan',
  kind: 'write',
});

// ───────────────────────────── swaps ─────────────────────────────

export const SWAP_STATES = ['requested', 'approved', 'declined', 'withdrawn'] as const;
export type SwapState = (typeof SWAP_STATES)[number];

export interface SwapRequest {
  id: string;
  month: string;
  requesterId: string;
  requesterName: string;
  requesterDate: string;
  counterpartId: string;
  counterpartName: string;
  /** the counterpart's day given in exchange; the same date for a same-day swap */
  counterpartDate: string;
  note: string | null;
  state: SwapState;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  version: number;
}

export const rosterSwapsList = defineMethod<SwapRequest[]>()({
  name: 'roster.swapsList',
  input: z.strictObject({ month }),
  access: 'roster.view',
  kind: 'read',
});

export const rosterSwapRequest = defineMethod<SwapRequest>()({
  name: 'roster.swapRequest',
  input: z.strictObject({ month, requesterDate: isoDate, counterpartId: uuid, counterpartDate: isoDate, note: optionalText(200) }),
  access: 'roster.swap',
  kind: 'write',
});

export const rosterSwapDecide = defineMethod<SwapRequest>()({
  name: 'roster.swapDecide',
  input: z.strictObject({ id: uuid, version: z.number().int().min(1), decision: z.enum(['approved', 'declined', 'withdrawn'], { error: 'invalidOption' }), note: optionalText(200) }),
  // the head approves or declines; the requester may withdraw (checked in the core)
  access: 'roster.swap',
  kind: 'write',
});

// ───────────────────────────── on duty ─────────────────────────────

export interface OnDutyPerson {
  staffId: string;
  name: string;
  role: RosterRole;
  phone: string;
  /** the roster's shift type; for a shift opened by hand in the duty log, that shift's id */
  shiftId: string;
  shiftName: string;
  from: string;
  to: string;
}

export interface OnDuty {
  /** the people of the shift running in the duty log, or else the roster's people of this moment */
  now: OnDutyPerson[];
  next: OnDutyPerson[];
  /** false when no roster covers this moment */
  rostered: boolean;
}

export const rosterOnDuty = defineMethod<OnDuty>()({
  name: 'roster.onDuty',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

// ───────────────────────────── export ─────────────────────────────

export const rosterExportXlsx = defineMethod<{ fileName: string; base64: string }>()({
  name: 'roster.exportXlsx',
  // the workbook's headers, legend and sheet name in the reader's language
  input: z.strictObject({ month, lang: z.enum(['zh', 'en']).default('zh') }),
  access: 'roster.view',
  kind: 'read',
});

export const rosterExportIcs = defineMethod<{ fileName: string; text: string }>()({
  name: 'roster.exportIcs',
  input: z.strictObject({ month, staffId: uuid }),
  access: 'roster.view',
  kind: 'read',
});

export const rosterMethods = [
  rosterSettingsGet,
  rosterSettingsSave,
  rosterHolidaysGet,
  rosterHolidaysSave,
  rosterAbsencesList,
  rosterAbsenceAdd,
  rosterAbsenceRemove,
  rosterMonth,
  rosterGenerate,
  rosterJob,
  rosterStop,
  rosterChange,
  rosterReroster,
  rosterSwapsList,
  rosterSwapRequest,
  rosterSwapDecide,
  rosterOnDuty,
  rosterExportXlsx,
  rosterExportIcs,
];

export { ROSTER_ROLES };
