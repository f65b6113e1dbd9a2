import type { Role } from './roles.js';

/**
 * Every permission by name, and the roles that hold it: the one place that says who may do what.
 * Contract methods, service checks and screens name a permission here, never a list of roles.
 */
export const PERMISSIONS = {
  /** see an ID number or a phone in full (an audited, deliberate action) */
  'person.unmask': ['head', 'officer'],
  /** see failed logins and pairing tries, by account and terminal (the head's home card) */
  'auth.viewFailedLogins': ['head'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role | undefined, permission: Permission): boolean =>
  role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
