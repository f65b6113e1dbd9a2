import { z } from 'zod';

/**
 * The wire protocol between a station and HQ, shared by both ends (HQ imports src/shared only).
 * Order comes from the station's outbox sequence numbers, never from clocks.
 */

/** The station's data schema version it sends with every batch; HQ accepts a range of them. */
export const STATION_SCHEMA_VERSION = 7;
/** The oldest station schema this HQ still accepts: an older station keeps queueing until updated. */
export const MIN_STATION_SCHEMA_VERSION = 1;
/** The newest HQ knows; a newer station's rows are stored whole (unknown fields kept, not dropped). */
export const MAX_STATION_SCHEMA_VERSION = 99;

/** Entries per upload batch; a batch claiming more is refused before anything is read into memory. */
/**
 * A station clock further than this from HQ's dates walk-ins wrongly: the head is warned at the
 * station, and HQ counts that station's walk-ins by the day HQ received them.
 */
export const CLOCK_WARNING_MS = 5 * 60_000;

export const MAX_BATCH_ENTRIES = 2000;
/** A gzip body on the wire, and what it may inflate to: a zip bomb stops here. */
export const MAX_BATCH_GZIP_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH_JSON_BYTES = 16 * 1024 * 1024;

/** Reference data HQ staff publish to every station (shapes in buckets.ts). */
export const PUBLISHED_BUCKETS = ['mediators', 'directives', 'taskList', 'noticeTemplates', 'holidays', 'riskRules'] as const;
export type PublishedBucket = (typeof PUBLISHED_BUCKETS)[number];
/**
 * Every bucket a station pulls: the published ones, and the one HQ itself fills with items for
 * one station at a time (a case transferred to it, the answer to its own transfer request).
 */
export const BUCKETS = [...PUBLISHED_BUCKETS, 'caseTransfers'] as const;
export type Bucket = (typeof BUCKETS)[number];

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

export interface OutboxEntry {
  seq: number;
  table: string;
  rowId: string;
  /** delete: the row was purged at the station when its retention ended; HQ removes its copy */
  op: 'insert' | 'update' | 'delete';
  version: number;
  /**
   * the whole row as committed; free-form so a newer station's extra columns are kept. A delete
   * carries only id, stationId, version (the row's last + 1) and purgedAt.
   */
  payload: Record<string, unknown>;
}

const ENTRY_KEYS = new Set(['seq', 'table', 'rowId', 'op', 'version', 'payload']);
const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const positiveInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * One outbox entry, checked by hand rather than by a zod object: a batch has up to 2,000 of
 * them, and zod's per-key walk cost more than storing the rows. The rules are zod's strictObject
 * rules: exactly these fields, these types.
 */
export const outboxEntry = z.custom<OutboxEntry>((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e = v as Record<string, unknown>;
  for (const k in e) if (!ENTRY_KEYS.has(k)) return false;
  return (
    positiveInt(e.seq) &&
    typeof e.table === 'string' &&
    TABLE_NAME.test(e.table) &&
    typeof e.rowId === 'string' &&
    e.rowId.length > 0 &&
    e.rowId.length <= 64 &&
    (e.op === 'insert' || e.op === 'update' || e.op === 'delete') &&
    positiveInt(e.version) &&
    typeof e.payload === 'object' &&
    e.payload !== null &&
    !Array.isArray(e.payload)
  );
}, { message: 'entry' });

export const pushBatch = z
  .strictObject({
    stationId: uuid,
    schemaVersion: z.number().int(),
    /** HQ's cursor as the station believes it: the last sequence HQ acknowledged */
    after: z.number().int().nonnegative(),
    /**
     * the station queued all its rows again after `after` because HQ lacks changes the station
     * no longer keeps: HQ takes `after` as its cursor instead of answering with a gap
     */
    rebase: z.literal(true).optional(),
    /**
     * with `rebase`: the tables the copy covers in full and the sequence it ends at. HQ drops
     * its rows of those tables that the copy lacks once it has stored the copy through there.
     */
    copy: z
      .strictObject({
        tables: z.array(z.string().regex(TABLE_NAME)).max(200),
        through: z.number().int().positive(),
      })
      .optional(),
    /** how many entries the batch carries: checked against the list and the limit */
    count: z.number().int().nonnegative().max(MAX_BATCH_ENTRIES),
    entries: z.array(outboxEntry).max(MAX_BATCH_ENTRIES),
    /** what is still queued at the station after this batch, for HQ's overview */
    backlog: z.number().int().nonnegative(),
    /** the station's clock when sending: shown as skew, never used to order anything */
    sentAt: z.string().max(40),
  })
  .refine((b) => b.count === b.entries.length, { message: 'countMismatch' })
  .refine((b) => b.entries.every((e, i) => i === 0 || e.seq > b.entries[i - 1].seq) && (b.entries.length === 0 || b.entries[0].seq > b.after), {
    message: 'sequenceOrder',
  });
export type PushBatch = z.infer<typeof pushBatch>;

export interface PushAck {
  /** HQ's cursor for the station after this batch: everything up to it is stored at HQ */
  cursor: number;
  applied: number;
  /** entries already stored (a repeated or overlapping batch): nothing changed for them */
  skipped: number;
  rejected: { seq: number; table: string; rowId: string; reason: string }[];
  epoch: string;
  serverTime: string;
}

/** A gap: HQ has less than the station believes (HQ restored from a backup, or a lost batch). */
export interface PushGap {
  error: 'gap';
  cursor: number;
  epoch: string;
}

export interface PullPage {
  bucket: Bucket;
  epoch: string;
  items: { seq: number; id: string; version: number; payload: Record<string, unknown> }[];
  /** the cursor to store with this page */
  cursor: number;
  /** the newest sequence in the bucket: a station cursor beyond it means HQ lost data (restore) */
  latest: number;
  more: boolean;
}

export interface Hello {
  stationId: string;
  code: string;
  name: string;
  epoch: string;
  cursor: number;
  serverTime: string;
  schema: { min: number; max: number };
}

export const enrolRequest = z.strictObject({
  code: z.string().trim().min(6).max(32),
  stationId: uuid,
  stationCode: z.string().max(32),
  stationName: z.string().max(120),
});

export interface EnrolAnswer {
  /** HQ's key for the station, with the secret the station's credential */
  key: string;
  secret: string;
  code: string;
  name: string;
  epoch: string;
}
