import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createRouter, type Router } from './api.js';
import { auditHandlers } from './audit/handlers.js';
import { authHandlers } from './auth/handlers.js';
import { collectionHandlers } from './collection/handlers.js';
import { SessionStore } from './auth/sessions.js';
import type { CoreServices } from './context.js';
import { lockDataDir } from './dataDirLock.js';
import { openDataSource } from './db/dataSource.js';
import { intakeHandlers } from './intake/handlers.js';
import { mediationHandlers } from './mediation/handlers.js';
import { officeHandlers } from './office/handlers.js';
import { pairingHandlers } from './pairing/handlers.js';
import { retentionHandlers } from './retention/handlers.js';
import { rosterHandlers } from './roster/handlers.js';
import { staffHandlers } from './staff/handlers.js';
import { StationEntity, type StationRow } from './station/station.entity.js';
import { stationHandlers } from './station/handlers.js';
import { SyncClient, type SyncTiming } from './sync/client.js';
import { syncHandlers } from './sync/handlers.js';
import { METHODS_BY_NAME } from '../shared/contract.js';

export const DATABASE_FILE = 'station.sqlite';
/** How often the write-ahead log is folded into the database file. */
const CHECKPOINT_SECONDS = 10;

export interface CoreOptions {
  dataDir: string;
  /** injectable for tests of midnight, idle time and lockouts */
  clock?: () => Date;
  logger?: Logger;
  /** start syncing to HQ in the background (the app does; tests run rounds themselves) */
  syncInBackground?: boolean;
  syncTiming?: SyncTiming;
  /** the HTTP client sync uses (tests put a faulty network in between) */
  syncFetch?: typeof fetch;
}

export interface Core extends Router {
  readonly dataDir: string;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly sync: SyncClient;
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
    // assigned once the services that refer to it exist (transact reaches it through this binding)
    // eslint-disable-next-line prefer-const
    let router: Router | undefined;
    const closers: (() => Promise<void> | void)[] = [];
    const services: CoreServices = {
      dataDir: options.dataDir,
      sessions: new SessionStore(),
      logger,
      clock: options.clock ?? (() => new Date()),
      station: () => station,
      async reloadStation(manager) {
        station = (await manager.find(StationEntity, { take: 1 }))[0];
      },
      transact: (fn) => {
        if (!router) throw new Error('the core is not open yet');
        return router.exclusive(() => dataSource.transaction(fn));
      },
      onClose: (fn) => void closers.push(fn),
    };
    await services.reloadStation(dataSource.manager);
    router = createRouter(
      dataSource,
      [...stationHandlers, ...authHandlers, ...staffHandlers, ...intakeHandlers, ...mediationHandlers, ...collectionHandlers, ...rosterHandlers, ...officeHandlers, ...auditHandlers, ...syncHandlers, ...retentionHandlers, ...pairingHandlers],
      services,
    );
    const { call, exclusive } = router;
    // The WAL is copied into the database between calls, not by whichever commit crosses the
    // threshold: a checkpoint fsyncs the database file, and the desk should not wait for it.
    // Every commit is still fsynced to the WAL (synchronous=FULL), so nothing committed is at risk.
    await dataSource.query('PRAGMA wal_autocheckpoint = 0');
    const checkpoint = () =>
      exclusive(() => dataSource.query('PRAGMA wal_checkpoint(PASSIVE)')).catch((err: unknown) => {
        logger.warn({ err: { message: (err as Error).message } }, 'checkpoint failed');
      });
    const checkpoints = setInterval(() => void checkpoint(), CHECKPOINT_SECONDS * 1000);
    checkpoints.unref();
    const sync = new SyncClient(
      { dataSource, exclusive, logger, clock: services.clock, station: services.station },
      options.syncTiming,
      options.syncFetch,
    );
    services.sync = sync;
    if (options.syncInBackground) sync.start();
    return {
      dataDir: options.dataDir,
      dataSource,
      logger,
      sync,
      async call(method, input, meta) {
        const answer = await call(method, input, meta);
        // a committed write is on its way to HQ within a moment
        if (answer.ok && METHODS_BY_NAME.get(method)?.kind === 'write') sync.nudge();
        return answer;
      },
      exclusive,
      async close() {
        await sync.stop();
        clearInterval(checkpoints);
        for (const fn of closers) await fn();
        await exclusive(() => dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)')).catch(() => undefined);
        await dataSource.destroy();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
};
