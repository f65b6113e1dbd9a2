import { EntitySchema } from 'typeorm';
import type { Role } from '../../shared/roles.js';
import { syncedColumns, type SyncedRow } from '../db/baseColumns.js';

export interface StaffRow extends SyncedRow {
  name: string;
  username: string;
  role: Role;
  phone: string;
  active: boolean;
}

export const StaffEntity = new EntitySchema<StaffRow>({
  name: 'staff',
  columns: {
    ...syncedColumns,
    name: { type: 'text' },
    username: { type: 'text' },
    role: { type: 'text' },
    phone: { type: 'text' },
    active: { type: 'boolean' },
  },
});

/** Password state stays on the station and is never synced. */
export interface StaffCredentialRow {
  staffId: string;
  passwordHash: string;
  mustChangePassword: boolean;
  passwordChangedAt: string;
}

export const StaffCredentialEntity = new EntitySchema<StaffCredentialRow>({
  name: 'staff_credential',
  columns: {
    staffId: { type: 'text', primary: true },
    passwordHash: { type: 'text' },
    mustChangePassword: { type: 'boolean' },
    passwordChangedAt: { type: 'text' },
  },
});
