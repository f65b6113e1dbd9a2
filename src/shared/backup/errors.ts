/**
 * The message keys the backup zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const BACKUP_ERROR_KEYS = [
  'backup.folderAbsolute',
  'backup.folderParentMissing',
  'backup.folderNotFolder',
  'backup.folderNotWritable',
  'backup.interval',
  'backup.fileName',
  'backup.confirm',
  'backup.noFolder',
  'backup.notFound',
  'backup.unreadable',
  'backup.busy',
  'backup.restoring',
  'backup.unavailable',
  'backup.wrongPassword',
  'backup.recoveryConfirm',
  'backup.recoveryKeyNeeded',
  'backup.recoveryKeyMalformed',
  'backup.recoveryKeyMistyped',
  'backup.recoveryKeyWrong',
  'backup.recoveryKeyLimited',
  'backup.notRecoverable',
  'backup.notEncrypted',
  'backup.keyFixed',
] as const;
export type BackupErrorKey = (typeof BACKUP_ERROR_KEYS)[number];
