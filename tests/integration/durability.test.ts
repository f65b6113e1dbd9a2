import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src/main/core.js';
import { AppError } from '../../src/shared/errors.js';
import type { Board, WalkIn } from '../../src/shared/intake/contract.js';
import { all, closeRaw, openRaw } from '../../src/main/db/cipherFile.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import { HEAD, ok, setUpStation, tempDataDir } from '../helpers/station.js';
import { bundleCrashStation, CRASH_STATION, ROOT } from '../helpers/station-process.js';

const FIXTURE = join(__dirname, 'fixtures', 'registerThenHang.ts');
const silent = pino({ level: 'silent' });

/** Starts the fixture, waits for the walk-in id it prints, kills it with SIGKILL at once. */
const registerAndKill = (dataDir: string): Promise<{ walkInId: string; pid: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, '2026-11-28T15:59:30Z'], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let walkInId: string | undefined;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^walkIn ([0-9a-f-]{36})$/.exec(line);
      if (m && !walkInId) {
        walkInId = m[1];
        child.kill('SIGKILL');
      }
    });
    // resolve only once the process is gone (reaped), so its pid no longer runs
    child.on('exit', (code, signal) => {
      if (walkInId && signal === 'SIGKILL') resolve({ walkInId, pid: child.pid! });
      else reject(new Error(`fixture ended with ${code ?? signal} before printing an id: ${stderr}`));
    });
    child.on('error', reject);
  });

describe('durability', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('a walk-in whose registration returned ok survives kill -9 of the process', async () => {
    const temp = tempDataDir();
    cleanup.push(temp.remove);
    const { walkInId, pid } = await registerAndKill(temp.dir);

    // the dead process left its lock behind
    expect(readFileSync(join(temp.dir, 'station.lock'), 'utf8').trim()).toBe(String(pid));

    const core = await openCore({ dataDir: temp.dir, clock: () => new Date('2026-11-28T16:05:00Z'), logger: silent });
    cleanup.push(() => core.close());
    // the lock is ours now
    expect(readFileSync(join(temp.dir, 'station.lock'), 'utf8').trim()).toBe(String(process.pid));

    const { token } = await ok<{ token: string }>(core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    // 15:59:30Z was 23:59:30 on 28 November at the station
    const board = await ok<Board>(core.call('intake.board', { date: '2026-11-28' }, { token }));
    expect(board.walkIns.map((w) => [w.id, w.queueNo, w.visitorName, w.status])).toEqual([[walkInId, '值-001', '深夜来访', 'waiting']]);
    const got = await ok<WalkIn>(core.call('intake.get', { id: walkInId }, { token }));
    expect(got.idNumberMasked).toBe('1101**********002X');
    // its outbox row and audit entry were committed with it
    expect(await core.dataSource.query(`SELECT op FROM sync_outbox WHERE "rowId" = ?`, [walkInId])).toEqual([{ op: 'insert' }]);
    expect(await core.dataSource.query(`SELECT method FROM audit_log WHERE "recordId" = ?`, [walkInId])).toEqual([{ method: 'intake.register' }]);
    // and the station goes on where it stopped
    const next = await ok<WalkIn>(
      core.call('intake.register', { visitorName: '下一位', idType: 'none', purpose: 'report', route: 'duty' }, { token }),
    );
    expect(next.localDate).toBe('2026-11-29');
  });

  it('a second core on a directory that is open refuses with CONFLICT dataDirInUse', async () => {
    const st = await setUpStation();
    cleanup.push(() => st.close());
    const second = openCore({ dataDir: st.dir, logger: silent });
    await expect(second).rejects.toBeInstanceOf(AppError);
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT', key: 'dataDirInUse', params: { pid: process.pid } });
    // the first core is unharmed and still holds the lock
    await ok(st.core.call('intake.board', {}, { token: st.token }));
    expect(readFileSync(join(st.dir, 'station.lock'), 'utf8').trim()).toBe(String(process.pid));
  });

  it('refuses a directory locked by another live process', async () => {
    const temp = tempDataDir();
    cleanup.push(temp.remove);
    // the parent of this test process is alive for as long as the test runs
    writeFileSync(join(temp.dir, 'station.lock'), String(process.ppid));
    await expect(openCore({ dataDir: temp.dir, logger: silent })).rejects.toMatchObject({
      code: 'CONFLICT',
      key: 'dataDirInUse',
      params: { pid: process.ppid },
    });
    expect(existsSync(join(temp.dir, 'station.sqlite'))).toBe(false);
  });

  it('releases the directory on close, so it can be opened again', async () => {
    const temp = tempDataDir();
    cleanup.push(temp.remove);
    const first: Core = await openCore({ dataDir: temp.dir, logger: silent });
    await first.close();
    expect(existsSync(join(temp.dir, 'station.lock'))).toBe(false);
    const again = await openCore({ dataDir: temp.dir, logger: silent });
    cleanup.push(() => again.close());
    expect(await ok(again.call('station.status', {}))).toEqual({ setUp: false, stationName: null });
  });
});

const POWER_CUTS = Number(process.env.POWER_CUTS ?? 6);
const SHIM = join(ROOT, 'node_modules', '.cache', 'station-desk-tests', 'power-cut.so');

/**
 * Runs the station process with the power cut preloaded (tests/helpers/power-cut.c): it registers
 * walk-ins; at the `fsyncs`-th fsync the disk loses what no fsync had made durable and stores
 * nothing more, the process goes on for `after` more lines (registrations it was told were saved,
 * or failures once SQLite reads back pages the disk never stored), then it is killed. (dm-flakey would cut at the block layer, but this machine has no device-mapper.) Returns the walk-ins confirmed before the cut
 * and after it.
 */
const runUntilPowerCut = (dataDir: string, backupDir: string, fsyncs: number, after = 5): Promise<{ before: string[]; afterCut: string[] }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CRASH_STATION, dataDir, backupDir, 'register'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LD_PRELOAD: SHIM,
        POWER_CUT_AFTER_FSYNCS: String(fsyncs),
        POWER_CUT_ARM_FILE: join(dataDir, 'power-cut-armed'),
        // libuv's io_uring would write around the C library, and so around the cut
        UV_USE_IO_URING: '0',
      },
    });
    const before: string[] = [];
    const afterCut: string[] = [];
    let isCut = false;
    let linesAfterCut = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'power-cut') isCut = true;
      const id = /^walkIn ([0-9a-f-]{36})$/.exec(line)?.[1];
      if (id) (isCut ? afterCut : before).push(id);
      if (isCut && line !== 'power-cut' && ++linesAfterCut === after) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (isCut) resolve({ before, afterCut });
      else reject(new Error(`station ended with ${code ?? signal} before the cut: ${stderr}`));
    });
    child.on('error', reject);
  });

describe('power loss below SQLite', () => {
  const temp = tempDataDir();
  beforeAll(async () => {
    await bundleCrashStation();
    mkdirSync(dirname(SHIM), { recursive: true });
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', SHIM, join(ROOT, 'tests', 'helpers', 'power-cut.c'), '-ldl']);
  });
  afterAll(() => temp.remove());

  it(`every walk-in confirmed before the cut is there after ${POWER_CUTS} power cuts; what came after never reached the disk`, async () => {
    const dataDir = join(temp.dir, 'station');
    const backupDir = join(temp.dir, 'backups');
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(backupDir, { recursive: true });
    const confirmed = new Set<string>();
    let lostAfterCut = 0;
    let toldAfterCut = 0;
    for (let round = 0; round < POWER_CUTS; round++) {
      // a different moment each time: a few commits in, or in the middle of a backup or a checkpoint
      const fsyncs = 3 + Math.floor(Math.random() * 40);
      const { before, afterCut } = await runUntilPowerCut(dataDir, backupDir, fsyncs);
      for (const id of before) confirmed.add(id);

      // the power is back: the next start reads what the disk kept
      const db = await openRaw(join(dataDir, 'station.sqlite'), await keyFileProvider(dataDir, () => true).get());
      try {
        const [{ integrity_check: integrity }] = await all<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
        expect(integrity, `round ${round} (cut after ${fsyncs} fsyncs)`).toBe('ok');
        const kept = new Set((await all<{ id: string }>(db, 'SELECT id FROM walk_in')).map((r) => r.id));
        expect([...confirmed].filter((id) => !kept.has(id)), `round ${round}: confirmed walk-ins lost`).toEqual([]);
        // the cut was real: what the process was told after it is not on the disk
        lostAfterCut += afterCut.filter((id) => !kept.has(id)).length;
        toldAfterCut += afterCut.length;
      } finally {
        await closeRaw(db);
      }
    }
    console.log(`power loss: ${POWER_CUTS} cuts, ${confirmed.size} walk-ins confirmed before a cut, all kept; ${toldAfterCut} told saved after a cut, ${lostAfterCut} of them lost`);
    expect(confirmed.size).toBeGreaterThan(POWER_CUTS);
    expect(lostAfterCut).toBeGreaterThan(0);
  }, 300_000);
});
