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

/** Failed tries of one kind, for one account name, from one client, in the days shown. */
export interface FailedAttemptGroup {
  /** a login, an idle unlock, a password asked again (a signature, a purge), a pairing code */
  kind: 'login' | 'unlock' | 'password' | 'pairing';
  /** the account name as typed (lower case); null for a pairing code */
  account: string | null;
  /** the staff member when the name is one of the station's accounts */
  staffName: string | null;
  /** the station's own desk, a paired LAN terminal, or (pairing) an address */
  client: 'desk' | 'terminal' | 'address';
  clientName: string | null;
  address: string | null;
  count: number;
  lastAt: string;
  /** the account is locked on some client until then */
  lockedUntil: string | null;
}

export interface FailedAttempts {
  days: number;
  /** every failed try in those days (the groups are the 50 most recent) */
  total: number;
  groups: FailedAttemptGroup[];
  /** all pairing refused until then, after a burst of wrong codes */
  pairingPausedUntil: string | null;
}

/** The head's home card: who tried which account or pairing code, from where, and failed. */
export const authFailedAttempts = defineMethod<FailedAttempts>()({
  name: 'auth.failedAttempts',
  input: z.strictObject({}),
  access: 'auth.viewFailedLogins',
  kind: 'read',
});

export const authMethods = [authLogin, authLogout, authMe, authChangePassword, authUnlock, authLock, authFailedAttempts] as const;
