/**
 * The front desk as a service hall: calling walk-ins to their zone (叫号, 重呼, 过号), the public
 * display that shows and announces the calls, and the visitors' satisfaction ratings (好差评).
 *
 * The display and the rating screen are public: they show a queue number and a masked name
 * (张*华), never an ID number or a phone. They run on a LAN terminal the head paired for that one
 * screen (it calls that screen's methods and nothing else, without a login), or in a window of a
 * PC where someone is logged in.
 */
import { z } from 'zod';
import { isoDate, optionalText, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { route } from './contract.js';
import type { Route } from './zones.js';

/** What happened to a walk-in at the calling desk, in order; the latest says where it stands. */
export const CALL_ACTIONS = ['call', 'recall', 'skip', 'putBack'] as const;
export type CallAction = (typeof CALL_ACTIONS)[number];

/** Where a waiting walk-in stands in the calling: not yet called (or put back), called, skipped (过号). */
export type CallState = 'queued' | 'called' | 'skipped';
export const callStateOf = (latest: CallAction | null): CallState =>
  latest === 'call' || latest === 'recall' ? 'called' : latest === 'skip' ? 'skipped' : 'queued';

/**
 * A name as a public screen shows it: the first and last characters, the middle starred (张*华,
 * 李*); a Latin name its first letter and the last's.
 */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars[chars.length - 1]}`;
};

/** A walk-in in the calling desk's list (the staff see the name: it is their board). */
export interface QueuedWalkIn {
  walkInId: string;
  queueNo: string;
  route: Route;
  visitorName: string;
  arrivedAt: string;
  status: 'waiting' | 'serving';
  callState: CallState;
  lastCalledAt: string | null;
  /** how often it was called (called again included) */
  calls: number;
}

export interface CallQueue {
  route: Route;
  localDate: string;
  /** waiting and being served, in the order they are called (arrival) */
  walkIns: QueuedWalkIn[];
}

export const intakeCallQueue = defineMethod<CallQueue>()({
  name: 'intake.callQueue',
  input: z.strictObject({ route }),
  access: 'intake.serve',
  kind: 'read',
});

/** 叫号: the next walk-in of the zone's queue (none chosen), or the one chosen. */
export const intakeCall = defineMethod<QueuedWalkIn>()({
  name: 'intake.call',
  input: z.strictObject({ route, walkInId: uuid.optional() }),
  access: 'intake.serve',
  kind: 'write',
});

/** 重呼: the walk-in called last is called again. */
export const intakeRecall = defineMethod<QueuedWalkIn>()({
  name: 'intake.recall',
  input: z.strictObject({ walkInId: uuid }),
  access: 'intake.serve',
  kind: 'write',
});

/** 过号: a called walk-in who did not come is passed over; it keeps its number. */
export const intakeSkip = defineMethod<QueuedWalkIn>()({
  name: 'intake.skip',
  input: z.strictObject({ walkInId: uuid }),
  access: 'intake.serve',
  kind: 'write',
});

/** A skipped walk-in who came back goes back into the queue, at the place its number gives it. */
export const intakePutBack = defineMethod<QueuedWalkIn>()({
  name: 'intake.putBack',
  input: z.strictObject({ walkInId: uuid }),
  access: 'intake.serve',
  kind: 'write',
});

/** A call as the public display shows it. */
export interface DisplayCall {
  id: string;
  route: Route;
  queueNo: string;
  nameMasked: string;
  at: string;
  /** 重呼: the same number again */
  again: boolean;
}

export interface DisplayState {
  /** pass back as `after` to wait for the next change */
  seq: number;
  stationName: string;
  dutyPhone: string | null;
  localDate: string;
  /** per zone the number called last (being served) and the calls before it */
  zones: { route: Route; current: DisplayCall | null; recent: DisplayCall[] }[];
  /** today's calls across zones, newest first: the display announces those it has not yet announced */
  calls: DisplayCall[];
}

/** Waits at most this long for a change before answering with things as they are. */
export const LONG_POLL_MAX_MS = 25_000;
const longPoll = z.strictObject({ after: z.number().int().min(0).optional(), waitMs: z.number().int().min(0).max(LONG_POLL_MAX_MS).optional() });

/**
 * The public display. Without `after` it answers at once; with it, when the next call is made
 * (or `waitMs` has passed). Answered outside the core's queue while it waits, so a display waiting
 * holds up no one. A locked session's window keeps showing it: there is nothing on it that is not
 * on the wall of the hall.
 */
export const intakeDisplay = defineMethod<DisplayState>()({
  name: 'intake.display',
  input: longPoll,
  access: 'intake.publicScreens',
  terminal: 'display',
  kind: 'read',
  unqueued: true,
  allowWhileRestricted: true,
});

export const RATING_LEVELS = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
/** 差评: these two ask for reasons and become a follow-up item of the duty log. */
export const POOR_LEVELS: readonly RatingLevel[] = ['dissatisfied', 'veryDissatisfied'];
export const isPoor = (level: RatingLevel): boolean => POOR_LEVELS.includes(level);
export const RATING_REASONS = ['longWait', 'attitude', 'unresolved', 'unclear', 'other'] as const;
export type RatingReason = (typeof RATING_REASONS)[number];
/** The levels and reasons in Chinese: the rating screen's words in zh, and the duty log's (a Chinese record). */
export const RATING_LEVEL_ZH: Record<RatingLevel, string> = {
  verySatisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  veryDissatisfied: '非常不满意',
};
export const RATING_REASON_ZH: Record<RatingReason, string> = {
  longWait: '等候时间长',
  attitude: '态度不好',
  unresolved: '没有解决问题',
  unclear: '办事不清楚',
  other: '其他',
};
/** How long after a walk-in ended the rating screen still offers it. */
export const RATING_OFFER_MINUTES = 30;

/** A walk-in the rating screen offers: its number and masked name only. */
export interface RatableWalkIn {
  walkInId: string;
  queueNo: string;
  route: Route;
  nameMasked: string;
  finishedAt: string;
}

export const intakeRatingNext = defineMethod<{ seq: number; walkIns: RatableWalkIn[] }>()({
  name: 'intake.ratingNext',
  input: longPoll,
  access: 'intake.publicScreens',
  terminal: 'rating',
  kind: 'read',
  unqueued: true,
  allowWhileRestricted: true,
});

export const rateInput = z
  .strictObject({
    walkInId: uuid,
    level: z.enum(RATING_LEVELS, { error: 'invalidOption' }),
    reasons: z.array(z.enum(RATING_REASONS, { error: 'invalidOption' })).max(RATING_REASONS.length, { message: 'tooMany' }).default([]),
    comment: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (isPoor(v.level) && v.reasons.length === 0) ctx.addIssue({ code: 'custom', message: 'intake.ratingReasons', path: ['reasons'] });
    if (!isPoor(v.level) && v.reasons.length > 0) ctx.addIssue({ code: 'custom', message: 'intake.ratingNoReasons', path: ['reasons'] });
  });

/** The visitor's rating of a walk-in that ended: one per walk-in. */
export const intakeRate = defineMethod<{ id: string }>()({
  name: 'intake.rate',
  input: rateInput,
  access: 'intake.publicScreens',
  terminal: 'rating',
  kind: 'write',
  allowWhileRestricted: true,
});

export interface Rating {
  id: string;
  walkInId: string;
  localDate: string;
  ratedAt: string;
  level: RatingLevel;
  reasons: RatingReason[];
  comment: string | null;
  queueNo: string;
  route: Route;
  visitorName: string;
  servedBy: string | null;
  /** the paired terminal it was given on; null: a logged-in PC's window */
  terminalName: string | null;
  /** the duty log's follow-up item a poor rating became; null when no shift was open */
  dutyEntryId: string | null;
}

export const intakeRatings = defineMethod<{ ratings: Rating[] }>()({
  name: 'intake.ratings',
  input: z
    .strictObject({ from: isoDate.optional(), to: isoDate.optional(), poorOnly: z.boolean().default(false) })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'dateRange', path: ['to'] }),
  access: 'intake.ratings',
  kind: 'read',
});

export interface RatingStats {
  localDate: string;
  count: number;
  /** 好评: 非常满意, 满意, 基本满意 */
  satisfied: number;
  /** satisfied / count, null without ratings */
  rate: number | null;
}

export const intakeRatingStats = defineMethod<RatingStats>()({
  name: 'intake.ratingStats',
  input: z.strictObject({}),
  access: 'intake.ratings',
  kind: 'read',
});

export const hallMethods = [
  intakeCallQueue,
  intakeCall,
  intakeRecall,
  intakeSkip,
  intakePutBack,
  intakeDisplay,
  intakeRatingNext,
  intakeRate,
  intakeRatings,
  intakeRatingStats,
] as const;
