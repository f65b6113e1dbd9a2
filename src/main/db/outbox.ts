/**
 * Every synced table appends each insert and update to `sync_outbox` through SQLite triggers, in
 * the same transaction as the write itself: a committed row always has its outbox entry, whatever
 * code path wrote it (repository, query builder or raw SQL).
 */

/** SQL that (re)creates the outbox triggers of a synced table for the given columns. */
export const outboxTriggerSql = (table: string, columns: readonly string[]): string[] => {
  const payload = `json_object(${columns.map((c) => `'${c}', NEW."${c}"`).join(', ')})`;
  const insert = (op: string) =>
    `INSERT INTO sync_outbox ("tableName", "rowId", "op", "version", "payload", "createdAt")
     VALUES ('${table}', NEW."id", '${op}', NEW."version", ${payload}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  return [
    `DROP TRIGGER IF EXISTS "${table}_outbox_insert"`,
    `DROP TRIGGER IF EXISTS "${table}_outbox_update"`,
    `CREATE TRIGGER "${table}_outbox_insert" AFTER INSERT ON "${table}" BEGIN ${insert('insert')}; END`,
    `CREATE TRIGGER "${table}_outbox_update" AFTER UPDATE ON "${table}" BEGIN ${insert('update')}; END`,
  ];
};

/** The base columns every synced table starts with (DESIGN.md, "Sync-ready rows"). */
export const SYNCED_BASE_COLUMNS_SQL = `
  "id" TEXT PRIMARY KEY NOT NULL,
  "stationId" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL,
  "createdBy" TEXT,
  "updatedBy" TEXT,
  "version" INTEGER NOT NULL DEFAULT 1,
  "cancelledAt" TEXT,
  "cancelReason" TEXT`;

export const SYNCED_BASE_COLUMNS = [
  'id',
  'stationId',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'version',
  'cancelledAt',
  'cancelReason',
] as const;
