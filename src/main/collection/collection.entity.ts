import type { IdType } from '../../shared/checks/idNumber.js';
import type {
  AppointmentStatus,
  Category,
  HouseUse,
  NodeKind,
  Relation,
  Source,
  Tenancy,
  UnitCategory,
  Verification,
} from '../../shared/collection/model.js';
import { RESIDENT_CODED_FIELDS } from '../../shared/collection/model.js';
import { col, defineSyncedTable, type Column, type RowOf } from '../db/syncedTable.js';

/** One nullable text column per coded field of the shared model: a code of its standard list. */
const codedColumns = <F extends Record<string, { codes: readonly { code: string }[] }>>(fields: F) =>
  Object.fromEntries(Object.keys(fields).map((k) => [k, col.textOrNull()])) as { [K in keyof F]: Column<F[K]['codes'][number]['code'] | null> };

/** The standard address tree (一标): division → … → room; a room's id never changes with its text. */
export const addressTable = defineSyncedTable('address_node', {
  parentId: col.textOrNull(),
  kind: col.text<NodeKind>(),
  name: col.text(),
  code: col.textOrNull(),
  grid: col.textOrNull(),
  policeArea: col.textOrNull(),
  effGrid: col.textOrNull(),
  effPoliceArea: col.textOrNull(),
  /** '/rootId/…/ownId/' */
  path: col.text(),
  depth: col.integer(),
  buildingId: col.textOrNull(),
  floorNo: col.integerOrNull(),
  sortNo: col.integer(),
  fullText: col.text(),
  /** fullText without spaces, lower case: what a typed query is matched against */
  searchText: col.text(),
});
export type AddressNodeRow = RowOf<typeof addressTable>;

/** 实有人口: a person, with the coded fields of the form declared in the shared model. */
export const residentTable = defineSyncedTable('resident', {
  name: col.text(),
  pinyin: col.text(),
  initials: col.text(),
  idType: col.text<IdType>(),
  idNumber: col.textOrNull(),
  idReversed: col.textOrNull(),
  sex: col.textOrNull<'male' | 'female'>(),
  birthDate: col.textOrNull(),
  ethnicity: col.textOrNull(),
  hukouPlace: col.textOrNull(),
  addressId: col.textOrNull(),
  householdHeadId: col.textOrNull(),
  relationToHead: col.textOrNull<Relation>(),
  category: col.text<Category>(),
  arrivedOn: col.textOrNull(),
  movedOutOn: col.textOrNull(),
  moveOutReason: col.textOrNull(),
  phone: col.textOrNull(),
  phoneReversed: col.textOrNull(),
  employer: col.textOrNull(),
  tenancy: col.textOrNull<Tenancy>(),
  source: col.text<Source>(),
  verification: col.text<Verification>(),
  note: col.textOrNull(),
  collectedById: col.textOrNull(),
  collectedAt: col.text(),
  /** why the police keep this person under care (重点关注); null: not under care */
  careReason: col.textOrNull(),
  ...codedColumns(RESIDENT_CODED_FIELDS),
});
export type ResidentRow = RowOf<typeof residentTable>;

export const residentChangeTable = defineSyncedTable('resident_change', {
  residentId: col.text(),
  at: col.text(),
  byId: col.textOrNull(),
  kind: col.text<'create' | 'update' | 'moveOut' | 'import'>(),
  changes: col.text(),
  note: col.textOrNull(),
});
export type ResidentChangeRow = RowOf<typeof residentChangeTable>;

export const houseTable = defineSyncedTable('house', {
  addressId: col.text(),
  use: col.text<HouseUse>(),
  ownerName: col.textOrNull(),
  ownerIdType: col.text<IdType>(),
  ownerIdNumber: col.textOrNull(),
  ownerPhone: col.textOrNull(),
  rented: col.boolean(),
  landlordName: col.textOrNull(),
  landlordPhone: col.textOrNull(),
  rentFrom: col.textOrNull(),
  rentTo: col.textOrNull(),
  vacant: col.boolean(),
  areaM2: col.realOrNull(),
  note: col.textOrNull(),
});
export type HouseRow = RowOf<typeof houseTable>;

export const unitTable = defineSyncedTable('collection_unit', {
  name: col.text(),
  creditCode: col.text(),
  category: col.text<UnitCategory>(),
  legalRepresentative: col.text(),
  legalRepresentativePhone: col.textOrNull(),
  securityOfficer: col.textOrNull(),
  securityOfficerPhone: col.textOrNull(),
  addressId: col.textOrNull(),
  employees: col.integerOrNull(),
  note: col.textOrNull(),
});
export type UnitRow = RowOf<typeof unitTable>;

export const appointmentTable = defineSyncedTable('collection_appointment', {
  addressId: col.text(),
  residentIds: col.text(),
  startAt: col.text(),
  endAt: col.text(),
  localDate: col.text(),
  collectorId: col.text(),
  status: col.text<AppointmentStatus>(),
  note: col.textOrNull(),
});
export type AppointmentRow = RowOf<typeof appointmentTable>;

export const importMappingTable = defineSyncedTable('collection_import_mapping', {
  source: col.text(),
  mapping: col.text(),
});
export type ImportMappingRow = RowOf<typeof importMappingTable>;

export const COLLECTION_TABLES = [addressTable, residentTable, residentChangeTable, houseTable, unitTable, appointmentTable, importMappingTable];

export const AddressNodeEntity = addressTable.entity;
export const ResidentEntity = residentTable.entity;
export const ResidentChangeEntity = residentChangeTable.entity;
export const HouseEntity = houseTable.entity;
export const UnitEntity = unitTable.entity;
export const AppointmentEntity = appointmentTable.entity;
export const ImportMappingEntity = importMappingTable.entity;

export const COLLECTION_ENTITIES = COLLECTION_TABLES.map((t) => t.entity);
