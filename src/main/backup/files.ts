/**
 * The stored files (a case's evidence scans, the photo a task was done with) in backups. The
 * database holds only their paths; the files sit in the data directory, sealed with the station's
 * file key. A backup copies the files its rows point at into `station-files` in the backup folder,
 * as they are (still sealed), each once: a stored file never changes after it is written, so a
 * file already there whole is not copied again. Rotation keeps the files some kept backup points
 * at and deletes the rest — so a purged record's files leave the backups with the backups that
 * held it. A restore puts back the files the restored rows point at.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { all, type RawDb } from '../db/cipherFile.js';
import { replaceDurably } from '../db/fileCipher.js';

export const BACKUP_FILES_FOLDER = 'station-files';

/** A path the core itself made: `<zone folder>/<owner id>/<file id>.<ext>`, nothing that climbs out. */
const SAFE_STORED_PATH = /^[a-z][a-z-]*\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.[a-z0-9]{1,8}$/i;

/** Every stored file a database's rows point at: the values of every table's "storedPath" column. */
export const storedPaths = async (db: RawDb): Promise<string[]> => {
  const tables = await all<{ t: string }>(
    db,
    `SELECT m."name" AS "t" FROM "sqlite_master" m, pragma_table_info(m."name") p WHERE m."type" = 'table' AND p."name" = 'storedPath'`,
  );
  const paths = new Set<string>();
  for (const { t } of tables) {
    for (const r of await all<{ p: string }>(db, `SELECT "storedPath" AS "p" FROM "${t.replaceAll('"', '""')}"`)) {
      if (typeof r.p === 'string' && SAFE_STORED_PATH.test(r.p)) paths.add(r.p);
    }
  }
  return [...paths].sort();
};

const sizeOf = async (path: string): Promise<number | null> => {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
};

/** Copies `from` to `to` whole or not at all (a stored file is at most a few tens of MB). */
const copyWhole = async (from: string, to: string) => {
  await mkdir(dirname(to), { recursive: true });
  await replaceDurably(to, await readFile(from));
};

/**
 * Copies into the backup folder each of `paths` not already there whole. Returns the paths now in
 * the backup and those missing from the data directory (a row whose file is gone: the backup
 * cannot hold what the station lacks, and says so).
 */
export const backUpFiles = async (dataDir: string, folder: string, paths: string[]): Promise<{ present: string[]; missing: string[] }> => {
  const present: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const source = join(dataDir, p);
    const target = join(folder, BACKUP_FILES_FOLDER, p);
    const size = await sizeOf(source);
    if (size === null) {
      missing.push(p);
      continue;
    }
    if ((await sizeOf(target)) !== size) await copyWhole(source, target);
    if ((await sizeOf(target)) !== size) throw new Error(`file copy incomplete: ${p}`);
    present.push(p);
  }
  return { present, missing };
};

/** How many of `paths` the backup folder holds. */
export const filesInBackup = async (folder: string, paths: string[]): Promise<number> => {
  let n = 0;
  for (const p of paths) if (SAFE_STORED_PATH.test(p) && (await sizeOf(join(folder, BACKUP_FILES_FOLDER, p))) !== null) n += 1;
  return n;
};

/** Puts back into the data directory the files of `paths` it lacks. Returns how many it put back. */
export const restoreFiles = async (folder: string, dataDir: string, paths: string[]): Promise<number> => {
  let restored = 0;
  for (const p of paths) {
    if (!SAFE_STORED_PATH.test(p)) continue;
    const from = join(folder, BACKUP_FILES_FOLDER, p);
    const to = join(dataDir, p);
    if (existsSync(to) || !existsSync(from)) continue;
    await copyWhole(from, to);
    restored += 1;
  }
  return restored;
};

/** Deletes the backed-up files no kept backup points at, and the folders left empty. */
export const pruneFiles = async (folder: string, keep: Set<string>): Promise<number> => {
  const root = join(folder, BACKUP_FILES_FOLDER);
  let removed = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if ((await stat(path)).isDirectory()) {
        await walk(path, relPath);
        await rmdir(path).catch(() => undefined);
      } else if (!keep.has(relPath)) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
  };
  await walk(root, '');
  return removed;
};

/** Why a folder cannot hold backups, or null when it can. */
export type FolderProblem = { key: 'backup.folderParentMissing'; params: { parent: string } } | { key: 'backup.folderNotFolder' } | { key: 'backup.folderNotWritable'; params: { detail: string } };

/**
 * Checks, when the head sets it, that a backup folder can be written: a folder that exists takes a
 * test file, and a folder that does not yet exist is made only inside one that does (a USB disk
 * that is not plugged in, or a mistyped path, is said at once rather than at the first backup).
 */
export const checkBackupFolder = async (folder: string): Promise<FolderProblem | null> => {
  const existing = await stat(folder).catch(() => null);
  if (existing && !existing.isDirectory()) return { key: 'backup.folderNotFolder' };
  if (!existing) {
    const parent = dirname(folder);
    const above = await stat(parent).catch(() => null);
    if (!above?.isDirectory()) return { key: 'backup.folderParentMissing', params: { parent } };
  }
  const probe = join(folder, `.write-test-${randomUUID()}`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(probe, 'station desk backup folder check\n');
    return null;
  } catch (err) {
    return { key: 'backup.folderNotWritable', params: { detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message } };
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
};
