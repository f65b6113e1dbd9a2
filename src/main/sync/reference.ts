import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Bucket } from '../../shared/sync/protocol.js';
import { newRowBase, touch } from '../db/baseColumns.js';
import { MediatorEntity } from '../mediation/mediation.entity.js';

type Item = { id: string; version: number; payload: Record<string, unknown> };

/**
 * Applies a page of HQ's reference data inside the caller's transaction. Every item is kept as
 * HQ sent it (a newer version replaces an older one, never the reverse); buckets a zone uses
 * directly are also written into that zone's tables. Task lists, notice templates, holidays and
 * risk rules are kept the same way for the zones that read them.
 */
export const applyReference = async (m: EntityManager, stationId: string, bucket: Bucket, items: Item[], now: Date): Promise<void> => {
  for (const item of items) {
    const [had] = await m.query(`SELECT "version" FROM "sync_reference" WHERE "bucket" = ? AND "id" = ?`, [bucket, item.id]);
    if (had && Number(had.version) >= item.version) continue;
    await m.query(
      `INSERT OR REPLACE INTO "sync_reference" ("bucket", "id", "version", "payload", "receivedAt") VALUES (?, ?, ?, ?, ?)`,
      [bucket, item.id, item.version, JSON.stringify(item.payload), now.toISOString()],
    );
    if (bucket === 'mediators') await applyMediator(m, stationId, item, now);
  }
};

/**
 * HQ's pool entry in the station's pool: HQ's fields are HQ's; availability and the note stay as
 * the station set them. The station's copy is its own row (its station id), so its changes
 * upload like any other.
 */
const applyMediator = async (m: EntityManager, stationId: string, item: Item, now: Date) => {
  const p = item.payload;
  const fields = {
    name: String(p.name ?? ''),
    specialties: JSON.stringify(Array.isArray(p.specialties) ? p.specialties : []),
    organisation: typeof p.organisation === 'string' ? p.organisation : null,
    phone: typeof p.phone === 'string' ? p.phone : null,
    active: p.active !== false,
  };
  const row = await m.findOneBy(MediatorEntity, { id: item.id });
  if (!row) {
    await m.insert(MediatorEntity, {
      ...newRowBase(item.id, stationId, null, now),
      ...fields,
      availability: 'available',
      note: null,
      origin: 'hq',
      staffId: null,
    });
  } else {
    await m.update(MediatorEntity, { id: item.id }, { ...fields, origin: 'hq', ...touch(row, null, now) });
  }
};

/** A directive read by a staff member: one receipt each, uploaded to HQ like any row. */
export const recordReceipt = async (m: EntityManager, stationId: string, directiveId: string, staffId: string, now: Date): Promise<boolean> => {
  const [had] = await m.query(`SELECT 1 FROM "directive_receipt" WHERE "directiveId" = ? AND "staffId" = ?`, [directiveId, staffId]);
  if (had) return false;
  const id = uuidv7();
  await m.query(
    `INSERT INTO "directive_receipt" ("id", "stationId", "createdAt", "updatedAt", "createdBy", "updatedBy", "version", "directiveId", "staffId", "readAt")
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    [id, stationId, now.toISOString(), now.toISOString(), staffId, staffId, directiveId, staffId, now.toISOString()],
  );
  return true;
};
