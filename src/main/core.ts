import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createRouter, type Router } from './api.js';
import { auditHandlers } from './audit/handlers.js';
import { authHandlers } from './auth/handlers.js';
import { SessionStore } from './auth/sessions.js';
import type { CoreServices } from './context.js';
import { lockDataDir } from './dataDirLock.js';
import { openDataSource } from './db/dataSource.js';
import { intakeHandlers } from './intake/handlers.js';
import { mediationHandlers } from './mediation/handlers.js';
import { staffHandlers } from './staff/handlers.js';
import { StationEntity, type StationRow } from './station/station.entity.js';
import { stationHandlers } from './station/handlers.js';

export const DATABASE_FILE = 'station.sqlite';
/** How often the write-ahead log is folded into the database file. */
const CHECKPOINT_SECONDS = 10;

export interface CoreOptions {
  dataDir: string;
  /** injectable for tests of midnight, idle time and lockouts */
  clock?: () => Date;
  logger?: Logger;
}

export interface Core extends Router {
  readonly dataDir: string;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  close(): Promise<void>;
}

/** Opens a station's data directory: lock, database, migrations, router. */
export const openCore = async (options: CoreOptions): Promise<Core> => {
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  try {
    const logger = options.logger ?? pino({ level: process.env.STATION_LOG_LEVEL ?? 'info' });
    const dataSource = await openDataSource(join(options.dataDir, DATABASE_FILE));
    let station: StationRow | undefined;
    const services: CoreServices = {
      dataDir: options.dataDir,
      sessions: new SessionStore(),
      logger,
      clock: options.clock ?? (() => new Date()),
      station: () => station,
      async reloadStation(manager) {
        station = (await manager.find(StationEntity, { take: 1 }))[0];
      },
    };
    await services.reloadStation(dataSource.manager);
    const router = createRouter(
      dataSource,
      [...stationHandlers, ...authHandlers, ...staffHandlers, ...intakeHandlers, ...mediationHandlers, ...auditHandlers],
      services,
    );
    // The WAL is copied into the database between calls, not by whichever commit crosses the
    // threshold: a checkpoint fsyncs the database file, and the desk should not wait for it.
    // Every commit is still fsynced to the WAL (synchronous=FULL), so nothing committed is at risk.
    await dataSource.query('PRAGMA wal_autocheckpoint = 0');
    const checkpoint = () =>
      router.exclusive(() => dataSource.query('PRAGMA wal_checkpoint(PASSIVE)')).catch((err: unknown) => {
        logger.warn({ err: { message: (err as Error).message } }, 'checkpoint failed');
      });
    const checkpoints = setInterval(() => void checkpoint(), CHECKPOINT_SECONDS * 1000);
    checkpoints.unref();
    return {
      dataDir: options.dataDir,
      dataSource,
      logger,
      call: router.call,
      exclusive: router.exclusive,
      async close() {
        clearInterval(checkpoints);
        await router.exclusive(() => dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)')).catch(() => undefined);
        await dataSource.destroy();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
};
