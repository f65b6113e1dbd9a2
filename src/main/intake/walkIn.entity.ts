import { EntitySchema } from 'typeorm';
import type { IdType } from '../../shared/checks/idNumber.js';
import type { Purpose, Route, WalkInStatus } from '../../shared/intake/zones.js';
import { syncedColumns, type SyncedRow } from '../db/baseColumns.js';

export interface WalkInRow extends SyncedRow {
  /** the station's calendar date of arrival: queue numbers restart each local day */
  localDate: string;
  route: Route;
  queueSeq: number;
  queueNo: string;
  arrivedAt: string;
  visitorName: string;
  idType: IdType;
  idNumber: string | null;
  phone: string | null;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  purpose: Purpose;
  note: string | null;
  status: WalkInStatus;
  receivedById: string;
  servedById: string | null;
  servingStartedAt: string | null;
  finishedAt: string | null;
  referredFromId: string | null;
  referredToId: string | null;
}

export const WalkInEntity = new EntitySchema<WalkInRow>({
  name: 'walk_in',
  columns: {
    ...syncedColumns,
    localDate: { type: 'text' },
    route: { type: 'text' },
    queueSeq: { type: 'integer' },
    queueNo: { type: 'text' },
    arrivedAt: { type: 'text' },
    visitorName: { type: 'text' },
    idType: { type: 'text' },
    idNumber: { type: 'text', nullable: true },
    phone: { type: 'text', nullable: true },
    birthDate: { type: 'text', nullable: true },
    sex: { type: 'text', nullable: true },
    purpose: { type: 'text' },
    note: { type: 'text', nullable: true },
    status: { type: 'text' },
    receivedById: { type: 'text' },
    servedById: { type: 'text', nullable: true },
    servingStartedAt: { type: 'text', nullable: true },
    finishedAt: { type: 'text', nullable: true },
    referredFromId: { type: 'text', nullable: true },
    referredToId: { type: 'text', nullable: true },
  },
});
