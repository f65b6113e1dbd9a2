import { z } from 'zod';
import { defineMethod } from '../method.js';
import type { AuditDetail } from './details.js';
import { isoDate, optionalText } from '../fields.js';

export interface AuditEntry {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  method: string;
  recordId: string | null;
  /** a kind with its values (worded by the screen), or the user's own words (the reason given for unmasking) */
  detail: AuditDetail | string | null;
}

export const auditList = defineMethod<{ entries: AuditEntry[]; nextBefore: string | null }>()({
  name: 'audit.list',
  input: z
    .strictObject({
      from: isoDate.optional(),
      to: isoDate.optional(),
      staffId: z.string().max(40).optional(),
      method: optionalText(60),
      recordId: optionalText(40),
      before: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'dateRange', path: ['to'] }),
  access: 'audit.read',
  kind: 'read',
});

/**
 * The calls that show or confirm someone's ID or phone number in full: what the unmasking report
 * lists. Each one's audit entry names the record and, for a deliberate unmasking, the reason.
 */
export const UNMASKING_METHODS = [
  'intake.reveal',
  'collection.reveal',
  'intake.findVisitor',
  'intake.search',
  'collection.search',
  'collection.importPreview',
  'collection.importRejects',
  'mediation.agreementDocument',
  'mediation.fileContent',
] as const;
export type UnmaskingMethod = (typeof UNMASKING_METHODS)[number];

export interface Unmasking {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  method: string;
  recordId: string | null;
  /** whose number it was: the person's name, when the record is still there */
  subjectName: string | null;
  /** their ID number masked as in lists, so the report itself unmasks nothing */
  subjectIdMasked: string | null;
  /** the reason given, or what the lookup found */
  reason: AuditDetail | string | null;
}

const unmaskingFilters = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  staffId: z.string().max(40).optional(),
  method: z.enum(UNMASKING_METHODS, { error: 'invalidOption' }).optional(),
  /** the subject's name, or the record's id */
  subject: optionalText(50),
};

/** Who looked at whose ID number, when and why: for the station head, newest first. */
export const auditUnmaskings = defineMethod<{ entries: Unmasking[]; nextBefore: string | null }>()({
  name: 'audit.unmaskings',
  input: z
    .strictObject({ ...unmaskingFilters, before: z.string().max(40).optional(), limit: z.number().int().min(1).max(500).default(100) })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'dateRange', path: ['to'] }),
  access: 'audit.read',
  kind: 'read',
});

/** The same report as a CSV file for Excel (UTF-8 with BOM), every entry the filters match. */
export const auditUnmaskingsCsv = defineMethod<{ fileName: string; data: string }>()({
  name: 'audit.unmaskingsCsv',
  input: z.strictObject({ ...unmaskingFilters, lang: z.enum(['zh', 'en']).default('zh') }).refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: 'dateRange',
    path: ['to'],
  }),
  access: 'audit.read',
  kind: 'read',
  // the report is a list of who looked at whom: taking it away is on the record too
  auditRead: true,
});

export const auditMethods = [auditList, auditUnmaskings, auditUnmaskingsCsv] as const;
