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
import { isoDate, optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { can } from '../permissions.js';
import type { Role } from '../roles.js';
import type { AgreementDocument } from './agreement.js';
import { checkFileType, fileContentInput, fileNameInput, type FileContent } from '../files.js';
import { CASE_FILE_TYPES, FILE_KINDS, MAX_FILE_BYTES } from './files.js';
import { DISPUTE_TYPES, OPEN_STATUSES, PERFORMANCE, type CaseSource } from './model.js';
import { RISK_LEVELS } from './risk.js';
export { tagInput, partyInput, openCaseInput, riskRulesInput } from './inputs.js';
export type { PartyInput, OpenCaseInput } from './inputs.js';
export type { PartyView, AssignmentView, SessionView, AgreementView, FollowUpView, FileView, Clocks, RiskView, FailureView, TransferredAway, MediationCase, QueueCase, Queue, Alerts, Mediator, Suggestion, MediationSettings, RiskAssessment, StatsRow, Stats } from './views.js';
import type { Alerts, MediationCase, MediationSettings, Mediator, Queue, RiskAssessment, Stats, Suggestion } from './views.js';
import { caseFields, caseRef, choice, flag, instant, int, longText, openCaseInput, partyInput, poolFields, riskRulesInput, version } from './inputs.js';

export type { FileContent };

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

/**
 * Records a follow-up visit (回访): a scheduled one, or one made without an appointment. How the
 * agreement was carried out is asked of an agreed case; a failed one has no agreement to carry out.
 */
export const mediationRecordFollowUp = defineMethod<MediationCase>()({
  name: 'mediation.recordFollowUp',
  input: z.strictObject({
    ...caseRef,
    followUpId: uuid.optional(),
    performance: choice(PERFORMANCE).optional(),
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
