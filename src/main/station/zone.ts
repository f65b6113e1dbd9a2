import { synced, zone } from '../zone.js';
import { stationHandlers } from './handlers.js';

export const stationZone = zone({
  name: 'station',
  handlers: stationHandlers,
  tables: synced('station'),
});
