/**
 * The steps of a case after registration: the decision, mediators, sessions, the outcome, the
 * extension, follow-up visits, archive and cancellation. Each loads the case for its action
 * (caseFor: the version the caller saw, the state that allows it) and ends with `saveCase`.
 */
import type { EntityManager } from 'typeorm';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import {
  concludeDueDate,
  endOfLocalDay,
  judicialConfirmationDeadline,
  latestExtensionDate,
  needsRiskVisit,
  startDueAt,
  type Performance,
} from '../../shared/mediation/model.js';
import { CLOCK_SKEW_MS, localDate, startOfMinute } from '../../shared/time.js';
import { todayOf, type Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { agreementTable, assignmentTable, followUpTable, mediatorTable, sessionTable, type AssignmentRow } from './mediation.entity.js';
import { caseFor, livePartiesOf, loadCase, requireParties, rescoreOpenCases, saveCase, visited } from './mediation.service.js';
import { getSettings } from './settings.service.js';

// ——— the decision ———

/** Acceptance starts the clocks: the start limit in hours, and one calendar month to conclude. */
export const acceptCase = async (manager: EntityManager, who: Who, id: string, version: number) => {
  const row = await caseFor(manager, id, version, 'accept');
  const settings = await getSettings(manager, who.stationId);
  const dueDate = concludeDueDate(todayOf(who));
  const at = who.now.toISOString();
  await saveCase(manager, who, row, {
    status: 'accepted',
    decidedAt: at,
    decidedDate: todayOf(who),
    decidedById: who.staffId,
    acceptedAt: at,
    startDueAt: startDueAt(who.now, settings.startLimitHours),
    concludeDueDate: dueDate,
    concludeDueAt: endOfLocalDay(dueDate, who.timeZone),
  });
};

export const declineCase = async (manager: EntityManager, who: Who, id: string, version: number, reason: string, refusingPartyId: string | null) => {
  const row = await caseFor(manager, id, version, 'decline');
  if (refusingPartyId) requireParties(await livePartiesOf(manager, id), [refusingPartyId], 'refusingPartyId');
  await saveCase(manager, who, row, {
    status: 'declined',
    outcome: 'declined',
    decidedAt: who.now.toISOString(),
    decidedDate: todayOf(who),
    decidedById: who.staffId,
    declineReason: reason,
    refusingPartyId,
  });
};

// ——— mediators ———

/** Sets the case's mediators: those no longer named are unassigned (kept, cancelled), new ones added. */
export const assignMediators = async (
  manager: EntityManager,
  who: Who,
  id: string,
  version: number,
  mediatorIds: string[],
  chosenByParties: boolean,
) => {
  const row = await caseFor(manager, id, version, 'assign');
  for (const [i, mediatorId] of mediatorIds.entries()) {
    const m = await manager.findOneBy(mediatorTable.entity, { id: mediatorId });
    if (!m || m.cancelledAt) throw validationError(`mediatorIds.${i}`, 'mediation.mediatorNotFound');
    if (!m.active || m.availability === 'unavailable') throw validationError(`mediatorIds.${i}`, 'mediation.mediatorUnavailable', { name: m.name });
  }
  const current: AssignmentRow[] = await manager.query(
    `SELECT * FROM "mediation_assignment" WHERE "caseId" = ? AND "cancelledAt" IS NULL`,
    [id],
  );
  const at = who.now.toISOString();
  for (const a of current) {
    if (mediatorIds.includes(a.mediatorId) && Boolean(a.chosenByParties) === chosenByParties) continue;
    await assignmentTable.cancel(manager, who, a, null, 'reassigned');
  }
  const kept = new Set(current.filter((a) => mediatorIds.includes(a.mediatorId) && Boolean(a.chosenByParties) === chosenByParties).map((a) => a.mediatorId));
  for (const mediatorId of mediatorIds) {
    if (kept.has(mediatorId)) continue;
    await assignmentTable.insert(manager, who, { caseId: id, mediatorId, chosenByParties, assignedAt: at, assignedById: who.staffId });
  }
  await saveCase(manager, who, row, {});
};

// ——— sessions ———

export interface NewSession {
  heldAt: string;
  place: string;
  attendeePartyIds: string[];
  otherAttendees: string | null;
  minutes: string;
  signedPartyIds: string[];
  mediatorSigned: boolean;
}

/** Records a session; the first one is the start of mediation (its time is when it started). */
export const addSession = async (manager: EntityManager, who: Who, id: string, version: number, s: NewSession) => {
  const row = await caseFor(manager, id, version, 'addSession');
  const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "mediation_assignment" WHERE "caseId" = ? AND "cancelledAt" IS NULL`, [id]);
  if (Number(n) === 0) throw conflict('mediation.noMediator');
  const held = Date.parse(s.heldAt);
  if (held > who.now.getTime() + CLOCK_SKEW_MS) throw validationError('heldAt', 'mediation.futureTime');
  if (row.acceptedAt && held < startOfMinute(row.acceptedAt)) throw validationError('heldAt', 'mediation.beforeAcceptance');
  const parties = await livePartiesOf(manager, id);
  requireParties(parties, s.attendeePartyIds, 'attendeePartyIds');
  requireParties(parties, s.signedPartyIds, 'signedPartyIds');
  const [{ seq }] = await manager.query(`SELECT COALESCE(MAX("seq"), 0) + 1 AS "seq" FROM "mediation_session" WHERE "caseId" = ?`, [id]);
  await sessionTable.insert(manager, who, {
    caseId: id,
    seq,
    heldAt: s.heldAt,
    place: s.place,
    attendeePartyIds: JSON.stringify([...new Set(s.attendeePartyIds)]),
    otherAttendees: s.otherAttendees,
    minutes: s.minutes,
    signedPartyIds: JSON.stringify([...new Set(s.signedPartyIds)]),
    mediatorSigned: s.mediatorSigned,
    recordedById: who.staffId,
  });
  const start = row.status === 'accepted' ? { status: 'mediating' as const, startedAt: s.heldAt } : {};
  await saveCase(manager, who, row, start);
};

/** Adds signatures to a session's minutes. A signature is a fact on paper: it cannot be withdrawn here. */
export const signSession = async (
  manager: EntityManager,
  who: Who,
  id: string,
  version: number,
  sessionId: string,
  signedPartyIds: string[],
  mediatorSigned: boolean,
) => {
  const row = await loadCase(manager, id);
  checkVersion(row, version);
  if (row.status === 'archived' || row.status === 'cancelled') throw conflict('mediation.transition', { from: row.status, action: 'signSession' });
  const session = await manager.findOneBy(sessionTable.entity, { id: sessionId, caseId: id });
  if (!session || session.cancelledAt) throw notFound('mediation.sessionNotFound');
  requireParties(await livePartiesOf(manager, id), signedPartyIds, 'signedPartyIds');
  const before: string[] = JSON.parse(session.signedPartyIds);
  if (before.some((p) => !signedPartyIds.includes(p)) || (session.mediatorSigned && !mediatorSigned)) {
    throw conflict('mediation.signatureWithdrawn');
  }
  await sessionTable.update(manager, who, session, null, { signedPartyIds: JSON.stringify([...new Set(signedPartyIds)]), mediatorSigned });
  await saveCase(manager, who, row, {});
};

// ——— closing ———

export interface NewAgreement {
  liability: string | null;
  terms: string;
  performanceMethod: string | null;
  performancePlace: string | null;
  performanceDueDate: string | null;
}

export const recordAgreement = async (manager: EntityManager, who: Who, id: string, version: number, a: NewAgreement) => {
  const row = await caseFor(manager, id, version, 'recordAgreement');
  const day = todayOf(who);
  if (a.performanceDueDate && a.performanceDueDate < day) throw validationError('performanceDueDate', 'mediation.pastDate');
  const at = who.now.toISOString();
  await agreementTable.insert(manager, who, {
    caseId: id,
    ...a,
    agreedAt: at,
    agreedDate: day,
    judicialDeadline: judicialConfirmationDeadline(day),
    recordedById: who.staffId,
  });
  await saveCase(manager, who, row, { status: 'agreed', outcome: 'agreed', concludedAt: at, concludedDate: day, concludedById: who.staffId });
};

/** Mediation failed: flagged to the duty officer until acknowledged; the parties' other open cases are re-scored. */
export const recordFailure = async (manager: EntityManager, who: Who, id: string, version: number, feedback: string, refusingPartyId: string | null) => {
  const row = await caseFor(manager, id, version, 'recordFailure');
  if (refusingPartyId) requireParties(await livePartiesOf(manager, id), [refusingPartyId], 'refusingPartyId');
  await saveCase(manager, who, row, {
    status: 'failed',
    outcome: 'failed',
    concludedAt: who.now.toISOString(),
    concludedDate: todayOf(who),
    concludedById: who.staffId,
    failureFeedback: feedback,
    refusingPartyId,
  });
  await rescoreOpenCases(manager, who, { sharingPartiesWith: id });
};

export const acknowledgeFailure = async (manager: EntityManager, who: Who, id: string, version: number, note: string | null) => {
  const row = await caseFor(manager, id, version, 'acknowledgeFailure');
  if (row.failureAcknowledgedAt) throw conflict('mediation.alreadyAcknowledged');
  await saveCase(manager, who, row, {
    failureAcknowledgedAt: who.now.toISOString(),
    failureAcknowledgedById: who.staffId,
    failureAcknowledgeNote: note,
  });
};

/**
 * Extends the time to conclude, once, with the recorded consent of every applicant and respondent
 * (third parties are not asked). The new date lies after the current one and at most two calendar
 * months after acceptance.
 */
export const extendCase = async (
  manager: EntityManager,
  who: Who,
  id: string,
  version: number,
  e: { reason: string; consentPartyIds: string[]; consentNote: string | null; until?: string },
) => {
  const row = await caseFor(manager, id, version, 'extend');
  if (row.extendedAt) throw conflict('mediation.alreadyExtended');
  const parties = await livePartiesOf(manager, id);
  requireParties(parties, e.consentPartyIds, 'consentPartyIds');
  const missing = parties.filter((p) => p.role !== 'thirdParty' && !e.consentPartyIds.includes(p.id));
  if (missing.length > 0) throw validationError('consentPartyIds', 'mediation.consentsMissing', { names: missing.map((p) => p.name) });
  const acceptedDate = localDate(row.acceptedAt as string, who.timeZone);
  const latest = latestExtensionDate(acceptedDate);
  const until = e.until ?? latest;
  if (until < todayOf(who)) throw validationError('until', 'mediation.pastDate');
  if (until <= (row.concludeDueDate as string) || until > latest) {
    throw validationError('until', 'mediation.extensionRange', { after: row.concludeDueDate as string, latest });
  }
  await saveCase(manager, who, row, {
    extendedAt: who.now.toISOString(),
    extendedById: who.staffId,
    extensionReason: e.reason,
    extendedFromDate: row.concludeDueDate,
    extensionConsents: JSON.stringify([...new Set(e.consentPartyIds)]),
    extensionConsentNote: e.consentNote,
    concludeDueDate: until,
    concludeDueAt: endOfLocalDay(until, who.timeZone),
  });
};

// ——— follow-up and archive ———

export const scheduleFollowUp = async (manager: EntityManager, who: Who, id: string, version: number, date: string) => {
  const row = await caseFor(manager, id, version, 'scheduleFollowUp');
  if (date < todayOf(who)) throw validationError('date', 'mediation.pastDate');
  await followUpTable.insert(manager, who, {
    caseId: id,
    scheduledDate: date,
    scheduledById: who.staffId,
    doneAt: null,
    doneDate: null,
    doneById: null,
    performance: null,
    notes: null,
  });
  await saveCase(manager, who, row, {});
};

/** Records a visit: the scheduled one named, or one made without an appointment (scheduled for today). */
export const recordFollowUp = async (
  manager: EntityManager,
  who: Who,
  id: string,
  version: number,
  v: { followUpId?: string; performance?: Performance; notes: string },
) => {
  const row = await caseFor(manager, id, version, 'recordFollowUp');
  // how the agreement was carried out is what a visit after an agreement finds out
  if (row.status !== 'failed' && !v.performance) throw validationError('performance', 'required');
  const performance = row.status === 'failed' ? null : (v.performance ?? null);
  const done = { doneAt: who.now.toISOString(), doneDate: todayOf(who), doneById: who.staffId, performance, notes: v.notes };
  if (v.followUpId) {
    const f = await manager.findOneBy(followUpTable.entity, { id: v.followUpId, caseId: id });
    if (!f || f.cancelledAt) throw notFound('mediation.followUpNotFound');
    if (f.doneAt) throw conflict('mediation.followUpDone');
    await followUpTable.update(manager, who, f, null, done);
  } else {
    await followUpTable.insert(manager, who, {
      caseId: id,
      scheduledDate: todayOf(who),
      scheduledById: who.staffId,
      ...done,
    });
  }
  await saveCase(manager, who, row, row.status === 'agreed' ? { status: 'followedUp' } : {});
};

/** Files a finished case: an agreement after its follow-up, a failure once the duty officer has it, a decline. */
export const archiveCase = async (manager: EntityManager, who: Who, id: string, version: number) => {
  const row = await caseFor(manager, id, version, 'archive');
  if (row.status === 'failed' && !row.failureAcknowledgedAt) throw conflict('mediation.acknowledgeFirst');
  if (needsRiskVisit(row, await visited(manager, id))) throw conflict('mediation.riskVisitFirst');
  await saveCase(manager, who, row, { status: 'archived', archivedAt: who.now.toISOString(), archivedById: who.staffId });
};

export const cancelCase = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) => {
  const row = await caseFor(manager, id, version, 'cancel');
  await saveCase(manager, who, row, { status: 'cancelled', cancelledAt: who.now.toISOString(), cancelReason: reason });
};
