import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/main/core.js';
import { FILES_FOLDER } from '../../src/main/mediation/files.service.js';
import { TASK_FILES_FOLDER } from '../../src/main/office/tasks.service.js';
import { TLS_FOLDER } from '../../src/main/pairing/tls.js';
import { HEAD, ok, setUpStation, tempDataDir } from '../helpers/station.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('writes a kill interrupted', () => {
  it('are removed at the next start, wherever in the data directory they were left, and nothing else is', async () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    const first = await setUpStation({ dir: temp.dir });
    await first.core.close();

    // what a kill between "written" and "renamed" leaves: a stored file's replacement, the LAN
    // certificate's key, the key file's replacement, a backup's copy and manifest in the data dir
    const leftovers = [
      join(FILES_FOLDER, 'case-1', 'photo.jpg.part'),
      join(TASK_FILES_FOLDER, 'task-1', 'scan.png.part'),
      join(TLS_FOLDER, 'station.key.part'),
      'station.key.part',
      'station.sqlite.partial',
      join('exports', 'residents.xlsx.partial'),
    ];
    for (const rel of leftovers) {
      mkdirSync(join(temp.dir, rel, '..'), { recursive: true });
      writeFileSync(join(temp.dir, rel), Buffer.alloc(64 * 1024, 7));
    }
    // a file whose name only contains the endings is the app's own and stays
    const kept = join(temp.dir, 'exports', 'report.partial.pdf');
    writeFileSync(kept, 'kept');

    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const core = await openCore({ dataDir: temp.dir, clock: () => new Date('2026-11-28T02:00:00Z'), logger });
    cleanups.push(() => core.close());

    for (const rel of leftovers) expect(existsSync(join(temp.dir, rel)), rel).toBe(false);
    expect(readFileSync(kept, 'utf8')).toBe('kept');
    expect(warnings.join('')).toContain('unfinished writes of an interrupted run removed');
    // the station itself is whole: the head logs in to the same data
    await ok(core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
  });
});
