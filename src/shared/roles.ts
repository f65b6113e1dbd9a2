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

/** How a notice to residents names who comes to the door, by the visitor's role (a grid worker is not 社区民警). */
export const VISITOR_TITLE_ZH: Record<Role, string> = {
  head: '社区民警',
  officer: '社区民警',
  auxiliary: '社区辅警',
  gridWorker: '网格员',
  mediator: '调解员',
};

// Chinese names in the order people look them up: by pinyin, as a phone book (not by code point)
const NAME_ORDER = new Intl.Collator('zh-CN');

/** A station's people as lists show them: grouped by role (head first), then by name in pinyin order. */
export const byRoleThenName = (a: { role: Role; name: string }, b: { role: Role; name: string }): number =>
  ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || NAME_ORDER.compare(a.name, b.name);
