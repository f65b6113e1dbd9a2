import type { EntityManager } from 'typeorm';
import { receiptTable } from './sync.entity.js';
import type { Logger } from 'pino';
import { REFERENCE_SCHEMAS } from '../../shared/sync/buckets.js';
import { PUBLISHED_BUCKETS, type Bucket, type PublishedBucket } from '../../shared/sync/protocol.js';
import { BUCKET_APPLIERS, type ReferenceItem, type StationOf } from './buckets.js';

const isPublished = (b: Bucket): b is PublishedBucket => (PUBLISHED_BUCKETS as readonly string[]).includes(b);

/**
 * Applies a page of HQ's reference data inside the caller's transaction. Every item is kept as
 * HQ sent it (a newer version replaces an older one, never the reverse); an item of a published
 * bucket is checked against the bucket's shape first, as HQ checked it, and one that fails is
 * logged and left out (an HQ newer than this station may send what it cannot read yet). Buckets a
 * zone uses directly are then written into that zone's tables by the bucket's applier.
 */
export const applyReference = async (
  m: EntityManager,
  station: StationOf,
  bucket: Bucket,
  items: ReferenceItem[],
  now: Date,
  logger?: Logger,
): Promise<void> => {
  for (const item of items) {
    const [had] = await m.query(`SELECT "version" FROM "sync_reference" WHERE "bucket" = ? AND "id" = ?`, [bucket, item.id]);
    if (had && Number(had.version) >= item.version) continue;
    let fields: Record<string, unknown> = item.payload;
    if (isPublished(bucket)) {
      // HQ adds the item's id and version to what its staff published
      const { id: _id, version: _version, ...published } = item.payload;
      const checked = REFERENCE_SCHEMAS[bucket].safeParse(published);
      if (!checked.success) {
        logger?.warn({ bucket, id: item.id, issue: checked.error.issues[0]?.message, path: checked.error.issues[0]?.path.join('.') }, 'reference item refused');
        continue;
      }
      fields = checked.data;
    }
    await m.query(
      `INSERT OR REPLACE INTO "sync_reference" ("bucket", "id", "version", "payload", "receivedAt") VALUES (?, ?, ?, ?, ?)`,
      [bucket, item.id, item.version, JSON.stringify(item.payload), now.toISOString()],
    );
    await BUCKET_APPLIERS[bucket]?.(m, station, { ...item, payload: fields }, now);
  }
};

/** A directive read by a staff member: one receipt each, uploaded to HQ like any row. */
export const recordReceipt = async (m: EntityManager, stationId: string, directiveId: string, staffId: string, now: Date): Promise<boolean> => {
  const [had] = await m.query(`SELECT 1 FROM "directive_receipt" WHERE "directiveId" = ? AND "staffId" = ?`, [directiveId, staffId]);
  if (had) return false;
  await receiptTable.insert(m, { stationId, staffId, now }, { directiveId, staffId, readAt: now.toISOString() });
  return true;
};
