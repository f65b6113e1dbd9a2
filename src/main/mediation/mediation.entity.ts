import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { IdType } from '../../shared/checks/idNumber.js';
import type {
  Availability,
  CaseSource,
  CaseStatus,
  DisputeType,
  MediatorOrigin,
  PartyRole,
  Performance,
} from '../../shared/mediation/model.js';
import type { FileTypeName } from '../../shared/files.js';
import type { FileKind } from '../../shared/mediation/files.js';
import type { RiskLevel } from '../../shared/mediation/risk.js';
import { syncedColumns, type SyncedRow } from '../db/baseColumns.js';

const textCol: EntitySchemaColumnOptions = { type: 'text' };
const nullableText: EntitySchemaColumnOptions = { type: 'text', nullable: true };
const intCol: EntitySchemaColumnOptions = { type: 'integer' };
const boolCol: EntitySchemaColumnOptions = { type: 'boolean' };

/** Columns whose values are JSON text are named in the row types; the service parses them. */
type Json = string;

export interface MediationSettingsRow extends SyncedRow {
  startLimitHours: number;
  /** JSON: RiskRules */
  riskRules: Json;
}

export const MediationSettingsEntity = new EntitySchema<MediationSettingsRow>({
  name: 'mediation_settings',
  columns: { ...syncedColumns, startLimitHours: intCol, riskRules: textCol },
});

export interface MediatorRow extends SyncedRow {
  name: string;
  /** JSON: DisputeType[] */
  specialties: Json;
  organisation: string | null;
  phone: string | null;
  availability: Availability;
  note: string | null;
  origin: MediatorOrigin;
  staffId: string | null;
  active: boolean;
}

export const MediatorEntity = new EntitySchema<MediatorRow>({
  name: 'mediator',
  columns: {
    ...syncedColumns,
    name: textCol,
    specialties: textCol,
    organisation: nullableText,
    phone: nullableText,
    availability: textCol,
    note: nullableText,
    origin: textCol,
    staffId: nullableText,
    active: boolCol,
  },
});

export interface CaseRow extends SyncedRow {
  caseYear: number;
  caseSeq: number;
  caseNo: string;
  type: DisputeType;
  place: string;
  placeKey: string;
  addressId: string | null;
  facts: string;
  matters: string | null;
  evidence: string | null;
  investigation: string | null;
  /** JSON: Tag[] */
  tags: Json;
  source: CaseSource;
  walkInId: string | null;
  referredById: string | null;
  referredAt: string | null;
  status: CaseStatus;
  outcome: 'agreed' | 'failed' | 'declined' | null;
  registeredAt: string;
  /** local dates of the events the statistics count by month */
  registeredDate: string;
  registeredById: string;
  decidedAt: string | null;
  decidedDate: string | null;
  decidedById: string | null;
  declineReason: string | null;
  refusingPartyId: string | null;
  acceptedAt: string | null;
  startDueAt: string | null;
  startedAt: string | null;
  concludeDueDate: string | null;
  concludeDueAt: string | null;
  extendedAt: string | null;
  extendedById: string | null;
  extensionReason: string | null;
  extendedFromDate: string | null;
  /** JSON: party ids */
  extensionConsents: Json | null;
  extensionConsentNote: string | null;
  concludedAt: string | null;
  concludedDate: string | null;
  concludedById: string | null;
  failureFeedback: string | null;
  failureAcknowledgedAt: string | null;
  failureAcknowledgedById: string | null;
  failureAcknowledgeNote: string | null;
  archivedAt: string | null;
  archivedById: string | null;
  riskScore: number;
  riskLevel: RiskLevel;
  /** JSON: RiskReason[] */
  riskReasons: Json;
  riskAt: string;
  riskPeakLevel: RiskLevel;
}

export const CaseEntity = new EntitySchema<CaseRow>({
  name: 'mediation_case',
  columns: {
    ...syncedColumns,
    caseYear: intCol,
    caseSeq: intCol,
    caseNo: textCol,
    type: textCol,
    place: textCol,
    placeKey: textCol,
    addressId: nullableText,
    facts: textCol,
    matters: nullableText,
    evidence: nullableText,
    investigation: nullableText,
    tags: textCol,
    source: textCol,
    walkInId: nullableText,
    referredById: nullableText,
    referredAt: nullableText,
    status: textCol,
    outcome: nullableText,
    registeredAt: textCol,
    registeredDate: textCol,
    registeredById: textCol,
    decidedAt: nullableText,
    decidedDate: nullableText,
    decidedById: nullableText,
    declineReason: nullableText,
    refusingPartyId: nullableText,
    acceptedAt: nullableText,
    startDueAt: nullableText,
    startedAt: nullableText,
    concludeDueDate: nullableText,
    concludeDueAt: nullableText,
    extendedAt: nullableText,
    extendedById: nullableText,
    extensionReason: nullableText,
    extendedFromDate: nullableText,
    extensionConsents: nullableText,
    extensionConsentNote: nullableText,
    concludedAt: nullableText,
    concludedDate: nullableText,
    concludedById: nullableText,
    failureFeedback: nullableText,
    failureAcknowledgedAt: nullableText,
    failureAcknowledgedById: nullableText,
    failureAcknowledgeNote: nullableText,
    archivedAt: nullableText,
    archivedById: nullableText,
    riskScore: intCol,
    riskLevel: textCol,
    riskReasons: textCol,
    riskAt: textCol,
    riskPeakLevel: textCol,
  },
});

export interface PartyRow extends SyncedRow {
  caseId: string;
  seq: number;
  name: string;
  idType: IdType;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  role: PartyRole;
  representative: string | null;
  claim: string | null;
  /** JSON: Tag[] */
  tags: Json;
}

export const PartyEntity = new EntitySchema<PartyRow>({
  name: 'mediation_party',
  columns: {
    ...syncedColumns,
    caseId: textCol,
    seq: intCol,
    name: textCol,
    idType: textCol,
    idNumber: nullableText,
    phone: nullableText,
    address: nullableText,
    role: textCol,
    representative: nullableText,
    claim: nullableText,
    tags: textCol,
  },
});

export interface AssignmentRow extends SyncedRow {
  caseId: string;
  mediatorId: string;
  chosenByParties: boolean;
  assignedAt: string;
  assignedById: string;
}

export const AssignmentEntity = new EntitySchema<AssignmentRow>({
  name: 'mediation_assignment',
  columns: { ...syncedColumns, caseId: textCol, mediatorId: textCol, chosenByParties: boolCol, assignedAt: textCol, assignedById: textCol },
});

export interface SessionRow extends SyncedRow {
  caseId: string;
  seq: number;
  heldAt: string;
  place: string;
  /** JSON: party ids */
  attendeePartyIds: Json;
  otherAttendees: string | null;
  minutes: string;
  /** JSON: party ids */
  signedPartyIds: Json;
  mediatorSigned: boolean;
  recordedById: string;
}

export const SessionEntity = new EntitySchema<SessionRow>({
  name: 'mediation_session',
  columns: {
    ...syncedColumns,
    caseId: textCol,
    seq: intCol,
    heldAt: textCol,
    place: textCol,
    attendeePartyIds: textCol,
    otherAttendees: nullableText,
    minutes: textCol,
    signedPartyIds: textCol,
    mediatorSigned: boolCol,
    recordedById: textCol,
  },
});

export interface AgreementRow extends SyncedRow {
  caseId: string;
  liability: string | null;
  terms: string;
  performanceMethod: string | null;
  performancePlace: string | null;
  performanceDueDate: string | null;
  agreedAt: string;
  agreedDate: string;
  judicialDeadline: string;
  recordedById: string;
}

export const AgreementEntity = new EntitySchema<AgreementRow>({
  name: 'mediation_agreement',
  columns: {
    ...syncedColumns,
    caseId: textCol,
    liability: nullableText,
    terms: textCol,
    performanceMethod: nullableText,
    performancePlace: nullableText,
    performanceDueDate: nullableText,
    agreedAt: textCol,
    agreedDate: textCol,
    judicialDeadline: textCol,
    recordedById: textCol,
  },
});

export interface FollowUpRow extends SyncedRow {
  caseId: string;
  scheduledDate: string;
  scheduledById: string;
  doneAt: string | null;
  doneDate: string | null;
  doneById: string | null;
  performance: Performance | null;
  notes: string | null;
}

export const FollowUpEntity = new EntitySchema<FollowUpRow>({
  name: 'mediation_follow_up',
  columns: {
    ...syncedColumns,
    caseId: textCol,
    scheduledDate: textCol,
    scheduledById: textCol,
    doneAt: nullableText,
    doneDate: nullableText,
    doneById: nullableText,
    performance: nullableText,
    notes: nullableText,
  },
});

export interface FileRow extends SyncedRow {
  caseId: string;
  seq: number;
  kind: FileKind;
  /** the name as it was uploaded; shown, never used as a path */
  fileName: string;
  fileType: FileTypeName;
  mime: string;
  size: number;
  sha256: string;
  /** relative to the data directory, made by the core */
  storedPath: string;
  note: string | null;
  uploadedAt: string;
  uploadedById: string;
}

export const FileEntity = new EntitySchema<FileRow>({
  name: 'mediation_file',
  columns: {
    ...syncedColumns,
    caseId: textCol,
    seq: intCol,
    kind: textCol,
    fileName: textCol,
    fileType: textCol,
    mime: textCol,
    size: intCol,
    sha256: textCol,
    storedPath: textCol,
    note: nullableText,
    uploadedAt: textCol,
    uploadedById: textCol,
  },
});

export const MEDIATION_ENTITIES = [
  MediationSettingsEntity,
  MediatorEntity,
  CaseEntity,
  PartyEntity,
  AssignmentEntity,
  SessionEntity,
  AgreementEntity,
  FollowUpEntity,
  FileEntity,
];
