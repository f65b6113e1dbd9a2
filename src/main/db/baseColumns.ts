import type { EntitySchemaColumnOptions } from 'typeorm';
import { conflict } from '../../shared/errors.js';

/** The sync-ready base columns as TypeORM sees them; the SQL lives in the migrations. */
export interface SyncedRow {
  id: string;
  stationId: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export const syncedColumns: Record<keyof SyncedRow, EntitySchemaColumnOptions> = {
  id: { type: 'text', primary: true },
  stationId: { type: 'text' },
  createdAt: { type: 'text' },
  updatedAt: { type: 'text' },
  createdBy: { type: 'text', nullable: true },
  updatedBy: { type: 'text', nullable: true },
  version: { type: 'integer' },
  cancelledAt: { type: 'text', nullable: true },
  cancelReason: { type: 'text', nullable: true },
};

/** Base values of a new synced row written by `actorId` at `now`. */
export const newRowBase = (id: string, stationId: string, actorId: string | null, now: Date): SyncedRow => {
  const at = now.toISOString();
  return {
    id,
    stationId,
    createdAt: at,
    updatedAt: at,
    createdBy: actorId,
    updatedBy: actorId,
    version: 1,
    cancelledAt: null,
    cancelReason: null,
  };
};

/** What every update of a synced row sets besides its own changes. */
export const touch = (row: Pick<SyncedRow, 'version'>, actorId: string | null, now: Date) => ({
  version: row.version + 1,
  updatedAt: now.toISOString(),
  updatedBy: actorId,
});

/**
 * A write names the version it was based on; an older one lost the race to another writer and is
 * refused with CONFLICT `staleVersion` (the screen reloads and shows what the other wrote).
 */
export const checkVersion = (row: Pick<SyncedRow, 'version'>, version: number): void => {
  if (row.version !== version) throw conflict('staleVersion');
};
