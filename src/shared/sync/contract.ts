import { z } from 'zod';
import { defineMethod } from '../method.js';

export interface SyncStatus {
  enrolled: boolean;
  hqUrl: string | null;
  /** the station's code as HQ enrolled it */
  hqCode: string | null;
  /** an enrolment code was given and waits for HQ's answer */
  enrolling: boolean;
  enabled: boolean;
  /** the last round reached HQ */
  online: boolean;
  /** a round is running now */
  running: boolean;
  /** changes not yet acknowledged by HQ */
  backlog: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** the last failure, as a key the screen puts in words (sync.error.<key>) */
  lastError: { key: string; detail: string | null } | null;
  lastErrorAt: string | null;
  /** the station clock minus HQ's, in ms: shown, never used to order anything */
  clockSkewMs: number | null;
  retentionDays: number;
  rejects: { seq: number; tableName: string; rowId: string; reason: string; at: string }[];
  nextAttemptAt: string | null;
}

const hqUrl = z.string({ error: 'required' }).transform((raw, ctx) => {
  const v = raw.trim();
  try {
    const url = new URL(v);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return url.toString().replace(/\/$/, '');
  } catch {
    ctx.issues.push({ code: 'custom', message: v === '' ? 'required' : 'url', input: raw });
    return z.NEVER;
  }
});

export const syncStatus = defineMethod<SyncStatus>()({
  name: 'sync.status',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

/** Exchanges HQ's one-time enrolment code for the station's credential (in the background). */
export const syncEnrol = defineMethod<SyncStatus>()({
  name: 'sync.enrol',
  input: z.strictObject({
    hqUrl,
    code: z
      .string({ error: 'required' })
      .transform((s) => s.trim().toUpperCase())
      .refine((s) => /^[A-Z0-9-]{6,32}$/.test(s), { message: 'sync.code' }),
  }),
  access: ['head'],
  kind: 'write',
});

export const syncNow = defineMethod<SyncStatus>()({
  name: 'sync.now',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

export const syncSettings = defineMethod<SyncStatus>()({
  name: 'sync.settings',
  input: z.strictObject({
    enabled: z.boolean({ error: 'invalidType' }),
    retentionDays: z.number({ error: 'invalidType' }).int({ message: 'integer' }).min(0, { message: 'sync.retention' }).max(365, { message: 'sync.retention' }),
  }),
  access: ['head'],
  kind: 'write',
});

export interface Directive {
  id: string;
  version: number;
  title: string;
  body: string;
  issuedAt: string | null;
  receivedAt: string;
  /** read by the caller */
  read: boolean;
  readers: { staffId: string; name: string; readAt: string }[];
}

export const syncDirectives = defineMethod<{ directives: Directive[]; unread: number }>()({
  name: 'sync.directives',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

/** The caller has read a directive: a receipt goes to HQ. */
export const syncReadDirective = defineMethod<{ recorded: boolean }>()({
  name: 'sync.readDirective',
  input: z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, { message: 'invalid' }) }),
  access: 'anyRole',
  kind: 'write',
});

export const syncMethods = [syncStatus, syncEnrol, syncNow, syncSettings, syncDirectives, syncReadDirective] as const;
