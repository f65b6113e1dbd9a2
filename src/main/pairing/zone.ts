import { local, zone } from '../zone.js';
import { pairingHandlers } from './handlers.js';

export const pairingZone = zone({
  name: 'pairing',
  handlers: pairingHandlers,
  tables: local('paired_terminal'),
});
