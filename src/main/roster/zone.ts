import { synced, zone } from '../zone.js';
import { rosterHandlers } from './handlers.js';

export const rosterZone = zone({
  name: 'roster',
  handlers: rosterHandlers,
  tables: synced('roster', 'roster_assignment', 'roster_absence', 'roster_swap', 'roster_settings', 'roster_holiday_year'),
});
