/**
 * What a backup folder holds: each backup is a copy (station-backup-<time>.sqlite) and its
 * manifest beside it (the same name, .json: counts, stored files, the key it was made under),
 * written last — a copy is listed only with a manifest that reads whole.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_FILE_NAME, type BackupEntry } from '../../shared/backup/contract.js';
import { fsyncFile } from '../db/cipherFile.js';
import { asRecoveryRecord, type RecoveryRecord } from './recovery.js';

/** A copy's manifest: the same name, .json. */
export const manifestOf = (file: string) => file.replace(/\.sqlite$/, '.json');

/** A backup's manifest name, as a backup (its copy's name) would give it. */
export const BACKUP_MANIFEST_NAME = /^station-backup-\d{8}T\d{6}Z\.json$/;
/** What a backup leaves while it writes: the copy, a manifest or a stored file, each under a temporary name until whole. */
export const UNFINISHED_NAME = /\.(partial|part)$/;
export const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** The stored files a backup's rows point at, as its manifest lists them (none before files were backed up). */
export const manifestPaths = async (folder: string, file: string): Promise<string[]> => {
  try {
    const { paths } = JSON.parse(await readFile(join(folder, manifestOf(file)), 'utf8')) as { paths?: unknown };
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
};

/** What a backup's manifest holds besides its entry: the key it was made under, and that key wrapped for recovery. */
export interface FoundBackup {
  entry: BackupEntry;
  paths: string[];
  /** the public name of the key the copy is under (absent in manifests made before keys were named) */
  keyId: string | undefined;
  recovery: RecoveryRecord | null;
}

/** The backups in a folder with a readable manifest, newest first, each with its stored files' paths. */
export const readBackups = async (folder: string, currentKeyId: string | null): Promise<FoundBackup[]> => {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: FoundBackup[] = [];
  for (const name of names) {
    if (!BACKUP_FILE_NAME.test(name)) continue;
    try {
      const { paths, format: _format, keyId, recovery, ...manifest } = JSON.parse(await readFile(join(folder, manifestOf(name)), 'utf8')) as BackupEntry & {
        paths?: unknown;
        format?: unknown;
        keyId?: unknown;
        recovery?: unknown;
      };
      const { size } = await stat(join(folder, name));
      const record = asRecoveryRecord(recovery);
      const id = typeof keyId === 'string' ? keyId : undefined;
      found.push({
        entry: { ...manifest, file: name, bytes: size, sealedHere: id === undefined || id === currentKeyId, recoverable: record !== null && record.keyId === id },
        paths: Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [],
        keyId: id,
        recovery: record,
      });
    } catch {
      // a copy without its manifest never verified (a crash while writing it): not offered
    }
  }
  return found.sort((a, b) => b.entry.takenAt.localeCompare(a.entry.takenAt));
};

/** The backups in a folder with a readable manifest, newest first. */
export const listBackups = async (folder: string, currentKeyId: string | null): Promise<BackupEntry[]> =>
  (await readBackups(folder, currentKeyId)).map((b) => b.entry);

/**
 * Whether a manifest is there and reads whole: `missing`, `cutOff` (it does not parse, as one a
 * crash cut off), or `unknown` when the disk would not say (a network share that hiccups): a
 * copy is only ever removed as debris on a definite answer.
 */
export const manifestState = async (path: string): Promise<'whole' | 'missing' | 'cutOff' | 'unknown'> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unknown';
  }
  try {
    const m = JSON.parse(text) as unknown;
    return typeof m === 'object' && m !== null && typeof (m as { takenAt?: unknown }).takenAt === 'string' ? 'whole' : 'cutOff';
  } catch {
    return 'cutOff';
  }
};

/** Writes a small JSON file whole or not at all. */
export const writeJsonDurably = async (path: string, value: unknown) => {
  writeFileSync(`${path}.partial`, JSON.stringify(value, null, 1));
  await fsyncFile(`${path}.partial`);
  renameSync(`${path}.partial`, path);
};
