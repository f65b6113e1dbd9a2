/** The prevention contract: schools, terms and the guard posts' attendance (护学岗). */
import { z } from 'zod';
import { isoDate, optionalPublicPhone, optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { clock, instant, k, optionalUuid, reason, version } from './prevention.common.js';

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
  /** the school's working phone: not personal data, shown in full */
  contactPhone: string | null;
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
  contactPhone: optionalPublicPhone,
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
/** `untracked`: a past post of a term entered later, before the day it was entered: no gap, nobody was recording */
export type PostState = 'future' | 'open' | 'covered' | 'gap' | 'untracked';

export interface PostView {
  schoolId: string;
  schoolName: string;
  date: string;
  period: Period;
  /** the roster's windows this post comes from, e.g. 早护学岗 07:00–08:30; each language joins them its own way */
  windowNames: string[];
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
  /**
   * why a day has no posts, said as it is: no school registered, not a school day (weekend or
   * holiday), or no school-day guard window set in the roster settings; null when it has posts
   */
  noPostsBecause?: 'noSchools' | 'notSchoolDay' | 'noWindows' | null;
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
