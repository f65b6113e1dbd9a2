import type { EntityManager } from 'typeorm';
import { maskIdNumber, parseResidentId, type IdType } from '../../shared/checks/idNumber.js';
import { maskPhone } from '../../shared/checks/phone.js';
import type { Resident, ResidentChange, ResidentListItem } from '../../shared/collection/contract.js';
import { RESIDENT_CODED_FIELDS, type Category, type Relation, type ResidentCodes, type Source, type Tenancy, type Verification } from '../../shared/collection/model.js';
import { ageOn } from '../../shared/time.js';
import { AppError, conflict, notFound, validationError } from '../../shared/errors.js';
import { can } from '../../shared/permissions.js';
import { todayOf, type Who } from '../context.js';
import { requireRoom } from './address.service.js';
import { checkVersion } from '../db/baseColumns.js';
import { residentChangeTable, residentTable, type ResidentRow } from './collection.entity.js';
import { prefixEnd, reversed } from './common.js';
import { pinyinKeys } from './pinyin.js';

/** The coded fields (文化程度, 婚姻状况 …) as declared in the shared model: absent on a change keeps them. */
export const CODED = Object.keys(RESIDENT_CODED_FIELDS) as (keyof ResidentCodes)[];

/** The coded fields an input carries; the rest stay as they are. */
const codesGiven = (input: Partial<ResidentCodes>): Partial<ResidentCodes> => {
  const out: Partial<ResidentCodes> = {};
  for (const k of CODED) if (input[k] !== undefined) Object.assign(out, { [k]: input[k] });
  return out;
};

/** A row's coded fields, for the views. */
export const codesOf = (row: ResidentCodes): ResidentCodes => {
  const out = {} as ResidentCodes;
  for (const k of CODED) Object.assign(out, { [k]: row[k] ?? null });
  return out;
};

export interface ResidentFields extends Partial<ResidentCodes> {
  name: string;
  idType: IdType;
  idNumber: string | null;
  sex?: 'male' | 'female' | null;
  birthDate: string | null;
  ethnicity: string | null;
  hukouPlace: string | null;
  addressId: string | null;
  householdHeadId: string | null;
  relationToHead: Relation | null;
  category: Category;
  arrivedOn: string | null;
  phone: string | null;
  employer: string | null;
  tenancy: Tenancy | null;
  source: Source;
  verification: Verification;
  note: string | null;
  /** why the police keep the person under care; absent: unchanged (forms of other roles never carry it) */
  careReason?: string | null;
}

/** Who may put a person under care or take them off it: the police, not grid workers or auxiliaries. */

/** Fields compared for the history and shown in it; identifiers are masked there. */
const TRACKED = [
  'name', 'idType', 'idNumber', 'sex', 'birthDate', 'ethnicity', 'hukouPlace', 'addressId', 'householdHeadId', 'relationToHead',
  'category', 'arrivedOn', 'movedOutOn', 'moveOutReason', 'phone', 'employer', 'tenancy', 'source', 'verification', 'note',
  'careReason', ...CODED,
] as const;

const historyValue = (field: string, value: unknown) => {
  // the history is synced and kept for years: it never holds a full ID or phone number
  if (field === 'idNumber') return maskIdNumber(value as string | null);
  if (field === 'phone') return maskPhone(value as string | null);
  // the history is read by every collector: it says that the care mark changed, never why
  if (field === 'careReason') return value ? '●' : null;
  return value ?? null;
};

/** A change of the birth date as the ages it gave, for a reader who sees the ID number masked. */
const birthDatesAsAges = (changes: Record<string, [unknown, unknown]>, day: string) => {
  const { birthDate, ...rest } = changes;
  if (!birthDate) return changes;
  const age = (v: unknown) => (typeof v === 'string' ? ageOn(v, day) : null);
  return { ...rest, age: [age(birthDate[0]), age(birthDate[1])] as [unknown, unknown] };
};

type Joined = ResidentRow & { addressText: string | null };

const SELECT = `SELECT r.*, a."fullText" AS "addressText" FROM "resident" r LEFT JOIN "address_node" a ON a."id" = r."addressId"`;

export const toListItem = (row: Joined, day: string): ResidentListItem => ({
  id: row.id,
  version: row.version,
  name: row.name,
  idType: row.idType,
  idNumberMasked: maskIdNumber(row.idNumber),
  phoneMasked: maskPhone(row.phone),
  sex: row.sex,
  age: row.birthDate ? ageOn(row.birthDate, day) : null,
  category: row.category,
  addressId: row.addressId,
  addressText: row.addressText,
  relationToHead: row.relationToHead,
  tenancy: row.tenancy,
  source: row.source,
  verification: row.verification,
  movedOutOn: row.movedOutOn,
  ...codesOf(row),
});

export const loadResident = (manager: EntityManager, id: string) => residentTable.loadLive(manager, id, 'collection.residentNotFound');

/**
 * What the row stores for the typed fields: birth date and sex come from a resident ID number
 * (what is typed for them is ignored), pinyin keys and reversed numbers feed the search.
 */
const storedFields = (input: ResidentFields) => {
  let birthDate = input.birthDate;
  let sex = input.sex ?? null;
  if (input.idType === 'resident' && input.idNumber) {
    const parsed = parseResidentId(input.idNumber, '9999-12-31');
    if (parsed.ok) {
      birthDate = parsed.value.birthDate;
      sex = parsed.value.sex;
    }
  }
  const keys = pinyinKeys(input.name);
  return {
    name: input.name,
    pinyin: keys.pinyin,
    initials: keys.initials,
    idType: input.idType,
    idNumber: input.idNumber,
    idReversed: reversed(input.idNumber),
    sex,
    birthDate,
    ethnicity: input.ethnicity,
    hukouPlace: input.hukouPlace,
    addressId: input.addressId,
    householdHeadId: input.householdHeadId,
    relationToHead: input.relationToHead,
    category: input.category,
    arrivedOn: input.arrivedOn,
    phone: input.phone,
    phoneReversed: reversed(input.phone),
    employer: input.employer,
    tenancy: input.tenancy,
    source: input.source,
    verification: input.verification,
    note: input.note,
    ...(input.careReason !== undefined ? { careReason: input.careReason } : {}),
    ...codesGiven(input),
  };
};

/** The care mark changes only by the police; a form of another role leaves it as it is. */
const checkCare = (w: Who, input: ResidentFields, current: string | null) => {
  if (input.careReason === undefined || input.careReason === current) return;
  if (!can(w.role, 'collection.care')) throw validationError('careReason', 'collection.careByPolice');
};

/** Rules that need the database: one live person per ID number, a room address, a household head. */
const checkReferences = async (manager: EntityManager, w: Who, input: ResidentFields, selfId: string | null) => {
  if (input.idNumber) {
    const same: { id: string; name: string }[] = await manager.query(
      `SELECT "id", "name" FROM "resident" WHERE "idNumber" = ? AND "cancelledAt" IS NULL`,
      [input.idNumber],
    );
    const other = same.find((r) => r.id !== selfId);
    if (other) throw new AppError({
      code: 'CONFLICT', key: 'collection.duplicateId', field: 'idNumber', params: { name: other.name },
      fields: [{ field: 'idNumber', key: 'collection.duplicateId', params: { name: other.name } }],
    });
  }
  if (input.addressId) await requireRoom(manager, input.addressId);
  if (input.householdHeadId) {
    if (input.householdHeadId === selfId) throw validationError('householdHeadId', 'collection.headIsSelf');
    const head = await loadResident(manager, input.householdHeadId);
    if (head.householdHeadId) throw validationError('householdHeadId', 'collection.headHasHead');
    if (!input.relationToHead || input.relationToHead === 'head') throw validationError('relationToHead', 'required');
  }
  // the police verify: a grid worker's record waits for them
  if (!can(w.role, 'collection.verify') && input.verification === 'verified') throw validationError('verification', 'collection.verifyByPolice');
};

const recordChange = async (
  manager: EntityManager,
  w: Who,
  residentId: string,
  kind: ResidentChange['kind'],
  changes: Record<string, [unknown, unknown]>,
  note: string | null = null,
) => {
  await residentChangeTable.insert(manager, w, {
    residentId,
    at: w.now.toISOString(),
    byId: w.staffId,
    kind,
    changes: JSON.stringify(changes),
    note,
  });
};

export const diff = (before: Partial<ResidentRow> | null, after: Partial<ResidentRow>): Record<string, [unknown, unknown]> => {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of TRACKED) {
    if (!(f in after)) continue;
    const a = before ? (before[f] ?? null) : null;
    const b = after[f] ?? null;
    if (a !== b) out[f] = [historyValue(f, a), historyValue(f, b)];
  }
  return out;
};

export const createResident = async (manager: EntityManager, w: Who, input: ResidentFields, kind: 'create' | 'import' = 'create'): Promise<ResidentRow> => {
  await checkReferences(manager, w, input, null);
  checkCare(w, input, null);
  const row = await residentTable.insert(manager, w, {
    careReason: null,
    ...codesOf({} as ResidentCodes),
    ...storedFields(input),
    movedOutOn: null,
    moveOutReason: null,
    collectedById: w.staffId,
    collectedAt: w.now.toISOString(),
  });
  await recordChange(manager, w, row.id, kind, diff(null, row));
  return row;
};

export const updateResident = async (
  manager: EntityManager,
  w: Who,
  change: Omit<ResidentFields, 'idNumber'> & { idNumber?: string | null; id: string; version: number },
  kind: 'update' | 'import' = 'update',
): Promise<ResidentRow> => {
  const row = await loadResident(manager, change.id);
  checkVersion(row, change.version);
  if (row.movedOutOn) throw conflict('collection.movedOut');
  // the form never had the full numbers: empty keeps them (a new document type needs its number)
  if (change.idNumber === undefined && change.idType !== row.idType) throw validationError('idNumber', 'required');
  const input: ResidentFields & { id: string; version: number } = {
    ...change,
    idNumber: change.idNumber === undefined ? row.idNumber : change.idNumber,
    phone: change.phone ?? row.phone,
    // a reader who sees numbers masked sees an age, never the birth date: empty keeps it too
    birthDate: change.birthDate ?? row.birthDate,
  };
  await checkReferences(manager, w, input, row.id);
  checkCare(w, input, row.careReason);
  const next = storedFields(input);
  const changes = diff(row, next);
  if (Object.keys(changes).length === 0) return row;
  const updated = await residentTable.update(manager, w, row, null, next);
  await recordChange(manager, w, row.id, kind, changes);
  return updated;
};

export const moveOut = async (manager: EntityManager, w: Who, input: { id: string; version: number; date: string; reason: string }) => {
  const row = await loadResident(manager, input.id);
  checkVersion(row, input.version);
  if (row.movedOutOn) throw conflict('collection.movedOut');
  if (input.date > todayOf(w)) throw validationError('date', 'collection.futureDate');
  if (row.arrivedOn && input.date < row.arrivedOn) throw validationError('date', 'collection.beforeArrival');
  const change = { movedOutOn: input.date, moveOutReason: input.reason };
  await residentTable.update(manager, w, row, null, change);
  await recordChange(manager, w, row.id, 'moveOut', diff(row, change), input.reason);
};

export const listResidents = async (
  manager: EntityManager,
  w: Who,
  input: { addressId: string | null; includeMovedOut: boolean; limit: number },
): Promise<ResidentListItem[]> => {
  const where = ['r."cancelledAt" IS NULL'];
  const params: unknown[] = [];
  if (!input.includeMovedOut) where.push('r."movedOutOn" IS NULL');
  if (input.addressId) {
    const [node] = await manager.query(`SELECT "path" FROM "address_node" WHERE "id" = ?`, [input.addressId]);
    if (!node) return [];
    where.push('a."path" >= ? AND a."path" < ?');
    params.push(node.path, prefixEnd(node.path));
  }
  const rows: Joined[] = await manager.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY a."sortNo", r."name" LIMIT ?`, [...params, input.limit]);
  const day = todayOf(w);
  return rows.map((r) => toListItem(r, day));
};

export const getResident = async (manager: EntityManager, w: Who, id: string): Promise<Resident> => {
  const rows: (Joined & { collectedByName: string | null; headName: string | null })[] = await manager.query(
    `SELECT r.*, a."fullText" AS "addressText", s."name" AS "collectedByName", h."name" AS "headName"
     FROM "resident" r LEFT JOIN "address_node" a ON a."id" = r."addressId"
     LEFT JOIN "staff" s ON s."id" = r."collectedById" LEFT JOIN "resident" h ON h."id" = r."householdHeadId"
     WHERE r."id" = ? AND r."cancelledAt" IS NULL`,
    [id],
  );
  if (rows.length === 0) throw notFound('collection.residentNotFound');
  const row = rows[0];
  const day = todayOf(w);
  const unmasked = can(w.role, 'person.unmask');
  const headId = row.householdHeadId ?? row.id;
  const household: Joined[] = await manager.query(
    `${SELECT} WHERE (r."householdHeadId" = ? OR r."id" = ?) AND r."cancelledAt" IS NULL ORDER BY r."householdHeadId" IS NOT NULL, r."name"`,
    [headId, headId],
  );
  const changes: { at: string; byId: string | null; byName: string | null; kind: ResidentChange['kind']; changes: string; note: string | null }[] =
    await manager.query(
      `SELECT c."at", c."byId", s."name" AS "byName", c."kind", c."changes", c."note" FROM "resident_change" c
       LEFT JOIN "staff" s ON s."id" = c."byId" WHERE c."residentId" = ? ORDER BY c."at" DESC, c."id" DESC`,
      [id],
    );
  return {
    ...toListItem(row, day),
    // the birth date is 8 digits of the ID number: beside a masked number only the age is shown
    birthDate: unmasked ? row.birthDate : null,
    ethnicity: row.ethnicity,
    hukouPlace: row.hukouPlace,
    householdHeadId: row.householdHeadId,
    householdHeadName: row.headName,
    household: household.length > 1 ? household.map((h) => toListItem(h, day)) : [],
    arrivedOn: row.arrivedOn,
    moveOutReason: row.moveOutReason,
    employer: row.employer,
    note: row.note,
    // why a person is under care is police knowledge: a grid worker's screen does not show it
    careReason: can(w.role, 'collection.care') ? row.careReason : null,
    collectedBy: row.collectedById ? { id: row.collectedById, name: row.collectedByName ?? '' } : null,
    collectedAt: row.collectedAt,
    updatedAt: row.updatedAt,
    history: changes.map((c) => ({
      at: c.at,
      by: c.byId ? { id: c.byId, name: c.byName ?? '' } : null,
      kind: c.kind,
      changes: unmasked ? JSON.parse(c.changes) : birthDatesAsAges(JSON.parse(c.changes), day),
      note: c.note,
    })),
  };
};

export const revealResident = async (manager: EntityManager, id: string) => {
  const row = await loadResident(manager, id);
  return { idNumber: row.idNumber, phone: row.phone };
};
