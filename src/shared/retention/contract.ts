/**
 * Retention: how long each kind of record is kept, and the purge of what is past it.
 *
 * Records about people are never deleted one by one (they are cancelled with a reason); the only
 * way anything leaves the database is this purge, once its retention is over. The head sets the
 * periods, reviews what a purge would take (counts and a preview per kind), and confirms it with
 * their own password. The purge is audited, removes the rows' pending and kept outbox entries,
 * and queues a delete for HQ so HQ's copy goes too.
 */
import { z } from 'zod';
import { defineMethod } from '../method.js';

/** The kinds of record a retention period applies to, in the order a purge takes them. */
export const RETENTION_KINDS = ['mediationCases', 'walkIns', 'departedResidents', 'dutyLogs', 'appointments', 'audit'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/**
 * Defaults, in days, and why (docs/administration.md, "Retention"):
 * - mediation cases, closed (archived, declined, cancelled): 10 years — a mediation file is kept
 *   like the committee's own dossier (卷宗), long enough for any later court or complaint;
 * - walk-ins, finished: 3 years — the front desk's record of who came, for later questions;
 * - departed residents (moved out, or cancelled as entered in error): 5 years after leaving;
 * - duty logs, handed over, with their entries and handover: 3 years;
 * - collection appointments, past (done, missed, cancelled): 1 year;
 * - the audit log: 3 years — the Cybersecurity Law asks for at least six months of logs, and the
 *   unmasking report should reach back as far as the walk-ins it concerns.
 */
export const RETENTION_DEFAULT_DAYS: Record<RetentionKind, number> = {
  mediationCases: 3650,
  walkIns: 1095,
  departedResidents: 1825,
  dutyLogs: 1095,
  appointments: 365,
  audit: 1095,
};
/** No period shorter than six months: the legal minimum for logs, and a guard against a typo. */
export const RETENTION_MIN_DAYS = 180;
export const RETENTION_MAX_DAYS = 36500;
/** A purge is due a month after the last one. */
export const PURGE_INTERVAL_DAYS = 30;
/** How many of each kind the preview shows. */
export const PREVIEW_SAMPLES = 5;

const days = z
  .number({ error: 'invalidType' })
  .int({ message: 'integer' })
  .min(RETENTION_MIN_DAYS, { message: 'retention.tooShort' })
  .max(RETENTION_MAX_DAYS, { message: 'retention.tooLong' });

export interface RetentionPeriod {
  kind: RetentionKind;
  /** null: kept for ever, never purged */
  days: number | null;
  defaultDays: number;
}

export interface RetentionSettings {
  periods: RetentionPeriod[];
  minDays: number;
  maxDays: number;
  lastPurgeAt: string | null;
  /** when the next monthly purge is due (now, if none ever ran) */
  purgeDueAt: string;
  purgeDue: boolean;
}

export const retentionSettingsGet = defineMethod<RetentionSettings>()({
  name: 'retention.settingsGet',
  input: z.strictObject({}),
  access: 'retention.manage',
  kind: 'read',
});

/** Sets the period of each kind given (null keeps it for ever); kinds left out keep theirs. */
export const retentionSettingsSave = defineMethod<RetentionSettings>()({
  name: 'retention.settingsSave',
  input: z.strictObject({
    periods: z.partialRecord(z.enum(RETENTION_KINDS, { error: 'invalidOption' }), days.nullable()),
  }),
  access: 'retention.manage',
  kind: 'write',
});

export interface PurgeSample {
  id: string;
  /** the date the period counts from */
  date: string;
  /** what a person recognises the record by; ID numbers masked */
  label: string;
  /** a walk-in's queue number as stored, which the label holds: shown in the reader's language */
  queueNo?: string;
}

export interface PurgeKindPreview {
  kind: RetentionKind;
  days: number | null;
  /** records older than this go */
  cutoff: string | null;
  count: number;
  samples: PurgeSample[];
  /** rows of other tables that go with them (a case's parties, a shift's entries…) */
  related: number;
}

export interface PurgePreview {
  /** the moment the cutoffs are computed from: pass it back to purge exactly this */
  asOf: string;
  kinds: PurgeKindPreview[];
  total: number;
}

export const retentionPreview = defineMethod<PurgePreview>()({
  name: 'retention.preview',
  input: z.strictObject({}),
  access: 'retention.manage',
  kind: 'read',
});

export interface PurgeResult {
  asOf: string;
  purgedAt: string;
  counts: Record<RetentionKind, number>;
  related: number;
  /** delete entries queued for HQ */
  queuedForHq: number;
}

/**
 * Purges what the preview of `asOf` listed. The head re-enters their password (a wrong one counts
 * like a failed login); the counts must still be the preview's, or the preview is stale.
 */
export const retentionPurge = defineMethod<PurgeResult>()({
  name: 'retention.purge',
  input: z.strictObject({
    asOf: z.iso.datetime({ message: 'invalid' }),
    expected: z.partialRecord(z.enum(RETENTION_KINDS, { error: 'invalidOption' }), z.number().int().nonnegative()),
    password: z.string({ error: 'required' }).min(1, { message: 'required' }).max(128, { message: 'tooLong' }),
  }),
  access: 'retention.manage',
  kind: 'write',
});

export const retentionMethods = [retentionSettingsGet, retentionSettingsSave, retentionPreview, retentionPurge] as const;
