/**
 * What an audit entry says besides its method and record: a kind and its values. The core writes
 * these, never sentences; the audit screens word each kind in the reader's language (the audit
 * catalog has a sentence per kind). What a user typed (a reason, a note) stays their own words, a
 * plain string beside these.
 */
import type { AppointmentStatus } from '../collection/model.js';
import type { Route, WalkInStatus } from '../intake/zones.js';

export type HandoverSide = 'giver' | 'receiver';
export type PasswordAction = 'purge' | 'recoverySheet';
export type CaseStep = 'accepted' | 'agreed' | 'failed' | 'failureAcknowledged' | 'archived';
export type CaseReasonStep = 'declined' | 'extended' | 'cancelled';

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
