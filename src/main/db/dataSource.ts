import 'reflect-metadata';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { AuditEntity } from '../audit/audit.entity.js';
import { COLLECTION_ENTITIES } from '../collection/collection.entity.js';
import { WalkInEntity } from '../intake/walkIn.entity.js';
import { MEDIATION_ENTITIES } from '../mediation/mediation.entity.js';
import { StaffCredentialEntity, StaffEntity } from '../staff/staff.entity.js';
import { StationEntity } from '../station/station.entity.js';
import { Foundation0001 } from './migrations/0001-foundation.js';
import { Mediation0002 } from './migrations/0002-mediation.js';
import { WalkInIndexes0003 } from './migrations/0003-walk-in-indexes.js';
import { Roster0004 } from './migrations/0004-roster.js';
import { Sync0007 } from './migrations/0007-sync.js';
import { Office0008 } from './migrations/0008-office.js';
import { Collection0005 } from './migrations/0005-collection.js';
import { MediationFiles0006 } from './migrations/0006-mediation-files.js';
import { RetentionAccess0013 } from './migrations/0013-retention-access.js';

export const ENTITIES = [StationEntity, StaffEntity, StaffCredentialEntity, WalkInEntity, AuditEntity, ...MEDIATION_ENTITIES, ...COLLECTION_ENTITIES];
/** In order; a migration once released is never edited, only followed by a new one. */
export const MIGRATIONS = [Foundation0001, Mediation0002, WalkInIndexes0003, Roster0004, Collection0005, MediationFiles0006, Sync0007, Office0008, RetentionAccess0013];

/**
 * Opens the station's SQLite file and brings its schema up to date. WAL with synchronous=FULL:
 * a write is on disk when its transaction commits, so `kill -9` or a power cut loses nothing committed.
 */
/**
 * sqlite3 as TypeORM gets it, minus the "verbose" mode TypeORM switches on: that mode records a
 * stack and inspects every argument of every statement (about a third of a millisecond each).
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });

export const openDataSource = async (file: string): Promise<DataSource> => {
  const dataSource = new DataSource({
    type: 'sqlite',
    driver: quietSqlite3,
    database: file,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    enableWAL: true,
    busyTimeout: 5000,
  });
  await dataSource.initialize();
  await dataSource.query('PRAGMA synchronous = FULL');
  await dataSource.query('PRAGMA foreign_keys = ON');
  // 64 MB of page cache instead of SQLite's 8 MB: a station's indexes (300,000 people, each in
  // nine of them) stay in memory, so a bulk import does not re-read B-tree pages from disk per row
  await dataSource.query('PRAGMA cache_size = -65536');
  await dataSource.runMigrations();
  return dataSource;
};
