/** The collection contract: the grid's spreadsheet import (preview, progress, commit, rejects) and the export. */
import { z } from 'zod';
import { optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { choice, optionalUuid } from './contract.common.js';
import { RESIDENT_CODED_FIELDS, type ResidentCodes } from './model.js';

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
