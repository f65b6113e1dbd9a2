/**
 * The collection zone's contract (一标三实): the standard address tree, real population, housing
 * and units, the building chart, door-to-door appointments, grid workers' spreadsheets, search and
 * the completeness worklist.
 *
 * Access. Officers, auxiliaries and grid workers collect ("政务+警务 共采共享"): they add and edit
 * people, houses, units and appointments and import spreadsheets. The address tree is the
 * station's: head, officer and auxiliary build it. Only head and officer unmask ID and phone
 * numbers, cancel an address, and mark a person verified (a grid worker's record stays unverified
 * until the police check it — enforced in the core). Mediators have no access: the register of
 * who lives where is not theirs.
 */
import { z } from 'zod';
import { ID_TYPES, type IdType } from '../checks/idNumber.js';
import { checkCreditCode } from '../checks/creditCode.js';
import { isoDate, normaliseIdDocument, optionalMobile, optionalText, personName, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { localDate } from '../time.js';
import {
  APPOINTMENT_STATUSES,
  CATEGORIES,
  HOUSE_USES,
  NODE_KINDS,
  RELATIONS,
  SOURCES,
  TENANCIES,
  UNIT_CATEGORIES,
  VERIFICATIONS,
  RESIDENT_CODED_FIELDS,
  type AppointmentStatus,
  type CodedField,
  type ResidentCodes,
  type Category,
  type Fault,
  type HouseUse,
  type NodeKind,
  type Relation,
  type RoomState,
  type Source,
  type Tenancy,
  type UnitCategory,
  type Verification,
} from './model.js';

/** The date no one can be born after, anywhere: today in the earliest time zone (as intake does). */
const latestBirthDate = () => localDate(new Date(), 'Pacific/Kiritimati');

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });
const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' });
const optionalDate = isoDate.nullish().transform((v) => v ?? null);
const optionalUuid = uuid.nullish().transform((v) => v ?? null);
const count = (max: number) => z.number({ error: (i) => (i.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'collection.range' }).max(max, { message: 'collection.range' });

export interface StaffRef {
  id: string;
  name: string;
}

// ───────────────────────────── the address tree (一标) ─────────────────────────────

export interface AddressNode {
  id: string;
  version: number;
  parentId: string | null;
  kind: NodeKind;
  name: string;
  /** the node's own code: the GB/T 2260 code of a division, a street or door code, a room number */
  code: string | null;
  /** set on this node; children without their own inherit it */
  grid: string | null;
  policeArea: string | null;
  /** what applies here: its own, or the nearest ancestor's */
  effectiveGrid: string | null;
  effectivePoliceArea: string | null;
  /** the address as one line, e.g. 宁江区繁荣路18号繁荣小区3栋1单元1801室 */
  fullText: string;
  floorNo: number | null;
  childCount: number;
  /** people living here or below */
  residentCount: number;
}

export const collectionTree = defineMethod<AddressNode[]>()({
  name: 'collection.tree',
  input: z.strictObject({ parentId: optionalUuid }),
  access: 'collection.view',
  kind: 'read',
});

export interface AddressDetail extends AddressNode {
  /** from the top: division first */
  ancestors: { id: string; kind: NodeKind; name: string }[];
  /** the building this node is in (or is), for the chart */
  buildingId: string | null;
}

export const collectionNode = defineMethod<AddressDetail>()({
  name: 'collection.node',
  input: z.strictObject({ id: uuid }),
  access: 'collection.view',
  kind: 'read',
});

const nodeFields = {
  name: text(60),
  code: optionalText(20),
  grid: optionalText(40),
  policeArea: optionalText(40),
};

export const collectionAddNode = defineMethod<AddressNode>()({
  name: 'collection.addNode',
  input: z.strictObject({ parentId: optionalUuid, kind: choice(NODE_KINDS), ...nodeFields, floorNo: z.number().int().min(-5).max(200).nullish() }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

/** Renames or recodes a node, or sets its grid and police area: its id, and every id below it, stay. */
export const collectionUpdateNode = defineMethod<AddressNode>()({
  name: 'collection.updateNode',
  input: z.strictObject({ id: uuid, version, ...nodeFields }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

/** Moves a node under another parent; a node cannot move under itself or its own descendants. */
export const collectionMoveNode = defineMethod<AddressNode>()({
  name: 'collection.moveNode',
  input: z.strictObject({ id: uuid, version, parentId: uuid }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

/** Cancels a node and everything below it; refused while anyone lives there (move them out first). */
export const collectionCancelNode = defineMethod<{ cancelled: number }>()({
  name: 'collection.cancelNode',
  input: z.strictObject({ id: uuid, version, reason: text(100) }),
  access: 'collection.cancelAddresses',
  kind: 'write',
});

export interface BatchResult {
  buildingId: string;
  units: number;
  floors: number;
  rooms: number;
  /** rooms that were there already and were kept as they were */
  existing: number;
}

/**
 * Creates a building's units, floors and rooms at once: "18 floors × 4 rooms per floor × 2 units"
 * gives 1单元/2单元, floors 1–18 and rooms 101…1804 in each. Rooms already there are kept.
 */
export const collectionBatchRooms = defineMethod<BatchResult>()({
  name: 'collection.batchRooms',
  input: z.strictObject({
    buildingId: uuid,
    units: z.number().int().min(0, { message: 'collection.range' }).max(20, { message: 'collection.range' }),
    floors: count(120),
    roomsPerFloor: count(40),
    firstFloor: z.number().int().min(-5).max(10).default(1),
  }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

export interface Division {
  code: string;
  name: string;
  /** e.g. 吉林省 松原市 宁江区 */
  fullName: string;
}

/** GB/T 2260 division codes shipped with the app, by code prefix or name. */
export const collectionDivisions = defineMethod<Division[]>()({
  name: 'collection.divisions',
  input: z.strictObject({ q: optionalText(20) }),
  access: 'collection.view',
  kind: 'read',
});

// ───────────────────────────── people (实有人口) ─────────────────────────────

/** One input per coded field of the model: a code of its list, empty for not collected, absent for unchanged. */
const codedInputs = Object.fromEntries(
  Object.entries(RESIDENT_CODED_FIELDS as Record<string, CodedField>).map(([field, { codes }]) => [
    field,
    z
      .string({ error: 'invalidType' })
      .nullish()
      .transform((v) => (v === '' ? null : v))
      .refine((v) => v === null || v === undefined || codes.some((c) => c.code === v), { message: 'invalidOption' }),
  ]),
) as unknown as { [K in keyof ResidentCodes]: z.ZodOptional<z.ZodType<ResidentCodes[K] | undefined, string | null | undefined>> };

const residentFields = z.strictObject({
  name: personName,
  idType: choice(ID_TYPES).default('resident'),
  idNumber: z.string({ error: 'invalidType' }).nullish(),
  /** only for documents that do not carry them; a resident ID number decides both */
  sex: choice(['male', 'female']).nullish(),
  birthDate: optionalDate,
  ethnicity: optionalText(20),
  hukouPlace: optionalText(100),
  addressId: optionalUuid,
  householdHeadId: optionalUuid,
  relationToHead: choice(RELATIONS).nullish().transform((v) => v ?? null),
  category: choice(CATEGORIES),
  arrivedOn: optionalDate,
  phone: optionalMobile,
  employer: optionalText(100),
  tenancy: choice(TENANCIES).nullish().transform((v) => v ?? null),
  source: choice(SOURCES).default('police'),
  verification: choice(VERIFICATIONS).default('unverified'),
  note: optionalText(300, true),
  /** why the police keep the person under care (重点关注); absent: unchanged, empty: not under care */
  careReason: optionalText(200).optional(),
  ...codedInputs,
});

/** ID type + number checked and normalised (full-width digits and spaces tolerated). */
const withIdDocument = <T extends { idType: IdType; idNumber?: string | null }>(v: T, ctx: z.RefinementCtx) => {
  const doc = normaliseIdDocument(v.idType, v.idNumber, latestBirthDate());
  if (!doc.ok) {
    ctx.addIssue({ code: 'custom', message: doc.key, path: ['idNumber'], input: v.idNumber });
    return z.NEVER;
  }
  return { ...v, idNumber: doc.value };
};

export const residentInput = residentFields.transform(withIdDocument);
export type ResidentInput = z.input<typeof residentInput>;

export interface ResidentListItem extends ResidentCodes {
  id: string;
  version: number;
  name: string;
  idType: IdType;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  sex: 'male' | 'female' | null;
  /** age today, not the birth date: beside a masked number the birth date gives most of it back */
  age: number | null;
  category: Category;
  addressId: string | null;
  addressText: string | null;
  relationToHead: Relation | null;
  tenancy: Tenancy | null;
  source: Source;
  verification: Verification;
  movedOutOn: string | null;
}

export interface ResidentChange {
  at: string;
  by: StaffRef | null;
  kind: 'create' | 'update' | 'moveOut' | 'import';
  /** field → [before, after]; ID and phone numbers appear masked, a birth date as `age` where they are */
  changes: Record<string, [unknown, unknown]>;
  note: string | null;
}

export interface Resident extends ResidentListItem {
  /** null for a reader who sees the ID number masked (the birth date is 8 of its digits): `age` shows it */
  birthDate: string | null;
  ethnicity: string | null;
  hukouPlace: string | null;
  householdHeadId: string | null;
  householdHeadName: string | null;
  household: ResidentListItem[];
  arrivedOn: string | null;
  moveOutReason: string | null;
  employer: string | null;
  note: string | null;
  /** why the police keep the person under care; null when not, or when the reader is not police */
  careReason: string | null;
  collectedBy: StaffRef | null;
  collectedAt: string;
  updatedAt: string;
  history: ResidentChange[];
}

export const collectionResidentCreate = defineMethod<Resident>()({
  name: 'collection.residentCreate',
  input: residentInput,
  access: 'collection.collect',
  kind: 'write',
});

/**
 * Changes a person. Lists and forms never hold the full ID or phone number, so an empty one means
 * "keep what is on record" (a new ID type needs its number typed).
 */
export const collectionResidentUpdate = defineMethod<Resident>()({
  name: 'collection.residentUpdate',
  input: residentFields
    .extend({ id: uuid, version })
    .transform((v, ctx) => ((v.idNumber ?? '').trim() === '' ? { ...v, idNumber: undefined } : withIdDocument(v, ctx))),
  access: 'collection.collect',
  kind: 'write',
});

export const collectionResidentGet = defineMethod<Resident>()({
  name: 'collection.residentGet',
  input: z.strictObject({ id: uuid }),
  access: 'collection.view',
  kind: 'read',
});

/** Moving out is a dated change of the record, never a deletion. */
export const collectionMoveOut = defineMethod<Resident>()({
  name: 'collection.moveOut',
  input: z.strictObject({ id: uuid, version, date: isoDate, reason: text(100) }),
  access: 'collection.collect',
  kind: 'write',
});

export const collectionResidents = defineMethod<ResidentListItem[]>()({
  name: 'collection.residents',
  input: z.strictObject({
    /** everyone living at this address or below it */
    addressId: optionalUuid,
    includeMovedOut: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(200),
  }),
  access: 'collection.view',
  kind: 'read',
});

/** Shows a person's ID and phone number in full; the reason is audited with who and when. */
export const collectionReveal = defineMethod<{ idNumber: string | null; phone: string | null }>()({
  name: 'collection.reveal',
  input: z.strictObject({ id: uuid, reason: text(100) }),
  access: 'person.unmask',
  kind: 'read',
  auditRead: true,
});

// ───────────────────────────── housing (实有房屋) and units (实有单位) ─────────────────────────────

const houseFields = {
  use: choice(HOUSE_USES),
  ownerName: optionalText(50),
  ownerIdType: choice(ID_TYPES).default('resident'),
  ownerIdNumber: z.string({ error: 'invalidType' }).nullish(),
  ownerPhone: optionalMobile,
  rented: z.boolean().default(false),
  landlordName: optionalText(50),
  landlordPhone: optionalMobile,
  rentFrom: optionalDate,
  rentTo: optionalDate,
  vacant: z.boolean().default(false),
  areaM2: z.number().min(0).max(100000).nullish().transform((v) => v ?? null),
  note: optionalText(300, true),
};

export const houseInput = z
  .strictObject({ addressId: uuid, version: version.nullish(), ...houseFields })
  .refine((v) => !v.rentFrom || !v.rentTo || v.rentFrom <= v.rentTo, { message: 'dateRange', path: ['rentTo'] })
  .refine((v) => !(v.rented && v.vacant), { message: 'collection.rentedVacant', path: ['vacant'] })
  .transform((v, ctx) => {
    if (v.ownerIdNumber === null || v.ownerIdNumber === undefined || v.ownerIdNumber.trim() === '') return { ...v, ownerIdNumber: null };
    const doc = normaliseIdDocument(v.ownerIdType, v.ownerIdNumber, latestBirthDate());
    if (!doc.ok) {
      ctx.addIssue({ code: 'custom', message: doc.key, path: ['ownerIdNumber'], input: v.ownerIdNumber });
      return z.NEVER;
    }
    return { ...v, ownerIdNumber: doc.value };
  });

export interface House {
  id: string;
  version: number;
  addressId: string;
  addressText: string;
  use: HouseUse;
  ownerName: string | null;
  ownerIdType: IdType;
  ownerIdNumberMasked: string | null;
  ownerPhoneMasked: string | null;
  rented: boolean;
  landlordName: string | null;
  landlordPhoneMasked: string | null;
  rentFrom: string | null;
  rentTo: string | null;
  vacant: boolean;
  areaM2: number | null;
  note: string | null;
  /** the people living here; in a rented flat, the tenants among them */
  occupants: ResidentListItem[];
  tenants: ResidentListItem[];
}

/**
 * The house record of a room-level address (one per address), created or changed. On a change, an
 * empty owner ID or phone number keeps the one on record (forms only ever see them masked).
 */
export const collectionHouseSave = defineMethod<House>()({
  name: 'collection.houseSave',
  input: houseInput,
  access: 'collection.collect',
  kind: 'write',
});

export const collectionHouse = defineMethod<House | null>()({
  name: 'collection.house',
  input: z.strictObject({ addressId: uuid }),
  access: 'collection.view',
  kind: 'read',
});

const creditCode = z.string({ error: 'required' }).transform((raw, ctx) => {
  const r = checkCreditCode(raw);
  if (!r.ok) {
    ctx.issues.push({ code: 'custom', message: `creditCode.${r.problem}`, input: raw });
    return z.NEVER;
  }
  return r.value;
});

export const unitInput = z.strictObject({
  id: optionalUuid,
  version: version.nullish(),
  name: text(100),
  creditCode,
  category: choice(UNIT_CATEGORIES),
  legalRepresentative: text(50),
  legalRepresentativePhone: optionalMobile,
  securityOfficer: optionalText(50),
  securityOfficerPhone: optionalMobile,
  addressId: optionalUuid,
  employees: z.number().int().min(0).max(1_000_000).nullish().transform((v) => v ?? null),
  note: optionalText(300, true),
});

export interface Unit {
  id: string;
  version: number;
  name: string;
  creditCode: string;
  category: UnitCategory;
  legalRepresentative: string;
  legalRepresentativePhoneMasked: string | null;
  securityOfficer: string | null;
  securityOfficerPhoneMasked: string | null;
  addressId: string | null;
  addressText: string | null;
  employees: number | null;
  note: string | null;
}

/** A unit, created or changed; on a change an empty phone number keeps the one on record. */
export const collectionUnitSave = defineMethod<Unit>()({
  name: 'collection.unitSave',
  input: unitInput,
  access: 'collection.collect',
  kind: 'write',
});

export const collectionUnits = defineMethod<Unit[]>()({
  name: 'collection.units',
  input: z.strictObject({ addressId: optionalUuid, limit: z.number().int().min(1).max(500).default(200) }),
  access: 'collection.view',
  kind: 'read',
});

// ───────────────────────────── the building chart (入户图表) ─────────────────────────────

export interface ChartRoom {
  id: string;
  name: string;
  state: RoomState;
  residents: number;
  verified: number;
  /** names only: the sheet the officer carries shows who is on record, never their numbers */
  names: string[];
  appointments: number;
}

export interface ChartFloor {
  id: string;
  floorNo: number;
  name: string;
  rooms: ChartRoom[];
}

export interface Chart {
  building: { id: string; name: string; fullText: string; grid: string | null; policeArea: string | null };
  /** a building without units has one column group with a null unit */
  units: { id: string | null; name: string | null; floors: ChartFloor[] }[];
  counts: Record<RoomState, number>;
  rooms: number;
}

export const collectionChart = defineMethod<Chart>()({
  name: 'collection.chart',
  input: z.strictObject({ buildingId: uuid }),
  access: 'collection.view',
  kind: 'read',
});

// ───────────────────────────── appointments (上门预约) ─────────────────────────────

export interface Appointment {
  id: string;
  version: number;
  addressId: string;
  addressText: string;
  buildingId: string | null;
  residentNames: string[];
  residentIds: string[];
  startAt: string;
  endAt: string;
  localDate: string;
  collector: StaffRef;
  status: AppointmentStatus;
  note: string | null;
  /** ready to copy into a text message */
  messageText: string;
}

export const collectionAppointmentCreate = defineMethod<Appointment>()({
  name: 'collection.appointmentCreate',
  input: z
    .strictObject({
      addressId: uuid,
      residentIds: z.array(uuid).max(20).default([]),
      startAt: z.iso.datetime({ offset: true, message: 'date' }),
      endAt: z.iso.datetime({ offset: true, message: 'date' }),
      collectorId: uuid,
      note: optionalText(200),
    })
    .refine((v) => Date.parse(v.startAt) < Date.parse(v.endAt), { message: 'dateRange', path: ['endAt'] }),
  access: 'collection.collect',
  kind: 'write',
});

export const collectionAppointments = defineMethod<Appointment[]>()({
  name: 'collection.appointments',
  input: z.strictObject({ date: isoDate.optional(), buildingId: uuid.optional() }),
  access: 'collection.view',
  kind: 'read',
});

export const collectionAppointmentGet = defineMethod<Appointment>()({
  name: 'collection.appointmentGet',
  input: z.strictObject({ id: uuid }),
  access: 'collection.view',
  kind: 'read',
});

export const collectionAppointmentSetStatus = defineMethod<Appointment>()({
  name: 'collection.appointmentSetStatus',
  input: z.strictObject({ id: uuid, version, status: choice(APPOINTMENT_STATUSES) }),
  access: 'collection.collect',
  kind: 'write',
});

// ───────────────────────────── search and completeness ─────────────────────────────

export interface SearchHit {
  type: 'person' | 'address' | 'house' | 'unit';
  id: string;
  /** the address to open (a person's room, the house's room, the address itself) */
  addressId: string | null;
  title: string;
  subtitle: string | null;
}

/**
 * One box: people by name, pinyin or initials (zs, zhangsan → 张三), ID number or its last digits,
 * phone; addresses by their text; houses by owner; units by name or credit code.
 */
export const collectionSearch = defineMethod<SearchHit[]>()({
  name: 'collection.search',
  input: z.strictObject({ q: z.string().trim().max(40, { message: 'tooLong' }).default(''), limit: z.number().int().min(1).max(50).default(20) }),
  access: 'collection.collect',
  kind: 'read',
  // a search by digits confirms an ID or phone number: on the record like an unmasking
  auditRead: (input) => /\d{4,}/.test(input.q),
});

export interface CompletenessRow {
  key: string;
  label: string;
  rooms: number;
  roomsCollected: number;
  people: number;
  peopleVerified: number;
  faults: number;
}

export interface FaultItem {
  fault: Fault;
  type: 'person' | 'house' | 'unit';
  id: string;
  title: string;
  addressId: string | null;
  addressText: string | null;
  /** for missing fields: which */
  detail: string[];
}

export interface Completeness {
  byGrid: CompletenessRow[];
  byBuilding: CompletenessRow[];
  totals: Omit<CompletenessRow, 'key' | 'label'>;
  faultCounts: Record<Fault, number>;
  worklist: FaultItem[];
}

export const collectionCompleteness = defineMethod<Completeness>()({
  name: 'collection.completeness',
  input: z.strictObject({ worklistLimit: z.number().int().min(0).max(2000).default(200) }),
  access: 'collection.view',
  kind: 'read',
});

// ───────────────────────────── grid workers' spreadsheets ─────────────────────────────

/** What a column of a grid worker's sheet can be mapped to. */
export const IMPORT_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'ethnicity',
  'hukouPlace',
  'address',
  'category',
  'relationToHead',
  'arrivedOn',
  'employer',
  // the coded fields (文化程度 …) take their column by their label, their cells by code or name
  ...(Object.keys(RESIDENT_CODED_FIELDS) as (keyof ResidentCodes)[]),
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['name', 'idNumber', 'address'];

const importFile = {
  fileName: text(200),
  /** the file's bytes, base64 */
  data: z.string({ error: 'required' }).min(1, { message: 'required' }).max(40_000_000, { message: 'collection.import.tooLarge' }),
  /** who sent it: the column mapping is remembered per source */
  source: text(60),
  sheet: optionalText(60),
  mapping: z.record(z.string(), choice(IMPORT_FIELDS)).optional(),
  /** names this preview or commit for its progress and for cancelling it (chosen by the UI) */
  ticket: uuid.optional(),
};

export type ImportOutcome = 'new' | 'updated' | 'unchanged' | 'rejected';

export interface ImportRowProblem {
  row: number;
  column: string | null;
  key: string;
  params?: Record<string, string | number>;
}

export interface ImportConflict {
  row: number;
  residentId: string;
  name: string;
  fields: { field: ImportField; current: string | null; incoming: string | null }[];
}

export interface ImportPreview {
  sheets: string[];
  sheet: string;
  headers: string[];
  mapping: Record<string, ImportField>;
  /** the mapping came from this source's last import */
  mappingRemembered: boolean;
  rows: number;
  counts: Record<ImportOutcome, number>;
  problems: ImportRowProblem[];
  conflicts: ImportConflict[];
  /** addresses the rows name that are not in the tree yet: created with the people on commit */
  newAddresses: { count: number; rows: number; sample: string[] };
}

export const collectionImportPreview = defineMethod<ImportPreview>()({
  name: 'collection.importPreview',
  input: z.strictObject(importFile),
  access: 'collection.import',
  kind: 'read',
  // each row's ID number is matched whole with the records: on the record like a search by number
  auditRead: true,
});

export interface ImportResult {
  counts: Record<ImportOutcome, number>;
  /** address nodes created for the rows' new addresses */
  addressesCreated: number;
}

export interface ImportProgress {
  /** reading the file, checking its rows, matching them with the records, writing them */
  phase: 'read' | 'check' | 'match' | 'write' | 'done';
  done: number;
  total: number;
}

/** Where a preview or commit stands; answered at once, also while the import itself runs. */
export const collectionImportProgress = defineMethod<ImportProgress | null>()({
  name: 'collection.importProgress',
  input: z.strictObject({ ticket: uuid }),
  access: 'collection.import',
  kind: 'read',
  unqueued: true,
});

/** Stops a preview or commit of one's own: a commit stopped half-way writes nothing. */
export const collectionImportCancel = defineMethod<{ cancelled: boolean }>()({
  name: 'collection.importCancel',
  input: z.strictObject({ ticket: uuid }),
  access: 'collection.import',
  kind: 'read',
  unqueued: true,
});

/**
 * Commits a previewed file in one transaction: all valid rows or, on any failure, none. Conflicts
 * keep the station's value unless the row is listed in `takeIncoming`.
 */
export const collectionImportCommit = defineMethod<ImportResult>()({
  name: 'collection.importCommit',
  input: z.strictObject({ ...importFile, takeIncoming: z.array(z.number().int().min(1)).max(100_000).default([]) }),
  access: 'collection.import',
  kind: 'write',
});

/** The rejected rows as a workbook: the row as it was, plus its row number and the reasons. */
export const collectionImportRejects = defineMethod<{ fileName: string; data: string }>()({
  name: 'collection.importRejects',
  input: z.strictObject(importFile),
  access: 'collection.import',
  kind: 'read',
  auditRead: true,
});

/** Any list as a workbook; ID and phone numbers masked as on screen. */
export const collectionExport = defineMethod<{ fileName: string; data: string }>()({
  name: 'collection.export',
  input: z.strictObject({ list: choice(['residents', 'units', 'rooms']), addressId: optionalUuid }),
  access: 'collection.export',
  kind: 'read',
});

export const collectionMethods = [
  collectionTree,
  collectionNode,
  collectionAddNode,
  collectionUpdateNode,
  collectionMoveNode,
  collectionCancelNode,
  collectionBatchRooms,
  collectionDivisions,
  collectionResidentCreate,
  collectionResidentUpdate,
  collectionResidentGet,
  collectionMoveOut,
  collectionResidents,
  collectionReveal,
  collectionHouseSave,
  collectionHouse,
  collectionUnitSave,
  collectionUnits,
  collectionChart,
  collectionAppointmentCreate,
  collectionAppointments,
  collectionAppointmentGet,
  collectionAppointmentSetStatus,
  collectionSearch,
  collectionCompleteness,
  collectionImportPreview,
  collectionImportCommit,
  collectionImportRejects,
  collectionImportProgress,
  collectionImportCancel,
  collectionExport,
] as const;
