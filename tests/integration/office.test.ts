import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { EquipmentItem, HandoverView, LogEntry, OfficeNow, PendingHandovers, ShiftLog } from '../../src/shared/office/contract.js';
import type { OnDuty } from '../../src/shared/roster/contract.js';
import { HEAD, STAFF_PASSWORD, addStaff, ok, sql, setUpStation, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

/**
 * The duty log and the handover on a real station database: shifts opened from the roster or by
 * hand, typed entries and the ones the app knows already, incidents that block a handover, the two
 * signatures with their own passwords, and the inventory carried from one handover to the next.
 */
let st: TestStation | undefined;
afterEach(async () => {
  await st?.close();
  st = undefined;
});

const call = <T = any>(s: TestStation, method: string, input: unknown, token = s.token) => ok<T>(s.core.call(method, input, { token }));
const attempt = (s: TestStation, method: string, input: unknown, token = s.token) => s.core.call(method, input, { token });

// 10:00 in Shanghai on 28 November: the day shift (08:00–20:00) is on duty
const MORNING = '2026-11-28T02:00:00Z';

/**
 * Puts people on the month's roster as the roster zone stores it (the default day and night
 * shifts). The roster engine is tested on its own; here only its cells matter, and solving a
 * month for every test would cost seconds each.
 */
const rosterCells = async (s: TestStation, cells: { staffId: string; date: string; shiftId: 'D' | 'N' }[]) => {
  const [{ id: stationId }] = await sql<{ id: string }>(s, `SELECT "id" FROM "station"`);
  const rosterId = uuidv7();
  const at = new Date().toISOString();
  const base = (id: string) => [id, stationId, at, at, 1];
  await sql(
    s,
    `INSERT INTO "roster" ("id", "stationId", "createdAt", "updatedAt", "version", "month", "settingsVersion", "settings") VALUES (?, ?, ?, ?, ?, '2026-11', 0, '{}')`,
    base(rosterId),
  );
  for (const c of cells) {
    await sql(
      s,
      `INSERT INTO "roster_assignment" ("id", "stationId", "createdAt", "updatedAt", "version", "rosterId", "staffId", "date", "shiftId") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...base(uuidv7()), rosterId, c.staffId, c.date, c.shiftId],
    );
  }
};

interface Crew {
  s: TestStation;
  dayOfficer: TestStaff;
  dayAux: TestStaff;
  nightOfficer: TestStaff;
  nightAux: TestStaff;
}

/** A station with a day crew (on duty now) and a night crew on the roster. */
const rostered = async (): Promise<Crew> => {
  const s = await setUpStation({ now: MORNING });
  st = s;
  const dayOfficer = await addStaff(s, 'officer', '李警官');
  const dayAux = await addStaff(s, 'auxiliary', '赵辅警');
  const nightOfficer = await addStaff(s, 'officer', '孙警官');
  const nightAux = await addStaff(s, 'auxiliary', '周辅警');
  await rosterCells(s, [
    { staffId: dayOfficer.id, date: '2026-11-28', shiftId: 'D' },
    { staffId: dayAux.id, date: '2026-11-28', shiftId: 'D' },
    { staffId: nightOfficer.id, date: '2026-11-28', shiftId: 'N' },
    { staffId: nightAux.id, date: '2026-11-28', shiftId: 'N' },
  ]);
  return { s, dayOfficer, dayAux, nightOfficer, nightAux };
};

const inventory = async (s: TestStation) => {
  const bike = await call<EquipmentItem>(s, 'office.equipmentSave', { kind: 'bicycle', name: '警用自行车', code: 'ZXC-01' });
  const radio = await call<EquipmentItem>(s, 'office.equipmentSave', { kind: 'radio', name: '对讲机', code: 'DJ-3' });
  const key = await call<EquipmentItem>(s, 'office.equipmentSave', { kind: 'key', name: '档案柜钥匙' });
  return { bike, radio, key };
};

/**
 * Moves the core's clock. Sessions lock after the station's idle time, as they would over a shift:
 * each person unlocks theirs with their password, as at the desk.
 */
const travel = async (s: TestStation, iso: string, staff: TestStaff[] = []) => {
  s.setNow(iso);
  await ok(s.core.call('auth.unlock', { password: HEAD.password }, { token: s.token }));
  for (const p of staff) await ok(s.core.call('auth.unlock', { password: STAFF_PASSWORD }, { token: p.token }));
};

const allPresent = (items: EquipmentItem[]) => items.map((i) => ({ itemId: i.id, state: 'present' }));

describe('opening the duty log', () => {
  it('opens the shift on duty from the roster with its people filled in, once', async () => {
    const { s, dayOfficer, dayAux, nightOfficer } = await rostered();
    const now = await call<OfficeNow>(s, 'office.now', {}, dayAux.token);
    expect(now.current).toBeNull();
    expect(now.roster).toMatchObject({ dutyDate: '2026-11-28', shiftKey: 'D', name: '白班', startsAt: '2026-11-28T00:00:00.000Z', endsAt: '2026-11-28T12:00:00.000Z' });
    expect(now.next.map((p) => p.name)).toContain(nightOfficer.name);

    const log = await call<ShiftLog>(s, 'office.shiftOpen', { source: 'roster' }, dayAux.token);
    expect(log.shift).toMatchObject({ source: 'roster', name: '白班', status: 'open', openedBy: dayAux.name });
    // the officer first, then the auxiliary, as the roster has them
    expect(log.shift.people.map((p) => [p.name, p.role])).toEqual([
      [dayOfficer.name, 'officer'],
      [dayAux.name, 'auxiliary'],
    ]);
    expect((await call<OfficeNow>(s, 'office.now', {})).current?.shift.id).toBe(log.shift.id);

    const again = await attempt(s, 'office.shiftOpen', { source: 'roster' }, dayOfficer.token);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.shift.alreadyOpen' } });
    // a hand-opened shift is for when no roster covers the moment
    const manual = await attempt(s, 'office.shiftOpen', { source: 'manual', name: '临时班', startsAt: MORNING, endsAt: '2026-11-28T12:00:00Z', staffIds: [dayOfficer.id] });
    expect(manual).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.shift.rosterCovers' } });
  });

  it('without a roster the head or an officer opens a shift by hand, naming who is on duty; an auxiliary may not', async () => {
    const s = await setUpStation({ now: MORNING });
    st = s;
    const officer = await addStaff(s, 'officer', '钱警官');
    const aux = await addStaff(s, 'auxiliary', '吴辅警');
    const now = await call<OfficeNow>(s, 'office.now', {});
    expect(now.roster).toBeNull();
    expect(now.dutyStaff.map((p) => p.name)).toEqual(expect.arrayContaining([HEAD.name, officer.name, aux.name]));

    // the form's default span: the station's usual shift of this moment, rostered or not
    expect(now.usualShift).toEqual({ name: '白班', startsAt: '2026-11-28T00:00:00.000Z', endsAt: '2026-11-28T12:00:00.000Z' });
    // the name as an English reader leaves it pre-filled: the station's default shift, stored as 白班
    const manual = { source: 'manual', name: 'Day shift', startsAt: '2026-11-28T00:00:00+00:00', endsAt: '2026-11-28T12:00:00Z', staffIds: [officer.id, aux.id] };
    const refused = await attempt(s, 'office.shiftOpen', manual, aux.token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'office.shift.manualRole' } });
    const backwards = await attempt(s, 'office.shiftOpen', { ...manual, endsAt: '2026-11-27T23:00:00Z' });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'endsAt', key: 'office.shift.endBeforeStart' } });
    const nobody = await attempt(s, 'office.shiftOpen', { ...manual, staffIds: [] });
    expect(nobody).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'staffIds', key: 'office.shift.nobody' } });
    const badTime = await attempt(s, 'office.shiftOpen', { ...manual, startsAt: '2026-02-30T08:00:00+08:00' });
    expect(badTime).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'startsAt', key: 'office.dateTime' } });

    const log = await call<ShiftLog>(s, 'office.shiftOpen', manual, officer.token);
    expect(log.shift).toMatchObject({ source: 'manual', shiftKey: null, dutyDate: '2026-11-28', name: '白班' });
    expect(log.shift.people.map((p) => p.name)).toEqual([officer.name, aux.name]);
  });

  it('keeps grid workers and mediators out of the log', async () => {
    const { s } = await rostered();
    const log = await call<ShiftLog>(s, 'office.shiftOpen', { source: 'roster' });
    for (const role of ['gridWorker', 'mediator'] as const) {
      const other = await addStaff(s, role);
      const write = await attempt(s, 'office.entryAdd', { shiftId: log.shift.id, type: 'patrol', action: '巡逻' }, other.token);
      expect(write).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const read = await attempt(s, 'office.shiftGet', { id: log.shift.id }, other.token);
      expect(read).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});

describe('entries', () => {
  it('records typed entries with time, type, people, place, action, result and follow-up owner; refuses a future time', async () => {
    const { s, dayAux, dayOfficer } = await rostered();
    const log = await call<ShiftLog>(s, 'office.shiftOpen', { source: 'roster' });
    const patrol = await call<LogEntry>(
      s,
      'office.entryAdd',
      { shiftId: log.shift.id, at: '2026-11-28T09:30:00+08:00', type: 'patrol', people: '赵辅警', place: '繁荣小区', action: '步巡一圈', result: '未见异常' },
      dayAux.token,
    );
    expect(patrol).toMatchObject({ at: '2026-11-28T01:30:00.000Z', type: 'patrol', state: 'done', recordedBy: dayAux.name, place: '繁荣小区' });
    const help = await call<LogEntry>(
      s,
      'office.entryAdd',
      { shiftId: log.shift.id, type: 'help', people: '刘大爷', action: '钥匙锁在屋内', followUp: true, followUpOwnerId: dayOfficer.id },
      dayAux.token,
    );
    expect(help).toMatchObject({ at: MORNING.replace('Z', '.000Z'), state: 'open', followUpOwner: { id: dayOfficer.id, name: dayOfficer.name } });

    const future = await attempt(s, 'office.entryAdd', { shiftId: log.shift.id, at: '2026-11-28T11:00:00+08:00', type: 'patrol', action: '巡逻' });
    expect(future).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'at', key: 'office.entry.future' } });
    const before = await attempt(s, 'office.entryAdd', { shiftId: log.shift.id, at: '2026-11-28T07:00:00+08:00', type: 'patrol', action: '巡逻' });
    expect(before).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'at', key: 'office.entry.beforeShift' } });
    const empty = await attempt(s, 'office.entryAdd', { shiftId: log.shift.id, type: 'patrol', place: '门口' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'action', key: 'office.entry.empty' } });
    const badType = await attempt(s, 'office.entryAdd', { shiftId: log.shift.id, type: 'party', action: 'x' });
    expect(badType).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'type', key: 'invalidOption' } });

    const shown = await call<ShiftLog>(s, 'office.shiftGet', { id: log.shift.id });
    expect(shown.entries.map((e) => e.type)).toEqual(['patrol', 'help']);
    // every write is in the audit log and in the outbox for HQ
    const audit = await sql(s, `SELECT "method", "detail" FROM "audit_log" WHERE "method" = 'office.entryAdd'`);
    expect(audit).toEqual([
      { method: 'office.entryAdd', detail: JSON.stringify({ kind: 'logEntryAdded', type: 'patrol' }) },
      { method: 'office.entryAdd', detail: JSON.stringify({ kind: 'logEntryAdded', type: 'help' }) },
    ]);
    const outbox = await sql(s, `SELECT "tableName", "op" FROM "sync_outbox" WHERE "tableName" LIKE 'office_%' ORDER BY "seq"`);
    expect(outbox).toEqual([
      { tableName: 'office_shift', op: 'insert' },
      { tableName: 'office_log_entry', op: 'insert' },
      { tableName: 'office_log_entry', op: 'insert' },
    ]);
  });

  it("shows the shift's walk-ins, mediation referrals and failed mediations without retyping, and not another shift's", async () => {
    const { s, dayOfficer } = await rostered();
    // yesterday evening's walk-in belongs to the night before
    await travel(s, '2026-11-27T13:00:00Z');
    await call(s, 'intake.register', walkIn({ visitorName: '前一班', idNumber: null, idType: 'none', phone: null, purpose: 'consultation', route: 'office' }));
    await travel(s, '2026-11-28T01:00:00Z');
    await call(s, 'intake.register', walkIn({ visitorName: '张三', idNumber: null, idType: 'none', phone: null, purpose: 'consultation', route: 'office' }));
    const cases = caseApi(s);
    await travel(s, '2026-11-28T01:10:00Z');
    const referral = await cases.open({ source: 'referral', referredById: dayOfficer.id, referredAt: '2026-11-28T01:05:00Z' });
    await travel(s, '2026-11-28T01:20:00Z');
    const failed = await cases.failed();
    await travel(s, MORNING);

    const log = await call<ShiftLog>(s, 'office.shiftOpen', { source: 'roster' });
    const auto = log.entries.filter((e) => e.auto);
    expect(auto.map((e) => [e.at, e.type, e.auto!.kind, e.people])).toEqual([
      ['2026-11-28T01:00:00.000Z', 'reception', 'walkIn', '张三'],
      ['2026-11-28T01:10:00.000Z', 'mediationReferral', 'referral', null],
      ['2026-11-28T01:20:00.000Z', 'mediationReferral', 'mediationFailed', null],
    ]);
    expect(auto.find((e) => e.auto!.kind === 'referral')?.auto).toMatchObject({ caseNo: referral.caseNo, referredBy: dayOfficer.name });
    expect(auto.find((e) => e.auto!.kind === 'mediationFailed')?.auto).toMatchObject({ caseNo: failed.caseNo, feedback: '双方分歧过大。' });
    expect(log.entries.some((e) => e.people === '前一班')).toBe(false);
  });
});

describe('handover', () => {
  /** A day shift with its log open and the station's inventory. */
  const dayShift = async () => {
    const crew = await rostered();
    const items = await inventory(crew.s);
    const log = await call<ShiftLog>(crew.s, 'office.shiftOpen', { source: 'roster' }, crew.dayOfficer.token);
    return { ...crew, items, log };
  };

  const save = (c: Awaited<ReturnType<typeof dayShift>>, over: Record<string, unknown> = {}) =>
    attempt(
      c.s,
      'office.handoverSave',
      {
        shiftId: c.log.shift.id,
        giverId: c.dayOfficer.id,
        receiverId: c.nightOfficer.id,
        summary: '白班平稳。',
        instructions: '所长指示：夜间加强繁荣小区巡逻。',
        checklist: allPresent(Object.values(c.items)),
        ...over,
      },
      c.dayOfficer.token,
    );

  it('is refused while an incident entry is open, and possible once it is closed', async () => {
    const c = await dayShift();
    const incident = await call<LogEntry>(c.s, 'office.entryAdd', { shiftId: c.log.shift.id, type: 'incident', people: '两名醉酒男子', place: '繁荣路', action: '出警制止斗殴' });
    expect(incident.state).toBe('open');
    expect((await call<ShiftLog>(c.s, 'office.shiftGet', { id: c.log.shift.id })).openIncidents).toBe(1);
    expect(await save(c)).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.handover.openIncident', params: { count: 1 } } });

    const closed = await call<LogEntry>(c.s, 'office.entryClose', { id: incident.id, version: incident.version, note: '双方已带回所里处理' });
    expect(closed).toMatchObject({ state: 'closed', closeNote: '双方已带回所里处理', closedBy: HEAD.name });
    const again = await attempt(c.s, 'office.entryClose', { id: incident.id, version: closed.version, note: '再关一次' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.entry.notOpen' } });
    expect(await save(c)).toMatchObject({ ok: true });
  });

  it('counts every item of the inventory and writes down damage or loss', async () => {
    const c = await dayShift();
    const { bike, radio, key } = c.items;
    const missing = await save(c, { checklist: allPresent([bike, radio]) });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'checklist', key: 'office.checklist.missing', params: { name: key.name } } });
    const noNote = await save(c, { checklist: [...allPresent([bike, key]), { itemId: radio.id, state: 'damaged' }] });
    expect(noNote).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'checklist.2.note', key: 'office.checklist.noteRequired' } });
    const same = await save(c, { receiverId: c.dayOfficer.id });
    expect(same).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'receiverId', key: 'office.handover.sameSigner' } });
    const notOnShift = await save(c, { giverId: c.nightAux.id });
    expect(notOnShift).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'giverId', key: 'office.handover.giverNotOnShift' } });
  });

  it('refuses a signature with the wrong password, says whose, and counts it like a failed login', async () => {
    const c = await dayShift();
    const h = await ok<HandoverView>(save(c));
    const wrong = await attempt(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: 'NotMine2026' }, c.dayOfficer.token);
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'password', key: 'office.handover.wrongPassword', params: { name: c.dayOfficer.name } },
    });
    // nothing signed, the failure counted on the signer's account and audited
    expect((await call<HandoverView>(c.s, 'office.handoverGet', { id: h.id })).giverSignedAt).toBeNull();
    const [lock] = await sql<{ failedAttempts: number }>(c.s, `SELECT "failedAttempts" FROM "login_lock" WHERE "account" = lower(?)`, [c.dayOfficer.username]);
    expect(lock.failedAttempts).toBe(1);
    const [audit] = await sql<{ detail: string }>(c.s, `SELECT "detail" FROM "audit_log" WHERE "method" = 'office.handoverSign'`);
    expect(JSON.parse(audit.detail)).toEqual({ kind: 'handoverRefused', side: 'giver', cause: { kind: 'failedAttempt', n: 1 } });
    // the receiver cannot sign before the giver
    const early = await attempt(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'receiver', password: STAFF_PASSWORD }, c.dayOfficer.token);
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.handover.giverFirst' } });
    // four more wrong ones lock the account as five wrong logins would
    for (let i = 0; i < 4; i++) await attempt(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: `Wrong${i}abc1` }, c.dayOfficer.token);
    const locked = await attempt(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: STAFF_PASSWORD }, c.dayOfficer.token);
    expect(locked).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'office.handover.signerLocked', params: { name: c.dayOfficer.name, minutes: 15 } } });
    const login = await c.s.core.call('auth.login', { username: c.dayOfficer.username, password: STAFF_PASSWORD });
    expect(login).toMatchObject({ ok: false, error: { key: 'auth.lockedOut' } });
  });

  it('passes responsibility on the receiver signature; until then the handover shows as unsigned', async () => {
    const c = await dayShift();
    const open = await call<LogEntry>(c.s, 'office.entryAdd', { shiftId: c.log.shift.id, type: 'help', people: '刘大爷', action: '反映楼道灯坏', followUp: true });
    await call(c.s, 'office.entryAdd', { shiftId: c.log.shift.id, type: 'patrol', action: '步巡', result: '正常' });
    await travel(c.s, '2026-11-28T11:50:00Z', [c.dayOfficer, c.nightAux]);
    const h = await ok<HandoverView>(save(c));
    expect(h).toMatchObject({ status: 'draft', giver: { name: c.dayOfficer.name }, receiver: { name: c.nightOfficer.name } });
    expect(h.openItems).toEqual([expect.objectContaining({ entryId: open.id, type: 'help', text: '刘大爷 · 反映楼道灯坏' })]);
    expect((await call<PendingHandovers>(c.s, 'office.pending', {}, c.nightAux.token)).handovers.map((p) => p.id)).toEqual([h.id]);

    const given = await call<HandoverView>(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: STAFF_PASSWORD }, c.dayOfficer.token);
    expect(given.status).toBe('giverSigned');
    // signed content is what was signed
    expect(await save(c, { version: given.version, summary: '改过' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.handover.signed' } });
    // still the day shift's responsibility: on the home screens of both shifts, the log still open
    expect((await call<PendingHandovers>(c.s, 'office.pending', {}, c.dayOfficer.token)).handovers).toHaveLength(1);
    expect((await call<ShiftLog>(c.s, 'office.shiftGet', { id: c.log.shift.id })).shift.status).toBe('open');

    await travel(c.s, '2026-11-28T12:02:00Z', [c.dayOfficer, c.nightAux]);
    // the receiver signs at the same desk with their own password
    const received = await call<HandoverView>(c.s, 'office.handoverSign', { id: h.id, version: given.version, side: 'receiver', password: STAFF_PASSWORD }, c.dayOfficer.token);
    expect(received).toMatchObject({ status: 'received', receiverSignedAt: '2026-11-28T12:02:00.000Z' });
    const after = await call<ShiftLog>(c.s, 'office.shiftGet', { id: c.log.shift.id });
    expect(after.shift).toMatchObject({ status: 'handedOver', handedOverAt: '2026-11-28T12:02:00.000Z' });
    expect(await call<PendingHandovers>(c.s, 'office.pending', {})).toEqual({ handovers: [], overdueShifts: [] });
    const late = await attempt(c.s, 'office.entryAdd', { shiftId: c.log.shift.id, type: 'patrol', action: '补记' });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.shift.handedOver' } });

    // the receiver's shift opens by itself: the roster's night shift with its people, opened by the
    // receiver, finding the open item carried over; there is nothing left to open by hand
    const night = (await call<OfficeNow>(c.s, 'office.now', {}, c.nightAux.token)).current!;
    expect(night.shift).toMatchObject({ source: 'roster', shiftKey: 'N', name: '夜班', status: 'open', openedBy: c.nightOfficer.name, startsAt: '2026-11-28T12:00:00.000Z', endsAt: '2026-11-29T00:00:00.000Z' });
    expect(night.shift.people.map((p) => p.name)).toEqual([c.nightOfficer.name, c.nightAux.name]);
    expect(night.carried.map((e) => e.id)).toEqual([open.id]);
    const again = await attempt(c.s, 'office.shiftOpen', { source: 'roster' }, c.nightAux.token);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.shift.alreadyOpen' } });
  });

  it('carries the inventory states to the next handover', async () => {
    const c = await dayShift();
    const { bike, radio, key } = c.items;
    const h = await ok<HandoverView>(
      save(c, {
        checklist: [
          { itemId: bike.id, state: 'damaged', note: '前轮漏气' },
          { itemId: radio.id, state: 'present' },
          { itemId: key.id, state: 'lost', note: '巡逻时遗失，已报告所长' },
        ],
      }),
    );
    const given = await call<HandoverView>(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: STAFF_PASSWORD });
    // before the receiver signs, the inventory is as it was
    expect((await call<EquipmentItem[]>(c.s, 'office.equipmentList', {})).map((i) => i.state)).toEqual(['present', 'present', 'present']);
    await travel(c.s, '2026-11-28T12:01:00Z', [c.nightOfficer]);
    await call(c.s, 'office.handoverSign', { id: h.id, version: given.version, side: 'receiver', password: STAFF_PASSWORD });

    const list = await call<EquipmentItem[]>(c.s, 'office.equipmentList', {}, c.nightOfficer.token);
    expect(list.map((i) => [i.name, i.state, i.stateNote])).toEqual([
      ['警用自行车', 'damaged', '前轮漏气'],
      ['对讲机', 'present', null],
      ['档案柜钥匙', 'lost', '巡逻时遗失，已报告所长'],
    ]);
    // the night's handover (its shift opened as the receiver signed) starts from these states; the
    // bicycle repaired, the key still lost
    const night = (await call<OfficeNow>(c.s, 'office.now', {}, c.nightOfficer.token)).current!;
    await travel(c.s, '2026-11-28T13:00:00Z', [c.nightOfficer]);
    const next = await call<HandoverView>(
      c.s,
      'office.handoverSave',
      {
        shiftId: night.shift.id,
        giverId: c.nightOfficer.id,
        receiverId: c.dayOfficer.id,
        summary: null,
        instructions: null,
        checklist: list.map((i) => ({ itemId: i.id, state: i.id === bike.id ? 'present' : i.state, note: i.id === bike.id ? null : i.stateNote })),
      },
      c.nightOfficer.token,
    );
    expect(next.checklist.map((l) => [l.name, l.state])).toEqual([
      ['警用自行车', 'present'],
      ['对讲机', 'present'],
      ['档案柜钥匙', 'lost'],
    ]);
    // only the head keeps the inventory
    const byOfficer = await attempt(c.s, 'office.equipmentSave', { kind: 'radio', name: '对讲机', code: 'DJ-4' }, c.nightOfficer.token);
    expect(byOfficer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('keeps an unsigned handover reachable when the next shift has opened its log, and holds it back for an incident written meanwhile', async () => {
    const c = await dayShift();
    const h = await ok<HandoverView>(save(c));
    const given = await call<HandoverView>(c.s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: STAFF_PASSWORD }, c.dayOfficer.token);
    await travel(c.s, '2026-11-28T12:05:00Z', [c.dayOfficer, c.nightOfficer]);
    const night = await call<ShiftLog>(c.s, 'office.shiftOpen', { source: 'roster' }, c.nightOfficer.token);
    const now = await call<OfficeNow>(c.s, 'office.now', {}, c.nightOfficer.token);
    expect(now.current?.shift.id).toBe(night.shift.id);
    expect(now.openShifts.map((x) => x.id)).toEqual([c.log.shift.id, night.shift.id]);
    expect((await call<PendingHandovers>(c.s, 'office.pending', {}, c.nightOfficer.token)).handovers.map((x) => x.id)).toEqual([h.id]);

    // the day crew is still responsible and is called out to an incident before the receiver signs
    const incident = await call<LogEntry>(c.s, 'office.entryAdd', { shiftId: c.log.shift.id, type: 'incident', place: '繁荣路', action: '交通事故' }, c.dayOfficer.token);
    const held = await attempt(c.s, 'office.handoverSign', { id: h.id, version: given.version, side: 'receiver', password: STAFF_PASSWORD }, c.nightOfficer.token);
    expect(held).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'office.handover.openIncident' } });
    await call(c.s, 'office.entryClose', { id: incident.id, version: incident.version, note: '已移交交警' }, c.dayOfficer.token);
    const received = await call<HandoverView>(c.s, 'office.handoverSign', { id: h.id, version: given.version, side: 'receiver', password: STAFF_PASSWORD }, c.nightOfficer.token);
    expect(received.status).toBe('received');
    expect((await call<OfficeNow>(c.s, 'office.now', {})).openShifts.map((x) => x.id)).toEqual([night.shift.id]);
  });

  it('lists a shift whose time is over without a handover as overdue', async () => {
    const c = await dayShift();
    await travel(c.s, '2026-11-28T12:30:00Z');
    const p = await call<PendingHandovers>(c.s, 'office.pending', {});
    expect(p.overdueShifts.map((s) => s.id)).toEqual([c.log.shift.id]);
  });

  it('with no roster, opens the receiver\'s shift for them alone over the rest of the usual shift; on duty now is the running shift', async () => {
    const s = await setUpStation({ now: '2026-11-28T11:50:00Z' });
    st = s;
    const officer = await addStaff(s, 'officer', '钱警官');
    const receiver = await addStaff(s, 'officer', '孙警官');
    const notRostered = await call<OnDuty>(s, 'roster.onDuty', {});
    expect(notRostered).toEqual({ now: [], next: [], rostered: false });
    const log = await call<ShiftLog>(s, 'office.shiftOpen', { source: 'manual', name: '白班', startsAt: '2026-11-28T00:00:00Z', endsAt: '2026-11-28T12:00:00Z', staffIds: [officer.id] });
    // the shift opened by hand is who is on duty, with their phone, though no roster covers the moment
    const onDuty = await call<OnDuty>(s, 'roster.onDuty', {});
    expect(onDuty.now).toEqual([expect.objectContaining({ staffId: officer.id, name: officer.name, role: 'officer', phone: '13700000000', shiftName: '白班', from: '2026-11-28T00:00:00.000Z', to: '2026-11-28T12:00:00.000Z' })]);

    const h = await call<HandoverView>(s, 'office.handoverSave', { shiftId: log.shift.id, giverId: officer.id, receiverId: receiver.id, summary: null, instructions: null, checklist: [] });
    const given = await call<HandoverView>(s, 'office.handoverSign', { id: h.id, version: h.version, side: 'giver', password: STAFF_PASSWORD });
    await travel(s, '2026-11-28T11:55:00Z');
    await call(s, 'office.handoverSign', { id: h.id, version: given.version, side: 'receiver', password: STAFF_PASSWORD });
    // 19:55 in Shanghai: the night shift (20:00–08:00) is the usual shift nearest, and is theirs from now
    const now = await call<OfficeNow>(s, 'office.now', {});
    expect(now.current?.shift).toMatchObject({ source: 'manual', shiftKey: null, name: '夜班', startsAt: '2026-11-28T11:55:00.000Z', endsAt: '2026-11-29T00:00:00.000Z', openedBy: receiver.name });
    expect(now.current?.shift.people).toEqual([{ staffId: receiver.id, name: receiver.name, role: 'officer' }]);
    expect((await call<OnDuty>(s, 'roster.onDuty', {})).now.map((p) => [p.name, p.phone, p.shiftName])).toEqual([[receiver.name, '13700000000', '夜班']]);
  });
});

