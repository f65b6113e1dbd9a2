import { z } from 'zod';
import { defineMethod } from '../method.js';
import { isoDate, optionalText } from '../fields.js';

export interface AuditEntry {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  method: string;
  recordId: string | null;
  /** e.g. the reason given for unmasking */
  detail: string | null;
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
  access: ['head'],
  kind: 'read',
});

export const auditMethods = [auditList] as const;
