import type { Role } from './roles.js';

/**
 * Every permission by name, and the roles that hold it: the one place that says who may do what.
 * Contract methods, service checks and screens name a permission here, never a list of roles.
 */
export const PERMISSIONS = {
  /** see an ID number or a phone in full (an audited, deliberate action) */
  'person.unmask': ['head', 'officer'],
  /** see the desktop app's updates: the version HQ offers and why one was refused */
  'updates.view': ['head'],
  /** choose this PC's printer for each kind of document, and print a test page on it */
  'printers.choose': ['head'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role | undefined, permission: Permission): boolean =>
  role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
