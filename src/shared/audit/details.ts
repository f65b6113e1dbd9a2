/**
 * What an audit entry says besides its method and record: a kind and its values. The core writes
 * these, never sentences; the audit screens word each kind in the reader's language (the audit
 * catalog has a sentence per kind). What a user typed (a reason, a note) stays their own words, a
 * plain string beside these.
 */
import type { AppointmentStatus } from '../collection/model.js';
import type { CardFailure, CardReaderFault } from '../intake/cardReader.js';
import type { RatingLevel } from '../intake/hall.js';
import type { Route, WalkInStatus } from '../intake/zones.js';
import type { CaseSource, Performance } from '../mediation/model.js';
import type { AwardTitle, Side } from '../office/assessment.js';
import type { EntryType } from '../office/contract.js';
import type { TerminalMode } from '../pairing/contract.js';
import type { Period } from '../patrol/prevention.schools.js';
import type { RetentionKind } from '../retention/contract.js';

export type HandoverSide = 'giver' | 'receiver';
export type PasswordAction = 'purge' | 'recoverySheet';
export type CaseStep = 'accepted' | 'agreed' | 'failed' | 'failureAcknowledged' | 'archived';
export type CaseReasonStep = 'declined' | 'extended' | 'cancelled';
/** A file kept with a record (a task's photo, a case's evidence), as its audit entry names it. */
export interface FileFacts {
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
}
export type SwapDecision = 'approved' | 'declined' | 'withdrawn';
/** Why a recovery key was not taken (backup.<key> words it as an error). */
export type RecoveryRefusal = 'recoveryKeyNeeded' | 'recoveryKeyMalformed' | 'recoveryKeyMistyped' | 'recoveryKeyWrong' | 'recoveryKeyLimited' | 'notRecoverable';

/** Each kind with its values. */
export interface AuditDetailValues {
  /** a password tried again at a login, an unlock or a signature */
  failedAttempt: { n: number };
  lockedOut: Record<string, never>;
  inactiveAccount: Record<string, never>;
  /** the front desk */
  walkInStatus: { status: WalkInStatus };
  walkInUndone: Record<string, never>;
  walkInReferred: { route: Route; newId: string };
  /** a referral taken back: the walk-in it made in the other zone is withdrawn */
  walkInReferralUndone: { withdrawnId: string };
  returningFound: Record<string, never>;
  returningNotFound: Record<string, never>;
  cardReturning: Record<string, never>;
  cardFirstVisit: Record<string, never>;
  /** a search that confirmed numbers: how many records it found, never the digits typed */
  searchByNumber: { n: number };
  /** collection */
  roomsBatch: { units: number; floors: number; perFloor: number; rooms: number };
  appointmentStatus: { status: AppointmentStatus };
  importPreview: { source: string; fileName: string; counts: Record<string, number> };
  importCommit: { source: string; fileName: string; counts: Record<string, number> };
  importRejects: { source: string; fileName: string };
  /** the handover: who signed for which side, or why a signature was refused */
  handoverSigned: { side: HandoverSide; name: string };
  handoverRefused: { side: HandoverSide; cause: AuditDetail | null };
  /** an action the head confirms with their password, refused (the cause as the password check recorded it) */
  passwordRefused: { action: PasswordAction; cause: AuditDetail | null };
  /** a mediation case moved on a step, or on one with the user's reason */
  caseStep: { step: CaseStep };
  caseStepWithReason: { step: CaseReasonStep; reason: string };
  /** the agreement printed: with the parties' identities in full or masked */
  agreementDocument: { unmasked: boolean };
  /** the unmasking report taken away as a file */
  unmaskingReport: { n: number };
  /** the hall: a number called, the next in line or one the desk chose */
  queueCalled: { queueNo: string; chosen: boolean };
  /** a called number recalled, skipped or put back in line (the method says which) */
  queueNumber: { queueNo: string };
  /** a visitor's rating, and the rating screen it was given on (null: at a logged-in desk) */
  visitorRating: { level: RatingLevel; terminal: string | null };
  /** the ID card reader: its port set (null: none at this PC), a test read and what it gave */
  cardReaderSet: { path: string | null };
  cardReaderTest: { path: string; outcome: 'cardRead' | 'noCard' | CardReaderFault | CardFailure };
  /** patrol: the points a patrol earned each volunteer, the rules, awards, goods */
  patrolEnded: { awards: { name: string; points: number }[] };
  pointsRules: { perHour: number; perPatrol: number; perFinding: number };
  pointsAwarded: { points: number; reason: string };
  pointsCorrected: { points: number; reason: string };
  goodsRestocked: { quantity: number };
  goodsRedeemed: { goods: string; quantity: number; points: number };
  /** prevention: a night check's score, a school post kept, a round of the cameras */
  nightCheck: { property: string; score: number };
  schoolPost: { date: string; period: Period; absent: boolean };
  cameraRound: { checked: number; faults: number };
  /** the office: the duty log, tasks, the assessment */
  shiftOpened: { source: 'roster' | 'manual' };
  logEntryAdded: { type: EntryType };
  taskStandard: { listId: string };
  taskCompleted: { nextId: string | null; photo: FileFacts | null };
  taskPhotoOpened: { fileName: string; sha256: string };
  assessmentItem: { staffId: string; period: string; side: Side; points: number; reason: string };
  award: { year: number; title: AwardTitle; status: 'nominated' | 'winner' };
  /** the head's rule for visitors' ratings in the community score: off, or points per rating and a cap */
  ratingRuleOff: Record<string, never>;
  ratingRule: { plus: number; minus: number; cap: number };
  /** a LAN terminal paired */
  pairingStarted: { name: string; mode: TerminalMode };
  /** retention: the periods set (days; null keeps for ever), and what a purge removed */
  retentionPeriods: { periods: Partial<Record<RetentionKind, number | null>> };
  retentionPurged: { asOf: string; counts: Partial<Record<RetentionKind, number>>; related: number };
  /** mediation: the case opened, its parties, sessions, follow-up and files, the zone's settings */
  caseOpened: { source: CaseSource; walkInId: string | null };
  partyAdded: { name: string };
  partyChanged: { partyId: string };
  mediatorsAssigned: { mediatorIds: string[]; chosenByParties: boolean };
  sessionAdded: { heldAt: string };
  sessionSigned: { sessionId: string };
  followUpScheduled: { date: string };
  followUpDone: { performance: Performance | null };
  fileAttached: { seq: number; file: FileFacts };
  fileOpened: { fileId: string; fileName: string };
  fileWithdrawn: { fileId: string; reason: string };
  mediationSettings: { startLimitHours: number; rescored: number };
  /** the duty roster: a year's holidays saved */
  holidayYearSaved: { year: number };
  /** the engine started on months (listed as given, e.g. "2026-12, 2027-01") */
  rosterGenerateStarted: { months: string };
  /** what the engine found, saved from `from` on; `months` planned together */
  rosterGenerated: { objective: number | null; optimal: boolean; from: string; months: string };
  /** cells changed by hand: each "date staff → shift" */
  rosterCellsChanged: { n: number; cells: string };
  /** re-rostered from a day after a sick call: a small repair, or the engine asked to keep what it can */
  rerosterRepaired: { from: string; changed: number; remaining: number };
  rerosterEngineStarted: { from: string };
  swapDecided: { decision: SwapDecision };
  /** backups: a recovery key refused (never the key itself) */
  recoveryKeyRefused: { file: string; reason: RecoveryRefusal };
  recoveryKeyMade: { backupsUpdated: number };
  recoveryKeyRenewed: { backupsUpdated: number };
  recoverySheetShown: Record<string, never>;
  backupOpenedWithRecoveryKey: { file: string };
  backupRestored: { file: string; takenAt: string; keptAside: string };
  /** a backup of another PC's, opened with the recovery key: its key is sealed on this computer */
  backupRestoredWithRecoveryKey: { file: string; takenAt: string; keptAside: string };
  backupFolder: { folder: string | null };
  /** sync with HQ */
  syncEnrolled: { hqUrl: string };
  syncSettings: { enabled: boolean; retentionDays: number };
  caseTransferRequested: { toStationCode: string };
  caseTransferReceived: { fromStationCode: string; caseNo: string };
  hqCaPinned: Record<string, never>;
  hqCaSystem: Record<string, never>;
}

export type AuditDetailKind = keyof AuditDetailValues;
export type AuditDetail = { [K in AuditDetailKind]: { kind: K } & AuditDetailValues[K] }[AuditDetailKind];

/** Every kind, for the check that each has its words. */
export const AUDIT_DETAIL_KINDS = [
  'failedAttempt',
  'lockedOut',
  'inactiveAccount',
  'walkInStatus',
  'walkInUndone',
  'walkInReferred',
  'walkInReferralUndone',
  'returningFound',
  'returningNotFound',
  'cardReturning',
  'cardFirstVisit',
  'searchByNumber',
  'roomsBatch',
  'appointmentStatus',
  'importPreview',
  'importCommit',
  'importRejects',
  'handoverSigned',
  'handoverRefused',
  'passwordRefused',
  'caseStep',
  'caseStepWithReason',
  'agreementDocument',
  'unmaskingReport',
  'queueCalled',
  'queueNumber',
  'visitorRating',
  'cardReaderSet',
  'cardReaderTest',
  'patrolEnded',
  'pointsRules',
  'pointsAwarded',
  'pointsCorrected',
  'goodsRestocked',
  'goodsRedeemed',
  'nightCheck',
  'schoolPost',
  'cameraRound',
  'shiftOpened',
  'logEntryAdded',
  'taskStandard',
  'taskCompleted',
  'taskPhotoOpened',
  'assessmentItem',
  'award',
  'ratingRuleOff',
  'ratingRule',
  'pairingStarted',
  'retentionPeriods',
  'retentionPurged',
  'caseOpened',
  'partyAdded',
  'partyChanged',
  'mediatorsAssigned',
  'sessionAdded',
  'sessionSigned',
  'followUpScheduled',
  'followUpDone',
  'fileAttached',
  'fileOpened',
  'fileWithdrawn',
  'mediationSettings',
  'holidayYearSaved',
  'rosterGenerateStarted',
  'rosterGenerated',
  'rosterCellsChanged',
  'rerosterRepaired',
  'rerosterEngineStarted',
  'swapDecided',
  'recoveryKeyRefused',
  'recoveryKeyMade',
  'recoveryKeyRenewed',
  'recoverySheetShown',
  'backupOpenedWithRecoveryKey',
  'backupRestored',
  'backupRestoredWithRecoveryKey',
  'backupFolder',
  'syncEnrolled',
  'syncSettings',
  'caseTransferRequested',
  'caseTransferReceived',
  'hqCaPinned',
  'hqCaSystem',
] as const satisfies readonly AuditDetailKind[];

/** What the password check recorded of a refusal (a wrong password, a locked account), if it was a detail. */
export const causeOf = (recorded: AuditDetail | string | null | undefined): AuditDetail | null => (recorded && typeof recorded !== 'string' ? recorded : null);

/** One detail of a kind, with its values: `auditDetail('walkInStatus', { status: 'serving' })`. */
export const auditDetail = <K extends AuditDetailKind>(kind: K, ...values: AuditDetailValues[K] extends Record<string, never> ? [] : [AuditDetailValues[K]]): AuditDetail =>
  ({ kind, ...(values[0] ?? {}) }) as AuditDetail;

/** An entry's detail as stored: a kind with its values as JSON, or the user's own words as they are. */
export const storedDetail = (detail: AuditDetail | string | null | undefined): string | null =>
  detail === null || detail === undefined ? null : typeof detail === 'string' ? detail : JSON.stringify(detail);

/**
 * A stored detail read back: a known kind becomes its values again; anything else (a reason typed,
 * an entry written before details had kinds) is the text itself.
 */
export const readDetail = (stored: string | null): AuditDetail | string | null => {
  if (stored === null || !stored.startsWith('{')) return stored;
  try {
    const parsed = JSON.parse(stored) as { kind?: unknown };
    if (parsed && typeof parsed === 'object' && (AUDIT_DETAIL_KINDS as readonly unknown[]).includes(parsed.kind)) return parsed as AuditDetail;
  } catch {
    // not JSON: someone's words that start with a brace
  }
  return stored;
};
