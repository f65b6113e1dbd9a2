import { readDetail } from '../../src/shared/audit/details.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/audit/contract.js';
import type { WalkIn } from '../../src/shared/intake/contract.js';
import type { Staff } from '../../src/shared/staff/contract.js';
import { HEAD, STATION_PROFILE, addStaff, ok, setUpStation, sql, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';

type AuditPage = { entries: AuditEntry[]; nextBefore: string | null };

describe('audit log', () => {
  let st: TestStation;
  let officer: TestStaff;
  let headId: string;
  let stationId: string;
  const ids: Record<string, string> = {};
  const list = (input: Record<string, unknown> = {}) => ok<AuditPage>(st.core.call('audit.list', input, { token: st.token }));
  const rows = () => sql<AuditEntry>(st, 'SELECT * FROM audit_log ORDER BY id');

  beforeAll(async () => {
    // the evening of 28 November, local time (UTC+8)
    st = await setUpStation({ now: '2026-11-28T12:00:00Z' });
    [{ id: stationId }] = await sql<{ id: string }>(st, 'SELECT id FROM station');
    [{ id: headId }] = await sql<{ id: string }>(st, `SELECT id FROM staff WHERE role = 'head'`);
    st.setNow('2026-11-28T12:01:00Z');
    officer = await addStaff(st, 'officer', '刘警官');
    st.setNow('2026-11-28T12:02:00Z');
    ids.w1 = (await ok<WalkIn>(st.core.call('intake.register', walkIn(), { token: st.token }))).id;
    st.setNow('2026-11-28T12:03:00Z');
    await ok(st.core.call('intake.setStatus', { id: ids.w1, status: 'serving' }, { token: officer.token }));
    // 15:59Z is 23:59 on the 28th; 16:01Z is 00:01 on the 29th at the station
    st.setNow('2026-11-28T15:59:00Z');
    await ok(st.core.call('auth.unlock', { password: HEAD.password }, { token: st.token }));
    await ok(st.core.call('auth.unlock', { password: 'Desk2026ok' }, { token: officer.token }));
    ids.w2 = (await ok<WalkIn>(st.core.call('intake.register', walkIn({ route: 'office', visitorName: '李四' }), { token: officer.token }))).id;
    st.setNow('2026-11-28T16:01:00Z');
    ids.w3 = (await ok<WalkIn>(st.core.call('intake.refer', { id: ids.w2, route: 'collection' }, { token: officer.token }))).id;
    await ok(st.core.call('intake.reveal', { id: ids.w1, reason: '出具证明' }, { token: st.token }));
  });
  afterAll(() => st.close());

  it('records every write with who, when, method and record', async () => {
    const entries = await rows();
    const shape = entries.map((e) => [e.method, e.staffName, e.at, e.recordId]);
    expect(shape).toEqual([
      ['station.setup', HEAD.name, '2026-11-28T12:00:00.000Z', stationId],
      ['auth.login', HEAD.name, '2026-11-28T12:00:00.000Z', headId],
      ['staff.create', HEAD.name, '2026-11-28T12:01:00.000Z', officer.id],
      ['auth.login', '刘警官', '2026-11-28T12:01:00.000Z', officer.id],
      ['auth.changePassword', '刘警官', '2026-11-28T12:01:00.000Z', officer.id],
      ['intake.register', HEAD.name, '2026-11-28T12:02:00.000Z', ids.w1],
      ['intake.setStatus', '刘警官', '2026-11-28T12:03:00.000Z', ids.w1],
      ['auth.unlock', HEAD.name, '2026-11-28T15:59:00.000Z', headId],
      ['auth.unlock', '刘警官', '2026-11-28T15:59:00.000Z', officer.id],
      ['intake.register', '刘警官', '2026-11-28T15:59:00.000Z', ids.w2],
      ['intake.refer', '刘警官', '2026-11-28T16:01:00.000Z', ids.w2],
      ['intake.reveal', HEAD.name, '2026-11-28T16:01:00.000Z', ids.w1],
    ]);
    for (const e of entries) expect(e.staffId).toBe(e.staffName === HEAD.name ? headId : officer.id);
    // what the core did, as a kind and its values (the screens word them); what the user typed, as typed
    const detailOf = (method: string) => readDetail(entries.find((e) => e.method === method)?.detail as string);
    expect(detailOf('intake.setStatus')).toEqual({ kind: 'walkInStatus', status: 'serving' });
    expect(detailOf('intake.refer')).toEqual({ kind: 'walkInReferred', route: 'collection', newId: ids.w3 });
    expect(detailOf('intake.reveal')).toBe('出具证明');
    // the audit screen is given them read back
    const listed = await ok<{ entries: AuditEntry[] }>(st.core.call('audit.list', { method: 'intake.' }, { token: st.token }));
    expect(listed.entries.find((e) => e.method === 'intake.setStatus')?.detail).toEqual({ kind: 'walkInStatus', status: 'serving' });
    expect(listed.entries.find((e) => e.method === 'intake.reveal')?.detail).toBe('出具证明');
  });

  it('does not log plain reads, nor calls refused before they ran', async () => {
    const before = (await rows()).length;
    await ok(st.core.call('intake.board', {}, { token: st.token }));
    await ok(st.core.call('intake.get', { id: ids.w1 }, { token: st.token }));
    await ok(st.core.call('station.get', {}, { token: st.token }));
    await st.core.call('intake.register', walkIn({ visitorName: '' }), { token: st.token }); // VALIDATION
    await st.core.call('intake.register', walkIn(), {}); // UNAUTHENTICATED
    await st.core.call('staff.create', {}, { token: officer.token }); // FORBIDDEN
    await st.core.call('intake.setStatus', { id: ids.w3, status: 'done' }, { token: st.token }); // CONFLICT, rolled back
    expect(await rows()).toHaveLength(before);
  });

  it('logs failed logins too, with the attempt count', async () => {
    await st.core.call('auth.login', { username: officer.username, password: 'Wrong2026' });
    const last = (await rows()).at(-1)!;
    expect(last).toMatchObject({ method: 'auth.login', staffId: officer.id, recordId: officer.id });
    expect(readDetail(last.detail as string)).toEqual({ kind: 'failedAttempt', n: 1 });
    await ok(st.core.call('auth.login', { username: officer.username, password: 'Desk2026ok' }));
  });

  it('lists newest first', async () => {
    const { entries } = await list();
    const all = await rows();
    expect(entries.map((e) => e.id)).toEqual(all.map((e) => e.id).reverse());
  });

  it('logs a history search by ID or phone (it confirms who came), not one by name', async () => {
    const before = (await rows()).length;
    await ok(st.core.call('intake.search', { name: '张' }, { token: st.token }));
    expect(await rows()).toHaveLength(before);
    await ok(st.core.call('intake.search', { idNumber: '11010519491231002X' }, { token: st.token }));
    await ok(st.core.call('intake.search', { phone: '13912345678' }, { token: st.token }));
    const after = await rows();
    expect(after).toHaveLength(before + 2);
    expect(after.slice(-2).map((r: { method: string }) => r.method)).toEqual(['intake.search', 'intake.search']);
  });

  it('filters by method prefix, literally', async () => {
    expect((await list({ method: 'intake.' })).entries.map((e) => e.method)).toEqual([
      'intake.search',
      'intake.search',
      'intake.reveal',
      'intake.refer',
      'intake.register',
      'intake.setStatus',
      'intake.register',
    ]);
    expect((await list({ method: 'intake.re' })).entries.map((e) => e.method)).toEqual(['intake.reveal', 'intake.refer', 'intake.register', 'intake.register']);
    expect((await list({ method: 'intake.reveal' })).entries).toHaveLength(1);
    // LIKE wildcards typed into the filter are characters, not patterns
    expect((await list({ method: '%' })).entries).toEqual([]);
    expect((await list({ method: 'intake_re' })).entries).toEqual([]);
    expect((await list({ method: '_ntake' })).entries).toEqual([]);
  });

  it('filters by staff member and by record', async () => {
    const byOfficer = (await list({ staffId: officer.id })).entries;
    expect(byOfficer.length).toBeGreaterThan(0);
    expect(byOfficer.every((e) => e.staffId === officer.id)).toBe(true);
    expect(byOfficer.map((e) => e.method)).toContain('intake.refer');
    const onW1 = (await list({ recordId: ids.w1 })).entries.map((e) => e.method);
    expect(onW1).toEqual(['intake.reveal', 'intake.setStatus', 'intake.register']);
    expect((await list({ recordId: ids.w1, staffId: officer.id })).entries.map((e) => e.method)).toEqual(['intake.setStatus']);
  });

  it('filters by local dates of the station, both ends included', async () => {
    // 15:59Z on the 28th is still the 28th at the station; 16:01Z is already the 29th
    const on28 = (await list({ from: '2026-11-28', to: '2026-11-28' })).entries;
    expect(on28.map((e) => e.at).sort().at(-1)).toBe('2026-11-28T15:59:00.000Z');
    expect(on28.map((e) => e.method)).toContain('station.setup');
    const on29 = (await list({ from: '2026-11-29', to: '2026-11-29' })).entries;
    expect(on29.every((e) => e.at >= '2026-11-28T16:00:00.000Z')).toBe(true);
    expect(on29.map((e) => e.method)).toEqual(expect.arrayContaining(['intake.refer', 'intake.reveal']));
    expect((await list({ from: '2026-11-29' })).entries.map((e) => e.id).sort()).toEqual(on29.map((e) => e.id).sort());
    expect((await list({ to: '2026-11-27' })).entries).toEqual([]);
    expect(await st.core.call('audit.list', { from: '2026-11-29', to: '2026-11-28' }, { token: st.token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'dateRange', field: 'to' },
    });
  });

  it('pages with nextBefore', async () => {
    const all = (await list()).entries.map((e) => e.id);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await list(before ? { limit: 5, before } : { limit: 5 });
      seen.push(...page.entries.map((e) => e.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual(all);
  });

  it('only the head may read it', async () => {
    for (const role of ['officer', 'auxiliary', 'mediator', 'gridWorker'] as const) {
      const token = role === 'officer' ? officer.token : (await addStaff(st, role)).token;
      expect(await st.core.call('audit.list', {}, { token }), role).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    }
  });

  it('records station and staff changes by the head', async () => {
    const profile = await ok<{ version: number }>(st.core.call('station.get', {}, { token: st.token }));
    await ok(st.core.call('station.update', { ...STATION_PROFILE, version: profile.version, idleLockMinutes: 20 }, { token: st.token }));
    const aux = (await ok<Staff[]>(st.core.call('staff.list', {}, { token: st.token }))).find((s) => s.role === 'auxiliary')!;
    await ok(st.core.call('staff.resetPassword', { id: aux.id, initialPassword: 'Reset2026' }, { token: st.token }));
    const recent = (await list({ staffId: headId, limit: 2 })).entries;
    expect(recent.map((e) => [e.method, e.recordId])).toEqual([
      ['staff.resetPassword', aux.id],
      ['station.update', stationId],
    ]);
  });
});
