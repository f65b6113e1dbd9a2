import { synced, zone } from '../zone.js';
import { patrolHandlers } from './handlers.js';
import { preventionHandlers } from './prevention.handlers.js';

export const patrolZone = zone({
  name: 'patrol',
  handlers: [...patrolHandlers, ...preventionHandlers],
  tables: synced(
    'patrol',
    'patrol_route',
    'patrol_finding',
    'patrol_goods',
    'patrol_volunteer',
    'patrol_points_entry',
    'patrol_points_rules',
    'prevention_property',
    'prevention_guard',
    'prevention_attendance',
    'prevention_camera',
    'prevention_camera_round',
    'prevention_camera_check',
    'prevention_night_check',
    'prevention_school',
    'prevention_term',
  ),
});
