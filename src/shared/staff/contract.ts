import { z } from 'zod';
import { defineMethod } from '../method.js';
import { mobile, password, personName, text, uuid } from '../fields.js';
import { ROLES, type Role } from '../roles.js';

export interface Staff {
  id: string;
  version: number;
  name: string;
  username: string;
  role: Role;
  phone: string;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

const role = z.enum(ROLES, { error: 'invalidOption' });
export const username = text(32).refine((s) => /^[A-Za-z0-9_.-]+$/.test(s), { message: 'username' });

export const staffList = defineMethod<Staff[]>()({
  name: 'staff.list',
  input: z.strictObject({ includeInactive: z.boolean().default(false) }),
  access: 'staff.manage',
  kind: 'read',
});

export const staffCreate = defineMethod<Staff>()({
  name: 'staff.create',
  input: z.strictObject({ name: personName, username, role, phone: mobile, initialPassword: password }),
  access: 'staff.manage',
  kind: 'write',
});

export const staffUpdate = defineMethod<Staff>()({
  name: 'staff.update',
  input: z.strictObject({ id: uuid, version: z.number().int(), name: personName, role, phone: mobile, active: z.boolean() }),
  access: 'staff.manage',
  kind: 'write',
});

/** Sets a new initial password (which must be changed at next login) and lifts a lockout. */
export const staffResetPassword = defineMethod<Staff>()({
  name: 'staff.resetPassword',
  input: z.strictObject({ id: uuid, initialPassword: password }),
  access: 'staff.manage',
  kind: 'write',
});

/** Staff names for pickers (who serves, who is on duty): no phone numbers. */
export const staffDirectory = defineMethod<{ id: string; name: string; role: Role }[]>()({
  name: 'staff.directory',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

export const staffMethods = [staffList, staffCreate, staffUpdate, staffResetPassword, staffDirectory] as const;
