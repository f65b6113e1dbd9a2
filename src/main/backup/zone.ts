import { local, zone } from '../zone.js';
import { backupHandlers } from './handlers.js';

export const backupZone = zone({
  name: 'backup',
  handlers: backupHandlers,
  tables: local('backup_settings'),
});
