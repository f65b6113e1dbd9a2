/**
 * Mediation cases: loading and saving, registration and corrections. Every change of a case goes
 * through `saveCase`: the caller has checked the version it saw (`caseFor`), and the case is
 * re-scored and written with one version bump, so each call is one step of the case in the outbox
 * and in the audit log. The steps after registration are in steps.service.ts, reading a case in
 * caseView.service.ts.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import { walkInRoutesOf } from '../../shared/intake/zones.js';
import { mayOpenCaseFrom, type MediationCase, type OpenCaseInput, type PartyInput } from '../../shared/mediation/contract.js';
import { ACTION_STATUSES, formatCaseNo, placeKey, type CaseAction } from '../../shared/mediation/model.js';
import type { RiskRules } from '../../shared/mediation/risk.js';
import type { Role } from '../../shared/roles.js';
import { CLOCK_SKEW_MS } from '../../shared/time.js';
import { todayOf, type Who } from '../context.js';
import { checkVersion, type SyncedRow } from '../db/baseColumns.js';
import { getWalkIn, revealWalkIn, setWalkInStatus } from '../intake/intake.service.js';
import { caseTable, partyTable, type CaseRow, type PartyRow } from './mediation.entity.js';
import { ownedSql } from './ownership.js';
import { assessRisk, riskColumns } from './risk.service.js';
import { getSettings } from './settings.service.js';

// ——— loading and saving ———

export const loadCase = async (manager: EntityManager, id: string): Promise<CaseRow> => {
  const row = await manager.findOneBy(caseTable.entity, { id });
  if (!row) throw notFound('mediation.notFound');
  return row;
};

/**
 * Loads a case for a change: the caller's version must be the current one, and the action allowed
 * now. `verb` names the call in the refusal when it shares its rule with an action (a party edit).
 */
export const caseFor = async (manager: EntityManager, id: string, version: number, action: CaseAction, verb: string = action): Promise<CaseRow> => {
  const row = await loadCase(manager, id);
  checkVersion(row, version);
  if (!ACTION_STATUSES[action].includes(row.status)) {
    // archiving an agreement before its visit is the refusal users meet most: it gets words of its own
    if (action === 'archive' && row.status === 'agreed') throw conflict('mediation.followUpFirst');
    throw conflict('mediation.transition', { from: row.status, action: verb });
  }
  return row;
};

export const rulesOf = async (manager: EntityManager, who: Who): Promise<RiskRules> => (await getSettings(manager, who.stationId)).riskRules;

/**
 * Writes a change of a case with one version bump, re-scoring its risk on the way (its texts,
 * parties and sessions as they now are). The caller has checked the version (caseFor).
 */
export const saveCase = async (manager: EntityManager, who: Who, row: CaseRow, change: Partial<CaseRow>): Promise<void> => {
  const next = { ...row, ...change };
  const values: Partial<CaseRow> = { ...change };
  if (next.status !== 'cancelled') {
    Object.assign(values, riskColumns(await assessRisk(manager, next, await rulesOf(manager, who), who.now), row.riskPeakLevel, who.now));
  }
  await caseTable.update(manager, who, row, null, values);
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
    await caseTable.update(manager, who, row, null, riskColumns(risk, row.riskPeakLevel, who.now));
    changed += 1;
  }
  return changed;
};

export const livePartiesOf = (manager: EntityManager, caseId: string): Promise<PartyRow[]> =>
  manager.query(`SELECT * FROM "mediation_party" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "seq"`, [caseId]);

/** Whether anyone has been to see the parties since: a follow-up visit recorded. */
export const visited = async (manager: EntityManager, caseId: string): Promise<boolean> =>
  (await manager.query(`SELECT 1 FROM "mediation_follow_up" WHERE "caseId" = ? AND "doneAt" IS NOT NULL AND "cancelledAt" IS NULL LIMIT 1`, [caseId])).length > 0;

/** Refuses a party id that is not one of the case's parties. */
export const requireParties = (parties: PartyRow[], ids: readonly string[], field: string) => {
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
  await partyTable.insert(manager, who, { caseId, seq, ...partyValues(p) });
};

/** A party's columns as typed in the form. */
const partyValues = (p: PartyInput) => ({
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

// ——— opening a case ———

/** A place linked to the collection zone must be one of its live standard addresses. */
const requireAddress = async (manager: EntityManager, addressId: string | null) => {
  if (!addressId) return;
  const [found] = await manager.query(`SELECT 1 AS "ok" FROM "address_node" WHERE "id" = ? AND "cancelledAt" IS NULL`, [addressId]);
  if (!found) throw validationError('addressId', 'mediation.addressUnknown');
};

/**
 * Registers a case. From a walk-in (which must be waiting in the mediation zone, or be served
 * there), the visitor becomes the first party and the walk-in is finished as served — through the
 * front desk's own service, so its board and history stay right.
 */
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
  const values: Omit<CaseRow, keyof SyncedRow> = {
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
  const risk = await assessRisk(manager, { id, ...values }, await rulesOf(manager, who), who.now, { parties });
  await caseTable.insert(manager, who, { ...values, ...riskColumns(risk, null, who.now) }, id);
  for (const [i, p] of parties.entries()) await insertParty(manager, who, id, i + 1, p);
  return id;
};

// ——— corrections ———

/** What a correction of a case may change: its facts as the case shows them. */
export type CaseFields = Pick<MediationCase, 'type' | 'place' | 'addressId' | 'facts' | 'matters' | 'evidence' | 'investigation' | 'tags'>;

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
  await partyTable.update(manager, who, current, null, partyValues(party));
  await saveCase(manager, who, row, {});
};
