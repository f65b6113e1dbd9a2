/**
 * The double-hundred assessment (双百分考核): per person and period (month, quarter, year) a score
 * out of 100 from the police side (公安) and one out of 100 from the community side (社区). Each
 * starts at 100 and moves by defined items: deductions the app computes from its own data, and
 * manual items the head records with a reason. The breakdown is part of every score.
 *
 * Which side an item counts on: overdue tasks are police work (the standard task list is the
 * police's); data-quality faults of the collection (co-collected with the community's grid
 * workers) and overdue people's mediations are the community side's.
 *
 * Visitors' ratings (好差评) count on the community side by a rule the head sets: points per satisfied
 * rating of a walk-in the person served, a deduction per poor one, a cap either way — or not at all.
 *
 * Yearly awards (优秀社区民警, 优秀社区辅警, 优秀网格员): the year's ranking, nominations, the winners,
 * and the rule "three times in a row" (the same award won three consecutive years).
 */
import { z } from 'zod';
import { optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import type { Role } from '../roles.js';

export const SIDES = ['police', 'community'] as const;
export type Side = (typeof SIDES)[number];

/** Who is assessed. */
export const ASSESSED_ROLES: readonly Role[] = ['officer', 'auxiliary', 'gridWorker'];

/** The full score of each side. */
export const SIDE_POINTS = 100;

export interface DataItem {
  key: 'overdueTask' | 'disputedRecord' | 'incompleteRecord' | 'overdueMediation';
  side: Side;
  /** deducted per occurrence */
  pointsEach: number;
  /** at most this much per period */
  cap: number;
}

/** The items computed from data, as the station's assessment rules define them. */
export const DATA_ITEMS: readonly DataItem[] = [
  // a task still open past its due date, or done after it
  { key: 'overdueTask', side: 'police', pointsEach: 2, cap: 30 },
  // a resident record the person collected that verification found wrong (disputed)
  { key: 'disputedRecord', side: 'community', pointsEach: 1, cap: 20 },
  // a resident record the person collected with a data-quality fault of the collection zone's
  // worklist: fields missing, an ID number of the wrong shape, no standard address (一标)
  { key: 'incompleteRecord', side: 'community', pointsEach: 0.5, cap: 20 },
  // a mediation the person mediates that missed its start or conclusion deadline
  { key: 'overdueMediation', side: 'community', pointsEach: 3, cap: 30 },
];

export const AWARD_TITLES = ['excellentOfficer', 'excellentAuxiliary', 'excellentGridWorker'] as const;
export type AwardTitle = (typeof AWARD_TITLES)[number];
export const AWARD_ROLE: Record<AwardTitle, Role> = { excellentOfficer: 'officer', excellentAuxiliary: 'auxiliary', excellentGridWorker: 'gridWorker' };
/** Consecutive years one award is won for the rule "three times in a row". */
export const IN_A_ROW = 3;

/** 2026-11 (a month), 2026-Q4 (a quarter), 2026 (a year). */
export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

/** The local dates a period spans, both ends included. */
export const periodRange = (period: string): { from: string; to: string } => {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  const year = Number(m[1]);
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  const [first, last] = m[2] ? [Number(m[2]), Number(m[2])] : m[3] ? [Number(m[3]) * 3 - 2, Number(m[3]) * 3] : [1, 12];
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(last))}` };
};

const period = z.string({ error: 'required' }).trim().regex(PERIOD_PATTERN, { message: 'office.assessment.period' });
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });
const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'invalid' });
const year = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(2000, { message: 'invalid' }).max(2100, { message: 'invalid' });

/**
 * 好差评 in the score, as the head sets it. Satisfied: 非常满意, 满意, 基本满意 (as the satisfaction
 * rate counts them); poor: 不满意, 非常不满意. Ratings are the served person's (a rating is written
 * in their name), counted on the community side.
 */
export interface RatingRule {
  on: boolean;
  /** added per satisfied rating */
  pointsPerSatisfied: number;
  /** deducted per poor rating */
  pointsPerPoor: number;
  /** at most this much added, and at most this much deducted, per period */
  cap: number;
}

/** Until the head sets it: off, with values to start from. */
export const DEFAULT_RATING_RULE: RatingRule = { on: false, pointsPerSatisfied: 0.5, pointsPerPoor: 2, cap: 10 };

export interface AssessmentRules {
  /** 0 until the head first saves */
  version: number;
  rating: RatingRule;
  /** who set the rules and when: the source the score shows */
  setBy: string | null;
  setAt: string | null;
}

/** The items the rules add: ratings count as two lines, one adds and one deducts. */
export type RuleItemKey = 'ratingSatisfied' | 'ratingPoor';

export interface ScoreLine {
  /** a data item's key, a rule's item, or `manual` */
  key: DataItem['key'] | RuleItemKey | 'manual';
  /** computed from data by the fixed items, by the head's rule (`rule`), or recorded by hand */
  source: 'data' | 'rule' | 'manual';
  /** occurrences found (data items) */
  count: number | null;
  pointsEach: number | null;
  /** signed: negative deducts */
  points: number;
  /** the deduction reached the item's cap */
  capped: boolean;
  reason: string | null;
  /** a manual item's row, to cancel it */
  itemId: string | null;
  version: number | null;
  recordedBy: string | null;
}

export interface SideScore {
  score: number;
  lines: ScoreLine[];
}

export interface PersonScore {
  staffId: string;
  name: string;
  role: Role;
  police: SideScore;
  community: SideScore;
  /** both sides together, out of 200 */
  total: number;
}

export interface Assessment {
  period: string;
  from: string;
  to: string;
  people: PersonScore[];
  /** the head's rules the score was computed with */
  rules: AssessmentRules;
}

export const officeAssessment = defineMethod<Assessment>()({
  name: 'office.assessment',
  /** others than the head see their own score only */
  input: z.strictObject({ period }),
  access: 'office.assessment',
  kind: 'read',
});

/**
 * A manual item: points added or deducted with the reason. One item moves a side by at most its
 * full 100 points, and never by nothing or by a negative amount (the effect says which way).
 */
export const officeAssessmentItemAdd = defineMethod<ScoreLine>()({
  name: 'office.assessmentItemAdd',
  input: z.strictObject({
    staffId: uuid,
    period,
    side: choice(SIDES),
    effect: choice(['deduct', 'add'] as const),
    points: z
      .number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') })
      .positive({ message: 'office.assessment.pointsPositive' })
      .max(SIDE_POINTS, { message: 'office.assessment.pointsTooMany' })
      .refine((v) => Number.isInteger(v * 2), { message: 'office.assessment.pointsHalf' }),
    reason: text(200),
  }),
  access: 'office.assess',
  kind: 'write',
});

export const officeAssessmentItemCancel = defineMethod<{ ok: true }>()({
  name: 'office.assessmentItemCancel',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'office.assess',
  kind: 'write',
});

export interface AwardEntry {
  id: string;
  version: number;
  year: number;
  title: AwardTitle;
  staffId: string;
  name: string;
  status: 'nominated' | 'winner';
  note: string | null;
  /** consecutive years up to this one in which this person won this award (winners only) */
  streak: number;
}

export interface RankedPerson {
  rank: number;
  staffId: string;
  name: string;
  total: number;
}

export interface Honour {
  staffId: string;
  name: string;
  title: AwardTitle;
  /** the consecutive years won, the third (or later) among them */
  years: number[];
}

export interface Awards {
  year: number;
  titles: { title: AwardTitle; role: Role; ranking: RankedPerson[]; entries: AwardEntry[] }[];
  /** everyone who has won an award three times in a row, up to this year */
  honours: Honour[];
}

export const officeAwards = defineMethod<Awards>()({
  name: 'office.awards',
  input: z.strictObject({ year }),
  access: 'office.assessment',
  kind: 'read',
});

/** Nominates a person for a year's award, or records them as its winner. */
export const officeAwardRecord = defineMethod<AwardEntry>()({
  name: 'office.awardRecord',
  input: z.strictObject({ year, title: choice(AWARD_TITLES), staffId: uuid, status: choice(['nominated', 'winner'] as const), note: optionalText(200) }),
  access: 'office.assess',
  kind: 'write',
});

export const officeAwardCancel = defineMethod<{ ok: true }>()({
  name: 'office.awardCancel',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'office.assess',
  kind: 'write',
});

const points = (max: number, tooMany: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') })
    .min(0, { message: 'office.assessment.pointsNegative' })
    .max(max, { message: tooMany })
    .refine((v) => Number.isInteger(v * 2), { message: 'office.assessment.pointsHalf' });

/** Per rating at most this many points either way: a rating is one visitor's word. */
export const RATING_POINTS_MAX = 10;

export const ratingRuleInput = z
  .strictObject({
    on: z.boolean({ error: 'invalidType' }),
    pointsPerSatisfied: points(RATING_POINTS_MAX, 'office.assessment.ratingPointsTooMany'),
    pointsPerPoor: points(RATING_POINTS_MAX, 'office.assessment.ratingPointsTooMany'),
    cap: points(SIDE_POINTS, 'office.assessment.pointsTooMany'),
  })
  // a rule that is on moves the score: some points per rating, and room for them under the cap
  .superRefine((v, ctx) => {
    if (!v.on) return;
    if (v.pointsPerSatisfied === 0 && v.pointsPerPoor === 0) ctx.addIssue({ code: 'custom', message: 'office.assessment.ruleNoPoints', path: ['pointsPerPoor'] });
    if (v.cap === 0) ctx.addIssue({ code: 'custom', message: 'office.assessment.ruleNoCap', path: ['cap'] });
  });

export const officeAssessmentRules = defineMethod<AssessmentRules>()({
  name: 'office.assessmentRules',
  input: z.strictObject({}),
  access: 'office.assessment',
  kind: 'read',
});

/** The head sets how ratings count; `version` is the one read (0 before the first save). */
export const officeAssessmentRulesSave = defineMethod<AssessmentRules>()({
  name: 'office.assessmentRulesSave',
  input: z.strictObject({ version: version.or(z.literal(0)), rating: ratingRuleInput }),
  access: 'office.assess',
  kind: 'write',
});

export const officeAssessmentMethods = [officeAssessment, officeAssessmentItemAdd, officeAssessmentItemCancel, officeAwards, officeAwardRecord, officeAwardCancel, officeAssessmentRules, officeAssessmentRulesSave] as const;
