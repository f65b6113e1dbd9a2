/**
 * Prevention in the patrol zone: property guards' night rounds checked by the station (物业巡逻),
 * school guard posts (护学岗), and the video channels integrated into the station (视频通道).
 *
 * Access. Those who stand duty (head, officer, auxiliary) read everything here and record what
 * they do on the street: night checks, post attendance, camera check rounds. The registers —
 * properties and their guards, schools and terms, cameras — are kept by the head and officers, who
 * also unmask a guard's phone (audited). Grid workers and mediators have no part in it.
 *
 * Every change of a record carries the `version` it was based on; a stale one is refused with
 * CONFLICT `staleVersion`. Error keys live under `prevention.` (the zone's own catalog).
 */
import { z } from 'zod';
import { instant as instantField, isoDate, optionalMobile, optionalText, personName, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';


const k = (key: string) => `prevention.${key}`;

const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'invalid' });
const whole = (min: number, max: number, key = 'range') =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') })
    .int({ message: 'integer' })
    .min(min, { message: k(key) })
    .max(max, { message: k(key) });
const optionalUuid = uuid.nullish().transform((v) => v ?? null);
const reason = text(200);

export const instant = instantField(k('dateTime'));

/** A local wall-clock time, HH:MM. */
const clock = z.string({ error: 'required' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: k('clock') });
/** A calendar month, YYYY-MM. */
export const month = z.string({ error: 'required' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: k('month') });

// ───────────────────────────── properties and night checks (物业巡逻) ─────────────────────────────

export interface GuardView {
  id: string;
  version: number;
  name: string;
  phoneMasked: string | null;
}

export interface PropertyView {
  id: string;
  version: number;
  name: string;
  /** the 小区 in the standard address tree, when known */
  addressId: string | null;
  addressText: string | null;
  company: string;
  contactName: string | null;
  contactPhoneMasked: string | null;
  /** guards who should be on the night round */
  nightGuards: number;
  /** check points (打卡点) of the round */
  patrolPoints: number;
  /** a month's score below this is "不合格" on the feedback sheet */
  passScore: number;
  note: string | null;
  guards: GuardView[];
}

/**
 * The scoring rule of a night check: 100, less a fixed deduction for guards not on their round,
 * for each guard missing, for each check point not checked, and each problem's own points. Never
 * below 0. Shared by the form (the score as it is typed) and the core (the score kept).
 */
export const NIGHT_CHECK_RULE = { notOnRound: 30, perMissingGuard: 10, perMissedPoint: 5, defaultProblem: 5 } as const;

export interface NightCheckFacts {
  onRound: boolean;
  guardsSeen: number;
  guardsExpected: number;
  pointsChecked: number;
  pointsTotal: number;
  problems: { text: string; points: number }[];
}

export interface Deduction {
  item: 'notOnRound' | 'missingGuards' | 'missedPoints' | 'problem';
  count: number;
  points: number;
  /** the problem's text */
  text?: string;
}

export const scoreNightCheck = (f: NightCheckFacts): { score: number; deductions: Deduction[] } => {
  const deductions: Deduction[] = [];
  if (!f.onRound) deductions.push({ item: 'notOnRound', count: 1, points: NIGHT_CHECK_RULE.notOnRound });
  const missing = Math.max(0, f.guardsExpected - f.guardsSeen);
  if (missing > 0) deductions.push({ item: 'missingGuards', count: missing, points: missing * NIGHT_CHECK_RULE.perMissingGuard });
  const missed = Math.max(0, f.pointsTotal - f.pointsChecked);
  if (missed > 0) deductions.push({ item: 'missedPoints', count: missed, points: missed * NIGHT_CHECK_RULE.perMissedPoint });
  for (const p of f.problems) deductions.push({ item: 'problem', count: 1, points: p.points, text: p.text });
  const total = deductions.reduce((sum, d) => sum + d.points, 0);
  return { score: Math.max(0, 100 - total), deductions };
};

export interface NightCheckView extends NightCheckFacts {
  id: string;
  version: number;
  propertyId: string;
  propertyName: string;
  checkedAt: string;
  checkedBy: string;
  note: string | null;
  score: number;
  deductions: Deduction[];
}

export interface MonthlyScore {
  propertyId: string;
  propertyName: string;
  company: string;
  month: string;
  checks: number;
  /** the mean of the month's check scores, one decimal; null without a check */
  score: number | null;
  lowest: number | null;
  notOnRound: number;
  passScore: number;
  /** null without a check */
  passed: boolean | null;
}

export interface FeedbackSheet {
  stationName: string;
  dutyPhone: string | null;
  property: PropertyView;
  month: string;
  checks: NightCheckView[];
  monthly: MonthlyScore;
}

export const patrolPropertiesList = defineMethod<PropertyView[]>()({
  name: 'patrol.propertiesList',
  input: z.strictObject({}),
  access: 'prevention.view',
  kind: 'read',
});

export const propertyInput = z.strictObject({
  id: uuid.optional(),
  version: version.optional(),
  name: text(60),
  addressId: optionalUuid,
  company: text(80),
  contactName: optionalText(50),
  contactPhone: optionalMobile,
  nightGuards: whole(0, 50),
  patrolPoints: whole(0, 100),
  passScore: whole(0, 100, 'score'),
  note: optionalText(500, true),
});

export const patrolPropertySave = defineMethod<PropertyView>()({
  name: 'patrol.propertySave',
  input: propertyInput,
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolPropertyCancel = defineMethod<{ ok: true }>()({
  name: 'patrol.propertyCancel',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolGuardSave = defineMethod<PropertyView>()({
  name: 'patrol.guardSave',
  input: z.strictObject({
    propertyId: uuid,
    id: uuid.optional(),
    version: version.optional(),
    name: personName,
    /** empty keeps the number on record when editing (forms only ever see it masked) */
    phone: optionalMobile,
  }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

/** A guard who left the company: kept with the reason, never deleted. */
export const patrolGuardCancel = defineMethod<PropertyView>()({
  name: 'patrol.guardCancel',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolGuardReveal = defineMethod<{ phone: string | null }>()({
  name: 'patrol.guardReveal',
  input: z.strictObject({ id: uuid, reason }),
  access: 'person.unmask',
  kind: 'read',
  auditRead: true,
});

export interface CompoundOption {
  id: string;
  name: string;
  fullText: string;
}

/** 小区 of the standard address tree, to link a property or a school to. */
export const patrolCompounds = defineMethod<CompoundOption[]>()({
  name: 'patrol.compounds',
  input: z.strictObject({ q: z.string().trim().max(40, { message: 'tooLong' }).default('') }),
  access: 'prevention.view',
  kind: 'read',
});

export const nightCheckInput = z.strictObject({
  propertyId: uuid,
  /** when the check was made; now when absent */
  checkedAt: instant.optional(),
  onRound: z.boolean({ error: 'required' }),
  guardsSeen: whole(0, 50),
  pointsChecked: whole(0, 100),
  problems: z
    .array(z.strictObject({ text: text(200), points: whole(0, 100, 'score').default(NIGHT_CHECK_RULE.defaultProblem) }), { error: 'invalidType' })
    .max(20, { message: 'tooLong' })
    .default([]),
  note: optionalText(500, true),
});

export const patrolNightCheckAdd = defineMethod<NightCheckView>()({
  name: 'patrol.nightCheckAdd',
  input: nightCheckInput,
  access: 'prevention.record',
  kind: 'write',
});

/** A check recorded against the wrong property or twice: cancelled with the reason, out of the score. */
export const patrolNightCheckCancel = defineMethod<{ ok: true }>()({
  name: 'patrol.nightCheckCancel',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolNightChecks = defineMethod<NightCheckView[]>()({
  name: 'patrol.nightChecks',
  input: z.strictObject({ month, propertyId: uuid.optional() }),
  access: 'prevention.view',
  kind: 'read',
});

export const patrolMonthlyScores = defineMethod<MonthlyScore[]>()({
  name: 'patrol.monthlyScores',
  input: z.strictObject({ month }),
  access: 'prevention.view',
  kind: 'read',
});

/** What the feedback sheet (A4) to the property company and the housing department says. */
export const patrolFeedbackSheet = defineMethod<FeedbackSheet>()({
  name: 'patrol.feedbackSheet',
  input: z.strictObject({ propertyId: uuid, month }),
  access: 'prevention.view',
  kind: 'read',
});

// ───────────────────────────── school guard posts (护学岗) ─────────────────────────────

export const PERIODS = ['morning', 'afternoon'] as const;
export type Period = (typeof PERIODS)[number];

export interface SchoolView {
  id: string;
  version: number;
  name: string;
  addressId: string | null;
  addressText: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  /** the gate times: pupils arrive in the morning window, leave in the afternoon one */
  morningFrom: string;
  morningTo: string;
  afternoonFrom: string;
  afternoonTo: string;
}

const schoolFields = z.strictObject({
  id: uuid.optional(),
  version: version.optional(),
  name: text(60),
  addressId: optionalUuid,
  contactName: optionalText(50),
  contactPhone: optionalMobile,
  morningFrom: clock,
  morningTo: clock,
  afternoonFrom: clock,
  afternoonTo: clock,
});

export const schoolInput = schoolFields.superRefine((v, ctx) => {
  if (v.morningTo <= v.morningFrom) ctx.addIssue({ code: 'custom', message: k('school.windowEmpty'), path: ['morningTo'] });
  if (v.afternoonTo <= v.afternoonFrom) ctx.addIssue({ code: 'custom', message: k('school.windowEmpty'), path: ['afternoonTo'] });
  if (v.afternoonFrom < v.morningTo) ctx.addIssue({ code: 'custom', message: k('school.afternoonFirst'), path: ['afternoonFrom'] });
});

export const patrolSchoolsList = defineMethod<SchoolView[]>()({
  name: 'patrol.schoolsList',
  input: z.strictObject({}),
  access: 'prevention.view',
  kind: 'read',
});

export const patrolSchoolSave = defineMethod<SchoolView>()({
  name: 'patrol.schoolSave',
  input: schoolInput,
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolSchoolCancel = defineMethod<{ ok: true }>()({
  name: 'patrol.schoolCancel',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export interface TermView {
  id: string;
  version: number;
  name: string;
  startDate: string;
  endDate: string;
}

export const patrolTermsList = defineMethod<TermView[]>()({
  name: 'patrol.termsList',
  input: z.strictObject({}),
  access: 'prevention.view',
  kind: 'read',
});

/** A term is at most a school year long (the term view lists every school day of it). */
export const MAX_TERM_DAYS = 200;

export const patrolTermSave = defineMethod<TermView>()({
  name: 'patrol.termSave',
  input: z
    .strictObject({ id: uuid.optional(), version: version.optional(), name: text(40), startDate: isoDate, endDate: isoDate })
    .superRefine((v, ctx) => {
      if (v.endDate < v.startDate) ctx.addIssue({ code: 'custom', message: k('term.endBeforeStart'), path: ['endDate'] });
      else if ((Date.parse(v.endDate) - Date.parse(v.startDate)) / 86_400_000 >= MAX_TERM_DAYS)
        ctx.addIssue({ code: 'custom', message: k('term.tooLong'), path: ['endDate'], params: { days: MAX_TERM_DAYS } });
    }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export interface AttendanceView {
  id: string;
  version: number;
  staffId: string | null;
  personName: string;
  absent: boolean;
  arrivedAt: string | null;
  leftAt: string | null;
  note: string | null;
  recordedBy: string | null;
}

/**
 * future: not yet started; open: today and not over; covered: over with enough people present;
 * gap: over with fewer present than the roster asks for.
 */
export type PostState = 'future' | 'open' | 'covered' | 'gap';

export interface PostView {
  schoolId: string;
  schoolName: string;
  date: string;
  period: Period;
  /** the roster's window this post comes from, e.g. 早护学岗 07:00–08:30 */
  windowName: string;
  /** the school's gate window: when the post stands */
  from: string;
  to: string;
  /** people the roster's requirement asks for */
  required: number;
  /** who the roster has on duty over the window */
  rostered: { staffId: string; name: string }[];
  attendance: AttendanceView[];
  present: number;
  absent: number;
  state: PostState;
}

export interface PostDay {
  date: string;
  /** a make-up working day's name (e.g. 国庆调休), when it is one */
  holidayName: string | null;
  posts: PostView[];
}

export const patrolSchoolPosts = defineMethod<PostDay & { dutyStaff: { staffId: string; name: string }[] }>()({
  name: 'patrol.schoolPosts',
  input: z.strictObject({ date: isoDate }),
  access: 'prevention.view',
  kind: 'read',
});

export interface TermReport {
  term: TermView;
  /** every school day of the term with its posts */
  days: PostDay[];
  totals: { posts: number; covered: number; gaps: number; absences: number };
}

export const patrolTermView = defineMethod<TermReport>()({
  name: 'patrol.termView',
  input: z.strictObject({ termId: uuid }),
  access: 'prevention.view',
  kind: 'read',
});

export const attendanceInput = z
  .strictObject({
    schoolId: uuid,
    date: isoDate,
    period: z.enum(PERIODS, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') }),
    /** a station member; or, for someone without a login (a volunteer, a school guard), only the name */
    staffId: optionalUuid,
    personName: optionalText(50),
    absent: z.boolean({ error: 'invalidType' }).default(false),
    arrivedAt: instant.nullish().transform((v) => v ?? null),
    leftAt: instant.nullish().transform((v) => v ?? null),
    note: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.staffId === null && v.personName === null) ctx.addIssue({ code: 'custom', message: k('attendance.who'), path: ['staffId'] });
    if (!v.absent && v.arrivedAt === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['arrivedAt'] });
    if (v.absent && (v.arrivedAt !== null || v.leftAt !== null)) ctx.addIssue({ code: 'custom', message: k('attendance.absentWithTimes'), path: ['absent'] });
    if (v.arrivedAt !== null && v.leftAt !== null && v.leftAt <= v.arrivedAt) ctx.addIssue({ code: 'custom', message: k('attendance.leftBeforeArrived'), path: ['leftAt'] });
  });

export const patrolAttendanceAdd = defineMethod<PostView>()({
  name: 'patrol.attendanceAdd',
  input: attendanceInput,
  access: 'prevention.record',
  kind: 'write',
});

export const patrolAttendanceCancel = defineMethod<{ ok: true }>()({
  name: 'patrol.attendanceCancel',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.record',
  kind: 'write',
});

// ───────────────────────────── video channels (视频通道) ─────────────────────────────

export const CAMERA_STATUSES = ['unchecked', 'ok', 'fault'] as const;
export type CameraStatus = (typeof CAMERA_STATUSES)[number];

export interface CameraView {
  id: string;
  version: number;
  /** the channel's id on the video platform (e.g. a GB/T 28181 code) */
  code: string;
  place: string;
  /** which way it looks, e.g. 朝北 / 东门出入口 */
  facing: string | null;
  ownerUnit: string;
  note: string | null;
  status: CameraStatus;
  faultNote: string | null;
  faultSince: string | null;
  lastCheckedAt: string | null;
}

const cameraFields = {
  code: z
    .string({ error: 'required' })
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.string().min(1, { message: 'required' }).max(40, { message: 'tooLong' }).regex(/^[A-Z0-9_.-]+$/, { message: k('camera.codeCharacters') })),
  place: text(100),
  facing: optionalText(40),
  ownerUnit: text(80),
  note: optionalText(200),
};

export const patrolCamerasList = defineMethod<CameraView[]>()({
  name: 'patrol.camerasList',
  input: z.strictObject({}),
  access: 'prevention.view',
  kind: 'read',
});

export const patrolCameraAdd = defineMethod<CameraView>()({
  name: 'patrol.cameraAdd',
  input: z.strictObject(cameraFields),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolCameraUpdate = defineMethod<CameraView>()({
  name: 'patrol.cameraUpdate',
  input: z.strictObject({ id: uuid, version, ...cameraFields }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

/** A camera taken out of the station's platform: kept with the reason. */
export const patrolCameraRetire = defineMethod<{ ok: true }>()({
  name: 'patrol.cameraRetire',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export interface CameraRoundView {
  id: string;
  checkedAt: string;
  checkedBy: string;
  note: string | null;
  results: { cameraId: string; code: string; place: string; ok: boolean; note: string | null }[];
  faults: number;
}

export const cameraRoundInput = z
  .strictObject({
    /** when the round was made; now when absent */
    checkedAt: instant.optional(),
    note: optionalText(200),
    results: z
      .array(z.strictObject({ cameraId: uuid, ok: z.boolean({ error: 'required' }), note: optionalText(200) }), { error: 'required' })
      .min(1, { message: k('round.empty') })
      .max(2000, { message: 'tooLong' }),
  })
  .superRefine((v, ctx) => {
    v.results.forEach((r, i) => {
      // a fault is written down: what is wrong
      if (!r.ok && r.note === null) ctx.addIssue({ code: 'custom', message: k('round.faultNote'), path: ['results', i, 'note'] });
      if (v.results.findIndex((x) => x.cameraId === r.cameraId) !== i) ctx.addIssue({ code: 'custom', message: k('round.twice'), path: ['results', i, 'cameraId'] });
    });
  });

export const patrolCameraRound = defineMethod<CameraRoundView>()({
  name: 'patrol.cameraRound',
  input: cameraRoundInput,
  access: 'prevention.record',
  kind: 'write',
});

export const patrolCameraRounds = defineMethod<CameraRoundView[]>()({
  name: 'patrol.cameraRounds',
  input: z.strictObject({ limit: z.number().int().min(1).max(100).default(10) }),
  access: 'prevention.view',
  kind: 'read',
});

export const preventionMethods = [
  patrolPropertiesList,
  patrolPropertySave,
  patrolPropertyCancel,
  patrolGuardSave,
  patrolGuardCancel,
  patrolGuardReveal,
  patrolCompounds,
  patrolNightCheckAdd,
  patrolNightCheckCancel,
  patrolNightChecks,
  patrolMonthlyScores,
  patrolFeedbackSheet,
  patrolSchoolsList,
  patrolSchoolSave,
  patrolSchoolCancel,
  patrolTermsList,
  patrolTermSave,
  patrolSchoolPosts,
  patrolTermView,
  patrolAttendanceAdd,
  patrolAttendanceCancel,
  patrolCamerasList,
  patrolCameraAdd,
  patrolCameraUpdate,
  patrolCameraRetire,
  patrolCameraRound,
  patrolCameraRounds,
] as const;
