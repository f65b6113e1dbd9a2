/**
 * A case as the screens read it: its parties (identities masked), mediators, sessions, agreement,
 * visits and files, its clocks, and the actions it allows now; the printable agreement; its risk
 * recomputed with every reason.
 */
import type { EntityManager } from 'typeorm';
import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { maskPhone } from '../../shared/checks/phone.js';
import { notFound } from '../../shared/errors.js';
import { FILE_TYPES } from '../../shared/files.js';
import type { StaffRef } from '../../shared/intake/contract.js';
import { agreementDocument, type AgreementDocument } from '../../shared/mediation/agreement.js';
import type { MediationCase, PartyView, RiskAssessment } from '../../shared/mediation/contract.js';
import { ACTION_STATUSES, CASE_ACTIONS, RUNNING_STATUSES, needsRiskVisit, type CaseAction } from '../../shared/mediation/model.js';
import { RISK_RULES } from '../../shared/mediation/risk.js';
import { localDate } from '../../shared/time.js';
import type { Who } from '../context.js';
import type { AgreementRow, AssignmentRow, CaseRow, FileRow, FollowUpRow, PartyRow, SessionRow } from './mediation.entity.js';
import { livePartiesOf, loadCase, rulesOf } from './mediation.service.js';
import { assessRisk } from './risk.service.js';

const parseJson = <T>(s: string | null): T => (s ? JSON.parse(s) : null) as T;

const staffRefs = async (manager: EntityManager, ids: (string | null | undefined)[]): Promise<Map<string, StaffRef>> => {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows: StaffRef[] = await manager.query(
    `SELECT "id", "name" FROM "staff" WHERE "id" IN (${wanted.map(() => '?').join(', ')})`,
    wanted,
  );
  return new Map(rows.map((r) => [r.id, r]));
};

const toPartyView = (p: PartyRow): PartyView => ({
  id: p.id,
  version: p.version,
  seq: p.seq,
  name: p.name,
  idType: p.idType,
  idNumberMasked: maskIdNumber(p.idNumber),
  phoneMasked: maskPhone(p.phone),
  address: p.address,
  role: p.role,
  representative: p.representative,
  claim: p.claim,
  tags: JSON.parse(p.tags),
});

/** The actions a case allows now: its state, and the few facts the state alone does not tell. */
export const nextActions = (row: CaseRow, followUps: Pick<FollowUpRow, 'doneAt'>[]): CaseAction[] =>
  CASE_ACTIONS.filter((a) => {
    if (!ACTION_STATUSES[a].includes(row.status)) return false;
    if (a === 'extend') return !row.extendedAt;
    if (a === 'acknowledgeFailure') return !row.failureAcknowledgedAt;
    if (a === 'archive' && row.status === 'failed') return !!row.failureAcknowledgedAt && !needsRiskVisit(row, followUps.some((f) => f.doneAt));
    return true;
  });

/** Start overdue: accepted, no session yet, past the start limit. Conclusion overdue: still running past the due date. */
export const overdueNow = (row: Pick<CaseRow, 'status' | 'startedAt' | 'startDueAt' | 'concludeDueAt'>, now: Date) => {
  const t = now.toISOString();
  return {
    start: row.status === 'accepted' && !row.startedAt && !!row.startDueAt && t >= row.startDueAt,
    conclude: RUNNING_STATUSES.includes(row.status) && !!row.concludeDueAt && t >= row.concludeDueAt,
  };
};

export const getCase = async (manager: EntityManager, id: string, now: Date, timeZone: string): Promise<MediationCase> => {
  const row = await loadCase(manager, id);
  const parties = await livePartiesOf(manager, id);
  const assignments: (AssignmentRow & { name: string; organisation: string | null })[] = await manager.query(
    `SELECT a.*, m."name", m."organisation" FROM "mediation_assignment" a JOIN "mediator" m ON m."id" = a."mediatorId"
     WHERE a."caseId" = ? AND a."cancelledAt" IS NULL ORDER BY a."assignedAt", a."id"`,
    [id],
  );
  const sessions: SessionRow[] = await manager.query(`SELECT * FROM "mediation_session" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "seq"`, [id]);
  const [agreement]: AgreementRow[] = await manager.query(`SELECT * FROM "mediation_agreement" WHERE "caseId" = ? AND "cancelledAt" IS NULL`, [id]);
  const followUps: FollowUpRow[] = await manager.query(
    `SELECT * FROM "mediation_follow_up" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "scheduledDate", "id"`,
    [id],
  );
  const files: FileRow[] = await manager.query(`SELECT * FROM "mediation_file" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "seq"`, [id]);
  const staff = await staffRefs(manager, [
    ...files.map((f) => f.uploadedById),
    row.registeredById,
    row.referredById,
    row.decidedById,
    row.extendedById,
    row.concludedById,
    row.failureAcknowledgedById,
    ...assignments.map((a) => a.assignedById),
    ...sessions.map((s) => s.recordedById),
    agreement?.recordedById,
  ]);
  const ref = (staffId: string | null): StaffRef | null => (staffId ? (staff.get(staffId) ?? { id: staffId, name: '' }) : null);
  const day = localDate(now, timeZone);
  const overdue = overdueNow(row, now);

  return {
    id: row.id,
    version: row.version,
    caseNo: row.caseNo,
    type: row.type,
    place: row.place,
    addressId: row.addressId,
    facts: row.facts,
    matters: row.matters,
    evidence: row.evidence,
    investigation: row.investigation,
    tags: JSON.parse(row.tags),
    source: row.source,
    walkInId: row.walkInId,
    referredBy: ref(row.referredById),
    referredAt: row.referredAt,
    status: row.status,
    outcome: row.outcome,
    registeredAt: row.registeredAt,
    registeredBy: ref(row.registeredById) as StaffRef,
    decidedAt: row.decidedAt,
    decidedBy: ref(row.decidedById),
    declineReason: row.declineReason,
    refusingPartyId: row.refusingPartyId,
    clocks: {
      acceptedAt: row.acceptedAt,
      startDueAt: row.startDueAt,
      startedAt: row.startedAt,
      startOverdue: overdue.start,
      concludeDueDate: row.concludeDueDate,
      concludeDueAt: row.concludeDueAt,
      concludeOverdue: overdue.conclude,
      extension: row.extendedAt
        ? {
            at: row.extendedAt,
            by: ref(row.extendedById) as StaffRef,
            reason: row.extensionReason ?? '',
            fromDate: row.extendedFromDate ?? '',
            consentPartyIds: parseJson<string[]>(row.extensionConsents) ?? [],
            consentNote: row.extensionConsentNote,
          }
        : null,
    },
    concludedAt: row.concludedAt,
    failure: row.failureFeedback
      ? {
          feedback: row.failureFeedback,
          reportedAt: row.concludedAt as string,
          reportedBy: ref(row.concludedById) as StaffRef,
          acknowledgedAt: row.failureAcknowledgedAt,
          acknowledgedBy: ref(row.failureAcknowledgedById),
          acknowledgeNote: row.failureAcknowledgeNote,
        }
      : null,
    archivedAt: row.archivedAt,
    cancelledAt: row.cancelledAt,
    cancelReason: row.cancelReason,
    risk: { score: row.riskScore, level: row.riskLevel, reasons: JSON.parse(row.riskReasons), computedAt: row.riskAt, peakLevel: row.riskPeakLevel },
    parties: parties.map(toPartyView),
    assignments: assignments.map((a) => ({
      id: a.id,
      mediatorId: a.mediatorId,
      name: a.name,
      organisation: a.organisation,
      chosenByParties: Boolean(a.chosenByParties),
      assignedAt: a.assignedAt,
      assignedBy: ref(a.assignedById) as StaffRef,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      seq: s.seq,
      heldAt: s.heldAt,
      place: s.place,
      attendeePartyIds: JSON.parse(s.attendeePartyIds),
      otherAttendees: s.otherAttendees,
      minutes: s.minutes,
      signedPartyIds: JSON.parse(s.signedPartyIds),
      mediatorSigned: Boolean(s.mediatorSigned),
      recordedBy: ref(s.recordedById) as StaffRef,
    })),
    agreement: agreement
      ? {
          id: agreement.id,
          liability: agreement.liability,
          terms: agreement.terms,
          performanceMethod: agreement.performanceMethod,
          performancePlace: agreement.performancePlace,
          performanceDueDate: agreement.performanceDueDate,
          agreedAt: agreement.agreedAt,
          agreedDate: agreement.agreedDate,
          judicialDeadline: agreement.judicialDeadline,
          recordedBy: ref(agreement.recordedById) as StaffRef,
        }
      : null,
    followUps: followUps.map((f) => ({
      id: f.id,
      scheduledDate: f.scheduledDate,
      doneAt: f.doneAt,
      doneDate: f.doneDate,
      performance: f.performance,
      notes: f.notes,
      overdue: !f.doneAt && f.scheduledDate < day,
    })),
    files: files.map((f) => ({
      id: f.id,
      seq: f.seq,
      kind: f.kind,
      fileName: f.fileName,
      mime: f.mime,
      image: FILE_TYPES[f.fileType].image,
      size: f.size,
      sha256: f.sha256,
      note: f.note,
      uploadedAt: f.uploadedAt,
      uploadedBy: ref(f.uploadedById) as StaffRef,
    })),
    // cases move between stations in the sync zone, which tells a transferred case's readers so
    // (src/main/sync/transfer.ts, transferredCasesReadOnly)
    transfer: null,
    next: nextActions(row, followUps),
  };
};

/**
 * The printable agreement, with the parties' identities in full for a reader who may see them
 * (the agreement is a legal document); masked as on screen for one who may not.
 */
export const getAgreementDocument = async (manager: EntityManager, id: string, community: string, unmasked: boolean): Promise<AgreementDocument> => {
  const row = await loadCase(manager, id);
  const [agreement]: AgreementRow[] = await manager.query(`SELECT * FROM "mediation_agreement" WHERE "caseId" = ? AND "cancelledAt" IS NULL`, [id]);
  if (!agreement) throw notFound('mediation.noAgreement');
  const parties = await livePartiesOf(manager, id);
  const mediators: { name: string; organisation: string | null }[] = await manager.query(
    `SELECT m."name", m."organisation" FROM "mediation_assignment" a JOIN "mediator" m ON m."id" = a."mediatorId"
     WHERE a."caseId" = ? AND a."cancelledAt" IS NULL ORDER BY a."assignedAt", a."id"`,
    [id],
  );
  return agreementDocument({
    caseNo: row.caseNo,
    community,
    facts: row.facts,
    matters: row.matters,
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      name: p.name,
      idType: p.idType,
      idNumber: unmasked ? p.idNumber : maskIdNumber(p.idNumber),
      phone: unmasked ? p.phone : maskPhone(p.phone),
      address: p.address,
      representative: p.representative,
    })),
    mediators,
    agreement: {
      liability: agreement.liability,
      terms: agreement.terms,
      performanceMethod: agreement.performanceMethod,
      performancePlace: agreement.performancePlace,
      performanceDueDate: agreement.performanceDueDate,
      agreedDate: agreement.agreedDate,
    },
  });
};

/** The case's risk recomputed now, with every reason. */
export const caseRisk = async (manager: EntityManager, who: Who, id: string): Promise<RiskAssessment> => {
  const row = await loadCase(manager, id);
  const rules = await rulesOf(manager, who);
  const risk = await assessRisk(manager, row, rules, who.now);
  return {
    caseId: id,
    ...risk,
    computedAt: who.now.toISOString(),
    rules: RISK_RULES.filter((r) => rules[r].enabled),
  };
};
