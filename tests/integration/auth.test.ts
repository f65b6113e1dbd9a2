import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src/main/core.js';
import type { Me } from '../../src/shared/auth/contract.js';
import type { Staff } from '../../src/shared/staff/contract.js';
import { HEAD, STAFF_PASSWORD, STATION_PROFILE, addStaff, ok, setUpStation, sql, tempDataDir, type TestStation } from '../helpers/station.js';

const silent = pino({ level: 'silent' });

describe('login lockout', () => {
  let now = new Date('2026-11-28T02:00:00Z');
  const temp = tempDataDir();
  let core: Core;
  const open = () => openCore({ dataDir: temp.dir, clock: () => now, logger: silent });
  const login = (password: string, username = 'guard') => core.call('auth.login', { username, password });

  beforeAll(async () => {
    core = await open();
    await ok(core.call('station.setup', { station: STATION_PROFILE, head: { ...HEAD, username: 'guard' } }));
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  it('gives an unknown user exactly the same answer as a wrong password', async () => {
    const unknown = await login('Start2026', 'nobody');
    const wrong = await login('Wrong2026');
    expect(unknown).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.badCredentials' } });
    expect(wrong).toEqual(unknown);
    // a right password resets the count
    await ok(login(HEAD.password));
  });

  it('locks the account after 5 wrong passwords, even against the right one', async () => {
    for (let i = 1; i <= 4; i++) expect(await login(`Wrong${i}xyz`)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.badCredentials' } });
    expect(await login('Wrong5xyz')).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes: 15 } } });
    now = new Date('2026-11-28T02:01:00Z');
    expect(await login(HEAD.password)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes: 14 } } });
  });

  it('keeps the lock across a restart of the core', async () => {
    await core.close();
    core = await open();
    now = new Date('2026-11-28T02:14:00Z');
    expect(await login(HEAD.password)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.lockedOut' } });
    const [lock] = await core.dataSource.query(`SELECT "lockedUntil" FROM login_lock WHERE account = 'guard' AND client = 'desk'`);
    expect(lock.lockedUntil).toBe('2026-11-28T02:15:00.000Z');
  });

  it('lifts the lock 15 minutes after it was set', async () => {
    now = new Date('2026-11-28T02:15:00Z');
    const r = await ok<{ token: string; me: Me }>(login(HEAD.password));
    expect(r.me).toMatchObject({ username: 'guard', role: 'head' });
    // a right password clears the count
    expect(await core.dataSource.query(`SELECT * FROM login_lock WHERE account = 'guard'`)).toEqual([]);
  });

  it('counts failures across a restart too', async () => {
    for (let i = 0; i < 3; i++) await login('Wrong2026x');
    await core.close();
    core = await open();
    await login('Wrong2026x');
    expect(await login('Wrong2026x')).toMatchObject({ ok: false, error: { key: 'auth.lockedOut' } });
    expect(await login(HEAD.password)).toMatchObject({ ok: false, error: { key: 'auth.lockedOut' } });
  });
});

describe('sessions', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
  });
  afterAll(() => st.close());
  const at = (iso: string) => st.setNow(iso);

  it('new staff must change their password before anything else', async () => {
    at('2026-11-28T02:00:00Z');
    const created = await ok<Staff>(
      st.core.call('staff.create', { name: '李辅警', username: 'li', role: 'auxiliary', phone: '13700000001', initialPassword: 'Initial2026' }, { token: st.token }),
    );
    expect(created.mustChangePassword).toBe(true);
    const { token, me } = await ok<{ token: string; me: Me }>(st.core.call('auth.login', { username: 'li', password: 'Initial2026' }));
    expect(me.mustChangePassword).toBe(true);
    for (const [method, input] of [
      ['intake.board', {}],
      ['station.get', {}],
      ['staff.directory', {}],
      ['intake.register', { visitorName: '张三', idType: 'none', purpose: 'other', route: 'office' }],
    ] as const) {
      expect(await st.core.call(method, input, { token }), method).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'mustChangePassword' } });
    }
    // what the password screen needs still works
    expect((await ok<Me>(st.core.call('auth.me', {}, { token }))).mustChangePassword).toBe(true);
    expect(await st.core.call('auth.changePassword', { currentPassword: 'Wrong2026', newPassword: STAFF_PASSWORD }, { token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'password.wrongCurrent', field: 'currentPassword' },
    });
    expect(await st.core.call('auth.changePassword', { currentPassword: 'Initial2026', newPassword: 'Initial2026' }, { token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'password.same', field: 'newPassword' },
    });
    await ok(st.core.call('auth.changePassword', { currentPassword: 'Initial2026', newPassword: STAFF_PASSWORD }, { token }));
    expect((await ok<Me>(st.core.call('auth.me', {}, { token }))).mustChangePassword).toBe(false);
    await ok(st.core.call('intake.board', {}, { token }));
    // the old password no longer works, the new one does, and no change is asked for again
    expect(await st.core.call('auth.login', { username: 'li', password: 'Initial2026' })).toMatchObject({ ok: false, error: { key: 'auth.badCredentials' } });
    const again = await ok<{ me: Me }>(st.core.call('auth.login', { username: 'LI', password: STAFF_PASSWORD }));
    expect(again.me.mustChangePassword).toBe(false);
  });

  it('locks an idle session after idleLockMinutes (10 by default), and the password unlocks it', async () => {
    at('2026-11-28T03:00:00Z');
    const { token } = await ok<{ token: string; me: Me }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    expect((await ok<Me>(st.core.call('auth.me', {}, { token }))).idleLockMinutes).toBe(10);
    at('2026-11-28T03:10:00Z'); // exactly 10 minutes: still open
    await ok(st.core.call('intake.board', {}, { token }));
    at('2026-11-28T03:20:01Z'); // 10 minutes and a second since the last call
    expect(await st.core.call('intake.board', {}, { token })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'sessionLocked' } });
    expect(await st.core.call('auth.me', {}, { token })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'sessionLocked' } });
    // still locked a moment later: the failed calls did not wake it
    at('2026-11-28T03:20:02Z');
    expect(await st.core.call('station.get', {}, { token })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'sessionLocked' } });
    expect(await st.core.call('auth.unlock', { password: 'Wrong2026' }, { token })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', key: 'auth.badCredentials' },
    });
    await ok(st.core.call('auth.unlock', { password: HEAD.password }, { token }));
    await ok(st.core.call('intake.board', {}, { token }));
  });

  it('follows a changed idleLockMinutes', async () => {
    at('2026-11-28T04:00:00Z');
    const { token } = await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    const profile = await ok<{ version: number }>(st.core.call('station.get', {}, { token }));
    await ok(st.core.call('station.update', { ...STATION_PROFILE, version: profile.version, idleLockMinutes: 30 }, { token }));
    at('2026-11-28T04:25:00Z');
    await ok(st.core.call('intake.board', {}, { token }));
    at('2026-11-28T04:55:01Z');
    expect(await st.core.call('intake.board', {}, { token })).toMatchObject({ ok: false, error: { key: 'sessionLocked' } });
    await ok(st.core.call('auth.unlock', { password: HEAD.password }, { token }));
    const back = await ok<{ version: number }>(st.core.call('station.get', {}, { token }));
    await ok(st.core.call('station.update', { ...STATION_PROFILE, version: back.version, idleLockMinutes: 10 }, { token }));
  });

  it('background refreshes do not keep a session awake; the user’s own calls do', async () => {
    at('2026-11-28T05:00:00Z');
    const a = await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    const b = await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    at('2026-11-28T05:06:00Z');
    await ok(st.core.call('intake.board', {}, { token: a.token, background: true }));
    await ok(st.core.call('intake.board', {}, { token: b.token }));
    at('2026-11-28T05:11:00Z');
    expect(await st.core.call('intake.board', {}, { token: a.token, background: true })).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', key: 'sessionLocked' },
    });
    await ok(st.core.call('intake.board', {}, { token: b.token }));
  });

  it('ends a session at logout', async () => {
    at('2026-11-28T06:00:00Z');
    const { token } = await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    await ok(st.core.call('auth.logout', {}, { token }));
    expect(await st.core.call('intake.board', {}, { token })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'unauthenticated' } });
  });

  it('deactivated staff cannot log in and their open sessions end', async () => {
    at('2026-11-28T07:00:00Z');
    const { token: head } = await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    st.token = head;
    const officer = await addStaff(st, 'officer', '赵警官');
    await ok(st.core.call('intake.board', {}, { token: officer.token }));
    const [row] = (await ok<Staff[]>(st.core.call('staff.list', {}, { token: head }))).filter((s) => s.id === officer.id);
    await ok(st.core.call('staff.update', { id: officer.id, version: row.version, name: row.name, role: 'officer', phone: row.phone, active: false }, { token: head }));
    expect(await st.core.call('intake.board', {}, { token: officer.token })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'unauthenticated' } });
    expect(await st.core.call('auth.login', { username: officer.username, password: STAFF_PASSWORD })).toEqual({
      ok: false,
      // the same answer as a wrong password: a guess at an inactive account learns nothing
      error: { code: 'UNAUTHENTICATED', key: 'auth.badCredentials' },
    });
    // not listed among active staff, nor offered in pickers
    expect((await ok<Staff[]>(st.core.call('staff.list', {}, { token: head }))).map((s) => s.id)).not.toContain(officer.id);
    expect((await ok<{ id: string }[]>(st.core.call('staff.directory', {}, { token: head }))).map((s) => s.id)).not.toContain(officer.id);
    expect((await ok<Staff[]>(st.core.call('staff.list', { includeInactive: true }, { token: head }))).find((s) => s.id === officer.id)?.active).toBe(false);
  });

  it('a head cannot deactivate or demote themselves', async () => {
    const head = (await ok<Staff[]>(st.core.call('staff.list', {}, { token: st.token }))).find((s) => s.role === 'head')!;
    for (const change of [{ active: false, role: 'head' }, { active: true, role: 'officer' }]) {
      expect(await st.core.call('staff.update', { id: head.id, version: head.version, name: head.name, phone: head.phone, ...change }, { token: st.token })).toEqual({
        ok: false,
        error: { code: 'CONFLICT', key: 'staff.keepOwnHead' },
      });
    }
  });

  it('a password reset by the head lifts a lockout and asks for a new password', async () => {
    const aux = await addStaff(st, 'auxiliary');
    for (let i = 0; i < 5; i++) await st.core.call('auth.login', { username: aux.username, password: 'Wrong2026' });
    expect(await st.core.call('auth.login', { username: aux.username, password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { key: 'auth.lockedOut' } });
    // the open session is ended by the reset
    const reset = await ok<Staff>(st.core.call('staff.resetPassword', { id: aux.id, initialPassword: 'Reset2026' }, { token: st.token }));
    expect(reset).toMatchObject({ mustChangePassword: true, lockedUntil: null });
    expect(await st.core.call('intake.board', {}, { token: aux.token })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const { me } = await ok<{ me: Me }>(st.core.call('auth.login', { username: aux.username, password: 'Reset2026' }));
    expect(me.mustChangePassword).toBe(true);
  });

  it('refuses a second station setup', async () => {
    expect(await st.core.call('station.setup', { station: STATION_PROFILE, head: { ...HEAD, username: 'other' } })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'station.alreadySetUp' },
    });
    expect(await sql(st, 'SELECT id FROM station')).toHaveLength(1);
    expect(await sql(st, `SELECT id FROM staff WHERE username = 'other'`)).toHaveLength(0);
  });

  it('stores passwords only as salted scrypt hashes, nowhere in clear', async () => {
    const creds = await sql<{ staffId: string; passwordHash: string }>(st, 'SELECT "staffId", "passwordHash" FROM staff_credential');
    expect(creds.length).toBeGreaterThanOrEqual(3);
    for (const { passwordHash } of creds) {
      expect(passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{20,}\$[A-Za-z0-9+/=]{40,}$/);
      for (const pw of [HEAD.password, STAFF_PASSWORD, 'Initial2026', 'Reset2026']) expect(passwordHash).not.toContain(pw);
    }
    // two accounts with the same password still get different hashes (salt)
    expect(new Set(creds.map((c) => c.passwordHash)).size).toBe(creds.length);
    // and no password is anywhere in the database file, its WAL or the audit log
    const files = ['station.sqlite', 'station.sqlite-wal'].map((f) => join(st.dir, f)).filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const pw of [HEAD.password, STAFF_PASSWORD, 'Initial2026', 'Reset2026']) expect(bytes.includes(Buffer.from(pw)), `${pw} in ${file}`).toBe(false);
    }
  });
});

describe('a fresh data directory', () => {
  const temp = tempDataDir();
  let core: Core;
  afterEach(async () => {
    await core?.close();
  });
  afterAll(() => temp.remove());

  it('says it is not set up, and only public methods answer', async () => {
    core = await openCore({ dataDir: temp.dir, logger: silent });
    expect(await ok(core.call('station.status', {}))).toEqual({ setUp: false, stationName: null });
    expect(await core.call('auth.login', { username: 'wang', password: 'Start2026' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'station.notSetUp' },
    });
    await ok(core.call('station.setup', { station: STATION_PROFILE, head: HEAD }));
    expect(await ok(core.call('station.status', {}))).toEqual({ setUp: true, stationName: STATION_PROFILE.name });
    const { me } = await ok<{ me: Me }>(core.call('auth.login', { username: 'wang', password: 'Start2026' }));
    expect(me).toMatchObject({ role: 'head', mustChangePassword: false, stationName: STATION_PROFILE.name, timeZone: 'Asia/Shanghai' });
  });
});

describe('a session ends after twelve hours, however busy', () => {
  it('answers sessionExpired once the login is older than 12 hours', async () => {
    const st = await setUpStation({ now: '2026-11-28T00:00:00Z' });
    try {
      // busy all shift long: a call every 9 minutes keeps the idle lock away
      for (let minute = 9; minute < 12 * 60; minute += 9) {
        st.setNow(new Date(Date.parse('2026-11-28T00:00:00Z') + minute * 60_000).toISOString());
        expect((await st.core.call('intake.board', {}, { token: st.token })).ok).toBe(true);
      }
      st.setNow('2026-11-28T12:00:01Z');
      expect(await st.core.call('intake.board', {}, { token: st.token })).toEqual({
        ok: false,
        error: { code: 'UNAUTHENTICATED', key: 'sessionExpired' },
      });
      // and it is gone, not merely refused
      expect(await st.core.call('auth.me', {}, { token: st.token })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'unauthenticated' } });
    } finally {
      await st.close();
    }
  });
});

describe('the staff list', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation();
    for (const [role, name] of [
      ['auxiliary', '张辅警'],
      ['officer', '王警官'],
      ['gridWorker', '艾网格'],
      ['auxiliary', '李辅警'],
      ['officer', '陈警官'],
      ['mediator', '赵调解'],
    ] as const) {
      await addStaff(st, role, name);
    }
  });
  afterAll(() => st.close());

  it('is grouped by role, head first, and each group in pinyin order as people look names up', async () => {
    const list = await ok<Staff[]>(st.core.call('staff.list', {}, { token: st.token }));
    expect(list.map((s) => [s.role, s.name]).slice(1)).toEqual([
      ['officer', '陈警官'],
      ['officer', '王警官'],
      ['auxiliary', '李辅警'],
      ['auxiliary', '张辅警'],
      ['gridWorker', '艾网格'],
      ['mediator', '赵调解'],
    ]);
    expect(list[0].role).toBe('head');
    const directory = await ok<{ name: string }[]>(st.core.call('staff.directory', {}, { token: st.token }));
    expect(directory.map((s) => s.name)).toEqual(list.map((s) => s.name));
  });
});
