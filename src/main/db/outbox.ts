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

/**
 * SQL that takes purged rows of a synced table out of the outbox: `forget` drops every entry of
 * the rows `where` matches, sent or not (bind `where`'s params); `queue` adds one `delete` entry
 * per row (bind the purge's moment, then `where`'s params). Run before the rows are deleted. The
 * delete carries the next version, so HQ orders it after every write it has of the row.
 */
export const outboxDeleteSql = (table: string, where: string): { forget: string; queue: string } => ({
  forget: `DELETE FROM "sync_outbox" WHERE "tableName" = '${table}' AND "rowId" IN (SELECT "id" FROM "${table}" WHERE ${where})`,
  queue: `INSERT INTO "sync_outbox" ("tableName", "rowId", "op", "version", "payload", "createdAt")
          SELECT '${table}', r."id", 'delete', r."version" + 1,
                 json_object('id', r."id", 'stationId', r."stationId", 'version', r."version" + 1, 'purgedAt', p."at"), p."at"
          FROM (SELECT ? AS "at") p, "${table}" r WHERE r."id" IN (SELECT "id" FROM "${table}" WHERE ${where})`,
});

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
