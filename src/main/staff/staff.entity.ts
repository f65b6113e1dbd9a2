import { EntitySchema } from 'typeorm';
import type { Role } from '../../shared/roles.js';
import { col, defineSyncedTable, type RowOf } from '../db/syncedTable.js';

/** A login of the station's staff; synced to HQ (its password never is). */
export const staffTable = defineSyncedTable('staff', {
  name: col.text(),
  username: col.text(),
  role: col.text<Role>(),
  phone: col.text(),
  active: col.boolean(),
});
export type StaffRow = RowOf<typeof staffTable>;
export const StaffEntity = staffTable.entity;

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
