/** The prevention contract: properties (物业) with their guards, night checks and the monthly scores. */
import { z } from 'zod';
import { optionalMobile, optionalPublicPhone, optionalText, personName, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { instant, month, optionalUuid, reason, version, whole } from './prevention.common.js';

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
  /** the company's working phone: not personal data, shown in full to whoever sees the property */
  contactPhone: string | null;
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
  contactPhone: optionalPublicPhone,
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
