import { createContext, useContext } from 'react';
import type { Me } from '../../shared/auth/contract.js';
import type { Role } from '../../shared/roles.js';
import type { MethodDef } from '../../shared/method.js';
import type { Permission } from '../../shared/permissions.js';
import { canCall } from '../../shared/roles.js';

export interface MeContextValue {
  me: Me;
  logout(): void;
  lock(): void;
}

export const MeContext = createContext<MeContextValue | null>(null);

export const useMe = (): MeContextValue => {
  const value = useContext(MeContext);
  if (!value) throw new Error('useMe outside the logged-in frame');
  return value;
};

/**
 * Whether the logged-in role holds a permission, or may call a method: screens hide what the core
 * would refuse.
 */
export const useCan = () => {
  const { me } = useMe();
  return (what: Permission | MethodDef) => canCall(typeof what === 'string' ? what : what.access, me.role as Role);
};
