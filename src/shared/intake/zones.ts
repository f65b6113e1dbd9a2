import { can } from '../permissions.js';
import type { Role } from '../roles.js';

/** Where a walk-in is routed: one of the station's four zones, or the duty officer. */
export const ROUTES = ['office', 'mediation', 'collection', 'patrol', 'duty'] as const;
export type Route = (typeof ROUTES)[number];

/**
 * The zones whose walk-ins a role sees and serves: every zone for those at the front desk; the
 * mediation zone's alone (those referred to mediation included) for a role that only serves
 * there, a mediator; none for anyone else. The core filters every walk-in read and write by it; a
 * walk-in outside it does not exist for the caller.
 */
export const walkInRoutesOf = (role: Role | undefined): readonly Route[] => {
  if (can(role, 'intake.allZones')) return ROUTES;
  if (can(role, 'intake.viewBoard')) return ['mediation'];
  return [];
};

/** The character that starts a queue number: 调-003 is the third mediation walk-in of the day. */
export const QUEUE_PREFIX: Record<Route, string> = {
  office: '办',
  mediation: '调',
  collection: '采',
  patrol: '巡',
  duty: '值',
};

export const formatQueueNo = (route: Route, seq: number): string => `${QUEUE_PREFIX[route]}-${String(seq).padStart(3, '0')}`;

/**
 * The letter that stands for a zone's character when a queue number is shown in English: O for the
 * office (办), M for mediation (调), C for collection (采), P for patrol (巡), D for the duty officer (值).
 */
export const QUEUE_LETTER: Record<Route, string> = {
  office: 'O',
  mediation: 'M',
  collection: 'C',
  patrol: 'P',
  duty: 'D',
};

const LETTER_OF_PREFIX: Record<string, string> = Object.fromEntries(ROUTES.map((r) => [QUEUE_PREFIX[r], QUEUE_LETTER[r]]));

/**
 * A queue number as the reader sees it. The number is stored (and synced) as it was issued, 调-003;
 * in Chinese it shows as stored, in English (`lang` starting with "en") the zone's character becomes
 * its letter, M-003. Every screen, slip, display and file that shows a queue number shows it
 * through this; the Chinese voice announcement reads the stored number.
 */
export const displayQueueNumber = (queueNo: string, lang: string): string => {
  if (!lang.startsWith('en')) return queueNo;
  const letter = LETTER_OF_PREFIX[queueNo.charAt(0)];
  return letter ? letter + queueNo.slice(1) : queueNo;
};

const PREFIX_OF_LETTER: Record<string, string> = Object.fromEntries(ROUTES.map((r) => [QUEUE_LETTER[r], QUEUE_PREFIX[r]]));

/**
 * What someone typed to find a queue number, as the number is stored: a number as shown in English
 * (M-003, m003, M-0) becomes its stored form (调-003, 调-003, 调-0); one typed as stored (调-003), or
 * anything else (a name), stays as typed. A search matches the stored number with this, in either
 * language.
 */
export const storedQueueNumber = (typed: string): string => {
  const m = /^\s*([a-z])\s*-?\s*(\d*)\s*$/i.exec(typed);
  const prefix = m ? PREFIX_OF_LETTER[m[1].toUpperCase()] : undefined;
  if (!m || !prefix) return typed;
  return m[2] ? `${prefix}-${m[2]}` : prefix;
};

/**
 * A label the core composed around a stored queue number (a task's linked walk-in, a sample of
 * what a purge takes), with that number as the reader sees it; the rest of the label as it is.
 */
export const displayQueueNumberIn = (label: string, queueNo: string | undefined, lang: string): string =>
  queueNo ? label.replace(queueNo, displayQueueNumber(queueNo, lang)) : label;

export const PURPOSES = ['consultation', 'certificate', 'dispute', 'report', 'registration', 'lostFound', 'complaint', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Where a purpose usually goes: the form preselects it, the front desk may change it. */
export const DEFAULT_ROUTE: Record<Purpose, Route> = {
  consultation: 'office',
  certificate: 'office',
  dispute: 'mediation',
  report: 'duty',
  registration: 'collection',
  lostFound: 'duty',
  complaint: 'office',
  other: 'office',
};

export const STATUSES = ['waiting', 'serving', 'done', 'referred', 'left'] as const;
export type WalkInStatus = (typeof STATUSES)[number];

/** The one-action moves of the board; a finished walk-in (done, referred, left) stays finished. */
export const NEXT_STATUSES: Record<WalkInStatus, readonly WalkInStatus[]> = {
  waiting: ['serving', 'left'],
  serving: ['done', 'left', 'waiting'],
  done: [],
  referred: [],
  left: [],
};

export const isFinished = (s: WalkInStatus) => NEXT_STATUSES[s].length === 0;

/**
 * An end the desk can take back for a few seconds (a click on 离开 meant for 接待): done goes back to
 * being served, left and referred to where they were. Taking back a referral withdraws the walk-in
 * it made in the other zone, as long as nobody there has called or served it yet.
 */
export const UNDO_SECONDS = 10;
export const UNDOABLE: Partial<Record<WalkInStatus, readonly WalkInStatus[]>> = {
  done: ['serving'],
  left: ['waiting', 'serving'],
  referred: ['waiting', 'serving'],
};
