/**
 * A 调解员 login and its mediator pool entry are one person: whoever keeps the pool (head, officer)
 * links them from either side. Creating a 调解员 login puts it in the pool — linking the station's
 * unlinked entry of the same name when there is one, else adding an entry with the login's name and
 * phone — and the pool page lists the 调解员 logins that have no entry yet, to add with one click.
 */
import { mediationPoolCreate, mediationPoolList, mediationPoolUpdate, type Mediator } from '../../shared/mediation/contract.js';
import type { Role } from '../../shared/roles.js';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';

/** The role whose logins belong in the pool. */
export const MEDIATOR_ROLE: Role = 'mediator';

export interface Login {
  id: string;
  name: string;
  role: Role;
  phone?: string | null;
}

/** The 调解员 logins no pool entry is linked to. */
export const unlinkedMediatorLogins = <L extends Login>(logins: readonly L[], pool: readonly Mediator[]): L[] => {
  const linked = new Set(pool.map((m) => m.staffId).filter((id): id is string => !!id));
  return logins.filter((l) => l.role === MEDIATOR_ROLE && !linked.has(l.id));
};

/** Puts a login in the pool (see above); answers the entry it is linked to, or null when it was already. */
export const linkLoginToPool = async (login: Login): Promise<Mediator | null> => {
  const pool = await call(mediationPoolList, { includeInactive: true });
  if (pool.some((m) => m.staffId === login.id)) return null;
  const namesake = pool.find((m) => m.origin === 'station' && !m.staffId && m.name === login.name);
  if (namesake) {
    const { id, version, name, specialties, organisation, phone, availability, note, active } = namesake;
    return call(mediationPoolUpdate, { id, version, name, specialties, organisation, phone, availability, note, active, staffId: login.id });
  }
  return call(mediationPoolCreate, {
    name: login.name,
    specialties: [],
    organisation: null,
    phone: login.phone ?? null,
    availability: 'available',
    note: null,
    staffId: login.id,
  });
};

/** For the staff page: after a login is saved, a 调解员 one is put in the pool, and the head told. */
export const usePutInPool = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (login: Login) => {
    if (login.role !== MEDIATOR_ROLE) return;
    try {
      if (await linkLoginToPool(login)) void message.success(t('mediation.pool.loginLinked', { name: login.name }));
    } catch (err) {
      void message.warning(t('mediation.pool.loginNotLinked', { name: login.name, error: errorText(t, err) }));
    }
  };
};
