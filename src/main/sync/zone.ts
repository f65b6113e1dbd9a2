import { local, synced, zone } from '../zone.js';
import { syncHandlers } from './handlers.js';
import { SYNC_TABLES } from './sync.entity.js';

export const syncZone = zone({
  name: 'sync',
  handlers: syncHandlers,
  tables: [
    // what the station tells HQ of its own: cases handed over, directives read, its figures
    ...synced(...SYNC_TABLES.map((t) => t.name)),
    // sync's own bookkeeping
    ...local('sync_outbox', 'sync_ack', 'sync_reject', 'sync_cursor', 'sync_reference', 'sync_state'),
  ],
});
