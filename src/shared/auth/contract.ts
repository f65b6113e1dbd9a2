import { z } from 'zod';
import { defineMethod } from '../method.js';
import { password } from '../fields.js';
import type { Role } from '../roles.js';

export interface Me {
  staffId: string;
  name: string;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  idleLockMinutes: number;
  stationName: string;
  timeZone: string;
}

const loginPassword = z.string({ error: 'required' }).min(1, { message: 'required' }).max(128, { message: 'tooLong' });

export const authLogin = defineMethod<{ token: string; me: Me }>()({
  name: 'auth.login',
  input: z.strictObject({
    username: z.string({ error: 'required' }).trim().min(1, { message: 'required' }).max(32, { message: 'tooLong' }),
    password: loginPassword,
  }),
  access: 'public',
  kind: 'write',
});

export const authLogout = defineMethod<{ ok: true }>()({
  name: 'auth.logout',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'write',
  allowWhileRestricted: true,
});

export const authMe = defineMethod<Me>()({
  name: 'auth.me',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
  allowWhileRestricted: true,
});

export const authChangePassword = defineMethod<{ ok: true }>()({
  name: 'auth.changePassword',
  input: z
    .strictObject({ currentPassword: loginPassword, newPassword: password })
    .refine((v) => v.currentPassword !== v.newPassword, { message: 'password.same', path: ['newPassword'] }),
  access: 'anyRole',
  kind: 'write',
  allowWhileRestricted: true,
});

/** Unlocks a session locked after idle time: the same person types their password again. */
export const authUnlock = defineMethod<{ ok: true }>()({
  name: 'auth.unlock',
  input: z.strictObject({ password: loginPassword }),
  access: 'anyRole',
  kind: 'write',
  allowWhileRestricted: true,
});

/** Locks the session now (leaving the desk): only the same person's password unlocks it. */
export const authLock = defineMethod<{ ok: true }>()({
  name: 'auth.lock',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
  allowWhileRestricted: true,
});

export const authMethods = [authLogin, authLogout, authMe, authChangePassword, authUnlock, authLock] as const;
