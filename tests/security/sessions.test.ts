/**
 * Sessions end when trust ends: a new password, a reset, a role change or a deactivation ends
 * every other session of the account, at the station (LAN mode over HTTPS) and at HQ (on
 * PostgreSQL, where every call is checked against the account as it is now).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Staff } from '../../src/shared/staff/contract.js';
import { STAFF_PASSWORD, addStaff, ok } from '../helpers/station.js';
import { hqOnPostgres, lanAddress, lanStation, securitySuite, type LanStation } from './harness.js';

describe.skipIf(!lanAddress)('station sessions (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('sessions · station');
  let lan: LanStation;
  beforeAll(async () => {
    lan = await lanStation();
  });
  afterAll(async () => {
    await lan?.close();
  });

  /** logs a staff member in from the paired terminal: the session token */
  const session = async (username: string, password: string) => {
    const r = await lan.login(username, password);
    expect(r.json.ok, JSON.stringify(r.json)).toBe(true);
    return r.json.result.token as string;
  };
  const board = (token: string) => lan.call('intake.board', {}, token);
  const staffRow = async (id: string) => (await ok<Staff[]>(lan.st.core.call('staff.list', { includeInactive: true }, { token: lan.st.token }))).find((s) => s.id === id)!;

  attack('a session on another terminal outlives its owner’s password change', async () => {
    const officer = await addStaff(lan.st, 'officer');
    const elsewhere = await session(officer.username, STAFF_PASSWORD);
    const here = await session(officer.username, STAFF_PASSWORD);
    expect((await board(elsewhere)).json.ok).toBe(true);
    const changed = await lan.call('auth.changePassword', { currentPassword: STAFF_PASSWORD, newPassword: 'Changed2026x' }, here);
    expect(changed.json).toEqual({ ok: true, result: { ok: true } });
    // the other session is over; the one that changed the password goes on
    expect((await board(elsewhere)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await board(here)).json.ok).toBe(true);
    // and the session made at the desk before the change is over too
    expect((await board(officer.token)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  attack('a session outlives the head’s password reset', async () => {
    const aux = await addStaff(lan.st, 'auxiliary');
    const token = await session(aux.username, STAFF_PASSWORD);
    await ok(lan.st.core.call('staff.resetPassword', { id: aux.id, initialPassword: 'Reset2026x' }, { token: lan.st.token }));
    expect((await board(token)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await board(aux.token)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  attack('a demoted officer keeps working with the session of their old role', async () => {
    const officer = await addStaff(lan.st, 'officer');
    const token = await session(officer.username, STAFF_PASSWORD);
    const row = await staffRow(officer.id);
    await ok(lan.st.core.call('staff.update', { id: row.id, version: row.version, name: row.name, role: 'gridWorker', phone: row.phone, active: true }, { token: lan.st.token }));
    for (const t of [token, officer.token]) {
      expect((await board(t)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect((await lan.call('auth.me', {}, t)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    // a new login carries the new role, and with it what that role may do
    const fresh = await session(officer.username, STAFF_PASSWORD);
    expect((await lan.call('auth.me', {}, fresh)).json.result.role).toBe('gridWorker');
    expect((await board(fresh)).json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  attack('a deactivated account keeps working with a session it already had', async () => {
    const mediator = await addStaff(lan.st, 'mediator');
    const token = await session(mediator.username, STAFF_PASSWORD);
    const row = await staffRow(mediator.id);
    await ok(lan.st.core.call('staff.update', { id: row.id, version: row.version, name: row.name, role: row.role, phone: row.phone, active: false }, { token: lan.st.token }));
    expect((await lan.call('auth.me', {}, token)).json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await lan.login(mediator.username, STAFF_PASSWORD)).json).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.badCredentials' } });
  });

  attack('a renamed colleague is not thrown out (only a change of trust ends a session)', async () => {
    const officer = await addStaff(lan.st, 'officer');
    const token = await session(officer.username, STAFF_PASSWORD);
    const row = await staffRow(officer.id);
    await ok(lan.st.core.call('staff.update', { id: row.id, version: row.version, name: '改名后', role: row.role, phone: row.phone, active: true }, { token: lan.st.token }));
    const me = await lan.call('auth.me', {}, token);
    expect(me.json).toMatchObject({ ok: true, result: { name: '改名后', role: 'officer' } });
  });
});

describe('HQ sessions on PostgreSQL', () => {
  const attack = securitySuite('sessions · HQ');
  let pg: Awaited<ReturnType<typeof hqOnPostgres>>;
  beforeAll(async () => {
    pg = await hqOnPostgres();
  });
  afterAll(async () => {
    await pg?.close();
  });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${pg.hq.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string, token: string) => fetch(`${pg.hq.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const login = async (username: string, password: string): Promise<string> => {
    const r = await post('/api/login', { username, password });
    expect(r.status).toBe(200);
    return (await r.json()).token;
  };
  let stations = 0;
  const createStation = (token: string) => {
    stations += 1;
    return post('/api/stations', { code: `SEC-${stations}`, name: `测试警务室${stations}`, district: '宁江区' }, token);
  };

  attack('an admin demoted to viewer with a new password creates stations with the old token', async () => {
    await pg.hq.service.addUser('chen', 'Admin-2026-hq', 'admin');
    const old = await login('chen', 'Admin-2026-hq');
    expect((await createStation(old)).status).toBe(200);
    await pg.hq.service.addUser('chen', 'Viewer-2026-new', 'viewer');
    expect((await createStation(old)).status).toBe(401);
    expect((await get('/api/stations', old)).status).toBe(401);
    // the new login is a viewer's: it reads and may not create
    const fresh = await login('chen', 'Viewer-2026-new');
    expect((await get('/api/stations', fresh)).status).toBe(200);
    expect((await createStation(fresh)).status).toBe(403);
  });

  attack('a session on another PC outlives its owner’s password change at HQ', async () => {
    await pg.hq.service.addUser('wang', 'Wang-2026-hq', 'admin');
    const elsewhere = await login('wang', 'Wang-2026-hq');
    const here = await login('wang', 'Wang-2026-hq');
    const changed = await post('/api/password', { currentPassword: 'Wang-2026-hq', newPassword: 'Wang-2026-new' }, here);
    expect(changed.status).toBe(200);
    const { token: continued } = await changed.json();
    expect((await get('/api/stations', elsewhere)).status).toBe(401);
    expect((await createStation(elsewhere)).status).toBe(401);
    // the PC that changed it goes on with the token it was given
    expect((await createStation(continued)).status).toBe(200);
    expect((await post('/api/login', { username: 'wang', password: 'Wang-2026-hq' })).status).toBe(401);
    await login('wang', 'Wang-2026-new');
  });

  attack('a password change at HQ with a wrong current password, or a weak new one', async () => {
    await pg.hq.service.addUser('zhao', 'Zhao-2026-hq', 'viewer');
    const token = await login('zhao', 'Zhao-2026-hq');
    const wrong = await post('/api/password', { currentPassword: 'not-it-2026', newPassword: 'Zhao-2026-new' }, token);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid', field: 'currentPassword', reason: 'password.wrongCurrent' });
    const weak = await post('/api/password', { currentPassword: 'Zhao-2026-hq', newPassword: 'short' }, token);
    expect(await weak.json()).toMatchObject({ error: 'invalid', field: 'newPassword', reason: 'password.tooShort' });
    // nothing changed: the session still works
    expect((await get('/api/stations', token)).status).toBe(200);
  });

  attack('a deactivated HQ account keeps its session, or logs in', async () => {
    await pg.hq.service.addUser('li', 'Li-2026-hq', 'admin');
    const token = await login('li', 'Li-2026-hq');
    const { StaffAuth } = await import('../../src/hq/staffAuth.js');
    expect(await new StaffAuth(pg.hq.db, await pg.hq.service.meta('tokenKey')).disable('li')).toBe(true);
    expect((await get('/api/stations', token)).status).toBe(401);
    const again = await post('/api/login', { username: 'li', password: 'Li-2026-hq' });
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ ok: false, error: 'badLogin' });
  });

  attack('a token whose role claim is edited to admin', async () => {
    await pg.hq.service.addUser('sun', 'Sun-2026-hq', 'viewer');
    const token = await login('sun', 'Sun-2026-hq');
    const [body, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, r: 'admin', g: claims.g + 1 })).toString('base64url')}.${mac}`;
    expect((await createStation(forged)).status).toBe(401);
    expect((await createStation(token)).status).toBe(403);
  });
});
