import { synced, zone } from '../zone.js';
import { rosterHandlers } from './handlers.js';
import { ROSTER_TABLES } from './roster.entity.js';

export const rosterZone = zone({
  name: 'roster',
  handlers: rosterHandlers,
  tables: synced(...ROSTER_TABLES.map((t) => t.name)),
});
