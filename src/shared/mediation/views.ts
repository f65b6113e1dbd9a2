/** What the mediation methods return: a case with its parties, sessions, agreement, files and clocks; the queue, alerts, pool and statistics. */
import type { IdType } from '../checks/idNumber.js';
import type { StaffRef } from '../intake/contract.js';
import { type FileKind } from './files.js';
import { type Availability, type CaseAction, type CaseSource, type CaseStatus, type DisputeType, type MediatorOrigin, type PartyRole, type Performance, type Tag } from './model.js';
import { type RiskLevel, type RiskReason, type RiskRules, type RiskRuleName } from './risk.js';
import type { RankedMediator } from './suggest.js';

// ——— results ———

export interface PartyView {
  id: string;
  version: number;
  seq: number;
  name: string;
  idType: IdType;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  address: string | null;
  role: PartyRole;
  representative: string | null;
  claim: string | null;
  tags: Tag[];
}

export interface AssignmentView {
  id: string;
  mediatorId: string;
  name: string;
  organisation: string | null;
  chosenByParties: boolean;
  assignedAt: string;
  assignedBy: StaffRef;
}

export interface SessionView {
  id: string;
  seq: number;
  heldAt: string;
  place: string;
  attendeePartyIds: string[];
  /** invited third parties, witnesses, interpreters */
  otherAttendees: string | null;
  minutes: string;
  signedPartyIds: string[];
  mediatorSigned: boolean;
  recordedBy: StaffRef;
}

export interface AgreementView {
  id: string;
  liability: string | null;
  terms: string;
  performanceMethod: string | null;
  performancePlace: string | null;
  performanceDueDate: string | null;
  agreedAt: string;
  agreedDate: string;
  /** the last local date to ask a court for judicial confirmation (30 days) */
  judicialDeadline: string;
  recordedBy: StaffRef;
}

export interface FollowUpView {
  id: string;
  scheduledDate: string;
  doneAt: string | null;
  doneDate: string | null;
  performance: Performance | null;
  notes: string | null;
  /** scheduled before today and not done */
  overdue: boolean;
}

export interface FileView {
  id: string;
  seq: number;
  kind: FileKind;
  fileName: string;
  mime: string;
  /** shown in the page; other files are opened */
  image: boolean;
  size: number;
  sha256: string;
  note: string | null;
  uploadedAt: string;
  uploadedBy: StaffRef;
}

/** The deadlines of a case, as instants (UTC) and local dates, with their state now. */
export interface Clocks {
  acceptedAt: string | null;
  /** mediation must start (first session) by then */
  startDueAt: string | null;
  startedAt: string | null;
  startOverdue: boolean;
  /** the local date by which it must be concluded, and the instant that date ends */
  concludeDueDate: string | null;
  concludeDueAt: string | null;
  concludeOverdue: boolean;
  extension: { at: string; by: StaffRef; reason: string; fromDate: string; consentPartyIds: string[]; consentNote: string | null } | null;
}

export interface RiskView {
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
  computedAt: string;
  /** the highest level the case ever reached: a high-risk case that ends agreed was defused */
  peakLevel: RiskLevel;
}

export interface FailureView {
  feedback: string;
  reportedAt: string;
  reportedBy: StaffRef;
  acknowledgedAt: string | null;
  acknowledgedBy: StaffRef | null;
  acknowledgeNote: string | null;
}

/**
 * A case that has left this station, or is on its way, through HQ (the sync zone moves it). From
 * the request on the case is read-only here; a request HQ refuses gives it back.
 */
export interface TransferredAway {
  /** requested: sent, not yet taken; accepted: the other station has taken it */
  status: 'requested' | 'accepted';
  toStationCode: string;
  /** the receiving station's name, once it has taken the case */
  toStationName: string | null;
  reason: string;
  requestedAt: string;
  /** the name of who asked for the transfer */
  requestedBy: string;
  /** when the other station took it */
  acceptedAt: string | null;
  /** its number at the receiving station */
  newCaseNo: string | null;
}

export interface MediationCase {
  id: string;
  version: number;
  caseNo: string;
  type: DisputeType;
  place: string;
  addressId: string | null;
  facts: string;
  matters: string | null;
  evidence: string | null;
  investigation: string | null;
  tags: Tag[];
  source: CaseSource;
  walkInId: string | null;
  referredBy: StaffRef | null;
  referredAt: string | null;
  status: CaseStatus;
  /** how it ended, kept when archived */
  outcome: 'agreed' | 'failed' | 'declined' | null;
  registeredAt: string;
  registeredBy: StaffRef;
  decidedAt: string | null;
  decidedBy: StaffRef | null;
  declineReason: string | null;
  refusingPartyId: string | null;
  clocks: Clocks;
  concludedAt: string | null;
  failure: FailureView | null;
  archivedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  risk: RiskView;
  parties: PartyView[];
  assignments: AssignmentView[];
  sessions: SessionView[];
  agreement: AgreementView | null;
  followUps: FollowUpView[];
  /** evidence and investigation files (photos, scans, documents), in the order they came */
  files: FileView[];
  /** where it went, when it has been transferred to another station; then `next` is empty */
  transfer: TransferredAway | null;
  /** the actions its state allows now */
  next: CaseAction[];
}

/** A line of the queue: enough to sort, count down and flag. */
export interface QueueCase {
  id: string;
  version: number;
  caseNo: string;
  type: DisputeType;
  status: CaseStatus;
  place: string;
  partyNames: string[];
  mediatorNames: string[];
  registeredAt: string;
  startDueAt: string | null;
  startOverdue: boolean;
  concludeDueDate: string | null;
  concludeDueAt: string | null;
  concludeOverdue: boolean;
  /** the earliest follow-up still to do */
  followUpDate: string | null;
  followUpOverdue: boolean;
  failurePending: boolean;
  riskScore: number;
  riskLevel: RiskLevel;
  /** false when the line is shown only because it is overdue: no filter hides an overdue case */
  matchesFilter: boolean;
  /**
   * the case's transfer to another station: requested (still this station's, leaving) or, in
   * the list of cases transferred away, accepted (the other station's; no countdowns here)
   */
  transfer: Pick<TransferredAway, 'status' | 'toStationCode' | 'toStationName' | 'newCaseNo'> | null;
}

export interface Queue {
  /** the core's clock: count down from this, not from the PC's */
  now: string;
  cases: QueueCase[];
  /** open cases matching the filter, including those not returned past `limit` */
  total: number;
  overdue: number;
}

export interface Alerts {
  now: string;
  overdueStart: QueueCase[];
  overdueConclude: QueueCase[];
  /** failures the duty officer has not acknowledged yet */
  failuresPending: QueueCase[];
  /** open cases at high risk (民转刑 warning) */
  highRisk: QueueCase[];
  followUpsDue: QueueCase[];
}

export interface Mediator {
  id: string;
  version: number;
  name: string;
  specialties: DisputeType[];
  organisation: string | null;
  phone: string | null;
  availability: Availability;
  note: string | null;
  origin: MediatorOrigin;
  staffId: string | null;
  active: boolean;
  /** open cases (accepted or being mediated) assigned now */
  load: number;
  agreed: number;
  failed: number;
  successRate: number | null;
}

export interface Suggestion extends RankedMediator {
  alreadyAssigned: boolean;
}

export interface MediationSettings {
  /** 0 until the head first saves: the defaults apply */
  version: number;
  startLimitHours: number;
  riskRules: RiskRules;
}

export interface RiskAssessment {
  caseId: string;
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
  computedAt: string;
  rules: RiskRuleName[];
}

export interface StatsRow {
  month: string;
  type: DisputeType;
  registered: number;
  accepted: number;
  declined: number;
  resolved: number;
  failed: number;
  overdueStart: number;
  overdueConclude: number;
}

export interface Stats {
  from: string | null;
  to: string | null;
  rows: StatsRow[];
  totals: Omit<StatsRow, 'month' | 'type'>;
  mediators: { mediatorId: string; name: string; concluded: number; agreed: number; failed: number; successRate: number | null }[];
  /** cases that reached high risk, and those of them that ended in an agreement (民转刑 defused) */
  highRisk: { flagged: number; defused: number };
  /**
   * cases registered in the range that another station has since taken: they count there (its
   * copy carries their history), not in any figure here
   */
  transferredAway: number;
}
