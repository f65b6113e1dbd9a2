import 'reflect-metadata';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource, type QueryRunner } from 'typeorm';
import { HqFoundation0001 } from './migrations/0001-hq.js';
import { HqReleases0002 } from './migrations/0002-releases.js';
import { HqTransfers0003 } from './migrations/0003-transfers.js';
import { HqSealed0004 } from './migrations/0004-sealed.js';
import { HqStaffSessions0005 } from './migrations/0005-staff-sessions.js';
import { HqSyncRepair0006 } from './migrations/0006-sync-repair.js';
import { HqKeyError, SEALED_PREFIX, Vault, loadMasterKey, ownerOnly, unwrapDataKey, wrapNewDataKey } from './vault.js';

const HQ_MIGRATIONS = [HqFoundation0001, HqReleases0002, HqTransfers0003, HqSealed0004, HqStaffSessions0005, HqSyncRepair0006];

export type Dialect = 'postgres' | 'sqlite';

/** What a statement inside a transaction (or outside one) sees: `?` placeholders on both dialects. */
export interface Sql {
  readonly dialect: Dialect;
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** rows changed by an INSERT/UPDATE/DELETE */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface HqDb extends Sql {
  readonly dataSource: DataSource;
  /** seals and opens the stations' data kept here (see vault.ts) */
  readonly vault: Vault;
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface HqDbOptions {
  /** postgres://… — production; any number of HQ processes share it */
  url?: string;
  /** a PostgreSQL schema to work in (tests run side by side in one database) */
  schema?: string;
  /** the embedded default: an SQLite file in this directory */
  dataDir?: string;
  /** the master key's file; by default hq.key in dataDir (PostgreSQL without dataDir must name one) */
  keyFile?: string;
}

export const HQ_DATABASE_FILE = 'hq.sqlite';
export const HQ_KEY_FILE = 'hq.key';
/** SQLite's companions of the database file, which hold its pages as much as the file does. */
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

/** SQLite has one writer and TypeORM's sqlite driver one connection: work runs one at a time. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const toPg = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const bind = (dialect: Dialect, withRunner: <T>(fn: (r: QueryRunner) => Promise<T>) => Promise<T>): Sql => {
  const text = (sql: string) => (dialect === 'postgres' ? toPg(sql) : sql);
  return {
    dialect,
    async rows(sql, params = []) {
      const r = await withRunner((q) => q.query(text(sql), params, true));
      return (r.records ?? []) as never[];
    },
    async run(sql, params = []) {
      const r = await withRunner((q) => q.query(text(sql), params, true));
      return r.affected ?? 0;
    },
  };
};

/** sqlite3 without the "verbose" tracing TypeORM switches on (it costs a stack per statement). */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });

export const openHqDb = async (options: HqDbOptions): Promise<HqDb> => {
  const dialect: Dialect = options.url ? 'postgres' : 'sqlite';
  const keyFile = options.keyFile ?? (options.dataDir ? join(options.dataDir, HQ_KEY_FILE) : undefined);
  if (!keyFile) {
    throw new HqKeyError(
      'HQ 使用 PostgreSQL 时需要密钥文件位置：--key-file 文件 或 HQ_KEY_FILE（或 --data-dir 目录，密钥存于其中的 hq.key）。' +
        ' HQ on PostgreSQL needs the place of its key file: --key-file FILE or HQ_KEY_FILE (or --data-dir DIR, which keeps it as hq.key).',
    );
  }
  let dataSource: DataSource;
  if (options.url) {
    dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      entities: [],
      migrations: HQ_MIGRATIONS,
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: false,
      // every connection of the pool works in the schema, so statements need no prefix
      extra: { max: 10, ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}) },
    });
  } else {
    if (!options.dataDir) throw new Error('HQ needs --data-dir (SQLite) or HQ_DATABASE_URL (PostgreSQL)');
    const file = join(options.dataDir, HQ_DATABASE_FILE);
    // SQLite gives the -wal and -shm files the database file's mode: made 0600 before SQLite
    // opens it, none of them is ever readable by another user
    ownerOnlyDataDir(options.dataDir);
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    ownerOnlyDatabaseFiles(file);
    dataSource = new DataSource({
      type: 'sqlite',
      driver: quietSqlite3,
      database: file,
      entities: [],
      migrations: HQ_MIGRATIONS,
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: false,
      enableWAL: true,
      busyTimeout: 10_000,
    });
  }
  await dataSource.initialize();
  if (dialect === 'sqlite') {
    await dataSource.query('PRAGMA synchronous = FULL');
    // a page freed or rewritten is zeroed, so no plain leftover of a sealed row stays in the file
    await dataSource.query('PRAGMA secure_delete = ON');
  }
  let vault: Vault;
  try {
    await dataSource.runMigrations();
    vault = await openVault(dataSource, keyFile);
    if (await sealPlainRows(dataSource, vault)) await dropPlainLeftovers(dataSource);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  // the files SQLite made while opening (a WAL, its index) checked once more
  if (dialect === 'sqlite') ownerOnlyDatabaseFiles(join(options.dataDir!, HQ_DATABASE_FILE));

  const queue = new SerialQueue();
  const direct = bind(dialect, async (fn) => {
    const runner = dataSource.createQueryRunner();
    try {
      return await fn(runner);
    } finally {
      await runner.release();
    }
  });
  const serial = <T>(task: () => Promise<T>) => (dialect === 'sqlite' ? queue.run(task) : task());
  return {
    dialect,
    dataSource,
    vault,
    rows: (sql, params) => serial(() => direct.rows(sql, params)),
    run: (sql, params) => serial(() => direct.run(sql, params)),
    tx: (fn) =>
      serial(async () => {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          const result = await fn(bind(dialect, (f) => f(runner)));
          await runner.commitTransaction();
          return result;
        } catch (err) {
          if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
          throw err;
        } finally {
          await runner.release();
        }
      }),
    close: () => dataSource.destroy(),
  };
};

/** `FOR UPDATE` where there are row locks (PostgreSQL); SQLite's one writer serialises anyway. */
export const forUpdate = (sql: Sql): string => (sql.dialect === 'postgres' ? ' FOR UPDATE' : '');

/** HQ's data directory is its user's alone (0700), made so if it already existed. */
const ownerOnlyDataDir = (dir: string): void => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
};

const ownerOnlyDatabaseFiles = (file: string): void => {
  for (const suffix of SQLITE_COMPANIONS) if (existsSync(file + suffix)) ownerOnly(file + suffix);
};

/**
 * The data key: unwrapped with the key file's master key, or made and stored wrapped on the first
 * start. Several PostgreSQL HQ processes may start at once: the first stored key wins, the others
 * read it back.
 */
const openVault = async (dataSource: DataSource, keyFile: string): Promise<Vault> => {
  const pg = dataSource.options.type === 'postgres';
  const read = async () => ((await dataSource.query(`SELECT "value" FROM "hq_meta" WHERE "key" = 'dataKey'`)) as { value: string }[])[0]?.value;
  const stored = await read();
  const master = loadMasterKey(keyFile, stored !== undefined);
  if (stored !== undefined) return new Vault(unwrapDataKey(master, stored, keyFile));
  await dataSource.query(`INSERT INTO "hq_meta" ("key", "value") VALUES (${pg ? '$1, $2' : '?, ?'}) ON CONFLICT ("key") DO NOTHING`, ['dataKey', wrapNewDataKey(master)]);
  return new Vault(unwrapDataKey(master, (await read())!, keyFile));
};

/** The sealed texts of each table: its key columns and the column that is sealed. */
const SEALED_COLUMNS: { table: string; keys: string[]; column: string }[] = [
  { table: 'hq_row', keys: ['stationId', 'tableName', 'rowId'], column: 'payload' },
  { table: 'hq_reject', keys: ['id'], column: 'payload' },
  { table: 'hq_ref', keys: ['bucket', 'id'], column: 'payload' },
  { table: 'hq_transfer', keys: ['id'], column: 'reason' },
];
const SEAL_BATCH = 500;

/**
 * Rows stored in plain by an HQ before encryption (or restored from such a backup) are sealed at
 * start, a batch per transaction; the update names the old text, so a row another HQ process
 * changed or sealed meanwhile is left as that process wrote it. Whether anything was sealed.
 */
const sealPlainRows = async (dataSource: DataSource, vault: Vault): Promise<boolean> => {
  const pg = dataSource.options.type === 'postgres';
  const mark = (i: number) => (pg ? `$${i}` : '?');
  let sealed = false;
  for (const { table, keys, column } of SEALED_COLUMNS) {
    const cols = [...keys, column].map((c) => `"${c}"`).join(', ');
    let before = new Set<string>();
    for (;;) {
      const rows = (await dataSource.query(`SELECT ${cols} FROM "${table}" WHERE "${column}" NOT LIKE '${SEALED_PREFIX}%' LIMIT ${SEAL_BATCH}`)) as Record<string, string>[];
      if (rows.length === 0) break;
      // rows the last batch sealed (or another process changed) are not offered again; if they
      // are, the update did not take and HQ stops rather than loop or run on plain rows
      const now = new Set(rows.map((r) => keys.map((k) => String(r[k])).join('\u0000')));
      if ([...now].every((k) => before.has(k))) throw new Error(`HQ could not encrypt the plain rows of ${table}`);
      before = now;
      sealed = true;
      await dataSource.transaction(async (m) => {
        for (const r of rows) {
          const where = keys.map((k, i) => `"${k}" = ${mark(i + 2)}`).join(' AND ');
          await m.query(`UPDATE "${table}" SET "${column}" = ${mark(1)} WHERE ${where} AND "${column}" = ${mark(keys.length + 2)}`, [
            vault.seal(r[column]),
            ...keys.map((k) => r[k]),
            r[column],
          ]);
        }
      });
    }
  }
  return sealed;
};

/**
 * After sealing old rows their plain text may still sit in freed space: SQLite's WAL and free
 * pages, PostgreSQL's dead row versions. The tables are rewritten once so it is gone.
 */
const dropPlainLeftovers = async (dataSource: DataSource): Promise<void> => {
  if (dataSource.options.type === 'postgres') {
    for (const { table } of SEALED_COLUMNS) await dataSource.query(`VACUUM FULL "${table}"`);
    return;
  }
  await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
  await dataSource.query('VACUUM');
  await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
};
