/**
 * Mediation cases from registration to archive. Every change of a case goes through `saveCase`:
 * it checks the version the caller saw, re-scores the risk and bumps the version once, so each
 * call is one step of the case in the outbox and in the audit log.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { maskPhone } from '../../shared/checks/phone.js';
import { conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import type { StaffRef } from '../../shared/intake/contract.js';
import { walkInRoutesOf } from '../../shared/intake/zones.js';
import { agreementDocument, type AgreementDocument } from '../../shared/mediation/agreement.js';
import { FILE_TYPES } from '../../shared/files.js';
import {
  mayOpenCaseFrom,
  type MediationCase,
  type OpenCaseInput,
  type PartyInput,
  type PartyView,
  type RiskAssessment,
} from '../../shared/mediation/contract.js';
import {
  ACTION_STATUSES,
  CASE_ACTIONS,
  RUNNING_STATUSES,
  concludeDueDate,
  endOfLocalDay,
  formatCaseNo,
  judicialConfirmationDeadline,
  latestExtensionDate,
  needsRiskVisit,
  placeKey,
  startDueAt,
  type CaseAction,
  type Performance,
  type Tag,
} from '../../shared/mediation/model.js';
import { RISK_RULES, type RiskRules } from '../../shared/mediation/risk.js';
import type { Role } from '../../shared/roles.js';
import { CLOCK_SKEW_MS, localDate, startOfMinute } from '../../shared/time.js';
import { todayOf, type Who } from '../context.js';
import { newRowBase, touch, checkVersion } from '../db/baseColumns.js';
import { getWalkIn, revealWalkIn, setWalkInStatus } from '../intake/intake.service.js';
import {
  AgreementEntity,
  AssignmentEntity,
  CaseEntity,
  FollowUpEntity,
  MediatorEntity,
  PartyEntity,
  SessionEntity,
  type AgreementRow,
  type AssignmentRow,
  type CaseRow,
  type FileRow,
  type FollowUpRow,
  type PartyRow,
  type SessionRow,
} from './mediation.entity.js';
import { ownedSql } from './ownership.js';
import { assessRisk, riskColumns } from './risk.service.js';
import { getSettings } from './settings.service.js';

const parseJson = <T>(s: string | null): T => (s ? JSON.parse(s) : null) as T;

// ——— loading and saving ———

export const loadCase = async (manager: EntityManager, id: string): Promise<CaseRow> => {
  const row = await manager.findOneBy(CaseEntity, { id });
  if (!row) throw notFound('mediation.notFound');
  return row;
};

/**
 * Loads a case for a change: the caller's version must be the current one, and the action allowed
 * now. `verb` names the call in the refusal when it shares its rule with an action (a party edit).
 */
const caseFor = async (manager: EntityManager, id: string, version: number, action: CaseAction, verb: string = action): Promise<CaseRow> => {
  const row = await loadCase(manager, id);
  checkVersion(row, version);
  if (!ACTION_STATUSES[action].includes(row.status)) {
    // archiving an agreement before its visit is the refusal users meet most: it gets words of its own
    if (action === 'archive' && row.status === 'agreed') throw conflict('mediation.followUpFirst');
    throw conflict('mediation.transition', { from: row.status, action: verb });
  }
  return row;
};

const rulesOf = async (manager: EntityManager, who: Who): Promise<RiskRules> => (await getSettings(manager, who.stationId)).riskRules;

/**
 * Writes a change of a case with one version bump, re-scoring its risk on the way (its texts,
 * parties and sessions as they now are). The update names the version it read, so a write that
 * raced past the check above still cannot overwrite another.
 */
const saveCase = async (manager: EntityManager, who: Who, row: CaseRow, change: Partial<CaseRow>): Promise<void> => {
  const next = { ...row, ...change };
  const values: Partial<CaseRow> = { ...change };
  if (next.status !== 'cancelled') {
    Object.assign(values, riskColumns(await assessRisk(manager, next, await rulesOf(manager, who), who.now), row.riskPeakLevel, who.now));
  }
  const result = await manager
    .createQueryBuilder()
    .update(CaseEntity)
    .set({ ...values, ...touch(row, who.staffId, who.now) })
    .where('"id" = :id AND "version" = :version', { id: row.id, version: row.version })
    .execute();
  if (result.affected !== 1) throw conflict('staleVersion');
};

/**
 * Re-scores open cases (all, those sharing a person with `scope`'s case, or those a person is
 * party to) after something outside them changed: a party's other mediation failed, the head
 * changed the rules, or the collection zone put a person under care or took them off it. A case is
 * only written when its score or reasons changed, and never once another station has taken it
 * (its read-only copy here keeps the score it left with).
 */
export const rescoreOpenCases = async (
  manager: EntityManager,
  who: Who,
  scope?: { sharingPartiesWith: string } | { person: { idType: string; idNumber: string } },
): Promise<number> => {
  const rules = await rulesOf(manager, who);
  const ids: { id: string }[] =
    scope && 'sharingPartiesWith' in scope
      ? await manager.query(
          `SELECT DISTINCT c."id" FROM "mediation_party" me
           JOIN "mediation_party" p ON p."idNumber" = me."idNumber" AND p."idType" = me."idType" AND p."caseId" <> me."caseId" AND p."cancelledAt" IS NULL
           JOIN "mediation_case" c ON c."id" = p."caseId"
           WHERE me."caseId" = ? AND me."idNumber" IS NOT NULL AND me."cancelledAt" IS NULL AND c."status" IN ('registered', 'accepted', 'mediating')
             AND ${ownedSql('c')}`,
          [scope.sharingPartiesWith],
        )
      : scope
        ? await manager.query(
            `SELECT DISTINCT c."id" FROM "mediation_party" p JOIN "mediation_case" c ON c."id" = p."caseId"
             WHERE p."idNumber" = ? AND p."idType" = ? AND p."cancelledAt" IS NULL AND c."status" IN ('registered', 'accepted', 'mediating')
               AND ${ownedSql('c')}`,
            [scope.person.idNumber, scope.person.idType],
          )
        : await manager.query(`SELECT c."id" FROM "mediation_case" c WHERE c."status" IN ('registered', 'accepted', 'mediating') AND ${ownedSql('c')}`);
  let changed = 0;
  for (const { id } of ids) {
    const row = await loadCase(manager, id);
    const risk = await assessRisk(manager, row, rules, who.now);
    const reasons = JSON.stringify(risk.reasons);
    if (risk.score === row.riskScore && reasons === row.riskReasons) continue;
    await manager.update(CaseEntity, { id }, { ...riskColumns(risk, row.riskPeakLevel, who.now), ...touch(row, who.staffId, who.now) });
    changed += 1;
  }
  return changed;
};

const livePartiesOf = (manager: EntityManager, caseId: string): Promise<PartyRow[]> =>
  manager.query(`SELECT * FROM "mediation_party" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "seq"`, [caseId]);

/** Whether anyone has been to see the parties since: a follow-up visit recorded. */
const visited = async (manager: EntityManager, caseId: string): Promise<boolean> =>
  (await manager.query(`SELECT 1 FROM "mediation_follow_up" WHERE "caseId" = ? AND "doneAt" IS NOT NULL AND "cancelledAt" IS NULL LIMIT 1`, [caseId])).length > 0;

/** Refuses a party id that is not one of the case's parties. */
const requireParties = (parties: PartyRow[], ids: readonly string[], field: string) => {
  const known = new Set(parties.map((p) => p.id));
  ids.forEach((id, i) => {
    if (!known.has(id)) throw validationError(`${field}.${i}`, 'mediation.partyUnknown');
  });
};

/** The same person twice in one case is a typing error: ID documents are unique. */
const refuseDuplicate = (existing: { id?: string; idType: string; idNumber: string | null }[], party: PartyInput, field: string, selfId?: string) => {
  if (!party.idNumber) return;
  if (existing.some((p) => (selfId === undefined || p.id !== selfId) && p.idType === party.idType && p.idNumber === party.idNumber)) {
    throw validationError(field, 'mediation.duplicateParty');
  }
};

const insertParty = async (manager: EntityManager, who: Who, caseId: string, seq: number, p: PartyInput): Promise<void> => {
  await manager.insert(PartyEntity, {
    ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
    caseId,
    seq,
    name: p.name,
    idType: p.idType,
    idNumber: p.idNumber,
    phone: p.phone,
    address: p.address,
    role: p.role,
    representative: p.representative,
    claim: p.claim,
    tags: JSON.stringify(p.tags),
  });
};

// ——— opening a case ———

/**
 * Registers a case. From a walk-in (which must be waiting in the mediation zone, or be served
 * there), the visitor becomes the first party and the walk-in is finished as served — through the
 * front desk's own service, so its board and history stay right.
 */
/** A place linked to the collection zone must be one of its live standard addresses. */
const requireAddress = async (manager: EntityManager, addressId: string | null) => {
  if (!addressId) return;
  const [found] = await manager.query(`SELECT 1 AS "ok" FROM "address_node" WHERE "id" = ? AND "cancelledAt" IS NULL`, [addressId]);
  if (!found) throw validationError('addressId', 'mediation.addressUnknown');
};

export const openCase = async (manager: EntityManager, who: Who, role: Role, input: OpenCaseInput): Promise<string> => {
  await requireAddress(manager, input.addressId);
  if (!mayOpenCaseFrom(role, input.source)) throw forbidden('mediation.auxiliaryWalkInOnly');
  const parties: PartyInput[] = [];

  if (input.source === 'walkIn' && input.walkInId) {
    // a walk-in of a zone the caller does not serve does not exist for them
    const routes = walkInRoutesOf(role);
    const walkIn = await getWalkIn(manager, input.walkInId, routes);
    // handed on: the case belongs to the walk-in it was handed on as
    if (walkIn.status === 'referred') throw conflict('mediation.walkInReferred');
    if (walkIn.route !== 'mediation') throw conflict('mediation.walkInRoute');
    const taken: { caseNo: string }[] = await manager.query(
      `SELECT "caseNo" FROM "mediation_case" WHERE "walkInId" = ? AND "cancelledAt" IS NULL`,
      [walkIn.id],
    );
    if (taken.length > 0) throw conflict('mediation.walkInTaken', { caseNo: taken[0].caseNo });
    const full = await revealWalkIn(manager, walkIn.id, routes);
    const extra = input.walkInParty ?? { role: 'applicant' as const, address: null, representative: null, claim: null, tags: [] };
    parties.push({ name: walkIn.visitorName, idType: walkIn.idType, idNumber: full.idNumber, phone: full.phone, ...extra });
    // the desk's part is done: the visitor was served, and the case carries on from here
    if (walkIn.status === 'waiting') await setWalkInStatus(manager, who, walkIn.id, 'serving', routes);
    if (walkIn.status === 'waiting' || walkIn.status === 'serving') await setWalkInStatus(manager, who, walkIn.id, 'done', routes);
  }
  input.parties.forEach((p, i) => {
    refuseDuplicate(parties, p, `parties.${i}.idNumber`);
    parties.push(p);
  });

  if (input.referredById) {
    const [staff] = await manager.query(`SELECT "id" FROM "staff" WHERE "id" = ? AND "active" = 1 AND "cancelledAt" IS NULL`, [input.referredById]);
    if (!staff) throw validationError('referredById', 'mediation.staffUnknown');
  }
  if (input.referredAt && Date.parse(input.referredAt) > who.now.getTime() + CLOCK_SKEW_MS) {
    throw validationError('referredAt', 'mediation.futureTime');
  }

  const registeredDate = todayOf(who);
  const year = Number(registeredDate.slice(0, 4));
  const [{ next }] = await manager.query(
    `SELECT COALESCE(MAX("caseSeq"), 0) + 1 AS "next" FROM "mediation_case" WHERE "stationId" = ? AND "caseYear" = ?`,
    [who.stationId, year],
  );
  const id = uuidv7();
  const at = who.now.toISOString();
  const row: CaseRow = {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    caseYear: year,
    caseSeq: next,
    caseNo: formatCaseNo(year, next),
    type: input.type,
    place: input.place,
    placeKey: placeKey(input.place),
    addressId: input.addressId,
    facts: input.facts,
    matters: input.matters,
    evidence: input.evidence,
    investigation: input.investigation,
    tags: JSON.stringify(input.tags),
    source: input.source,
    walkInId: input.walkInId ?? null,
    referredById: input.referredById ?? null,
    referredAt: input.referredAt ?? null,
    status: 'registered',
    outcome: null,
    registeredAt: at,
    registeredDate,
    registeredById: who.staffId,
    decidedAt: null,
    decidedDate: null,
    decidedById: null,
    declineReason: null,
    refusingPartyId: null,
    acceptedAt: null,
    startDueAt: null,
    startedAt: null,
    concludeDueDate: null,
    concludeDueAt: null,
    extendedAt: null,
    extendedById: null,
    extensionReason: null,
    extendedFromDate: null,
    extensionConsents: null,
    extensionConsentNote: null,
    concludedAt: null,
    concludedDate: null,
    concludedById: null,
    failureFeedback: null,
    failureAcknowledgedAt: null,
    failureAcknowledgedById: null,
    failureAcknowledgeNote: null,
    archivedAt: null,
    archivedById: null,
    riskScore: 0,
    riskLevel: 'low',
    riskReasons: '[]',
    riskAt: at,
    riskPeakLevel: 'low',
  };
  // scored before it is written, from the parties in hand: the case goes to the outbox once, as registered
  const risk = await assessRisk(manager, row, await rulesOf(manager, who), who.now, { parties });
  await manager.insert(CaseEntity, { ...row, ...riskColumns(risk, null, who.now) });
  for (const [i, p] of parties.entries()) await insertParty(manager, who, id, i + 1, p);
  return id;
};

// ——— corrections ———

export interface CaseFields {
  type: CaseRow['type'];
  place: string;
  addressId: string | null;
  facts: string;
  matters: string | null;
  evidence: string | null;
  investigation: string | null;
  tags: Tag[];
}

export const updateCase = async (manager: EntityManager, who: Who, id: string, version: number, f: CaseFields) => {
  const row = await caseFor(manager, id, version, 'update');
  if (f.addressId !== row.addressId) await requireAddress(manager, f.addressId);
  await saveCase(manager, who, row, {
    type: f.type,
    place: f.place,
    placeKey: placeKey(f.place),
    addressId: f.addressId,
    facts: f.facts,
    matters: f.matters,
    evidence: f.evidence,
    investigation: f.investigation,
    tags: JSON.stringify(f.tags),
  });
};

export const addParty = async (manager: EntityManager, who: Who, id: string, version: number, party: PartyInput) => {
  const row = await caseFor(manager, id, version, 'addParty');
  const parties = await livePartiesOf(manager, id);
  if (parties.length >= 20) throw validationError('party', 'tooMany');
  refuseDuplicate(parties, party, 'party.idNumber');
  const [{ seq }] = await manager.query(`SELECT COALESCE(MAX("seq"), 0) + 1 AS "seq" FROM "mediation_party" WHERE "caseId" = ?`, [id]);
  await insertParty(manager, who, id, seq, party);
  await saveCase(manager, who, row, {});
};

export const updateParty = async (manager: EntityManager, who: Who, id: string, version: number, partyId: string, party: PartyInput) => {
  const row = await caseFor(manager, id, version, 'addParty', 'updateParty');
  const parties = await livePartiesOf(manager, id);
  const current = parties.find((p) => p.id === partyId);
  if (!current) throw notFound('mediation.partyNotFound');
  refuseDuplicate(parties, party, 'party.idNumber', partyId);
  await manager.update(PartyEntity, { id: partyId }, {
    name: party.name,
    idType: party.idType,
    idNumber: party.idNumber,
    phone: party.phone,
    address: party.address,
    role: party.role,
    representative: party.representative,
    claim: party.claim,
    tags: JSON.stringify(party.tags),
    ...touch(current, who.staffId, who.now),
  });
  await saveCase(manager, who, row, {});
};

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
    const m = await manager.findOneBy(MediatorEntity, { id: mediatorId });
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
    await manager.update(AssignmentEntity, { id: a.id }, { cancelledAt: at, cancelReason: 'reassigned', ...touch(a, who.staffId, who.now) });
  }
  const kept = new Set(current.filter((a) => mediatorIds.includes(a.mediatorId) && Boolean(a.chosenByParties) === chosenByParties).map((a) => a.mediatorId));
  for (const mediatorId of mediatorIds) {
    if (kept.has(mediatorId)) continue;
    await manager.insert(AssignmentEntity, {
      ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
      caseId: id,
      mediatorId,
      chosenByParties,
      assignedAt: at,
      assignedById: who.staffId,
    });
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
  await manager.insert(SessionEntity, {
    ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
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
  const session = await manager.findOneBy(SessionEntity, { id: sessionId, caseId: id });
  if (!session || session.cancelledAt) throw notFound('mediation.sessionNotFound');
  requireParties(await livePartiesOf(manager, id), signedPartyIds, 'signedPartyIds');
  const before: string[] = JSON.parse(session.signedPartyIds);
  if (before.some((p) => !signedPartyIds.includes(p)) || (session.mediatorSigned && !mediatorSigned)) {
    throw conflict('mediation.signatureWithdrawn');
  }
  await manager.update(SessionEntity, { id: sessionId }, {
    signedPartyIds: JSON.stringify([...new Set(signedPartyIds)]),
    mediatorSigned,
    ...touch(session, who.staffId, who.now),
  });
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
  await manager.insert(AgreementEntity, {
    ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
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
  if (missing.length > 0) throw validationError('consentPartyIds', 'mediation.consentsMissing', { names: missing.map((p) => p.name).join('、') });
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
  await manager.insert(FollowUpEntity, {
    ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
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
    const f = await manager.findOneBy(FollowUpEntity, { id: v.followUpId, caseId: id });
    if (!f || f.cancelledAt) throw notFound('mediation.followUpNotFound');
    if (f.doneAt) throw conflict('mediation.followUpDone');
    await manager.update(FollowUpEntity, { id: f.id }, { ...done, ...touch(f, who.staffId, who.now) });
  } else {
    await manager.insert(FollowUpEntity, {
      ...newRowBase(uuidv7(), who.stationId, who.staffId, who.now),
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

// ——— reading ———

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
