import { EntitySchema } from 'typeorm';
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
import { syncedColumns, type SyncedRow } from '../db/baseColumns.js';

export interface AddressNodeRow extends SyncedRow {
  parentId: string | null;
  kind: NodeKind;
  name: string;
  code: string | null;
  grid: string | null;
  policeArea: string | null;
  effGrid: string | null;
  effPoliceArea: string | null;
  /** '/rootId/…/ownId/' */
  path: string;
  depth: number;
  buildingId: string | null;
  floorNo: number | null;
  sortNo: number;
  fullText: string;
  /** fullText without spaces, lower case: what a typed query is matched against */
  searchText: string;
}

export interface ResidentRow extends SyncedRow {
  name: string;
  pinyin: string;
  initials: string;
  idType: IdType;
  idNumber: string | null;
  idReversed: string | null;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  ethnicity: string | null;
  hukouPlace: string | null;
  addressId: string | null;
  householdHeadId: string | null;
  relationToHead: Relation | null;
  category: Category;
  arrivedOn: string | null;
  movedOutOn: string | null;
  moveOutReason: string | null;
  phone: string | null;
  phoneReversed: string | null;
  employer: string | null;
  tenancy: Tenancy | null;
  source: Source;
  verification: Verification;
  note: string | null;
  collectedById: string | null;
  collectedAt: string;
  /** why the police keep this person under care (重点关注); null: not under care */
  careReason: string | null;
}

export interface ResidentChangeRow extends SyncedRow {
  residentId: string;
  at: string;
  byId: string | null;
  kind: 'create' | 'update' | 'moveOut' | 'import';
  changes: string;
  note: string | null;
}

export interface HouseRow extends SyncedRow {
  addressId: string;
  use: HouseUse;
  ownerName: string | null;
  ownerIdType: IdType;
  ownerIdNumber: string | null;
  ownerPhone: string | null;
  rented: boolean;
  landlordName: string | null;
  landlordPhone: string | null;
  rentFrom: string | null;
  rentTo: string | null;
  vacant: boolean;
  areaM2: number | null;
  note: string | null;
}

export interface UnitRow extends SyncedRow {
  name: string;
  creditCode: string;
  category: UnitCategory;
  legalRepresentative: string;
  legalRepresentativePhone: string | null;
  securityOfficer: string | null;
  securityOfficerPhone: string | null;
  addressId: string | null;
  employees: number | null;
  note: string | null;
}

export interface AppointmentRow extends SyncedRow {
  addressId: string;
  residentIds: string;
  startAt: string;
  endAt: string;
  localDate: string;
  collectorId: string;
  status: AppointmentStatus;
  note: string | null;
}

export interface ImportMappingRow extends SyncedRow {
  source: string;
  mapping: string;
}

const t = { type: 'text' } as const;
const tn = { type: 'text', nullable: true } as const;
const int = { type: 'integer' } as const;
const intn = { type: 'integer', nullable: true } as const;
const bool = { type: 'boolean' } as const;

export const AddressNodeEntity = new EntitySchema<AddressNodeRow>({
  name: 'address_node',
  columns: {
    ...syncedColumns,
    parentId: tn, kind: t, name: t, code: tn, grid: tn, policeArea: tn, effGrid: tn, effPoliceArea: tn, path: t, depth: int,
    buildingId: tn, floorNo: intn, sortNo: int, fullText: t, searchText: t,
  },
});

export const ResidentEntity = new EntitySchema<ResidentRow>({
  name: 'resident',
  columns: {
    ...syncedColumns,
    name: t, pinyin: t, initials: t, idType: t, idNumber: tn, idReversed: tn, sex: tn, birthDate: tn, ethnicity: tn, hukouPlace: tn,
    addressId: tn, householdHeadId: tn, relationToHead: tn, category: t, arrivedOn: tn, movedOutOn: tn, moveOutReason: tn,
    phone: tn, phoneReversed: tn, employer: tn, tenancy: tn, source: t, verification: t, note: tn, collectedById: tn, collectedAt: t,
    careReason: tn,
  },
});

export const ResidentChangeEntity = new EntitySchema<ResidentChangeRow>({
  name: 'resident_change',
  columns: { ...syncedColumns, residentId: t, at: t, byId: tn, kind: t, changes: t, note: tn },
});

export const HouseEntity = new EntitySchema<HouseRow>({
  name: 'house',
  columns: {
    ...syncedColumns,
    addressId: t, use: t, ownerName: tn, ownerIdType: t, ownerIdNumber: tn, ownerPhone: tn, rented: bool, landlordName: tn,
    landlordPhone: tn, rentFrom: tn, rentTo: tn, vacant: bool, areaM2: { type: 'real', nullable: true }, note: tn,
  },
});

export const UnitEntity = new EntitySchema<UnitRow>({
  name: 'collection_unit',
  columns: {
    ...syncedColumns,
    name: t, creditCode: t, category: t, legalRepresentative: t, legalRepresentativePhone: tn, securityOfficer: tn,
    securityOfficerPhone: tn, addressId: tn, employees: intn, note: tn,
  },
});

export const AppointmentEntity = new EntitySchema<AppointmentRow>({
  name: 'collection_appointment',
  columns: { ...syncedColumns, addressId: t, residentIds: t, startAt: t, endAt: t, localDate: t, collectorId: t, status: t, note: tn },
});

export const ImportMappingEntity = new EntitySchema<ImportMappingRow>({
  name: 'collection_import_mapping',
  columns: { ...syncedColumns, source: t, mapping: t },
});

export const COLLECTION_ENTITIES = [
  AddressNodeEntity,
  ResidentEntity,
  ResidentChangeEntity,
  HouseEntity,
  UnitEntity,
  AppointmentEntity,
  ImportMappingEntity,
];
