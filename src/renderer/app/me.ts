import { createContext, useContext } from 'react';
import type { Me } from '../../shared/auth/contract.js';
import type { Role } from '../../shared/roles.js';
import type { MethodDef } from '../../shared/method.js';
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

/** Whether the logged-in role may call a method: screens hide what the contract forbids. */
export const useCan = () => {
  const { me } = useMe();
  return (method: MethodDef) => canCall(method.access, me.role as Role);
};
