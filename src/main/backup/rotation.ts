/**
 * Which backups a folder keeps (rotation: days, weeks, months) and what goes: the backups rotation
 * drops with the stored files only they pointed at, and the debris interrupted backups left.
 */
import type { Dirent } from 'node:fs';
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { BACKUP_FILE_NAME, BACKUP_KEEP, type BackupEntry } from '../../shared/backup/contract.js';
import { BACKUP_FILES_FOLDER, pruneFiles } from './files.js';
import { BACKUP_MANIFEST_NAME, manifestOf, manifestState, readBackups, UNFINISHED_NAME } from './folder.js';

/** What this process is writing into the folder now: not debris, though it looks like it. */
export interface InProgress {
  /** the name of the copy the running backup is writing */
  writing: string | undefined;
  /** manifests being rewritten with a new recovery record now (their temporary files) */
  manifestsUpdating: number;
}

/** The ISO week a date is in, as "2026-W48" (weeks start on Monday). */
const isoWeek = (d: Date): string => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return `${t.getUTCFullYear()}-W${Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7)}`;
};

/**
 * Which backups rotation keeps: the newest of each of the last 7 days that have one, of the last
 * 4 weeks and of the last 12 months (in the station's local calendar, given as an offset).
 */
export const toKeep = (entries: readonly Pick<BackupEntry, 'file' | 'takenAt'>[], offsetMinutes = 480): Set<string> => {
  const keep = new Set<string>();
  const newestFirst = [...entries].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  const rule = (limit: number, key: (d: Date) => string) => {
    const seen = new Set<string>();
    for (const e of newestFirst) {
      const local = new Date(Date.parse(e.takenAt) + offsetMinutes * 60_000);
      const k = key(local);
      if (seen.has(k)) continue;
      if (seen.size >= limit) break;
      seen.add(k);
      keep.add(e.file);
    }
  };
  rule(BACKUP_KEEP.daily, (d) => d.toISOString().slice(0, 10));
  rule(BACKUP_KEEP.weekly, isoWeek);
  rule(BACKUP_KEEP.monthly, (d) => d.toISOString().slice(0, 7));
  return keep;
};

/**
 * Removes what interrupted backups left in `folder` (a kill or power cut while writing): files
 * still under their temporary name, copies that never got their manifest (never verified, so
 * never offered), manifests that do not read whole or have lost their copy. The backup this
 * process is writing now is left alone; a copy with a whole manifest is never touched.
 */
export const removeDebris = async (folder: string, inProgress: () => InProgress, logger: Logger): Promise<string[]> => {
  // read when each name is judged: a backup that starts during the sweep names its copy before writing it
  const isWriting = (name: string) => {
    const { writing } = inProgress();
    return writing !== undefined && name.startsWith(writing.replace(/\.sqlite$/, ''));
  };
  const removed: string[] = [];
  const remove = async (rel: string) => {
    await rm(join(folder, rel), { force: true });
    removed.push(rel);
  };
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return removed;
  }
  const present = new Set(names);
  for (const name of names) {
    if (isWriting(name)) continue;
    if (UNFINISHED_NAME.test(name) && name.startsWith('station-backup-')) {
      if (!(name.endsWith('.json.partial') && inProgress().manifestsUpdating > 0)) await remove(name);
    }
    else if (BACKUP_FILE_NAME.test(name)) {
      const manifest = await manifestState(join(folder, manifestOf(name)));
      if (manifest !== 'missing' && manifest !== 'cutOff') continue;
      await remove(name);
      if (manifest === 'cutOff') await remove(manifestOf(name));
    } else if (BACKUP_MANIFEST_NAME.test(name) && !present.has(name.replace(/\.json$/, '.sqlite'))) await remove(name);
  }
  // a stored file whose copy was cut off (a stored file is written whole under its final name, never changed)
  const walk = async (rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(folder, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of entries) {
      const child = `${rel}/${d.name}`;
      // while a backup runs its stored files are being copied in: their folders and parts stay
      if (d.isDirectory()) {
        await walk(child);
        // a folder emptied here (rmdir never removes one with a file in it)
        if (inProgress().writing === undefined) await rmdir(join(folder, child)).catch(() => undefined);
      } else if (UNFINISHED_NAME.test(d.name) && inProgress().writing === undefined) await remove(child);
    }
  };
  await walk(BACKUP_FILES_FOLDER);
  if (removed.length > 0) logger.info({ folder, removed }, 'debris of interrupted backups removed');
  return removed;
};

/** Deletes what rotation does not keep (the copy first, then its manifest), and the debris of interrupted backups. */
export const rotate = async (folder: string, currentKeyId: string | null, inProgress: () => InProgress, logger: Logger): Promise<string[]> => {
  await removeDebris(folder, inProgress, logger);
  const backups = await readBackups(folder, currentKeyId);
  const keep = toKeep(backups.map((b) => b.entry));
  const dropped: string[] = [];
  // the files only dropped backups pointed at go with them
  const kept = new Set<string>();
  for (const { entry, paths } of backups) {
    if (keep.has(entry.file)) {
      for (const p of paths) kept.add(p);
      continue;
    }
    await rm(join(folder, entry.file), { force: true });
    await rm(join(folder, manifestOf(entry.file)), { force: true });
    dropped.push(entry.file);
  }
  await pruneFiles(folder, kept);
  return dropped;
};
