import { afterEach, describe, expect, it } from 'vitest';
import { openDataSource } from '../../src/main/db/dataSource.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import { redeem } from '../../src/main/patrol/ledger.service.js';
import type { ShiftLog } from '../../src/shared/office/contract.js';
import { mayOpenCaseFrom } from '../../src/shared/mediation/contract.js';
import type { Role } from '../../src/shared/roles.js';
import type { GoodsView, LedgerEntry, PatrolBoard, PatrolView, Redemption, RouteView, Statement, VolunteerView } from '../../src/shared/patrol/contract.js';
import { addStaff, ok, relogin, sql, setUpStation, type TestStation } from '../helpers/station.js';
import { buildTree, roomOf } from './collection.helpers.js';
import { party, freshId } from './mediation.helpers.js';

/**
 * The patrol zone on a real station database: routes and patrols with the inventory's bicycles,
 * checkpoint and end times, findings that become other zones' records, the duty-log entry of an
 * ended patrol, and the volunteers' points ledger with its supermarket.
 */
let st: TestStation | undefined;
afterEach(async () => {
  await st?.close();
  st = undefined;
});

// 10:00 in Shanghai
const NOW = '2026-11-28T02:00:00Z';
const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

const call = <T = any>(s: TestStation, method: string, input: unknown, token = s.token) => ok<T>(s.core.call(method, input, { token }));
const attempt = (s: TestStation, method: string, input: unknown, token = s.token) => s.core.call(method, input, { token });

const station = async () => {
  const s = await setUpStation({ now: NOW });
  st = s;
  const me = await call<{ staffId: string }>(s, 'auth.me', {});
  const bike = await call<{ id: string }>(s, 'office.equipmentSave', { kind: 'bicycle', name: '警用自行车', code: 'ZXC-01' });
  const route = await call<RouteView>(s, 'patrol.routeSave', {
    name: '繁荣小区夜巡',
    checkpoints: [{ place: '繁荣小区东门' }, { place: '3栋楼下' }, { place: '繁荣路口' }],
  });
  const volunteer = await call<VolunteerView>(s, 'patrol.volunteerSave', { name: '刘大姐', phone: '13912345678' });
  return { s, headId: me.staffId, bike, route, volunteer };
};

/** A shift opened by hand (no roster here), with the head on duty. */
const openShift = (s: TestStation, headId: string) =>
  call<ShiftLog>(s, 'office.shiftOpen', { source: 'manual', name: '白班', startsAt: at(-120), endsAt: at(600), staffIds: [headId] });

describe('patrols', () => {
  it('starts with its people and a bicycle out of the inventory, which cannot go out twice, and ends with it back', async () => {
    const { s, headId, bike, route, volunteer } = await station();
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    const p = await call<PatrolView>(s, 'patrol.start', {
      routeId: route.id,
      startedAt: at(-90),
      staffIds: [headId, aux.id],
      volunteerIds: [volunteer.id],
      guards: ['物业保安老张'],
      bicycleId: bike.id,
    });
    expect(p).toMatchObject({ status: 'underway', routeName: '繁荣小区夜巡', guards: ['物业保安老张'], bicycle: { id: bike.id, name: '警用自行车', returnedAt: null } });
    expect(p.staff.map((x) => x.name)).toEqual(['王所长', '赵辅警']);
    expect(p.volunteers).toEqual([{ volunteerId: volunteer.id, name: '刘大姐', cardNo: 'ZY0001' }]);
    expect(p.checkpoints.map((c) => [c.place, c.at])).toEqual([
      ['繁荣小区东门', null],
      ['3栋楼下', null],
      ['繁荣路口', null],
    ]);

    // the same bicycle again, while it is out: refused on its field, saying where it is
    const twice = await attempt(s, 'patrol.start', { routeId: route.id, staffIds: [aux.id], bicycleId: bike.id }, aux.token);
    expect(twice).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'bicycleId', key: 'patrol.bicycle.out', params: { name: '警用自行车 ZXC-01', route: '繁荣小区夜巡' } } });
    // and the same volunteer on two patrols at once
    const busy = await attempt(s, 'patrol.start', { routeId: route.id, staffIds: [aux.id], volunteerIds: [volunteer.id] }, aux.token);
    expect(busy).toMatchObject({ ok: false, error: { field: 'volunteerIds.0', key: 'patrol.volunteer.busy' } });
    const board = await call<PatrolBoard>(s, 'patrol.board', {});
    expect(board.bicycles).toEqual([expect.objectContaining({ id: bike.id, outOn: { patrolId: p.id, since: at(-90) } })]);

    const ended = await call<PatrolView>(s, 'patrol.end', { id: p.id, version: p.version, endedAt: at(-30) });
    expect(ended).toMatchObject({ status: 'ended', endedAt: at(-30), bicycle: { returnedAt: at(-30) } });
    // back in: it goes out again
    const again = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, staffIds: [aux.id], bicycleId: bike.id }, aux.token);
    expect(again.bicycle?.id).toBe(bike.id);
  });

  it('refuses a checkpoint time in the future or before the start, and an end before the start or before a checkpoint', async () => {
    const { s, headId, route } = await station();
    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: at(-60), staffIds: [headId] });
    const [east, b3] = p.checkpoints;

    const future = await attempt(s, 'patrol.checkpoint', { id: p.id, version: p.version, key: east.key, at: at(30) });
    expect(future).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'at', key: 'patrol.checkpoint.future' } });
    const early = await attempt(s, 'patrol.checkpoint', { id: p.id, version: p.version, key: east.key, at: at(-61) });
    expect(early).toMatchObject({ ok: false, error: { field: 'at', key: 'patrol.checkpoint.beforeStart' } });
    const bad = await attempt(s, 'patrol.checkpoint', { id: p.id, version: p.version, key: east.key, at: '2026-02-30T10:00:00+08:00' });
    expect(bad).toMatchObject({ ok: false, error: { field: 'at', key: 'patrol.dateTime' } });

    let v = await call<PatrolView>(s, 'patrol.checkpoint', { id: p.id, version: p.version, key: east.key, at: at(-50) });
    v = await call<PatrolView>(s, 'patrol.checkpoint', { id: v.id, version: v.version, key: b3.key, at: at(-20), note: '楼道灯已修好' });
    expect(v.checkpoints.map((c) => c.at)).toEqual([at(-50), at(-20), null]);

    const beforeStart = await attempt(s, 'patrol.end', { id: v.id, version: v.version, endedAt: at(-70) });
    expect(beforeStart).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'endedAt', key: 'patrol.endBeforeStart' } });
    const beforeCheckpoint = await attempt(s, 'patrol.end', { id: v.id, version: v.version, endedAt: at(-30) });
    expect(beforeCheckpoint).toMatchObject({ ok: false, error: { field: 'endedAt', key: 'patrol.endBeforeCheckpoint' } });
    const inFuture = await attempt(s, 'patrol.end', { id: v.id, version: v.version, endedAt: at(60) });
    expect(inFuture).toMatchObject({ ok: false, error: { field: 'endedAt', key: 'patrol.future' } });
    // nothing of the refusals was written
    expect((await call<PatrolView>(s, 'patrol.get', { id: p.id })).status).toBe('underway');
    const stale = await attempt(s, 'patrol.end', { id: v.id, version: p.version });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'staleVersion' } });
  });

  it('a patrol written up after it returned: each checkpoint at the minute given, ended in the minute of its last checkpoint', async () => {
    const { s, headId, route } = await station();
    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: at(-90), staffIds: [headId] });
    const [east, b3, crossing] = p.checkpoints;
    // one reached as it was told ("now" on a PC, with its seconds), the others at the minutes the patrol gives
    let v = await call<PatrolView>(s, 'patrol.checkpoint', { id: p.id, version: p.version, key: east.key, at: new Date(Date.parse(at(-80)) + 40_000).toISOString() });
    v = await call<PatrolView>(s, 'patrol.checkpoint', { id: v.id, version: v.version, key: b3.key, at: at(-60) });
    v = await call<PatrolView>(s, 'patrol.checkpoint', { id: v.id, version: v.version, key: crossing.key, at: new Date(Date.parse(at(-45)) + 50_000).toISOString() });
    expect(v.checkpoints.map((c) => c.place)).toEqual(['繁荣小区东门', '3栋楼下', '繁荣路口']);
    // the return typed to the minute of the last checkpoint: the same minute, not before it
    const beforeLast = await attempt(s, 'patrol.end', { id: v.id, version: v.version, endedAt: at(-46) });
    expect(beforeLast).toMatchObject({ ok: false, error: { field: 'endedAt', key: 'patrol.endBeforeCheckpoint', params: { at: '09:15' } } });
    const ended = await call<PatrolView>(s, 'patrol.end', { id: v.id, version: v.version, endedAt: at(-45) });
    expect(ended).toMatchObject({ status: 'ended', startedAt: at(-90), endedAt: at(-45) });
    expect(ended.checkpoints.map((c) => c.at?.slice(11, 16))).toEqual(['00:40', '01:00', '01:15']);
  });

  it('a finished patrol writes a duty-log entry when a shift is open, and pays the volunteers under the head’s rules', async () => {
    const { s, headId, bike, route, volunteer } = await station();
    const rules = await call(s, 'patrol.rulesSave', { version: 0, perHour: 12, perPatrol: 5, perFinding: 8 });
    expect(rules).toMatchObject({ version: 1, perHour: 12, perPatrol: 5, perFinding: 8, updatedBy: '王所长' });
    const negative = await attempt(s, 'patrol.rulesSave', { version: 1, perHour: -1, perPatrol: 5, perFinding: 8 });
    expect(negative).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'perHour', key: 'patrol.points.negative' } });

    const shift = await openShift(s, headId);
    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: at(-90), staffIds: [headId], volunteerIds: [volunteer.id], bicycleId: bike.id });
    await call(s, 'patrol.findingAdd', { patrolId: p.id, checkpointKey: p.checkpoints[1].key, at: at(-60), text: '3栋单元门禁损坏' });
    const ended = await call<PatrolView>(s, 'patrol.end', { id: p.id, version: p.version, endedAt: at(-15) });
    // 75 minutes at 12 an hour = 15, plus 5 for the patrol, plus 8 for the finding
    expect(ended.points).toEqual([{ volunteerId: volunteer.id, name: '刘大姐', points: 28 }]);
    expect(ended.dutyEntryId).not.toBeNull();
    // the list of recent patrols names who went as a list, for each language to join its own way
    expect((await call<PatrolBoard>(s, 'patrol.board', {})).recent.find((l) => l.id === p.id)?.people).toEqual(['王所长', '刘大姐']);

    const log = await call<ShiftLog>(s, 'office.shiftGet', { id: shift.shift.id });
    const entry = log.entries.find((e) => e.id === ended.dutyEntryId)!;
    expect(entry).toMatchObject({ type: 'patrol', at: at(-15), place: '繁荣小区夜巡', people: '王所长、刘大姐', state: 'done' });
    expect(entry.action).toContain('繁荣小区东门 → 3栋楼下 → 繁荣路口');
    expect(entry.result).toContain('3栋单元门禁损坏');
    // stored as its kind with its values, for each reader to read in their language; the Chinese text stays beside it
    expect(entry.composed).toEqual({
      kind: 'patrolEnded',
      people: ['王所长', '刘大姐'],
      route: '繁荣小区夜巡',
      startedAt: at(-90),
      endedAt: at(-15),
      passed: 0,
      checkpoints: ['繁荣小区东门', '3栋楼下', '繁荣路口'],
      findings: ['3栋单元门禁损坏'],
    });
    const [synced] = await sql<{ payload: string }>(s, `SELECT "payload" FROM "sync_outbox" WHERE "tableName" = 'office_log_entry' AND "rowId" = ?`, [entry.id]);
    expect(JSON.parse(JSON.parse(synced.payload).composed as string)).toMatchObject({ kind: 'patrolEnded', route: '繁荣小区夜巡' });

    const v = await call<VolunteerView>(s, 'patrol.volunteerGet', { id: volunteer.id });
    expect(v).toMatchObject({ balance: 28, patrols: 1, phone: '139****5678' });
    expect(v.entries[0]).toMatchObject({ kind: 'patrol', points: 28, balanceAfter: 28, by: '王所长', detail: { minutes: 75, findings: 1, perHour: 12, routeName: '繁荣小区夜巡' } });
  });

  it('without an open shift a patrol still ends, and writes no duty-log entry', async () => {
    const { s, headId, route } = await station();
    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: at(-30), staffIds: [headId] });
    const ended = await call<PatrolView>(s, 'patrol.end', { id: p.id, version: p.version });
    expect(ended).toMatchObject({ status: 'ended', endedAt: NOW.replace('Z', '.000Z'), dutyEntryId: null, points: [] });
    expect(await sql(s, `SELECT * FROM "office_log_entry"`)).toEqual([]);
  });

  it('findings become an open duty-log item, a collection visit and a mediation case, each once', async () => {
    const { s, headId, route } = await station();
    await openShift(s, headId);
    const tree = await buildTree(s);
    await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 1, floors: 2, roomsPerFloor: 2 });
    const room = await roomOf(s, tree.building.id, '1单元', '201');

    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: at(-60), staffIds: [headId] });
    await call(s, 'patrol.findingAdd', { patrolId: p.id, at: at(-50), place: '繁荣路口', text: '路灯不亮' });
    await call(s, 'patrol.findingAdd', { patrolId: p.id, at: at(-40), addressId: room, text: '新搬来住户未登记' });
    const withThree = await call<PatrolView>(s, 'patrol.findingAdd', { patrolId: p.id, at: at(-30), place: '3栋楼下', text: '两户因停车位争吵' });
    const [lamp, newcomer, quarrel] = withThree.findings;
    expect(newcomer.place).toContain('201');
    const future = await attempt(s, 'patrol.findingAdd', { patrolId: p.id, at: at(30), place: '3栋楼下', text: '未来' });
    expect(future).toMatchObject({ ok: false, error: { field: 'at', key: 'patrol.finding.future' } });

    const logged = await call<PatrolView>(s, 'patrol.findingToLog', { id: lamp.id, version: lamp.version, followUp: true });
    expect(logged.findings[0].outcome).toMatchObject({ kind: 'dutyLog', label: '白班' });
    const [item] = await sql<{ state: string; action: string; type: string; people: string; composed: string }>(
      s,
      `SELECT "state", "action", "type", "people", "composed" FROM "office_log_entry" WHERE "id" = ?`,
      [logged.findings[0].outcome!.refId],
    );
    expect(item).toMatchObject({ state: 'open', action: '路灯不亮', type: 'patrol', people: '王所长' });
    // who was out keeps as a list in the entry's kind, for each language to join the names its own way
    expect(JSON.parse(item.composed)).toEqual({ kind: 'patrolFinding', people: ['王所长'] });
    const again = await attempt(s, 'patrol.findingToLog', { id: lamp.id, version: logged.findings[0].version });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'patrol.finding.done' } });

    const visited = await call<PatrolView>(s, 'patrol.findingToAppointment', {
      id: newcomer.id,
      version: newcomer.version,
      addressId: room,
      startAt: '2026-11-29T09:00:00+08:00',
      endAt: '2026-11-29T10:00:00+08:00',
      collectorId: headId,
    });
    expect(visited.findings[1].outcome).toMatchObject({ kind: 'appointment', label: '2026-11-29 09:00' });
    const [appt] = await sql<{ note: string; status: string }>(s, `SELECT "note", "status" FROM "collection_appointment"`);
    expect(appt).toEqual({ note: '新搬来住户未登记', status: 'booked' });

    const mediated = await call<PatrolView>(s, 'patrol.findingToMediation', {
      id: quarrel.id,
      version: quarrel.version,
      type: 'neighbour',
      parties: [party({ idNumber: freshId() }), party({ name: '王强', idNumber: freshId(), role: 'respondent' })],
    });
    const outcome = mediated.findings[2].outcome!;
    expect(outcome.kind).toBe('mediation');
    const c = await call(s, 'mediation.get', { id: outcome.refId });
    expect(c).toMatchObject({ caseNo: outcome.label, source: 'referral', place: '3栋楼下', facts: '两户因停车位争吵' });

    // an auxiliary may not open a mediation case from a finding (only from a walk-in)
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    const p2 = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, staffIds: [aux.id] }, aux.token);
    const f2 = (await call<PatrolView>(s, 'patrol.findingAdd', { patrolId: p2.id, place: '繁荣路口', text: '争执' }, aux.token)).findings[0];
    const refused = await attempt(s, 'patrol.findingToMediation', { id: f2.id, version: f2.version, type: 'neighbour', parties: [party({ idNumber: freshId() })] }, aux.token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('turns the findings of an ended patrol into records too: an auxiliary books the visit, only police refer to mediation', async () => {
    const { s, route } = await station();
    const tree = await buildTree(s);
    await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 1, floors: 2, roomsPerFloor: 2 });
    const room = await roomOf(s, tree.building.id, '1单元', '102');
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    const officer = await addStaff(s, 'officer', '李警官');
    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: at(-60), staffIds: [aux.id] }, aux.token);
    await call(s, 'patrol.findingAdd', { patrolId: p.id, at: at(-50), addressId: tree.building.id, text: '3栋有住户新搬入' }, aux.token);
    await call(s, 'patrol.findingAdd', { patrolId: p.id, at: at(-40), place: '繁荣路口', text: '两车剐蹭后争执' }, aux.token);
    const ended = await call<PatrolView>(s, 'patrol.end', { id: p.id, version: p.version, endedAt: at(-30) }, aux.token);
    expect(ended.status).toBe('ended');
    const [newcomer, quarrel] = ended.findings;

    // the screen shows each button by the same rule the core refuses by
    expect(['head', 'officer', 'auxiliary'].map((r) => mayOpenCaseFrom(r as Role, 'referral'))).toEqual([true, true, false]);
    const visit = { id: newcomer.id, version: newcomer.version, startAt: '2026-11-29T09:00:00+08:00', endAt: '2026-11-29T10:00:00+08:00', collectorId: aux.id };
    // a visit goes to a room, not to the building the finding was made at
    const building = await attempt(s, 'patrol.findingToAppointment', { ...visit, addressId: tree.building.id }, aux.token);
    expect(building).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'addressId', key: 'collection.notRoom' } });
    const booked = await call<PatrolView>(s, 'patrol.findingToAppointment', { ...visit, addressId: room }, aux.token);
    expect(booked.findings[0].outcome).toMatchObject({ kind: 'appointment', label: '2026-11-29 09:00' });

    const referral = { id: quarrel.id, version: quarrel.version, type: 'traffic', parties: [party({ idNumber: freshId() })] };
    expect(await attempt(s, 'patrol.findingToMediation', referral, aux.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'patrol.finding.role' } });
    expect((await call<PatrolView>(s, 'patrol.get', { id: p.id }, aux.token)).findings[1].outcome).toBeNull();
    const referred = await call<PatrolView>(s, 'patrol.findingToMediation', referral, officer.token);
    const c = await call(s, 'mediation.get', { id: referred.findings[1].outcome!.refId }, officer.token);
    expect(c).toMatchObject({ source: 'referral', referredBy: { name: '李警官' }, place: '繁荣路口', facts: '两车剐蹭后争执', type: 'traffic' });
  });
});

describe('volunteers and the points supermarket', () => {
  const market = async () => {
    const base = await station();
    const { s, volunteer } = base;
    const towel = await call<GoodsView>(s, 'patrol.goodsSave', { name: '毛巾', unit: '条', price: 30 });
    const stocked = await call<GoodsView>(s, 'patrol.goodsRestock', { id: towel.id, quantity: 2 });
    expect(stocked.stock).toBe(2);
    await call<LedgerEntry>(s, 'patrol.pointsAward', { volunteerId: volunteer.id, points: 100, reason: '协助寻回走失老人' });
    return { ...base, towel: stocked };
  };

  it('numbers volunteers’ cards in order and masks their phones in lists', async () => {
    const { s } = await station();
    const second = await call<VolunteerView>(s, 'patrol.volunteerSave', { name: '陈师傅' });
    expect(second.cardNo).toBe('ZY0002');
    const list = await call(s, 'patrol.volunteers', {});
    expect(list.map((v: { cardNo: string; phone: string | null }) => [v.cardNo, v.phone])).toEqual([
      ['ZY0001', '139****5678'],
      ['ZY0002', null],
    ]);
    expect(await call(s, 'patrol.volunteers', { query: 'zy0002' })).toHaveLength(1);
  });

  it('refuses redeeming more than the balance or the stock, and negative points, with the field and the figures', async () => {
    const { s, volunteer, towel } = await market();
    const stock = await attempt(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 3 });
    expect(stock).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'quantity', key: 'patrol.redeem.stock', params: { stock: 2, unit: '条' } } });
    await call(s, 'patrol.goodsRestock', { id: towel.id, quantity: 10 });
    const balance = await attempt(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 4 });
    expect(balance).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'quantity', key: 'patrol.redeem.balance', params: { balance: 100, cost: 120 } } });
    const negative = await attempt(s, 'patrol.pointsAward', { volunteerId: volunteer.id, points: -5, reason: '扣分' });
    expect(negative).toMatchObject({ ok: false, error: { field: 'points', key: 'patrol.points.positive' } });
    const zero = await attempt(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 0 });
    expect(zero).toMatchObject({ ok: false, error: { field: 'quantity', key: 'patrol.quantity.positive' } });
    const price = await attempt(s, 'patrol.goodsSave', { name: '雨伞', unit: '把', price: -10 });
    expect(price).toMatchObject({ ok: false, error: { field: 'price', key: 'patrol.points.positive' } });
    // nothing moved
    expect((await call<VolunteerView>(s, 'patrol.volunteerGet', { id: volunteer.id })).balance).toBe(100);
    expect((await call<GoodsView[]>(s, 'patrol.goods', {}))[0].stock).toBe(12);

    const done = await call<Redemption>(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 3 });
    expect(done).toMatchObject({ balance: 10, stock: 9, entry: { kind: 'redemption', points: -90, balanceAfter: 10, goods: { name: '毛巾', quantity: 3 }, by: '王所长' } });
  });

  it('two desks redeeming at once: exactly one succeeds, and stock and points move once', async () => {
    const { s, volunteer, towel } = await market();
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    // 100 points buy three towels; two desks each ask for two
    await call(s, 'patrol.goodsRestock', { id: towel.id, quantity: 10 });
    const [a, b] = await Promise.all([
      attempt(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 2 }),
      attempt(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 2 }, aux.token),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { key: 'patrol.redeem.balance', params: { balance: 40, cost: 60 } } });
    const [g] = await call<GoodsView[]>(s, 'patrol.goods', {});
    expect(g.stock).toBe(10);
    const v = await call<VolunteerView>(s, 'patrol.volunteerGet', { id: volunteer.id });
    expect(v.balance).toBe(40);
    expect(v.entries.filter((e) => e.kind === 'redemption')).toHaveLength(1);
  });

  it('two connections to the same file racing the redemption itself: the database lets exactly one through', async () => {
    const { s, volunteer, towel } = await market();
    const [{ stationId }] = await sql<{ stationId: string }>(s, `SELECT "id" AS "stationId" FROM "station"`);
    const [{ staffId }] = await sql<{ staffId: string }>(s, `SELECT "id" AS "staffId" FROM "staff"`);
    const file = `${s.dir}/station.sqlite`;
    // the station's own key, from its key file
    const key = await keyFileProvider(s.dir, () => true).get();
    const one = await openDataSource(file, { key });
    const two = await openDataSource(file, { key });
    try {
      const who = { stationId, staffId, staffName: '所长', role: 'head' as const, timeZone: 'Asia/Shanghai', now: new Date(NOW) };
      // each takes two towels (60 points) of a balance of 100, in its own transaction
      const desk = (ds: typeof one) => ds.transaction((m) => redeem(m, who, { volunteerId: volunteer.id, goodsId: towel.id, quantity: 2 }));
      const results = await Promise.allSettled([desk(one), desk(two)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    } finally {
      await one.destroy();
      await two.destroy();
    }
    const [g] = await call<GoodsView[]>(s, 'patrol.goods', {});
    const v = await call<VolunteerView>(s, 'patrol.volunteerGet', { id: volunteer.id });
    expect([g.stock, v.balance]).toEqual([0, 40]);
  });

  it('corrects with reversing entries, never by changing or removing one; the database refuses both', async () => {
    const { s, volunteer, towel } = await market();
    const r = await call<Redemption>(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 1 });
    // the towel came back: its points and the towel itself
    const undo = await call<LedgerEntry>(s, 'patrol.pointsCorrect', { entryId: r.entry.id, reason: '毛巾退回' });
    expect(undo).toMatchObject({ kind: 'reversal', points: 30, balanceAfter: 100, reversesId: r.entry.id, reason: '毛巾退回' });
    expect((await call<GoodsView[]>(s, 'patrol.goods', {}))[0].stock).toBe(2);
    const twice = await attempt(s, 'patrol.pointsCorrect', { entryId: r.entry.id, reason: '再退一次' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'patrol.entry.alreadyReversed' } });
    const ofReversal = await attempt(s, 'patrol.pointsCorrect', { entryId: undo.id, reason: '撤销' });
    expect(ofReversal).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'patrol.entry.isReversal' } });

    // an award already spent cannot be taken back below zero
    await call(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 2 });
    const [award] = (await call<VolunteerView>(s, 'patrol.volunteerGet', { id: volunteer.id })).entries.filter((e) => e.kind === 'award');
    const below = await attempt(s, 'patrol.pointsCorrect', { entryId: award.id, reason: '录错了' });
    expect(below).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'entryId', key: 'patrol.points.reversalNegative', params: { balance: 40, points: 100 } } });

    await expect(sql(s, `UPDATE "patrol_points_entry" SET "points" = 1000 WHERE "id" = ?`, [award.id])).rejects.toThrow(/append-only/);
    await expect(sql(s, `DELETE FROM "patrol_points_entry" WHERE "id" = ?`, [award.id])).rejects.toThrow(/append-only/);
    await expect(
      sql(
        s,
        `INSERT INTO "patrol_points_entry" ("id", "stationId", "createdAt", "updatedAt", "version", "volunteerId", "seq", "at", "kind", "points", "balanceAfter")
         SELECT '01900000-0000-7000-8000-000000000001', "stationId", 'x', 'x', 1, "volunteerId", "seq" + 1, 'x', 'award', 5, 999 FROM "patrol_points_entry" ORDER BY "seq" DESC LIMIT 1`,
      ),
    ).rejects.toThrow(/running balance/);
    // a no-op update (sync queueing every row again) still passes
    await sql(s, `UPDATE "patrol_points_entry" SET "version" = "version"`);
    const [{ total, last }] = await sql<{ total: number; last: number }>(
      s,
      `SELECT SUM("points") AS "total", (SELECT "balanceAfter" FROM "patrol_points_entry" ORDER BY "seq" DESC LIMIT 1) AS "last" FROM "patrol_points_entry"`,
    );
    expect(total).toBe(last);
  });

  it('a monthly statement: opening balance, every entry of the month with who and why, closing balance', async () => {
    const { s, headId, route, volunteer, towel } = await market();
    // November: 100 awarded (above); December: a patrol and a redemption
    s.setNow('2026-12-05T02:00:00Z');
    await relogin(s);
    const p = await call<PatrolView>(s, 'patrol.start', { routeId: route.id, startedAt: '2026-12-05T00:00:00Z', staffIds: [headId], volunteerIds: [volunteer.id] });
    await call(s, 'patrol.end', { id: p.id, version: p.version, endedAt: '2026-12-05T01:30:00Z' });
    await call(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 1 });

    const nov = await call<Statement>(s, 'patrol.statement', { volunteerId: volunteer.id, month: '2026-11' });
    expect(nov).toMatchObject({ opening: 0, earned: 100, spent: 0, closing: 100, stationName: '宁江区繁荣社区警务室', volunteer: { cardNo: 'ZY0001', name: '刘大姐' } });
    expect(nov.entries.map((e) => [e.kind, e.points, e.reason, e.by])).toEqual([['award', 100, '协助寻回走失老人', '王所长']]);
    const dec = await call<Statement>(s, 'patrol.statement', { volunteerId: volunteer.id, month: '2026-12' });
    // 90 minutes at the default 10 an hour = 15, plus 5 for the patrol
    expect(dec).toMatchObject({ opening: 100, earned: 20, spent: 30, closing: 90, patrols: 1, patrolMinutes: 90 });
    const badMonth = await attempt(s, 'patrol.statement', { volunteerId: volunteer.id, month: '2026-13' });
    expect(badMonth).toMatchObject({ ok: false, error: { field: 'month', key: 'patrol.month' } });
  });

  it('only the head sets the rules, keeps the goods and corrects the ledger', async () => {
    const { s, volunteer, towel } = await market();
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    for (const [method, input] of [
      ['patrol.rulesSave', { version: 0, perHour: 1, perPatrol: 1, perFinding: 1 }],
      ['patrol.goodsRestock', { id: towel.id, quantity: 1 }],
      ['patrol.pointsAward', { volunteerId: volunteer.id, points: 5, reason: '好' }],
    ] as const) {
      expect(await attempt(s, method, input, aux.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // the desk redeems
    expect((await attempt(s, 'patrol.redeem', { volunteerId: volunteer.id, goodsId: towel.id, quantity: 1 }, aux.token)).ok).toBe(true);
  });
});
