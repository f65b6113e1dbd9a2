/** The collection contract: residents (实有人口), their changes, moving out, and showing an identifier in full. */
import { z } from 'zod';
import { ID_TYPES, type IdType } from '../checks/idNumber.js';
import { isoDate, normaliseIdDocument, optionalMobile, optionalText, personName, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { CATEGORIES, RELATIONS, RESIDENT_CODED_FIELDS, SOURCES, TENANCIES, VERIFICATIONS, type CodedField, type ResidentCodes, type Category, type Relation, type Source, type Tenancy, type Verification } from './model.js';
import { choice, latestBirthDate, optionalDate, optionalUuid, type StaffRef, version } from './contract.common.js';

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
