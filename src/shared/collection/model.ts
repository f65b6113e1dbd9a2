/**
 * The collection zone's vocabulary (一标三实): the levels of a standard address, the categories and
 * sources of people, houses and units, and the states of a room on the building chart. Pure.
 */
export const NODE_KINDS = ['division', 'street', 'door', 'compound', 'building', 'unit', 'floor', 'room'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * Which kinds may sit under which. Levels may be skipped (a door number without a 小区, a building
 * without units), never reversed: a room is always under a floor, a floor under a building or unit.
 */
export const CHILD_KINDS: Record<NodeKind | 'root', readonly NodeKind[]> = {
  root: ['division'],
  division: ['division', 'street'],
  street: ['door', 'compound'],
  door: ['compound', 'building', 'room'],
  compound: ['building'],
  building: ['unit', 'floor'],
  unit: ['floor'],
  floor: ['room'],
  room: [],
};

export const CATEGORIES = ['registered', 'resident', 'floating', 'foreign'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCES = ['police', 'gridWorker'] as const;
export type Source = (typeof SOURCES)[number];

export const VERIFICATIONS = ['unverified', 'verified', 'disputed'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** Relation to the household head (与户主关系), the common values of the household register. */
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'otherRelative', 'nonRelative'] as const;
export type Relation = (typeof RELATIONS)[number];

/** How a person lives in the flat: owner (and family), tenant, or otherwise (a relative staying). */
export const TENANCIES = ['owner', 'tenant', 'other'] as const;
export type Tenancy = (typeof TENANCIES)[number];

export const HOUSE_USES = ['residential', 'commercial', 'mixed', 'office', 'storage', 'other'] as const;
export type HouseUse = (typeof HOUSE_USES)[number];

export const UNIT_CATEGORIES = ['enterprise', 'shop', 'catering', 'hotel', 'entertainment', 'school', 'hospital', 'government', 'site', 'other'] as const;
export type UnitCategory = (typeof UNIT_CATEGORIES)[number];

/** A room on the building chart, in the order the legend shows them. */
export const ROOM_STATES = ['verified', 'collected', 'rented', 'vacant', 'notCollected'] as const;
export type RoomState = (typeof ROOM_STATES)[number];

export const APPOINTMENT_STATUSES = ['booked', 'done', 'missed', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Data-quality faults of the completeness worklist (the assessment deducts points for each). */
export const FAULTS = ['missingFields', 'invalidId', 'noAddress', 'rentedWithoutTenants', 'unitMissingSecurity'] as const;
export type Fault = (typeof FAULTS)[number];

/** The room number of a floor and position: floor 18, room 2 → "1802". */
export const roomNumber = (floor: number, position: number): string => `${floor}${String(position).padStart(2, '0')}`;

/** A field that takes a code of a national standard's list: its label and the codes' names, in both languages. */
export interface CodedField {
  /** the form's label and the spreadsheet's column header */
  readonly label: { readonly zh: string; readonly en: string };
  readonly codes: readonly { readonly code: string; readonly zh: string; readonly en: string }[];
}

/**
 * The resident's fields that take a code of a national standard's list. Declared here once, each
 * flows through the form, the core's input and view, the change history, the sync, the export and
 * the import; the table's column comes from this declaration too (a migration adds it).
 */
export const RESIDENT_CODED_FIELDS = {
  /** 文化程度: GB/T 4658-2006 学历代码, its top-level codes */
  education: {
    label: { zh: '文化程度', en: 'Education' },
    codes: [
      { code: '10', zh: '研究生', en: 'Postgraduate' },
      { code: '20', zh: '大学本科', en: "Bachelor's degree" },
      { code: '30', zh: '大学专科', en: 'Junior college' },
      { code: '40', zh: '中等职业教育', en: 'Secondary vocational' },
      { code: '60', zh: '普通高中', en: 'Senior high school' },
      { code: '70', zh: '初中', en: 'Junior middle school' },
      { code: '80', zh: '小学', en: 'Primary school' },
      { code: '90', zh: '其他', en: 'Other' },
    ],
  },
  /** 婚姻状况: GB/T 2261.2-2003 */
  maritalStatus: {
    label: { zh: '婚姻状况', en: 'Marital status' },
    codes: [
      { code: '10', zh: '未婚', en: 'Unmarried' },
      { code: '20', zh: '已婚', en: 'Married' },
      { code: '21', zh: '初婚', en: 'First marriage' },
      { code: '22', zh: '再婚', en: 'Remarried' },
      { code: '23', zh: '复婚', en: 'Remarried to former spouse' },
      { code: '30', zh: '丧偶', en: 'Widowed' },
      { code: '40', zh: '离婚', en: 'Divorced' },
      { code: '90', zh: '未说明的婚姻状况', en: 'Not stated' },
    ],
  },
} as const satisfies Record<string, CodedField>;

export type ResidentCodedField = keyof typeof RESIDENT_CODED_FIELDS;
/** The coded fields' values: a code of the field's list, or null when not collected. */
export type ResidentCodes = { [K in ResidentCodedField]: (typeof RESIDENT_CODED_FIELDS)[K]['codes'][number]['code'] | null };
/** The coded fields with their declarations, in declaration order: what forms, import and export loop over. */
export const RESIDENT_CODED = Object.entries(RESIDENT_CODED_FIELDS as Record<string, CodedField>) as [ResidentCodedField, CodedField][];

/** A coded field's label in the language shown (`en…` English, else Chinese); undefined for another field. */
export const codedLabel = (field: string, language: string): string | undefined => {
  const declared = (RESIDENT_CODED_FIELDS as Record<string, CodedField>)[field];
  return declared && (language.startsWith('en') ? declared.label.en : declared.label.zh);
};
