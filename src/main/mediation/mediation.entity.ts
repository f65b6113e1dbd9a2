/**
 * The mediation zone's synced tables, each declared once (db/syncedTable.ts): its columns, in the
 * order migration 0002 (0006 for files) created them and its outbox triggers list them, give the
 * row type and the writes — insert with the base columns, update with the version check and bump.
 */
import type { IdType } from '../../shared/checks/idNumber.js';
import type { FileTypeName } from '../../shared/files.js';
import type { FileKind } from '../../shared/mediation/files.js';
import type {
  Availability,
  CaseSource,
  CaseStatus,
  DisputeType,
  MediatorOrigin,
  PartyRole,
  Performance,
} from '../../shared/mediation/model.js';
import type { RiskLevel } from '../../shared/mediation/risk.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

/** Columns whose values are JSON text say what they hold; the services parse them. */
const json = col.text;
const jsonOrNull = col.textOrNull;

/** One row per station once its head has saved settings; without it the defaults apply. */
export const settingsTable = defineSyncedTable('mediation_settings', {
  startLimitHours: col.integer(),
  /** JSON: RiskRules */
  riskRules: json(),
});
export type MediationSettingsRow = RowOf<typeof settingsTable>;

export const mediatorTable = defineSyncedTable('mediator', {
  name: col.text(),
  /** JSON: DisputeType[] */
  specialties: json(),
  organisation: col.textOrNull(),
  phone: col.textOrNull(),
  availability: col.text<Availability>(),
  note: col.textOrNull(),
  origin: col.text<MediatorOrigin>(),
  /** the mediator's own station login: a login is linked to one entry at most */
  staffId: col.textOrNull(),
  active: col.boolean(),
});
export type MediatorRow = RowOf<typeof mediatorTable>;

export const caseTable = defineSyncedTable('mediation_case', {
  caseYear: col.integer(),
  caseSeq: col.integer(),
  caseNo: col.text(),
  type: col.text<DisputeType>(),
  place: col.text(),
  placeKey: col.text(),
  addressId: col.textOrNull(),
  facts: col.text(),
  matters: col.textOrNull(),
  evidence: col.textOrNull(),
  investigation: col.textOrNull(),
  /** JSON: Tag[] */
  tags: json(),
  source: col.text<CaseSource>(),
  walkInId: col.textOrNull(),
  referredById: col.textOrNull(),
  referredAt: col.textOrNull(),
  status: col.text<CaseStatus>(),
  outcome: col.textOrNull<'agreed' | 'failed' | 'declined'>(),
  registeredAt: col.text(),
  /** local dates of the events the statistics count by month */
  registeredDate: col.text(),
  registeredById: col.text(),
  decidedAt: col.textOrNull(),
  decidedDate: col.textOrNull(),
  decidedById: col.textOrNull(),
  declineReason: col.textOrNull(),
  refusingPartyId: col.textOrNull(),
  acceptedAt: col.textOrNull(),
  startDueAt: col.textOrNull(),
  startedAt: col.textOrNull(),
  concludeDueDate: col.textOrNull(),
  concludeDueAt: col.textOrNull(),
  extendedAt: col.textOrNull(),
  extendedById: col.textOrNull(),
  extensionReason: col.textOrNull(),
  extendedFromDate: col.textOrNull(),
  /** JSON: party ids */
  extensionConsents: jsonOrNull(),
  extensionConsentNote: col.textOrNull(),
  concludedAt: col.textOrNull(),
  concludedDate: col.textOrNull(),
  concludedById: col.textOrNull(),
  failureFeedback: col.textOrNull(),
  failureAcknowledgedAt: col.textOrNull(),
  failureAcknowledgedById: col.textOrNull(),
  failureAcknowledgeNote: col.textOrNull(),
  archivedAt: col.textOrNull(),
  archivedById: col.textOrNull(),
  riskScore: col.integer(),
  riskLevel: col.text<RiskLevel>(),
  /** JSON: RiskReason[] */
  riskReasons: json(),
  riskAt: col.text(),
  riskPeakLevel: col.text<RiskLevel>(),
});
export type CaseRow = RowOf<typeof caseTable>;

export const partyTable = defineSyncedTable('mediation_party', {
  caseId: col.text(),
  seq: col.integer(),
  name: col.text(),
  idType: col.text<IdType>(),
  idNumber: col.textOrNull(),
  phone: col.textOrNull(),
  address: col.textOrNull(),
  role: col.text<PartyRole>(),
  representative: col.textOrNull(),
  claim: col.textOrNull(),
  /** JSON: Tag[] */
  tags: json(),
});
export type PartyRow = RowOf<typeof partyTable>;

export const assignmentTable = defineSyncedTable('mediation_assignment', {
  caseId: col.text(),
  mediatorId: col.text(),
  chosenByParties: col.boolean(),
  assignedAt: col.text(),
  assignedById: col.text(),
});
export type AssignmentRow = RowOf<typeof assignmentTable>;

export const sessionTable = defineSyncedTable('mediation_session', {
  caseId: col.text(),
  seq: col.integer(),
  heldAt: col.text(),
  place: col.text(),
  /** JSON: party ids */
  attendeePartyIds: json(),
  otherAttendees: col.textOrNull(),
  minutes: col.text(),
  /** JSON: party ids */
  signedPartyIds: json(),
  mediatorSigned: col.boolean(),
  recordedById: col.text(),
});
export type SessionRow = RowOf<typeof sessionTable>;

export const agreementTable = defineSyncedTable('mediation_agreement', {
  caseId: col.text(),
  liability: col.textOrNull(),
  terms: col.text(),
  performanceMethod: col.textOrNull(),
  performancePlace: col.textOrNull(),
  performanceDueDate: col.textOrNull(),
  agreedAt: col.text(),
  agreedDate: col.text(),
  judicialDeadline: col.text(),
  recordedById: col.text(),
});
export type AgreementRow = RowOf<typeof agreementTable>;

export const followUpTable = defineSyncedTable('mediation_follow_up', {
  caseId: col.text(),
  scheduledDate: col.text(),
  scheduledById: col.text(),
  doneAt: col.textOrNull(),
  doneDate: col.textOrNull(),
  doneById: col.textOrNull(),
  performance: col.textOrNull<Performance>(),
  notes: col.textOrNull(),
});
export type FollowUpRow = RowOf<typeof followUpTable>;

export const fileTable = defineSyncedTable('mediation_file', {
  caseId: col.text(),
  seq: col.integer(),
  kind: col.text<FileKind>(),
  /** the name as it was uploaded; shown, never used as a path */
  fileName: col.text(),
  fileType: col.text<FileTypeName>(),
  mime: col.text(),
  size: col.integer(),
  sha256: col.text(),
  /** relative to the data directory, made by the core */
  storedPath: col.text(),
  note: col.textOrNull(),
  uploadedAt: col.text(),
  uploadedById: col.text(),
});
export type FileRow = RowOf<typeof fileTable>;

export const MEDIATION_TABLES = [settingsTable, mediatorTable, caseTable, partyTable, assignmentTable, sessionTable, agreementTable, followUpTable, fileTable];

/** The pool as TypeORM sees it, for the sync zone's reference data. */
export const MediatorEntity = mediatorTable.entity;

export const MEDIATION_ENTITIES = MEDIATION_TABLES.map((t) => t.entity);
