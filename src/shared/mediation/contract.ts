/**
 * The mediation zone's contract: disputes from registration to archive (人民调解法), the mediator
 * pool, deadlines, early warning and statistics.
 *
 * Access. Head, officer and mediator do the mediation work; an auxiliary (who runs the front desk)
 * may open a case from a walk-in, read cases and the queue, and record follow-up visits; only head
 * and officer acknowledge a failure (the duty officer's side), archive, cancel and keep the pool;
 * only the head tunes the deadline and the early-warning rules. Grid workers have no access: case
 * files hold the parties' identities and quarrels, which are the station's, not the grid's.
 *
 * Every call that changes a case carries the `version` of the case it was based on; a stale one
 * is refused with CONFLICT `staleVersion`, so of two mediators closing a case at once one wins and
 * the other is told. Free text is stored as typed (HTML included) and always shown as text.
 */
import { z } from 'zod';
import type { IdType } from '../checks/idNumber.js';
import { idType, instant as instantField, isoDate, normaliseIdDocument, optionalMobile, optionalText, personName, text, uuid } from '../fields.js';
import type { StaffRef } from '../intake/contract.js';
import { defineMethod } from '../method.js';
import { can } from '../permissions.js';
import type { Role } from '../roles.js';
import { localDate } from '../time.js';
import type { AgreementDocument } from './agreement.js';
import { checkFileType, fileContentInput, fileNameInput, type FileContent } from '../files.js';
import { CASE_FILE_TYPES, FILE_KINDS, MAX_FILE_BYTES, type FileKind } from './files.js';
import {
  AVAILABILITIES,
  CASE_SOURCES,
  DISPUTE_TYPES,
  OPEN_STATUSES,
  PARTY_ROLES,
  PERFORMANCE,
  TAG_KINDS,
  type Availability,
  type CaseAction,
  type CaseSource,
  type CaseStatus,
  type DisputeType,
  type MediatorOrigin,
  type PartyRole,
  type Performance,
  type Tag,
} from './model.js';
import { DEFAULT_RISK_RULES, RISK_LEVELS, type RiskLevel, type RiskReason, type RiskRules, type RiskRuleName } from './risk.js';
import type { RankedMediator } from './suggest.js';

/** The date no one can be born after, anywhere: today in the earliest time zone (as intake does). */
const latestBirthDate = () => localDate(new Date(), 'Pacific/Kiritimati');

/** An enum whose missing value reads "required" and a wrong one "choose from the list". */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });

/** A required multi-line text (facts, minutes, terms). */
const longText = (max: number) =>
  optionalText(max, true).transform((v, ctx) => {
    if (v === null) {
      ctx.issues.push({ code: 'custom', message: 'required', input: v });
      return z.NEVER;
    }
    return v;
  });

const instant = instantField('mediation.dateTime');

const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' });
const flag = z.boolean({ error: 'invalidType' });

export const tagInput = z.strictObject({ kind: choice(TAG_KINDS), label: text(20) });
const tags = z.array(tagInput, { error: 'invalidType' }).max(30, { message: 'tooMany' }).default([]);

const partyFields = {
  name: personName,
  idType: idType.default('resident'),
  idNumber: z.string({ error: 'invalidType' }).nullish(),
  phone: optionalMobile,
  address: optionalText(120),
  role: choice(PARTY_ROLES),
  /** who speaks for the party (agent, guardian), with how to reach them */
  representative: optionalText(100),
  /** what this side wants */
  claim: optionalText(2000, true),
  tags,
};

/** A party to the dispute; the ID document is checked as the front desk checks it. */
export const partyInput = z.strictObject(partyFields).transform((v, ctx) => {
  const doc = normaliseIdDocument(v.idType, v.idNumber, latestBirthDate());
  if (!doc.ok) {
    ctx.issues.push({ code: 'custom', message: doc.key, path: ['idNumber'], input: v.idNumber });
    return z.NEVER;
  }
  return { ...v, idNumber: doc.value };
});
export type PartyInput = z.output<typeof partyInput>;

/** What the walk-in does not say about the visitor who becomes the first party. */
const walkInPartyInput = z.strictObject({
  role: choice(PARTY_ROLES).default('applicant'),
  address: partyFields.address,
  representative: partyFields.representative,
  claim: partyFields.claim,
  tags,
});

const caseFields = {
  type: choice(DISPUTE_TYPES),
  /** where the dispute happened, as told */
  place: text(120),
  /** the standard address (一标) of the collection zone, once that zone knows it */
  addressId: uuid.nullish().transform((v) => v ?? null),
  facts: longText(4000),
  /** the matters in dispute, as the agreement lists them */
  matters: optionalText(2000, true),
  /** the evidence offered, described (the files themselves are attached with `mediation.attachFile`) */
  evidence: optionalText(2000, true),
  /** the duty officer's preliminary investigation notes */
  investigation: optionalText(4000, true),
  tags,
};

export const openCaseInput = z
  .strictObject({
    source: choice(CASE_SOURCES),
    walkInId: uuid.optional(),
    walkInParty: walkInPartyInput.optional(),
    /** the duty officer who referred the dispute (Art. 18), and when */
    referredById: uuid.optional(),
    referredAt: instant.optional(),
    ...caseFields,
    parties: z.array(partyInput, { error: 'invalidType' }).max(20, { message: 'tooMany' }).default([]),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (v.source === 'walkIn' && !v.walkInId) issue('walkInId', 'required');
    if (v.source !== 'walkIn' && v.walkInId) issue('walkInId', 'mediation.walkInSource');
    if (v.source !== 'walkIn' && v.walkInParty) issue('walkInParty', 'mediation.walkInSource');
    if (v.source === 'referral' && !v.referredById) issue('referredById', 'required');
    if (v.source === 'referral' && !v.referredAt) issue('referredAt', 'required');
    if (!v.referredById !== !v.referredAt) issue(v.referredById ? 'referredAt' : 'referredById', 'required');
    if (v.source !== 'walkIn' && v.parties.length === 0) issue('parties', 'mediation.partiesRequired');
  });
export type OpenCaseInput = z.output<typeof openCaseInput>;

const caseRef = { id: uuid, version };

const int = (min: number, max: number, key: string) =>
  z.number({ error: 'invalidType' }).int({ message: 'integer' }).min(min, { message: key }).max(max, { message: key });
const weight = int(0, 100, 'mediation.risk.range');

const windowRule = z.strictObject({ enabled: flag, weight, withinDays: int(1, 3650, 'mediation.risk.days') });
const flagRule = z.strictObject({ enabled: flag, weight });
const keywordRule = z.strictObject({
  enabled: flag,
  weight,
  // trimmed and duplicates folded: the list is what the head meant
  keywords: z
    .array(text(20), { error: 'invalidType' })
    .max(200, { message: 'tooMany' })
    .transform((list) => [...new Set(list)]),
});

export const riskRulesInput = z
  .strictObject({
    mediumThreshold: int(1, 100, 'mediation.risk.range'),
    highThreshold: int(1, 100, 'mediation.risk.range'),
    repeatParties: windowRule,
    repeatPlace: windowRule,
    priorFailure: windowRule,
    // a rule set written before this rule existed (an older HQ's push) gets its default
    partyUnderCare: flagRule.default(DEFAULT_RISK_RULES.partyUnderCare),
    threats: keywordRule,
    violence: keywordRule,
    escalation: keywordRule,
  })
  .refine((r) => r.mediumThreshold < r.highThreshold, { message: 'mediation.risk.thresholds', path: ['highThreshold'] });

const poolFields = {
  name: personName,
  specialties: z.array(choice(DISPUTE_TYPES), { error: 'invalidType' }).max(DISPUTE_TYPES.length, { message: 'tooMany' }).transform((l) => [...new Set(l)]),
  organisation: optionalText(60),
  phone: optionalMobile,
  availability: choice(AVAILABILITIES).default('available'),
  note: optionalText(200),
  /** the station login of a mediator who is also staff, so "my cases" can be found */
  staffId: uuid.nullish().transform((v) => v ?? null),
};

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

export type { FileContent };

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

// ——— methods ———

export const mediationOpenCase = defineMethod<MediationCase>()({
  name: 'mediation.openCase',
  input: openCaseInput,
  // an auxiliary may open one from a walk-in only (checked in the core: mayOpenCaseFrom)
  access: 'mediation.openCase',
  kind: 'write',
});

/**
 * Whether a role opens a case from this source: those who may open cases open one from a walk-in;
 * from any other source only those who also do the mediation work (an auxiliary, who runs the
 * front desk, opens one from a walk-in only). The core refuses by it; screens that offer to open a
 * case (the mediation zone, a patrol's finding) show the button by it.
 */
export const mayOpenCaseFrom = (role: Role | undefined, source: CaseSource): boolean =>
  can(role, 'mediation.openCase') && (source === 'walkIn' || can(role, 'mediation.work'));

export const mediationGet = defineMethod<MediationCase>()({
  name: 'mediation.get',
  input: z.strictObject({ id: uuid }),
  access: 'mediation.view',
  kind: 'read',
});

export const mediationQueue = defineMethod<Queue>()({
  name: 'mediation.queue',
  input: z.strictObject({
    status: choice(OPEN_STATUSES).optional(),
    type: choice(DISPUTE_TYPES).optional(),
    mediatorId: uuid.optional(),
    minRisk: choice(RISK_LEVELS).optional(),
    /**
     * the cases another station has taken from this one instead of the open ones: read-only
     * copies, found here, counted nowhere
     */
    transferredAway: z.boolean({ error: 'invalidType' }).optional(),
    limit: int(1, 500, 'invalid').default(200),
  }),
  access: 'mediation.view',
  kind: 'read',
});

export const mediationAlerts = defineMethod<Alerts>()({
  name: 'mediation.alerts',
  input: z.strictObject({}),
  access: 'mediation.view',
  kind: 'read',
});

/**
 * Corrects the case's own fields while it is still being handled. It replaces them all, as the
 * form shows them: a field left out is cleared (tags included).
 */
export const mediationUpdate = defineMethod<MediationCase>()({
  name: 'mediation.update',
  input: z.strictObject({ ...caseRef, ...caseFields }),
  access: 'mediation.work',
  kind: 'write',
});

export const mediationAddParty = defineMethod<MediationCase>()({
  name: 'mediation.addParty',
  input: z.strictObject({ ...caseRef, party: partyInput }),
  access: 'mediation.work',
  kind: 'write',
});

/** Corrects a party, in the states that allow adding one; the same person twice is refused. */
export const mediationUpdateParty = defineMethod<MediationCase>()({
  name: 'mediation.updateParty',
  input: z.strictObject({ ...caseRef, partyId: uuid, party: partyInput }),
  access: 'mediation.work',
  kind: 'write',
});

export const mediationAccept = defineMethod<MediationCase>()({
  name: 'mediation.accept',
  input: z.strictObject(caseRef),
  access: 'mediation.work',
  kind: 'write',
});

/** One party refusing mediation is a decline; name them. */
export const mediationDecline = defineMethod<MediationCase>()({
  name: 'mediation.decline',
  input: z.strictObject({ ...caseRef, reason: text(500), refusingPartyId: uuid.nullish().transform((v) => v ?? null) }),
  access: 'mediation.work',
  kind: 'write',
});

/** Sets the case's mediators (replacing the previous choice). */
export const mediationAssign = defineMethod<MediationCase>()({
  name: 'mediation.assign',
  input: z.strictObject({
    ...caseRef,
    mediatorIds: z
      .array(uuid, { error: 'invalidType' })
      .min(1, { message: 'mediation.mediatorsRequired' })
      .max(5, { message: 'tooMany' })
      .transform((l) => [...new Set(l)]),
    /** the parties chose them (Art. 19) rather than the station */
    chosenByParties: flag.default(false),
  }),
  access: 'mediation.work',
  kind: 'write',
});

export const mediationSuggestMediators = defineMethod<Suggestion[]>()({
  name: 'mediation.suggestMediators',
  input: z.strictObject({ id: uuid }),
  access: 'mediation.work',
  kind: 'read',
});

/** A session with its minutes (调解笔录); the first one starts the mediation. */
export const mediationAddSession = defineMethod<MediationCase>()({
  name: 'mediation.addSession',
  input: z.strictObject({
    ...caseRef,
    heldAt: instant,
    place: text(120),
    attendeePartyIds: z.array(uuid, { error: 'invalidType' }).max(20, { message: 'tooMany' }).default([]),
    otherAttendees: optionalText(500, true),
    minutes: longText(20000),
    signedPartyIds: z.array(uuid, { error: 'invalidType' }).max(20, { message: 'tooMany' }).default([]),
    mediatorSigned: flag.default(false),
  }),
  access: 'mediation.work',
  kind: 'write',
});

/** Records signatures on a session's minutes; a signature once given is not taken back. */
export const mediationSignSession = defineMethod<MediationCase>()({
  name: 'mediation.signSession',
  input: z.strictObject({
    ...caseRef,
    sessionId: uuid,
    signedPartyIds: z.array(uuid, { error: 'invalidType' }).max(20, { message: 'tooMany' }).default([]),
    mediatorSigned: flag.default(false),
  }),
  access: 'mediation.work',
  kind: 'write',
});

export const mediationRecordAgreement = defineMethod<MediationCase>()({
  name: 'mediation.recordAgreement',
  input: z.strictObject({
    ...caseRef,
    liability: optionalText(2000, true),
    terms: longText(8000),
    performanceMethod: optionalText(500, true),
    performancePlace: optionalText(200),
    /** the local date by which the terms are carried out; not in the past */
    performanceDueDate: isoDate.nullish().transform((v) => v ?? null),
  }),
  access: 'mediation.work',
  kind: 'write',
});

/** The agreement as printed: the parties' ID numbers in full, so reading it is audited. */
export const mediationAgreementDocument = defineMethod<AgreementDocument>()({
  name: 'mediation.agreementDocument',
  input: z.strictObject({ id: uuid }),
  access: 'mediation.work',
  kind: 'read',
  auditRead: true,
});

/** Mediation failed: the mediator's feedback goes straight back to the duty officer. */
export const mediationRecordFailure = defineMethod<MediationCase>()({
  name: 'mediation.recordFailure',
  input: z.strictObject({ ...caseRef, feedback: longText(2000), refusingPartyId: uuid.nullish().transform((v) => v ?? null) }),
  access: 'mediation.work',
  kind: 'write',
});

export const mediationAcknowledgeFailure = defineMethod<MediationCase>()({
  name: 'mediation.acknowledgeFailure',
  input: z.strictObject({ ...caseRef, note: optionalText(500, true) }),
  access: 'mediation.supervise',
  kind: 'write',
});

/** Extends the one-month limit, once, with the consent of every applicant and respondent. */
export const mediationExtend = defineMethod<MediationCase>()({
  name: 'mediation.extend',
  input: z.strictObject({
    ...caseRef,
    reason: text(500),
    consentPartyIds: z.array(uuid, { error: 'invalidType' }).max(20, { message: 'tooMany' }).default([]),
    /** how the consent was given (signed statement, in the minutes of session 2 …) */
    consentNote: optionalText(500, true),
    /** the new due date; by default a second month from acceptance */
    until: isoDate.optional(),
  }),
  access: 'mediation.work',
  kind: 'write',
});

export const mediationScheduleFollowUp = defineMethod<MediationCase>()({
  name: 'mediation.scheduleFollowUp',
  input: z.strictObject({ ...caseRef, date: isoDate }),
  access: 'mediation.followUp',
  kind: 'write',
});

/** Records a follow-up visit (回访): a scheduled one, or one made without an appointment. */
export const mediationRecordFollowUp = defineMethod<MediationCase>()({
  name: 'mediation.recordFollowUp',
  input: z.strictObject({
    ...caseRef,
    followUpId: uuid.optional(),
    performance: choice(PERFORMANCE),
    notes: longText(4000),
  }),
  access: 'mediation.followUp',
  kind: 'write',
});

export const mediationArchive = defineMethod<MediationCase>()({
  name: 'mediation.archive',
  input: z.strictObject(caseRef),
  access: 'mediation.supervise',
  kind: 'write',
});

/** Cases are never deleted: a case registered in error is cancelled with a reason. */
export const mediationCancel = defineMethod<MediationCase>()({
  name: 'mediation.cancel',
  input: z.strictObject({ ...caseRef, reason: text(500) }),
  access: 'mediation.supervise',
  kind: 'write',
});

/**
 * The file's bytes, checked here, in the core: not over the size limit, an image or a document by
 * its first bytes (whatever the name or the browser says), and a name that is only a name. A
 * file may be added to a case until it is archived or cancelled; it does not change the case's
 * version, so a file added by one person never makes another's open form stale.
 */
export const attachFileInput = z
  .strictObject({
    id: uuid,
    kind: choice(FILE_KINDS),
    fileName: fileNameInput,
    note: optionalText(200),
    content: fileContentInput(MAX_FILE_BYTES),
  })
  .transform((v, ctx) => {
    const fileType = checkFileType(v, ctx, CASE_FILE_TYPES, 'mediation.file.type');
    return fileType ? { ...v, fileType } : z.NEVER;
  });
export type AttachFileInput = z.output<typeof attachFileInput>;

export const mediationAttachFile = defineMethod<MediationCase>()({
  name: 'mediation.attachFile',
  input: attachFileInput,
  access: 'mediation.work',
  kind: 'write',
  upload: { maxBytes: MAX_FILE_BYTES },
});

/** A file's bytes, checked against the SHA-256 taken when it came; evidence opened is audited. */
export const mediationFileContent = defineMethod<FileContent>()({
  name: 'mediation.fileContent',
  input: z.strictObject({ id: uuid, fileId: uuid }),
  access: 'mediation.view',
  kind: 'read',
  auditRead: true,
});

/** A file attached in error is withdrawn with a reason; it stays on disk and in the record. */
export const mediationWithdrawFile = defineMethod<MediationCase>()({
  name: 'mediation.withdrawFile',
  input: z.strictObject({ id: uuid, fileId: uuid, reason: text(200) }),
  access: 'mediation.supervise',
  kind: 'write',
});

export const mediationPoolList = defineMethod<Mediator[]>()({
  name: 'mediation.poolList',
  input: z.strictObject({ includeInactive: flag.default(false) }),
  access: 'mediation.view',
  kind: 'read',
});

export const mediationPoolCreate = defineMethod<Mediator>()({
  name: 'mediation.poolCreate',
  input: z.strictObject(poolFields),
  access: 'mediation.supervise',
  kind: 'write',
});

/** Station entries are the station's to edit; of an HQ entry only availability and the note are. */
export const mediationPoolUpdate = defineMethod<Mediator>()({
  name: 'mediation.poolUpdate',
  input: z.strictObject({ ...caseRef, ...poolFields, active: flag }),
  access: 'mediation.supervise',
  kind: 'write',
});

/** The case's risk as of now, with its reasons. */
export const mediationRisk = defineMethod<RiskAssessment>()({
  name: 'mediation.risk',
  input: z.strictObject({ id: uuid }),
  access: 'mediation.view',
  kind: 'read',
});

export const mediationSettingsGet = defineMethod<MediationSettings>()({
  name: 'mediation.settingsGet',
  input: z.strictObject({}),
  access: 'mediation.view',
  kind: 'read',
});

/** The start limit and the early-warning rules; open cases are re-scored with the new rules. */
export const mediationSettingsUpdate = defineMethod<MediationSettings>()({
  name: 'mediation.settingsUpdate',
  input: z.strictObject({
    version,
    startLimitHours: int(1, 720, 'mediation.startLimit'),
    riskRules: riskRulesInput,
  }),
  access: 'mediation.configure',
  kind: 'write',
});

const month = z.string({ error: 'invalidType' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'mediation.month' });

export const mediationStats = defineMethod<Stats>()({
  name: 'mediation.stats',
  input: z
    .strictObject({ from: month.optional(), to: month.optional() })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'dateRange', path: ['to'] }),
  access: 'mediation.work',
  kind: 'read',
});

export const mediationMethods = [
  mediationOpenCase,
  mediationGet,
  mediationQueue,
  mediationAlerts,
  mediationUpdate,
  mediationAddParty,
  mediationUpdateParty,
  mediationAccept,
  mediationDecline,
  mediationAssign,
  mediationSuggestMediators,
  mediationAddSession,
  mediationSignSession,
  mediationRecordAgreement,
  mediationAgreementDocument,
  mediationRecordFailure,
  mediationAcknowledgeFailure,
  mediationExtend,
  mediationScheduleFollowUp,
  mediationRecordFollowUp,
  mediationArchive,
  mediationCancel,
  mediationAttachFile,
  mediationFileContent,
  mediationWithdrawFile,
  mediationPoolList,
  mediationPoolCreate,
  mediationPoolUpdate,
  mediationRisk,
  mediationSettingsGet,
  mediationSettingsUpdate,
  mediationStats,
] as const;
