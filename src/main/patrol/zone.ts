import { synced, zone } from '../zone.js';
import { patrolHandlers } from './handlers.js';
import { PATROL_TABLES } from './patrol.entity.js';
import { PREVENTION_TABLES } from './prevention.entity.js';
import { preventionHandlers } from './prevention.handlers.js';

export const patrolZone = zone({
  name: 'patrol',
  handlers: [...patrolHandlers, ...preventionHandlers],
  tables: synced(...[...PATROL_TABLES, ...PREVENTION_TABLES].map((t) => t.name)),
});
