import { EntitySchema } from 'typeorm';
import { syncedColumns, type SyncedRow } from '../db/baseColumns.js';

export interface StationRow extends SyncedRow {
  name: string;
  code: string;
  policeArea: string;
  community: string;
  grid: string | null;
  address: string;
  /** JSON: DutyPhone[] */
  dutyPhones: string;
  timeZone: string;
  hqUrl: string | null;
  idleLockMinutes: number;
}

export const StationEntity = new EntitySchema<StationRow>({
  name: 'station',
  columns: {
    ...syncedColumns,
    name: { type: 'text' },
    code: { type: 'text' },
    policeArea: { type: 'text' },
    community: { type: 'text' },
    grid: { type: 'text', nullable: true },
    address: { type: 'text' },
    dutyPhones: { type: 'text' },
    timeZone: { type: 'text' },
    hqUrl: { type: 'text', nullable: true },
    idleLockMinutes: { type: 'integer' },
  },
});
