import { z } from 'zod';
import { defineMethod } from '../method.js';

/** A backup older than this is warned about: a day's backup plus two hours of slack. */
export const BACKUP_STALE_HOURS = 26;

/** How many backups rotation keeps: the newest of each of the last days, weeks and months. */
export const BACKUP_KEEP = { daily: 7, weekly: 4, monthly: 12 } as const;

/** The names backups are written under; a restore only ever opens a name of this form in the folder. */
export const BACKUP_FILE_NAME = /^station-backup-\d{8}T\d{6}Z\.sqlite$/;

export interface BackupEntry {
  /** the file's name in the backup folder */
  file: string;
  takenAt: string;
  kind: 'scheduled' | 'manual';
  bytes: number;
  /** when the copy opened with the key, passed integrity_check and held the counts of the source */
  verifiedAt: string | null;
  /** rows per table at the moment of the copy */
  counts: Record<string, number>;
  /**
   * the stored files (evidence scans, task photos) the copy's rows point at, copied beside it into
   * the folder's `station-files` (each file once: stored files never change); absent in a backup
   * made before files were backed up
   */
  files?: number;
  /**
   * made under the database key this PC holds; false: another PC's (or a replaced) key, which the
   * station head's recovery key opens
   */
  sealedHere: boolean;
  /** the backup carries its key wrapped under a recovery key (made after the head had one) */
  recoverable: boolean;
}

export interface BackupStatus {
  folder: string | null;
  enabled: boolean;
  intervalHours: number;
  lastBackupAt: string | null;
  /** hours since the last verified backup; null when there never was one */
  ageHours: number | null;
  /** no verified backup within BACKUP_STALE_HOURS (or none at all) */
  stale: boolean;
  running: boolean;
  /** the last failure, as a key the screen puts in words (backup.error.<key>) */
  lastError: { key: string; detail: string | null } | null;
  lastErrorAt: string | null;
  /** the backups found in the folder, newest first */
  backups: BackupEntry[];
  /** the database is encrypted (it always is in the app; a test baseline may not be) */
  encrypted: boolean;
}

export interface BackupPreview extends BackupEntry {
  /** what the file holds now, opened with the key: the same as `counts` when it is whole */
  found: Record<string, number>;
  integrity: string;
  /** of the files the backup's rows point at, how many are in the backup folder whole */
  filesFound: number;
}

const fileName = z.string({ error: 'required' }).regex(BACKUP_FILE_NAME, { message: 'backup.fileName' });
/** As typed off the recovery sheet; its form and checksum are checked in the core. */
/** A backup folder: a path the core can find again whatever its working directory — absolute, on any OS. */
const backupFolder = z
  .string({ error: 'required' })
  .trim()
  .min(1, { message: 'required' })
  .max(1000, { message: 'tooLong' })
  .refine((v) => v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\'), { message: 'backup.folderAbsolute' });

const recoveryKey = z.string({ error: 'invalidType' }).trim().min(1, { message: 'required' }).max(100, { message: 'backup.recoveryKeyMalformed' });
const password = z.string({ error: 'required' }).min(1, { message: 'required' }).max(200, { message: 'tooLong' });

export const backupStatus = defineMethod<BackupStatus>()({
  name: 'backup.status',
  input: z.strictObject({}),
  access: 'backup.manage',
  kind: 'read',
});

/** The short answer the head's home screen shows: how old the last backup is, warned about when stale, and why the last one failed. */
export const backupAge = defineMethod<{
  lastBackupAt: string | null;
  ageHours: number | null;
  stale: boolean;
  configured: boolean;
  /** why the last backup failed, until one succeeds */
  lastError: { key: string; detail: string | null } | null;
}>()({
  name: 'backup.age',
  input: z.strictObject({}),
  access: 'backup.manage',
  kind: 'read',
});

export const backupSettings = defineMethod<BackupStatus>()({
  name: 'backup.settings',
  input: z.strictObject({
    folder: backupFolder,
    enabled: z.boolean({ error: 'invalidType' }),
    intervalHours: z.number({ error: 'invalidType' }).int({ message: 'integer' }).min(1, { message: 'backup.interval' }).max(168, { message: 'backup.interval' }),
  }),
  access: 'backup.manage',
  kind: 'write',
});

/** Starts a backup in the background (the desk is not held up); the status shows it running. */
export const backupNow = defineMethod<BackupStatus>()({
  name: 'backup.now',
  input: z.strictObject({}),
  access: 'backup.manage',
  kind: 'write',
});

/**
 * What a backup holds. A backup made under another PC's key is opened with the station head's
 * recovery key (`recoveryKey`); every such try is audited, and wrong ones are limited.
 */
export const backupPreview = defineMethod<BackupPreview>()({
  name: 'backup.preview',
  input: z.strictObject({ file: fileName, recoveryKey: recoveryKey.optional() }),
  access: 'backup.manage',
  kind: 'read',
  auditRead: (input) => input.recoveryKey !== undefined,
});

export interface RestoreResult {
  restoredFrom: string;
  takenAt: string;
  /** where the replaced database was kept */
  keptAside: string;
  /** purges made after the backup was taken, run again on the restored data */
  purgesReplayed: number;
}

/**
 * Replaces the station's database with a backup. The current database is kept aside first, and
 * sync is told, so HQ gets what the restore brought back and nothing twice; purges made since the
 * backup run again, so nothing purged comes back.
 */
export const backupRestore = defineMethod<RestoreResult>()({
  name: 'backup.restore',
  input: z.strictObject({
    file: fileName,
    // the head confirmed having seen the preview: a restore is not a click made by accident
    confirm: z.literal(true, { error: 'backup.confirm' }),
    /** needed when the backup was made under another PC's key: this PC then keeps that key, sealed by its OS */
    recoveryKey: recoveryKey.optional(),
  }),
  access: 'backup.manage',
  kind: 'write',
  outsideTransaction: true,
});

/** Whether the station head has a recovery key, and since when. */
export interface RecoveryKeyStatus {
  made: boolean;
  createdAt: string | null;
}

/** What the printed recovery sheet shows. */
export interface RecoverySheet {
  /** eight groups of four characters */
  recoveryKey: string;
  createdAt: string;
  stationName: string;
  stationCode: string;
  /** backups in the backup folder whose manifests now carry this key (the old key no longer opens them) */
  backupsUpdated: number;
}

/** Whether the station head has a recovery key for the database key in use (the home screen warns while not). */
export const backupRecoveryStatus = defineMethod<RecoveryKeyStatus>()({
  name: 'backup.recoveryStatus',
  input: z.strictObject({}),
  access: 'backup.recoveryKey',
  kind: 'read',
});

/**
 * The station head's recovery key, for the printed sheet: made on first use, shown again only to
 * the head's own password (a wrong one counts like a failed login).
 */
export const backupRecoveryShow = defineMethod<RecoverySheet>()({
  name: 'backup.recoveryShow',
  input: z.strictObject({ password }),
  access: 'backup.recoveryKey',
  kind: 'read',
  auditRead: true,
});

/** A new recovery key in place of the old one, which from then on opens nothing. */
export const backupRecoveryRenew = defineMethod<RecoverySheet>()({
  name: 'backup.recoveryRenew',
  input: z.strictObject({ password, confirm: z.literal(true, { error: 'backup.recoveryConfirm' }) }),
  access: 'backup.recoveryKey',
  kind: 'write',
});

/**
 * First run on a new PC: a station head brings the backup disk and the printed recovery sheet
 * instead of setting up a new station. These answer only while no station is set up here (before
 * anyone can log in); afterwards a restore goes through Settings like any other.
 */
export const backupFirstRunList = defineMethod<BackupEntry[]>()({
  name: 'backup.firstRunList',
  input: z.strictObject({ folder: backupFolder }),
  access: 'public',
  kind: 'read',
});

export const backupFirstRunPreview = defineMethod<BackupPreview>()({
  name: 'backup.firstRunPreview',
  input: z.strictObject({ folder: backupFolder, file: fileName, recoveryKey: recoveryKey.optional() }),
  access: 'public',
  kind: 'read',
  auditRead: (input) => input.recoveryKey !== undefined,
});

export const backupFirstRunRestore = defineMethod<RestoreResult>()({
  name: 'backup.firstRunRestore',
  input: z.strictObject({
    folder: backupFolder,
    file: fileName,
    confirm: z.literal(true, { error: 'backup.confirm' }),
    recoveryKey: recoveryKey.optional(),
  }),
  access: 'public',
  kind: 'write',
  outsideTransaction: true,
});

export const backupMethods = [
  backupStatus,
  backupAge,
  backupSettings,
  backupNow,
  backupPreview,
  backupRestore,
  backupRecoveryStatus,
  backupRecoveryShow,
  backupRecoveryRenew,
  backupFirstRunList,
  backupFirstRunPreview,
  backupFirstRunRestore,
] as const;
