/** The collection contract: houses (实有房屋), units (实有单位) and the building chart. */
import { z } from 'zod';
import { ID_TYPES, type IdType } from '../checks/idNumber.js';
import { checkCreditCode } from '../checks/creditCode.js';
import { normaliseIdDocument, optionalMobile, optionalPublicPhone, optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { HOUSE_USES, UNIT_CATEGORIES, type HouseUse, type RoomState, type UnitCategory } from './model.js';
import { choice, latestBirthDate, optionalDate, optionalUuid, version } from './contract.common.js';
import type { ResidentListItem } from './contract.people.js';

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
  securityOfficerPhone: optionalPublicPhone,
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
