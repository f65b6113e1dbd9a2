import 'reflect-metadata';
import sqlcipher from '@journeyapps/sqlcipher';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditEntity } from '../audit/audit.entity.js';
import { COLLECTION_ENTITIES } from '../collection/collection.entity.js';
import { walkInTable } from '../intake/walkIn.entity.js';
import { MEDIATION_ENTITIES } from '../mediation/mediation.entity.js';
import { ratingTable } from '../intake/hall/rating.entity.js';
import { OFFICE_TABLES } from '../office/office.entity.js';
import { PATROL_TABLES } from '../patrol/patrol.entity.js';
import { PREVENTION_TABLES } from '../patrol/prevention.entity.js';
import { ROSTER_TABLES } from '../roster/roster.entity.js';
import { StaffCredentialEntity, staffTable } from '../staff/staff.entity.js';
import { stationTable } from '../station/station.entity.js';
import { SYNC_TABLES } from '../sync/sync.entity.js';
import { closeRaw, exportTo, fsyncFile, fsyncFolder, isPlainSqlite, openRaw, verifyCopy, all } from './cipherFile.js';
import { DatabaseKeyError, rawKeyLiteral } from './key.js';
import { Foundation0001 } from './migrations/0001-foundation.js';
import { Mediation0002 } from './migrations/0002-mediation.js';
import { WalkInIndexes0003 } from './migrations/0003-walk-in-indexes.js';
import { Roster0004 } from './migrations/0004-roster.js';
import { Collection0005 } from './migrations/0005-collection.js';
import { MediationFiles0006 } from './migrations/0006-mediation-files.js';
import { Sync0007 } from './migrations/0007-sync.js';
import { Office0008 } from './migrations/0008-office.js';
import { OfficeTasks0009 } from './migrations/0009-office-tasks.js';
import { Patrol0010 } from './migrations/0010-patrol.js';
import { Prevention0011 } from './migrations/0011-prevention.js';
import { Backup0012 } from './migrations/0012-backup.js';
import { RetentionAccess0013 } from './migrations/0013-retention-access.js';
import { SyncTransfers0015 } from './migrations/0015-sync-transfers.js';
import { ResidentCare0016 } from './migrations/0016-resident-care.js';
import { OfficeTaskPhotos0017 } from './migrations/0017-office-task-photos.js';
import { PurgePeriods0018 } from './migrations/0018-purge-periods.js';
import { Guessing0019 } from './migrations/0019-guessing.js';
import { SyncRepair0020 } from './migrations/0020-sync-repair.js';
import { ResidentCoded0021 } from './migrations/0021-resident-coded.js';
import { Hall0022 } from './migrations/0022-hall.js';
import { AssessmentRules0023 } from './migrations/0023-assessment-rules.js';
import { ComposedEntries0024 } from './migrations/0024-composed-entries.js';
import { RoomNames0026 } from './migrations/0026-room-names.js';

export const ENTITIES = [
  StaffCredentialEntity,
  AuditEntity,
  ...MEDIATION_ENTITIES,
  ...COLLECTION_ENTITIES,
  ...[stationTable, staffTable, walkInTable, ratingTable, ...OFFICE_TABLES, ...PATROL_TABLES, ...PREVENTION_TABLES, ...ROSTER_TABLES, ...SYNC_TABLES].map((t) => t.entity),
];
/** In order; a migration once released is never edited, only followed by a new one. */
export const MIGRATIONS = [Foundation0001, Mediation0002, WalkInIndexes0003, Roster0004, Collection0005, MediationFiles0006, Sync0007, Office0008, OfficeTasks0009, Patrol0010, Prevention0011, Backup0012, RetentionAccess0013, SyncTransfers0015, ResidentCare0016, OfficeTaskPhotos0017, PurgePeriods0018, Guessing0019, SyncRepair0020, ResidentCoded0021, Hall0022, AssessmentRules0023, ComposedEntries0024, RoomNames0026];

/**
 * sqlcipher (a drop-in sqlite3) as TypeORM gets it, minus the "verbose" mode TypeORM switches
 * on: that mode records a stack and inspects every argument of every statement (about a third of
 * a millisecond each).
 */
const quietSqlcipher = Object.assign(Object.create(sqlcipher) as typeof sqlcipher, { verbose: () => sqlcipher });

/** Where a plain database is copied to while it is encrypted; a leftover is an unfinished attempt. */
export const encryptingFile = (file: string) => `${file}.encrypting`;

export type EncryptStep = 'exported' | 'verified' | 'swapped';

/**
 * Encrypts a plain database from an earlier version in place, so that a crash at any point
 * leaves a usable database: the plain file is copied (sqlcipher_export) into a new encrypted
 * file, which must open with the key, pass integrity_check and hold the same rows per table;
 * only then does one rename put it in the plain file's place. Until that rename the plain file is
 * untouched, and a leftover copy from an interrupted attempt is thrown away and made again.
 * `after` lets tests stop between the steps as a crash would.
 */
export const encryptInPlace = async (file: string, key: Buffer, after?: (step: EncryptStep) => void): Promise<void> => {
  const target = encryptingFile(file);
  rmSync(target, { force: true });
  const plain = await openRaw(file, null);
  let counts: Record<string, number>;
  try {
    // the WAL folded into the file first: the copy and the counts then read one file
    await all(plain, 'PRAGMA wal_checkpoint(TRUNCATE)');
    counts = await exportTo(plain, target, key);
  } finally {
    await closeRaw(plain);
  }
  await fsyncFile(target);
  after?.('exported');
  const check = await verifyCopy(target, key, counts);
  if (!check.ok) {
    rmSync(target, { force: true });
    throw new Error(`the encrypted copy of the database did not verify (${check.reason}); the plain database is unchanged`);
  }
  after?.('verified');
  // the plain file's WAL and index were emptied by the checkpoint; they must not sit beside the
  // encrypted file, which would try to read them as its own
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(target, file);
  await fsyncFolder(dirname(file));
  after?.('swapped');
};


export interface OpenOptions {
  /** the database key; null only for a plain database (the benchmark's baseline, never the app) */
  key: Buffer | null;
}

const isNotADatabase = (err: unknown) => /SQLITE_NOTADB|file is not a database/i.test(String((err as Error)?.message ?? err));

/** The per-connection settings, again after every (re)open. */
const applyPragmas = async (dataSource: DataSource): Promise<void> => {
  await dataSource.query('PRAGMA synchronous = FULL');
  await dataSource.query('PRAGMA foreign_keys = ON');
  // 64 MB of page cache instead of SQLite's 8 MB: a station's indexes (300,000 people, each in
  // nine of them) stay in memory, so a bulk import does not re-read B-tree pages from disk per row
  await dataSource.query('PRAGMA cache_size = -65536');
};

const initialise = async (dataSource: DataSource, file: string): Promise<void> => {
  try {
    await dataSource.initialize();
  } catch (err) {
    if (isNotADatabase(err)) throw new DatabaseKeyError('wrongKey', file);
    throw err;
  }
  await applyPragmas(dataSource);
  // A new, empty database gets its whole schema in one transaction: one commit (one fsync of the
  // WAL) instead of one per migration, and a crash leaves all of it or none. A database that has
  // tables upgrades one migration per transaction, so each finished step stays done.
  const [{ tables }] = await dataSource.query<{ tables: number }[]>('SELECT count(*) AS tables FROM sqlite_master');
  await dataSource.runMigrations({ transaction: tables === 0 ? 'all' : 'each' });
};

/**
 * Opens the station's SQLite file (encrypted with SQLCipher under `key`) and brings its schema up
 * to date; a plain file from an earlier version is encrypted first. WAL with synchronous=FULL:
 * a write is on disk when its transaction commits, so `kill -9` or a power cut loses nothing
 * committed. A wrong key opens nothing and changes nothing.
 */
export const openDataSource = async (file: string, { key }: OpenOptions): Promise<DataSource> => {
  // a crash between an encryption's copy and its rename left the copy: the plain file is the truth
  if (existsSync(encryptingFile(file)) && !isPlainSqlite(file)) rmSync(encryptingFile(file), { force: true });
  if (key && isPlainSqlite(file)) await encryptInPlace(file, key);
  const dataSource = new DataSource({
    type: 'sqlite',
    driver: quietSqlcipher,
    database: file,
    ...(key ? { key: rawKeyLiteral(key) } : {}),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    enableWAL: true,
    busyTimeout: 5000,
  });
  await initialise(dataSource, file);
  return dataSource;
};

/**
 * Closes the data source, lets `swap` change the file underneath (a restore), and opens the same
 * DataSource object again, so everything holding it carries on. The caller makes sure no call is
 * in flight (it runs inside the router's queue).
 */
export const reopenDataSource = async (dataSource: DataSource, file: string, swap: () => Promise<void>): Promise<void> => {
  await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
  await dataSource.destroy();
  try {
    await swap();
  } finally {
    await initialise(dataSource, file);
  }
};
