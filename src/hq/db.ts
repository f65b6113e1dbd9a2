import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource, type QueryRunner } from 'typeorm';
import { HqFoundation0001 } from './migrations/0001-hq.js';
import { HqReleases0002 } from './migrations/0002-releases.js';
import { HqTransfers0003 } from './migrations/0003-transfers.js';
import { HqStaffSessions0004 } from './migrations/0004-staff-sessions.js';

const HQ_MIGRATIONS = [HqFoundation0001, HqReleases0002, HqTransfers0003, HqStaffSessions0004];

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
}

export const HQ_DATABASE_FILE = 'hq.sqlite';

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
    mkdirSync(options.dataDir, { recursive: true });
    dataSource = new DataSource({
      type: 'sqlite',
      driver: quietSqlite3,
      database: join(options.dataDir, HQ_DATABASE_FILE),
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
  if (dialect === 'sqlite') await dataSource.query('PRAGMA synchronous = FULL');
  await dataSource.runMigrations();

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
