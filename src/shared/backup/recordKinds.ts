/**
 * The station's tables as a restore preview shows them: the records staff keep are listed by kind,
 * in words (the backup catalog's `tables`); the tables the app keeps for itself — settings, sync
 * bookkeeping, sign-in limits, migrations — are counted together as one line, since a station head
 * decides on a restore by the records, not by how the app stores them.
 */
export const SYSTEM_TABLES: ReadonlySet<string> = new Set([
  'migrations',
  'auth_failure',
  'login_lock',
  'staff_credential',
  'backup_settings',
  'retention_setting',
  'retention_purge',
  'station',
  'station_figure',
  'paired_terminal',
  'sync_ack',
  'sync_cursor',
  'sync_outbox',
  'sync_reference',
  'sync_reject',
  'sync_state',
  'mediation_settings',
  'roster_settings',
  'patrol_points_rules',
  'collection_import_mapping',
]);

/** A preview's counts as the head reads them: each kind of record with rows, then the system line. */
export const recordKindsOf = (found: Record<string, number>): { records: { table: string; n: number }[]; system: number } => {
  const records: { table: string; n: number }[] = [];
  let system = 0;
  for (const [table, n] of Object.entries(found)) {
    if (SYSTEM_TABLES.has(table)) system += n;
    else if (n > 0) records.push({ table, n });
  }
  return { records, system };
};
