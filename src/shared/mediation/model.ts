/**
 * The mediation zone's vocabulary and its pure rules: dispute types, the case state machine and the
 * deadlines of the People's Mediation Law as the station applies them. Shared by the forms and the
 * core, so a button the UI offers is exactly a move the core allows.
 */
import dayjs from 'dayjs';
import { addDays, startOfLocalDate } from '../time.js';

export const DISPUTE_TYPES = ['neighbour', 'family', 'property', 'labour', 'debt', 'traffic', 'consumer', 'other'] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];

/** How a case reached the mediation room. */
export const CASE_SOURCES = ['walkIn', 'referral', 'direct'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const PARTY_ROLES = ['applicant', 'respondent', 'thirdParty'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** The six kinds the Songyuan early-warning module tags disputes by. */
export const TAG_KINDS = ['person', 'event', 'object', 'place', 'organisation', 'network'] as const;
export type TagKind = (typeof TAG_KINDS)[number];
export interface Tag {
  kind: TagKind;
  label: string;
}

export const AVAILABILITIES = ['available', 'busy', 'unavailable'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** A pool entry added at the station, or one HQ sent (HQ's own fields are HQ's to change). */
export const MEDIATOR_ORIGINS = ['station', 'hq'] as const;
export type MediatorOrigin = (typeof MEDIATOR_ORIGINS)[number];

/** How well an agreement was carried out, as the follow-up visit found it. */
export const PERFORMANCE = ['full', 'partial', 'none'] as const;
export type Performance = (typeof PERFORMANCE)[number];

export const CASE_STATUSES = [
  'registered',
  'accepted',
  'declined',
  'mediating',
  'agreed',
  'failed',
  'followedUp',
  'archived',
  'cancelled',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Every move of a case. A refusing party makes the case declined (no mediation without both sides);
 * a failure can be reported before the first session too (a party never turns up). Archived and
 * cancelled are final; anything else may be cancelled with a reason (a case is never deleted).
 */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  registered: ['accepted', 'declined', 'cancelled'],
  accepted: ['mediating', 'failed', 'cancelled'],
  mediating: ['agreed', 'failed', 'cancelled'],
  agreed: ['followedUp', 'cancelled'],
  failed: ['archived', 'cancelled'],
  declined: ['archived', 'cancelled'],
  followedUp: ['archived', 'cancelled'],
  archived: [],
  cancelled: [],
};

export const canMove = (from: CaseStatus, to: CaseStatus): boolean => TRANSITIONS[from].includes(to);
export const isFinal = (s: CaseStatus): boolean => TRANSITIONS[s].length === 0;

/** Mediation is under way or due: the clocks run. */
export const RUNNING_STATUSES: readonly CaseStatus[] = ['accepted', 'mediating'];
/** Facts, parties and tags may still be corrected. */
export const EDITABLE_STATUSES: readonly CaseStatus[] = ['registered', 'accepted', 'mediating'];
/** Everything the queue shows (every state but the final ones): each still waits for someone's action. */
export const OPEN_STATUSES = ['registered', 'accepted', 'declined', 'mediating', 'agreed', 'failed', 'followedUp'] as const;

/** The actions of the contract, named by what the user does; `next` of a case lists the ones it allows now. */
export const CASE_ACTIONS = [
  'update',
  'addParty',
  'accept',
  'decline',
  'assign',
  'addSession',
  'recordAgreement',
  'recordFailure',
  'acknowledgeFailure',
  'extend',
  'scheduleFollowUp',
  'recordFollowUp',
  'archive',
  'cancel',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The state a case must be in for each action (the core adds the checks that need data). */
export const ACTION_STATUSES: Record<CaseAction, readonly CaseStatus[]> = {
  update: EDITABLE_STATUSES,
  addParty: EDITABLE_STATUSES,
  accept: ['registered'],
  decline: ['registered'],
  assign: ['accepted', 'mediating'],
  addSession: ['accepted', 'mediating'],
  recordAgreement: ['mediating'],
  recordFailure: ['accepted', 'mediating'],
  acknowledgeFailure: ['failed'],
  extend: ['accepted', 'mediating'],
  // a failed case is visited too: one that failed at high risk stays flagged until someone has been (needsRiskVisit)
  scheduleFollowUp: ['agreed', 'followedUp', 'failed'],
  recordFollowUp: ['agreed', 'followedUp', 'failed'],
  archive: ['declined', 'failed', 'followedUp'],
  cancel: OPEN_STATUSES,
};

/**
 * A mediation that failed while the dispute was at high risk of turning criminal (民转刑) is not
 * done with when the duty officer acknowledges it: the threat stays. It stays on the 预警 card
 * until someone records a follow-up visit (回访) to the parties, and is archived only after one.
 */
export const needsRiskVisit = (c: { status: CaseStatus; riskLevel: string }, visited: boolean): boolean =>
  c.status === 'failed' && c.riskLevel === 'high' && !visited;

/** What the station allows unless its head sets otherwise: start mediating within 24 hours. */
export const DEFAULT_START_LIMIT_HOURS = 24;

/** The instant by which mediation must have started: acceptance plus the station's limit. */
export const startDueAt = (acceptedAt: Date, limitHours: number): string =>
  new Date(acceptedAt.getTime() + limitHours * 3_600_000).toISOString();

/**
 * A local calendar date `months` later, clamped to the end of a shorter month: one month after
 * 31 January is 28 (or 29) February, not 3 March.
 */
export const addMonthsClamped = (date: string, months: number): string => dayjs(date).add(months, 'month').format('YYYY-MM-DD');

/**
 * "Concluded within one month" (人民调解法 Art. 28 practice): the local date one calendar month
 * after the local date of acceptance; the case is due by the end of that day.
 */
export const concludeDueDate = (acceptedLocalDate: string): string => addMonthsClamped(acceptedLocalDate, 1);

/** The latest date an extension may reach: a second month from acceptance. */
export const latestExtensionDate = (acceptedLocalDate: string): string => addMonthsClamped(acceptedLocalDate, 2);

/** The instant a local due date has passed: midnight after it, in the station's time zone. */
export const endOfLocalDay = (date: string, timeZone: string): string => startOfLocalDate(addDays(date, 1), timeZone).toISOString();

/** Parties may jointly ask a court to confirm the agreement within 30 days of its signing (Art. 33). */
export const JUDICIAL_CONFIRMATION_DAYS = 30;
export const judicialConfirmationDeadline = (agreedLocalDate: string): string => addDays(agreedLocalDate, JUDICIAL_CONFIRMATION_DAYS);

/**
 * The form of a place that repeats are matched on: width-folded (NFKC), lower case, without spaces
 * and punctuation — "繁荣路 18号" and "繁荣路18号。" are the same place.
 */
export const placeKey = (place: string): string =>
  place
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');

/** A case number as the station's registers show it: the local year and a sequence, 2026-0007. */
export const formatCaseNo = (year: number, seq: number): string => `${year}-${String(seq).padStart(4, '0')}`;
