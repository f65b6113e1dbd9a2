/**
 * The backup settings row (one per station database): what the head chose (folder, schedule) and
 * what the last backup did. It belongs to this computer: a restore puts it back as it was.
 */
import type { DataSource, EntityManager } from 'typeorm';

export interface BackupSettingsRow {
  folder: string | null;
  enabled: number;
  intervalHours: number;
  lastBackupAt: string | null;
  lastBackupFile: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export const readSettings = async (db: { query: DataSource['query'] }): Promise<BackupSettingsRow> =>
  (await db.query(`SELECT * FROM "backup_settings" WHERE "id" = 1`))[0];


/** A backup written and verified: the schedule counts from it, and the last error is cleared. */
export const recordBackup = (db: { query: DataSource['query'] }, takenAt: string, file: string) =>
  db.query(`UPDATE "backup_settings" SET "lastBackupAt" = ?, "lastBackupFile" = ?, "lastError" = NULL, "lastErrorAt" = NULL WHERE "id" = 1`, [takenAt, file]);

/** A backup that failed, with its key for the screen (backup.error.<key>). */
export const recordFailure = (db: { query: DataSource['query'] }, failure: { key: string; detail?: string }, at: Date) =>
  db.query(`UPDATE "backup_settings" SET "lastError" = ?, "lastErrorAt" = ? WHERE "id" = 1`, [
    JSON.stringify({ key: failure.key, detail: failure.detail ?? null }),
    at.toISOString(),
  ]);

/** Puts back the settings this computer had (after a restore brought the backup's). */
export const putBackSettings = (m: EntityManager, settings: BackupSettingsRow) =>
  m.query(`UPDATE "backup_settings" SET "folder" = ?, "enabled" = ?, "intervalHours" = ?, "lastBackupAt" = ?, "lastBackupFile" = ? WHERE "id" = 1`, [
    settings.folder,
    settings.enabled,
    settings.intervalHours,
    settings.lastBackupAt,
    settings.lastBackupFile,
  ]);
