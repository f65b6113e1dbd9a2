import { z } from 'zod';
import { defineMethod } from '../method.js';

export interface SyncNotice {
  key: 'answerLost' | 'requeued';
  n: number;
  at: string;
}

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
  /** a certificate authority is pinned for HQ */
  caPinned: boolean;
  rejects: { seq: number; tableName: string; rowId: string; reason: string; at: string }[];
  nextAttemptAt: string | null;
  /**
   * the last repair sync made, in the last day, for the page to explain: HQ had stored changes
   * whose answer was lost ('answerLost'), or HQ lost changes and the station's rows were queued
   * again in full ('requeued'); n is how many changes
   */
  notice: SyncNotice | null;
  /** the desktop app's last look at HQ's update feed; null where the caller may not see it or none was made */
  update: UpdateReport | null;
}

/**
 * Why a release HQ offered is not installed: the feed is not HTTPS, HQ's certificate authority is
 * not pinned, the feed answered with a certificate of another authority, the manifest is unreadable, signed by a key the app does not hold, its signature does
 * not verify, it is older than the running version, it has no installer for this machine, or the
 * downloaded installer is not the signed one.
 */
export type UpdateRefusal =
  | 'insecureFeed'
  | 'noPinnedCa'
  | 'untrustedCertificate'
  | 'badManifest'
  | 'unknownKey'
  | 'badSignature'
  | 'downgrade'
  | 'noInstaller'
  | 'installerHash';

export interface UpdateReport {
  /** the version running */
  installed: string;
  checkedAt: string;
  /**
   * upToDate: nothing newer; staged: HQ offers it to other stations first; downloading; ready:
   * verified and waiting for consent to install; refused (see refusal); failed: HQ not reached (detail)
   */
  state: 'upToDate' | 'staged' | 'downloading' | 'ready' | 'refused' | 'failed';
  /** the version HQ offers, as its manifest says (for a refused one: as it claims) */
  offered: string | null;
  refusal: UpdateRefusal | null;
  detail: string | null;
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
  access: 'sync.configure',
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
  access: 'sync.configure',
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

/** A mediation case leaving or arriving at this station, as the transfer list shows it. */
export interface CaseTransfer {
  id: string;
  version: number;
  direction: 'out' | 'in';
  /** out: the case here (read-only from the request on); in: the case at the sender */
  caseId: string;
  caseNo: string;
  fromStationCode: string;
  fromStationName: string;
  toStationCode: string;
  reason: string;
  requestedAt: string;
  /** the name of who asked, at the sender */
  requestedBy: string;
  /** out: requested → accepted, or refused (then the case is this station's again); in: received → accepted */
  status: 'requested' | 'accepted' | 'refused' | 'received';
  statusAt: string;
  /** refused: why (sync.transferRefusal.<key>); accepted out: the receiving station's name */
  statusNote: string | null;
  newCaseId: string | null;
  newCaseNo: string | null;
  /** in: what comes with the case; the files stay at the sender */
  summary: { type: string | null; parties: string[]; sessions: number; files: { fileName: string; size: number }[] } | null;
}

export interface TransfersView {
  transfers: CaseTransfer[];
  /** cases this station may transfer now (its own, not cancelled, not archived, none on their way) */
  transferable: { id: string; caseNo: string; type: string; status: string }[];
}

const uuidInput = z.string({ error: 'required' }).regex(/^[0-9a-f-]{36}$/, { message: 'invalid' });

export const syncTransfers = defineMethod<TransfersView>()({
  name: 'sync.transfers',
  input: z.strictObject({}),
  access: 'sync.viewTransfers',
  kind: 'read',
});

/** Asks HQ to move a case to another station: from now on the case is read-only here. */
export const syncTransferCase = defineMethod<CaseTransfer>()({
  name: 'sync.transferCase',
  input: z.strictObject({
    caseId: uuidInput,
    toStationCode: z
      .string({ error: 'required' })
      .trim()
      .min(1, { message: 'required' })
      .max(32, { message: 'tooLong' })
      .regex(/^[A-Za-z0-9-]+$/, { message: 'sync.stationCode' }),
    reason: z.string({ error: 'required' }).trim().min(2, { message: 'required' }).max(500, { message: 'tooLong' }),
  }),
  access: 'sync.transferCases',
  kind: 'write',
});

/** Takes a case HQ transferred to this station: it becomes one of this station's cases. */
export const syncReceiveTransfer = defineMethod<CaseTransfer>()({
  name: 'sync.receiveTransfer',
  input: z.strictObject({ id: uuidInput }),
  access: 'sync.transferCases',
  kind: 'write',
});

/** The station's pinned certificate authority for HQ over HTTPS (PEM), or none: the system's list. */
export const syncSetCa = defineMethod<SyncStatus>()({
  name: 'sync.setCa',
  input: z.strictObject({
    pem: z
      .string({ error: 'invalidType' })
      .max(20_000, { message: 'tooLong' })
      .nullable()
      .refine((v) => v === null || /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(v), { message: 'sync.caPem' }),
  }),
  access: 'sync.configure',
  kind: 'write',
});

export const syncMethods = [
  syncStatus,
  syncEnrol,
  syncNow,
  syncSettings,
  syncDirectives,
  syncReadDirective,
  syncTransfers,
  syncTransferCase,
  syncReceiveTransfer,
  syncSetCa,
] as const;
