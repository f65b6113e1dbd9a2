/**
 * The registry of the core's zones. The core collects its handlers, stored-file folders and table
 * policies from here; adding a zone is its folder (with a `zone.ts` manifest) and one line below.
 */
import { auditZone } from './audit/zone.js';
import { authZone } from './auth/zone.js';
import { backupZone } from './backup/zone.js';
import { collectionZone } from './collection/zone.js';
import { intakeZone } from './intake/zone.js';
import { mediationZone } from './mediation/zone.js';
import { officeZone } from './office/zone.js';
import { pairingZone } from './pairing/zone.js';
import { patrolZone } from './patrol/zone.js';
import { retentionZone } from './retention/zone.js';
import { rosterZone } from './roster/zone.js';
import { staffZone } from './staff/zone.js';
import { stationZone } from './station/zone.js';
import { syncZone } from './sync/zone.js';
import type { HandlerEntry } from './context.js';
import type { TableDeclaration, ZoneManifest } from './zone.js';

export const ZONES: readonly ZoneManifest[] = [
  stationZone,
  authZone,
  staffZone,
  intakeZone,
  mediationZone,
  collectionZone,
  rosterZone,
  officeZone,
  patrolZone,
  auditZone,
  syncZone,
  backupZone,
  retentionZone,
  pairingZone,
];

/** Every zone's handlers, for the router (which refuses a method handled twice or not at all). */
export const zoneHandlers = (): HandlerEntry[] => ZONES.flatMap((z) => z.handlers);

/** Every table a zone declares, with the zone that owns it. */
export const ZONE_TABLES: readonly { zone: string; table: TableDeclaration }[] = ZONES.flatMap((z) => z.tables.map((table) => ({ zone: z.name, table })));

/** The folders of stored files, encrypted at rest. */
export const zoneFileFolders = (): string[] => ZONES.flatMap((z) => z.fileFolders ?? []);
