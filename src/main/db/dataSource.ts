import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditEntity } from '../audit/audit.entity.js';
import { WalkInEntity } from '../intake/walkIn.entity.js';
import { StaffCredentialEntity, StaffEntity } from '../staff/staff.entity.js';
import { StationEntity } from '../station/station.entity.js';
import { Foundation0001 } from './migrations/0001-foundation.js';

export const ENTITIES = [StationEntity, StaffEntity, StaffCredentialEntity, WalkInEntity, AuditEntity];
/** In order; a migration once released is never edited, only followed by a new one. */
export const MIGRATIONS = [Foundation0001];

/**
 * Opens the station's SQLite file and brings its schema up to date. WAL with synchronous=FULL:
 * a write is on disk when its transaction commits, so `kill -9` or a power cut loses nothing committed.
 */
export const openDataSource = async (file: string): Promise<DataSource> => {
  const dataSource = new DataSource({
    type: 'sqlite',
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
  await dataSource.runMigrations();
  return dataSource;
};
