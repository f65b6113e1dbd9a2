import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src/main/core.js';
import { AppError } from '../../src/shared/errors.js';
import type { Board, WalkIn } from '../../src/shared/intake/contract.js';
import { HEAD, ok, setUpStation, tempDataDir } from '../helpers/station.js';

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
