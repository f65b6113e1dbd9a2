import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Data directories this process holds open: its own pid in a lock file says nothing about them. */
const heldHere = new Set<string>();

/**
 * One process owns a data directory at a time: a second app or server on the same directory
 * would share the SQLite file but not the sessions and queue of the first — and so would a second
 * core opened in the same process. A lock left by a killed process (its pid no longer runs, or
 * it is our own pid reused after a restart while we do not hold the directory) is taken over.
 */
export const lockDataDir = (dataDir: string): (() => void) => {
  const key = realpathSync(dataDir);
  const file = join(dataDir, 'station.lock');
  if (heldHere.has(key)) throw new AppError({ code: 'CONFLICT', key: 'dataDirInUse', params: { pid: process.pid, dataDir } });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(key);
      return () => {
        heldHere.delete(key);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new AppError({ code: 'CONFLICT', key: 'dataDirInUse', params: { pid, dataDir } });
      }
      rmSync(file, { force: true });
    }
  }
  throw new AppError({ code: 'CONFLICT', key: 'dataDirInUse', params: { pid: 0, dataDir } });
};
