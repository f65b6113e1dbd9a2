/**
 * Reliability under load and kill -9: a station core serving HTTP in its own process, one client
 * registering walk-ins as fast as it can, another searching, a backup running in the background —
 * and the process killed with SIGKILL at a random moment, 20 times. After each kill: the database
 * passes integrity_check, every walk-in the client was told was saved is there, and the outbox
 * matches the data (each row has the entry of its current version; no entry of a row that is not).
 * Every backup with a manifest verifies (opens with the key, passes integrity_check, holds the rows
 * its manifest counts), and what killed backups leave never piles up: only the last one's debris.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, closeRaw, openRaw, verifyCopy } from '../../src/main/db/cipherFile.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import { HEAD, tempDataDir } from '../helpers/station.js';
import { bundleCrashStation, CRASH_STATION, ROOT } from '../helpers/station-process.js';

const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const start = (dataDir: string, backupDir: string): Promise<{ child: ChildProcess; base: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CRASH_STATION, dataDir, backupDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, base: `http://127.0.0.1:${JSON.parse(line).port}` }));
    child.once('exit', (code) => reject(new Error(`station exited (${code}) before listening: ${err}`)));
  });

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Reads the database as the next start would find it (recovering the WAL), with the station's key, then closes it. */
const inspect = async (file: string) => {
  const key = await keyFileProvider(dirname(file), () => true).get();
  const db = await openRaw(file, key);
  try {
    const [{ integrity_check: integrity }] = await all<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    const walkIns = new Set((await all<{ id: string }>(db, 'SELECT id FROM walk_in')).map((r) => r.id));
    const tables = (await all<{ t: string }>(db, `SELECT tbl_name AS t FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_outbox_insert'`)).map((r) => r.t);
    const missingEntries: string[] = [];
    const orphanEntries: string[] = [];
    for (const t of tables) {
      // nothing is acknowledged here (no HQ): every row has the entry of the version it has now
      for (const r of await all<{ id: string }>(
        db,
        `SELECT id FROM "${t}" r WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o."tableName" = '${t}' AND o."rowId" = r.id AND o.version = r.version)`,
      ))
        missingEntries.push(`${t}/${r.id}`);
      for (const r of await all<{ rowId: string }>(
        db,
        `SELECT o."rowId" FROM sync_outbox o WHERE o."tableName" = '${t}' AND o.op <> 'delete' AND NOT EXISTS (SELECT 1 FROM "${t}" r WHERE r.id = o."rowId" AND r.version >= o.version)`,
      ))
        orphanEntries.push(`${t}/${r.rowId}`);
    }
    return { integrity, walkIns, missingEntries, orphanEntries };
  } finally {
    await closeRaw(db);
  }
};

/**
 * The backup folder as the next start finds it: the backups that verify against their manifest,
 * those with a whole manifest that do not, and the names of the interrupted backups that left
 * something (a copy under its temporary name, a copy or manifest without the other).
 */
const inspectBackups = async (folder: string, key: Buffer | null) => {
  const names = readdirSync(folder);
  const verified: string[] = [];
  const broken: string[] = [];
  const debrisOf = new Set<string>();
  for (const name of names) {
    const stamp = /^station-backup-(\d{8}T\d{6}Z)\./.exec(name)?.[1];
    if (!stamp) continue;
    if (!name.endsWith('.sqlite')) {
      if (name.endsWith('.partial') || !names.includes(name.replace(/\.json$/, '.sqlite'))) debrisOf.add(stamp);
      continue;
    }
    let counts: Record<string, number> | undefined;
    try {
      counts = JSON.parse(await readFile(join(folder, name.replace(/\.sqlite$/, '.json')), 'utf8')).counts;
    } catch {
      counts = undefined;
    }
    if (!counts) debrisOf.add(stamp);
    else if ((await verifyCopy(join(folder, name), key, counts)).ok) verified.push(name);
    else broken.push(name);
  }
  return { verified, broken, debrisOf: [...debrisOf] };
};

describe('kill -9 under load, with a backup running', () => {
  const temp = tempDataDir();
  beforeAll(() => bundleCrashStation());
  afterAll(() => temp.remove());

  it(`keeps every confirmed walk-in and a consistent outbox through ${KILLS} hard kills`, async () => {
    const dataDir = join(temp.dir, 'station');
    const backupDir = join(temp.dir, 'backups');
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(backupDir, { recursive: true });
    const confirmed = new Set<string>();
    let backupsVerified = 0;
    let key: Buffer | null = null;
    let searches = 0;
    let n = 0;
    const started = Date.now();
    for (let round = 0; round < KILLS; round++) {
      const t0 = Date.now();
      const { child, base } = await start(dataDir, backupDir);
      if (process.env.CRASH_DEBUG) console.log(`round ${round}: started in ${Date.now() - t0} ms`);
      const post = async (method: string, body: unknown, token?: string) => {
        const r = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        return (await r.json()) as { ok: boolean; result?: any; error?: unknown };
      };
      const login = await post('auth.login', { username: HEAD.username, password: HEAD.password });
      expect(login.ok, JSON.stringify(login.error)).toBe(true);
      const token = login.result.token as string;
      let alive = true;
      const writer = (async () => {
        while (alive) {
          n += 1;
          try {
            const r = await post('intake.register', { visitorName: `访客${n}`, idType: 'none', phone: '13912345678', purpose: 'other', route: 'office' }, token);
            // only an answer the client received counts as confirmed
            if (r.ok) confirmed.add(r.result.id);
          } catch {
            return;
          }
        }
      })();
      const searcher = (async () => {
        while (alive) {
          try {
            const r = await post('intake.search', { name: '访客', limit: 20 }, token);
            if (r.ok) searches += 1;
          } catch {
            return;
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      await killHard(child);
      alive = false;
      await Promise.all([writer, searcher]);

      const found = await inspect(join(dataDir, 'station.sqlite'));
      key ??= await keyFileProvider(dataDir, () => true).get();
      expect(found.integrity, `round ${round}`).toBe('ok');
      const lost = [...confirmed].filter((id) => !found.walkIns.has(id));
      expect(lost, `round ${round}: confirmed walk-ins missing`).toEqual([]);
      expect(found.missingEntries, `round ${round}: rows without their outbox entry`).toEqual([]);
      expect(found.orphanEntries, `round ${round}: outbox entries without their row`).toEqual([]);
      // each start swept what the kill before it left: at most the last kill's backup is debris
      const backups = await inspectBackups(backupDir, key);
      expect(backups.broken, `round ${round}: backups with a manifest that do not verify`).toEqual([]);
      expect(backups.debrisOf.length, `round ${round}: interrupted backups left behind: ${backups.debrisOf}`).toBeLessThanOrEqual(1);
      backupsVerified = Math.max(backupsVerified, backups.verified.length);
    }
    const backupsSeen = backupsVerified;
    console.log(
      `crash suite: ${KILLS} kills in ${Math.round((Date.now() - started) / 1000)} s, ${confirmed.size} walk-ins confirmed, ${searches} searches, ${backupsSeen} backups verified`,
    );
    expect(confirmed.size).toBeGreaterThan(KILLS);
    expect(backupsSeen).toBeGreaterThan(0);
  }, 240_000);
});
