/** Properties (小区) with their guards, the station's night checks of them with their scores, and the month's feedback. */
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { propertyInput } from '../../shared/patrol/prevention.properties.js';
import { maskPhone } from '../../shared/checks/phone.js';
import { notFound, validationError } from '../../shared/errors.js';
import { scoreNightCheck, type GuardView, type MonthlyScore, type NightCheckView, type PropertyView } from '../../shared/patrol/prevention.contract.js';
import { localDate } from '../../shared/time.js';
import { addressTexts, checkAddress, givenVersion, notInFuture, refuseTaken, type Who } from './prevention.common.js';
import { guardTable, nightCheckTable, propertyTable, type GuardRow, type NightCheckRow, type PropertyRow } from './prevention.entity.js';

const guardView = (g: GuardRow): GuardView => ({ id: g.id, version: g.version, name: g.name, phoneMasked: maskPhone(g.phone) });

const propertyViews = async (manager: EntityManager, rows: PropertyRow[]): Promise<PropertyView[]> => {
  if (rows.length === 0) return [];
  const guards = (await manager.query(
    `SELECT * FROM "prevention_guard" WHERE "cancelledAt" IS NULL AND "propertyId" IN (${rows.map(() => '?').join(', ')}) ORDER BY "createdAt", "id"`,
    rows.map((r) => r.id),
  )) as GuardRow[];
  const texts = await addressTexts(manager, rows.map((r) => r.addressId));
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    name: r.name,
    addressId: r.addressId,
    addressText: r.addressId ? (texts.get(r.addressId) ?? null) : null,
    company: r.company,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    nightGuards: r.nightGuards,
    patrolPoints: r.patrolPoints,
    passScore: r.passScore,
    note: r.note,
    guards: guards.filter((g) => g.propertyId === r.id).map(guardView),
  }));
};

export const listProperties = async (manager: EntityManager): Promise<PropertyView[]> =>
  propertyViews(manager, (await manager.query(`SELECT * FROM "prevention_property" WHERE "cancelledAt" IS NULL ORDER BY "name"`)) as PropertyRow[]);

export const getProperty = async (manager: EntityManager, id: string): Promise<PropertyView> =>
  (await propertyViews(manager, [await propertyTable.loadLive(manager, id, 'prevention.property.notFound')]))[0];

export const saveProperty = async (
  manager: EntityManager,
  who: Who,
  input: z.infer<typeof propertyInput>,
): Promise<string> => {
  await checkAddress(manager, input.addressId);
  await refuseTaken(manager, 'prevention_property', 'name', input.name, input.id, 'prevention.property.nameTaken');
  const fields = {
    name: input.name,
    addressId: input.addressId,
    company: input.company,
    contactName: input.contactName,
    nightGuards: input.nightGuards,
    patrolPoints: input.patrolPoints,
    passScore: input.passScore,
    note: input.note,
  };
  if (input.id === undefined) return (await propertyTable.insert(manager, who, { ...fields, contactPhone: input.contactPhone })).id;
  const row = await propertyTable.loadLive(manager, input.id, 'prevention.property.notFound');
  // an empty phone keeps the one on record: forms only ever see it masked
  await propertyTable.update(manager, who, row, givenVersion(input.version), { ...fields, contactPhone: input.contactPhone ?? row.contactPhone });
  return row.id;
};

export const saveGuard = async (
  manager: EntityManager,
  who: Who,
  input: { propertyId: string; id?: string; version?: number; name: string; phone: string | null },
): Promise<void> => {
  const property = await propertyTable.loadLive(manager, input.propertyId, 'prevention.property.notFound');
  if (input.id === undefined) {
    await guardTable.insert(manager, who, { propertyId: property.id, name: input.name, phone: input.phone });
    return;
  }
  const row = await guardTable.loadLive(manager, input.id, 'prevention.guard.notFound');
  if (row.propertyId !== property.id) throw notFound('prevention.guard.notFound');
  await guardTable.update(manager, who, row, givenVersion(input.version), { name: input.name, phone: input.phone ?? row.phone });
};

export const revealGuard = async (manager: EntityManager, id: string): Promise<GuardRow> => guardTable.loadLive(manager, id, 'prevention.guard.notFound');

// ───────────────────────────── night checks ─────────────────────────────

const CHECK_SELECT = `SELECT c.*, p."name" AS "propertyName", s."name" AS "checkedByName"
  FROM "prevention_night_check" c
  JOIN "prevention_property" p ON p."id" = c."propertyId"
  JOIN "staff" s ON s."id" = c."checkedById"`;

const checkView = (r: NightCheckRow & { propertyName: string; checkedByName: string }): NightCheckView => {
  const facts = {
    onRound: Boolean(r.onRound),
    guardsSeen: r.guardsSeen,
    guardsExpected: r.guardsExpected,
    pointsChecked: r.pointsChecked,
    pointsTotal: r.pointsTotal,
    problems: JSON.parse(r.problems) as { text: string; points: number }[],
  };
  return {
    id: r.id,
    version: r.version,
    propertyId: r.propertyId,
    propertyName: r.propertyName,
    checkedAt: r.checkedAt,
    checkedBy: r.checkedByName,
    note: r.note,
    ...facts,
    score: r.score,
    // the deductions are the rule applied to the facts kept; the score kept is the one it gave
    deductions: scoreNightCheck(facts).deductions,
  };
};

export const addNightCheck = async (
  manager: EntityManager,
  who: Who,
  input: { propertyId: string; checkedAt?: string; onRound: boolean; guardsSeen: number; pointsChecked: number; problems: { text: string; points: number }[]; note: string | null },
): Promise<string> => {
  const property = await propertyTable.loadLive(manager, input.propertyId, 'prevention.property.notFound');
  const checkedAt = input.checkedAt ?? who.now.toISOString();
  notInFuture(who, checkedAt, 'checkedAt');
  if (input.pointsChecked > property.patrolPoints) throw validationError('pointsChecked', 'prevention.check.morePoints', { max: property.patrolPoints });
  const facts = {
    onRound: input.onRound,
    guardsSeen: input.guardsSeen,
    guardsExpected: property.nightGuards,
    pointsChecked: input.pointsChecked,
    pointsTotal: property.patrolPoints,
    problems: input.problems,
  };
  const { score } = scoreNightCheck(facts);
  const row = await nightCheckTable.insert(manager, who, {
    propertyId: property.id,
    checkedAt,
    checkedMonth: localDate(checkedAt, who.timeZone).slice(0, 7),
    checkedById: who.staffId,
    onRound: input.onRound,
    guardsSeen: input.guardsSeen,
    guardsExpected: property.nightGuards,
    pointsChecked: input.pointsChecked,
    pointsTotal: property.patrolPoints,
    problems: JSON.stringify(input.problems),
    score,
    note: input.note,
  });
  return row.id;
};

export const getNightCheck = async (manager: EntityManager, id: string): Promise<NightCheckView> => {
  const [row] = await manager.query(`${CHECK_SELECT} WHERE c."id" = ? AND c."cancelledAt" IS NULL`, [id]);
  if (!row) throw notFound('prevention.check.notFound');
  return checkView(row);
};

export const listNightChecks = async (manager: EntityManager, month: string, propertyId?: string): Promise<NightCheckView[]> =>
  (
    await manager.query(
      `${CHECK_SELECT} WHERE c."checkedMonth" = ? AND c."cancelledAt" IS NULL ${propertyId ? `AND c."propertyId" = ?` : ''} ORDER BY c."checkedAt" DESC`,
      propertyId ? [month, propertyId] : [month],
    )
  ).map(checkView);

/** A property's month: the mean of its checks' scores (one decimal), the lowest, and whether it passes. */
const monthly = (p: { id: string; name: string; company: string; passScore: number }, month: string, checks: { score: number; onRound: boolean }[]): MonthlyScore => {
  const score = checks.length === 0 ? null : Math.round((checks.reduce((s, c) => s + c.score, 0) / checks.length) * 10) / 10;
  return {
    propertyId: p.id,
    propertyName: p.name,
    company: p.company,
    month,
    checks: checks.length,
    score,
    lowest: checks.length === 0 ? null : Math.min(...checks.map((c) => c.score)),
    notOnRound: checks.filter((c) => !c.onRound).length,
    passScore: p.passScore,
    passed: score === null ? null : score >= p.passScore,
  };
};

export const monthlyScores = async (manager: EntityManager, month: string): Promise<MonthlyScore[]> => {
  const properties = (await manager.query(`SELECT * FROM "prevention_property" WHERE "cancelledAt" IS NULL ORDER BY "name"`)) as PropertyRow[];
  const checks: { propertyId: string; score: number; onRound: number }[] = await manager.query(
    `SELECT "propertyId", "score", "onRound" FROM "prevention_night_check" WHERE "checkedMonth" = ? AND "cancelledAt" IS NULL`,
    [month],
  );
  return properties.map((p) =>
    monthly(
      p,
      month,
      checks.filter((c) => c.propertyId === p.id).map((c) => ({ score: c.score, onRound: Boolean(c.onRound) })),
    ),
  );
};

export const feedback = async (manager: EntityManager, propertyId: string, month: string) => {
  const property = await getProperty(manager, propertyId);
  const checks = (await listNightChecks(manager, month, propertyId)).reverse();
  return { property, month, checks, monthly: monthly(property, month, checks) };
};
