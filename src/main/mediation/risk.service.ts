/**
 * Gathers what the early-warning rules look at — the case's texts, and other cases sharing a
 * person or a place — and scores it with the pure rules of src/shared/mediation/risk.ts.
 */
import type { EntityManager } from 'typeorm';
import { maxLevel, scoreRisk, type CaseText, type RelatedCase, type RiskLevel, type RiskResult, type RiskRules } from '../../shared/mediation/risk.js';
import type { CaseRow } from './mediation.entity.js';

const DAY_MS = 86_400_000;

/** Place keys this short ("3", "") say nothing about a place: they never match. */
const MIN_PLACE_KEY = 2;

type Scored = Pick<
  CaseRow,
  'id' | 'registeredAt' | 'placeKey' | 'addressId' | 'facts' | 'matters' | 'investigation' | 'evidence'
>;

const isoBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY_MS).toISOString();

/** What the party rules need to know of a party. */
export interface ScoredParty {
  idType: string;
  idNumber: string | null;
  name: string;
  claim: string | null;
}

/**
 * Scores a case with `row`'s own fields as they are about to be written. Its parties and session
 * minutes are read from the database unless given (a case being opened has none stored yet).
 */
export const assessRisk = async (
  manager: EntityManager,
  row: Scored,
  rules: RiskRules,
  now: Date,
  given?: { parties: ScoredParty[] },
): Promise<RiskResult> => {
  const texts: CaseText[] = [];
  for (const where of ['facts', 'matters', 'investigation', 'evidence'] as const) {
    const text = row[where];
    if (text) texts.push({ where, text });
  }
  const parties: ScoredParty[] =
    given?.parties ??
    (await manager.query(
      `SELECT "idType", "idNumber", "name", "claim" FROM "mediation_party" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "seq"`,
      [row.id],
    ));
  for (const p of parties) if (p.claim) texts.push({ where: 'claim', ref: p.name, text: p.claim });
  if (!given) {
    const minutes: { seq: number; minutes: string }[] = await manager.query(
      `SELECT "seq", "minutes" FROM "mediation_session" WHERE "caseId" = ? AND "cancelledAt" IS NULL ORDER BY "seq"`,
      [row.id],
    );
    for (const m of minutes) texts.push({ where: 'minutes', ref: String(m.seq), text: m.minutes });
  }

  // the widest window any party rule looks back over; the pure rules then apply each rule's own
  const partyFrom = isoBefore(row.registeredAt, Math.max(rules.repeatParties.withinDays, rules.priorFailure.withinDays));
  const documents = parties.filter((p) => p.idNumber);
  let sameParty: (RelatedCase & { outcome: string | null })[] = [];
  if (documents.length > 0) {
    const found: (RelatedCase & { outcome: string | null; idType: string; idNumber: string })[] = await manager.query(
      `SELECT c."id" AS "caseId", c."caseNo", c."registeredAt", c."concludedAt", c."outcome", p."name" AS "partyName", p."idType", p."idNumber"
       FROM "mediation_party" p
       JOIN "mediation_case" c ON c."id" = p."caseId" AND c."status" <> 'cancelled'
       WHERE p."idNumber" IN (${documents.map(() => '?').join(', ')}) AND p."caseId" <> ? AND p."cancelledAt" IS NULL
         AND (c."registeredAt" >= ? OR (c."outcome" = 'failed' AND c."concludedAt" >= ?))`,
      [...documents.map((p) => p.idNumber), row.id, partyFrom, partyFrom],
    );
    // the same number under another document type is another person
    sameParty = found.filter((f) => documents.some((p) => p.idType === f.idType && p.idNumber === f.idNumber));
  }

  // a party the police keep under care (重点关注) in the collection zone: matched by the document, as
  // the same number under another document type is another person; a resident who moved out is not
  let partiesUnderCare: string[] = [];
  if (rules.partyUnderCare.enabled && documents.length > 0) {
    const cared: { idType: string; idNumber: string }[] = await manager.query(
      `SELECT "idType", "idNumber" FROM "resident"
       WHERE "idNumber" IN (${documents.map(() => '?').join(', ')}) AND "careReason" IS NOT NULL
         AND "cancelledAt" IS NULL AND "movedOutOn" IS NULL`,
      documents.map((p) => p.idNumber),
    );
    partiesUnderCare = documents.filter((p) => cared.some((r) => r.idType === p.idType && r.idNumber === p.idNumber)).map((p) => p.name);
  }

  let samePlace: RelatedCase[] = [];
  const placeFrom = isoBefore(row.registeredAt, rules.repeatPlace.withinDays);
  if (row.placeKey.length >= MIN_PLACE_KEY || row.addressId) {
    samePlace = await manager.query(
      `SELECT "id" AS "caseId", "caseNo", "registeredAt" FROM "mediation_case"
       WHERE "id" <> ? AND "status" <> 'cancelled' AND "registeredAt" >= ? AND "registeredAt" <= ?
         AND (("placeKey" = ? AND length("placeKey") >= ?) OR ("addressId" IS NOT NULL AND "addressId" = ?))`,
      [row.id, placeFrom, row.registeredAt, row.placeKey, MIN_PLACE_KEY, row.addressId ?? ''],
    );
  }

  return scoreRisk(
    {
      caseId: row.id,
      registeredAt: row.registeredAt,
      now: now.toISOString(),
      texts,
      samePartyCases: sameParty,
      samePlaceCases: samePlace,
      failedPartyCases: sameParty.filter((c) => c.outcome === 'failed'),
      partiesUnderCare,
    },
    rules,
  );
};

/** The case columns a risk result sets; the peak level only ever rises. */
export const riskColumns = (risk: RiskResult, peak: RiskLevel | null, now: Date) => ({
  riskScore: risk.score,
  riskLevel: risk.level,
  riskReasons: JSON.stringify(risk.reasons),
  riskAt: now.toISOString(),
  riskPeakLevel: maxLevel(peak, risk.level),
});
