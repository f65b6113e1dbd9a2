import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, METHODS_BY_NAME } from '../../src/shared/contract.js';
import { walkInRoutesOf } from '../../src/shared/intake/zones.js';
import { can, PERMISSIONS } from '../../src/shared/permissions.js';
import type { Access, Role } from '../../src/shared/roles.js';
import { ROLES } from '../../src/shared/roles.js';
import { HEAD, STAFF_PASSWORD, addStaff, ok, setUpStation, type TestStation } from '../helpers/station.js';

/** The roles a method's permission names, read straight from the table (not through the router's helper). */
const holders = (access: Access): readonly Role[] => (access === 'public' || access === 'anyRole' ? ROLES : PERMISSIONS[access]);
const allowed = (access: Access, role: Role) => holders(access).includes(role);
/** The roles that may call a method, sorted. */
const rolesFor = (name: string) => [...holders(METHODS_BY_NAME.get(name)!.access)].sort();

describe('the contract declares who may call each method', () => {
  it('has unique method names of the form zone.verb', () => {
    const names = METHODS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });

  it.each(METHODS.map((m) => [m.name, m] as const))('%s declares its access', (_name, m) => {
    expect(typeof m.access).toBe('string');
    if (m.access !== 'public' && m.access !== 'anyRole') {
      // a permission of the table, held by at least one role
      expect(Object.hasOwn(PERMISSIONS, m.access), `${m.name} names ${m.access}`).toBe(true);
      expect(PERMISSIONS[m.access].length).toBeGreaterThan(0);
      for (const role of PERMISSIONS[m.access]) expect(ROLES).toContain(role);
    }
    expect(['read', 'write']).toContain(m.kind);
  });

  it('keeps the sensitive methods to the roles the station rules name', () => {
    // the head manages accounts and reads the audit log; only head and officer unmask personal data
    expect(rolesFor('staff.create')).toEqual(['head']);
    expect(rolesFor('staff.update')).toEqual(['head']);
    expect(rolesFor('staff.resetPassword')).toEqual(['head']);
    expect(rolesFor('station.update')).toEqual(['head']);
    expect(rolesFor('audit.list')).toEqual(['head']);
    expect(rolesFor('intake.reveal')).toEqual(['head', 'officer']);
    // a grid worker works for the government side: no front-desk writes
    // nor any sight of its visitors
    for (const name of ['intake.register', 'intake.setStatus', 'intake.refer', 'intake.search', 'intake.findVisitor', 'intake.board', 'intake.get']) {
      expect(allowed(METHODS_BY_NAME.get(name)!.access, 'gridWorker'), name).toBe(false);
    }
    // the duty log and the handover are written by those who stand duty; the inventory by the head
    for (const name of ['office.shiftOpen', 'office.entryAdd', 'office.entryClose', 'office.handoverSave', 'office.handoverSign']) {
      for (const role of ['gridWorker', 'mediator'] as const) expect(allowed(METHODS_BY_NAME.get(name)!.access, role), `${role} ${name}`).toBe(false);
    }
    expect(rolesFor('office.equipmentSave')).toEqual(['head']);
    // the population register: head and officer unmask; grid workers collect and import
    // (政务+警务 共采共享) but do not build the address tree; mediators have no access at all
    expect(rolesFor('collection.reveal')).toEqual(['head', 'officer']);
    expect(allowed(METHODS_BY_NAME.get('collection.importCommit')!.access, 'gridWorker')).toBe(true);
    expect(allowed(METHODS_BY_NAME.get('collection.addNode')!.access, 'gridWorker')).toBe(false);
    for (const m of METHODS.filter((x) => x.name.startsWith('collection.'))) expect(allowed(m.access, 'mediator'), m.name).toBe(false);
    // the walk-in history and the returning-visitor lookup span every zone: only for those who
    // see every zone's walk-ins (a mediator sees the mediation zone's alone)
    for (const name of ['intake.search', 'intake.findVisitor', 'intake.register', 'intake.reveal']) {
      for (const role of ROLES) if (allowed(METHODS_BY_NAME.get(name)!.access, role)) expect(can(role, 'intake.allZones'), `${role} ${name}`).toBe(true);
    }
    expect(walkInRoutesOf('mediator')).toEqual(['mediation']);
    expect(walkInRoutesOf('gridWorker')).toEqual([]);
    // public: only what a station without a session needs (the first-run restore answers only before setup)
    expect(METHODS.filter((m) => m.access === 'public').map((m) => m.name).sort()).toEqual(['auth.login', 'backup.firstRunList', 'backup.firstRunPreview', 'backup.firstRunRestore', 'station.setup', 'station.status']);
  });
});

describe('the router enforces the role table', () => {
  let st: TestStation;
  const sessions = new Map<Role, { token: string; username: string; password: string }>();

  beforeAll(async () => {
    st = await setUpStation();
    sessions.set('head', { token: st.token, username: HEAD.username, password: HEAD.password });
    for (const role of ROLES.filter((r) => r !== 'head')) {
      const s = await addStaff(st, role);
      sessions.set(role, { token: s.token, username: s.username, password: 'Desk2026ok' });
    }
  });
  afterAll(() => st.close());

  // auth.lock and auth.logout end what the session may do: call them last for each role
  const last = (name: string) => ['auth.lock', 'auth.logout'].indexOf(name) + 1;
  const ordered = [...METHODS].sort((a, b) => last(a.name) - last(b.name));
  const cases = ROLES.flatMap((role) => ordered.map((m) => [role, m.name, allowed(m.access, role)] as const));

  it.each(cases)('%s calling %s with {} (allowed: %s)', async (role, name, mayCall) => {
    const session = sessions.get(role)!;
    const r = await st.core.call(name, {}, { token: session.token });
    if (!mayCall) {
      // FORBIDDEN comes before VALIDATION: the input is not even looked at
      expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
      return;
    }
    // allowed: either it answers, or it complains about the empty input — never about the role
    if (!r.ok) expect(['VALIDATION', 'CONFLICT'], JSON.stringify(r.error)).toContain(r.error.code);
    if (name === 'auth.lock' && r.ok) {
      // locked: nothing but unlocking works until the same password is typed again
      const blocked = await st.core.call('intake.board', {}, { token: session.token });
      expect(blocked).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'sessionLocked' } });
      await ok(st.core.call('auth.unlock', { password: session.password }, { token: session.token }));
    }
    if (name === 'auth.logout' && r.ok) {
      const again = await ok<{ token: string }>(st.core.call('auth.login', { username: session.username, password: session.password }));
      session.token = again.token;
      if (role === 'head') st.token = again.token;
    }
  });

  it('answers UNAUTHENTICATED to every non-public method without a session or with a made-up token', async () => {
    for (const m of METHODS) {
      for (const token of [undefined, 'not-a-token', '']) {
        const r = await st.core.call(m.name, {}, { token });
        if (m.access === 'public') {
          expect(r.ok || r.error.code !== 'UNAUTHENTICATED', `${m.name}: ${JSON.stringify(r)}`).toBe(true);
        } else {
          expect(r, m.name).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'unauthenticated' } });
        }
      }
    }
  });

  it('answers NOT_FOUND unknownMethod to a method the contract does not have', async () => {
    for (const name of ['intake.delete', 'nothing', '', 'constructor', '__proto__', 'toString', 'shell.print', 'INTAKE.BOARD']) {
      expect(await st.core.call(name, {}, { token: st.token }), name).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', key: 'unknownMethod' },
      });
    }
  });

  it('a role change ends open sessions; the next login carries the new role', async () => {
    const aux = await addStaff(st, 'auxiliary');
    expect(await st.core.call('intake.reveal', { id: '00000000-0000-0000-0000-000000000000', reason: '核对' }, { token: aux.token })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', key: 'role' },
    });
    const staff = (await ok<{ id: string; version: number }[]>(st.core.call('staff.list', {}, { token: st.token }))).find((s) => s.id === aux.id)!;
    await ok(
      st.core.call(
        'staff.update',
        { id: aux.id, version: staff.version, name: aux.name, role: 'officer', phone: '13700000000', active: true },
        { token: st.token },
      ),
    );
    // the session of the old role is over; a new login carries the new role
    expect(await st.core.call('intake.reveal', { id: '00000000-0000-0000-0000-000000000000', reason: '核对' }, { token: aux.token })).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', key: 'unauthenticated' },
    });
    const { token } = await ok<{ token: string }>(st.core.call('auth.login', { username: aux.username, password: STAFF_PASSWORD }));
    const r = await st.core.call('intake.reveal', { id: '00000000-0000-0000-0000-000000000000', reason: '核对' }, { token });
    // now allowed: the walk-in simply does not exist
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', key: 'intake.notFound' } });
  });
});
