import { local, zone } from '../zone.js';
import { authHandlers } from './handlers.js';

export const authZone = zone({
  name: 'auth',
  handlers: authHandlers,
  tables: local('login_lock', 'auth_failure'),
});
