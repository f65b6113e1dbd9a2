import { can, type Permission } from './permissions.js';

/** The roles a station login can have. Volunteers have no login; HQ staff log in at HQ only. */
export const ROLES = ['head', 'officer', 'auxiliary', 'gridWorker', 'mediator'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call a method: nobody logged in, any logged-in role, or the roles holding a permission. */
export type Access = 'public' | 'anyRole' | Permission;

export const canCall = (access: Access, role: Role | undefined): boolean => {
  if (access === 'public') return true;
  if (role === undefined) return false;
  if (access === 'anyRole') return true;
  return can(role, access);
};
