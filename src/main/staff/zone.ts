import { local, synced, zone } from '../zone.js';
import { staffHandlers } from './handlers.js';

export const staffZone = zone({
  name: 'staff',
  handlers: staffHandlers,
  tables: [...synced('staff'), ...local('staff_credential')],
});
