import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createRouter, type Router } from './api.js';
import { BackupService } from './backup/backup.service.js';
import { recoverRestore } from './backup/restore.js';
import { SessionStore } from './auth/sessions.js';
import type { CoreServices } from './context.js';
import { lockDataDir } from './dataDirLock.js';
import { sweepUnfinishedWrites } from './unfinishedWrites.js';
import { openDataSource, reopenDataSource } from './db/dataSource.js';
import { isPlainSqlite } from './db/cipherFile.js';
import { encryptPlainFiles } from './db/fileCipher.js';
import { fileKeyFrom, keyFileProvider, keyIdOf, rawKeyLiteral, type KeyProvider } from './db/key.js';
import { CardReaderMonitor, type MonitorTiming } from './intake/cardReader/monitor.js';
import { StationEntity, type StationRow } from './station/station.entity.js';
import { SyncClient, type SyncTiming } from './sync/client.js';
import type { UpdateBoard } from './updates/check.js';
import { zoneFileFolders, zoneHandlers } from './zones.js';
import { METHODS_BY_NAME } from '../shared/contract.js';
import { localDate } from '../shared/time.js';

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
  /**
   * Gives the database key: the desktop app's is sealed by the OS, browser mode's comes from a
   * key file or a passphrase. Default: the key file in the data directory. 'none' opens the
   * database unencrypted — only the benchmark's baseline does that, never the app.
   */
  databaseKey?: KeyProvider | 'none';
  /** check for due backups in the background (the app does; tests run them themselves) */
  backupsInBackground?: boolean;
  /** the ID card reader's poll and time limits (tests shorten them) */
  cardReaderTiming?: Partial<MonitorTiming>;
}

export interface Core extends Router {
  readonly dataDir: string;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly sync: SyncClient;
  readonly backup: BackupService;
  /** the last update check's report (the desktop shell checks; see updates/check.ts) */
  readonly updates: UpdateBoard;
  close(): Promise<void>;
}

/** Opens a station's data directory: lock, database, migrations, router. */
export const openCore = async (options: CoreOptions): Promise<Core> => {
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  try {
    const logger = options.logger ?? pino({ level: process.env.STATION_LOG_LEVEL ?? 'info' });
    const databaseFile = join(options.dataDir, DATABASE_FILE);
    // a kill between writing a temp file and renaming it left the temp file: never read, only swept
    const swept = await sweepUnfinishedWrites(options.dataDir);
    if (swept.length > 0) logger.warn({ files: swept }, 'unfinished writes of an interrupted run removed');
    const provider =
      options.databaseKey ?? keyFileProvider(options.dataDir, () => existsSync(databaseFile) && !isPlainSqlite(databaseFile));
    const databaseKey = provider === 'none' ? null : await provider.get();
    recoverRestore(options.dataDir, databaseFile, databaseKey && keyIdOf(databaseKey));
    const fileKey = databaseKey && fileKeyFrom(databaseKey);
    const dataSource = await openDataSource(databaseFile, { key: databaseKey });
    // files an earlier version stored in plain are encrypted before anyone can ask for them
    if (fileKey) {
      for (const folder of zoneFileFolders()) {
        const converted = await encryptPlainFiles(options.dataDir, folder, fileKey);
        if (converted > 0) logger.info({ converted, folder }, 'attachments encrypted');
      }
    }
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
      fileKey,
      databaseKey,
      databaseFile,
      updates: { report: null },
      async replaceDatabase(swap) {
        services.sync?.interrupt();
        await reopenDataSource(dataSource, databaseFile, swap);
        await dataSource.query('PRAGMA wal_autocheckpoint = 0');
        await services.reloadStation(dataSource.manager);
      },
    };
    await services.reloadStation(dataSource.manager);
    const cardReader = new CardReaderMonitor({
      dataDir: options.dataDir,
      logger,
      clock: services.clock,
      today: () => localDate(services.clock(), station?.timeZone ?? 'Asia/Shanghai'),
      timing: options.cardReaderTiming,
    });
    services.cardReader = cardReader;
    router = createRouter(dataSource, zoneHandlers(), services);
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
    const backup = new BackupService({
      dataDir: options.dataDir,
      databaseFile,
      get databaseKey() {
        return services.databaseKey;
      },
      // only while the database is closed for a restore: it opens again under this key
      async adoptKey(key) {
        if (provider === 'none') throw new Error('an unencrypted database takes no key');
        await provider.store(key);
        services.databaseKey = key;
        services.fileKey = fileKeyFrom(key);
        dataSource.setOptions({ key: rawKeyLiteral(key) } as Partial<typeof dataSource.options>);
      },
      dataSource,
      exclusive,
      clock: services.clock,
      logger,
    });
    services.backup = backup;
    if (options.backupsInBackground) backup.start();
    // the core owns the reader's port wherever it runs (the desktop app, browser mode)
    cardReader.start();
    return {
      dataDir: options.dataDir,
      dataSource,
      logger,
      sync,
      backup,
      updates: services.updates,
      async call(method, input, meta) {
        const answer = await call(method, input, meta);
        // a committed write is on its way to HQ within a moment
        if (answer.ok && METHODS_BY_NAME.get(method)?.kind === 'write') sync.nudge();
        return answer;
      },
      exclusive,
      async close() {
        await cardReader.close();
        await sync.stop();
        await backup.stop();
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
