/**
 * Files the app writes whole-or-not-at-all are first written under a temporary name (`*.part`,
 * `*.partial`) and renamed into place once synced. A kill between the two leaves the temporary
 * file behind, full-size at worst, and nothing ever reads it: the rename never happened, so the
 * old file (or none) is still the real one. The next start removes them before anything writes.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The endings of a write that was not finished; nothing the app keeps ends so. */
const UNFINISHED = ['.part', '.partial'];

export const isUnfinishedWrite = (name: string): boolean => UNFINISHED.some((ending) => name.endsWith(ending));

/** Removes every unfinished write under the data directory; returns their paths relative to it. */
export const sweepUnfinishedWrites = async (dataDir: string): Promise<string[]> => {
  const removed: string[] = [];
  const walk = async (folder: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(folder, e.name);
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path, relPath);
      else if (e.isFile() && isUnfinishedWrite(e.name)) {
        await rm(path, { force: true });
        removed.push(relPath);
      }
    }
  };
  await walk(dataDir, '');
  return removed;
};
