import { local, zone } from '../zone.js';
import { retentionHandlers } from './handlers.js';

export const retentionZone = zone({
  name: 'retention',
  handlers: retentionHandlers,
  tables: local('retention_setting', 'retention_purge'),
});
