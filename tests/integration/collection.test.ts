import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ok, setUpStation, sql, type TestStation } from '../helpers/station.js';
import { searchStatements } from '../../src/main/collection/search.service.js';
import { buildTree, idFor, person, roomOf } from './collection.helpers.js';

describe('collection: the standard address tree', () => {
  let st: TestStation;
  let tree: Awaited<ReturnType<typeof buildTree>>;
  beforeAll(async () => {
    st = await setUpStation();
    tree = await buildTree(st);
  });
  afterAll(() => st.close());

  it('batch-creates "18 floors × 4 rooms per floor × 2 units", and a second run creates nothing', async () => {
    const r = await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 2, floors: 18, roomsPerFloor: 4 });
    expect(r).toEqual({ buildingId: tree.building.id, units: 2, floors: 36, rooms: 144, existing: 0 });
    const again = await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 2, floors: 18, roomsPerFloor: 4 });
    expect(again).toMatchObject({ units: 0, floors: 0, rooms: 0, existing: 144 });

    const chart = await tree.call('collection.chart', { buildingId: tree.building.id });
    expect(chart.rooms).toBe(144);
    expect(chart.units.map((u: any) => u.name)).toEqual(['1单元', '2单元']);
    // the top floor first, as the building stands; rooms 1801…1804
    expect(chart.units[0].floors[0].name).toBe('18层');
    expect(chart.units[0].floors[0].rooms.map((x: any) => x.name)).toEqual(['1801', '1802', '1803', '1804']);
    expect(chart.units[1].floors[17].rooms.map((x: any) => x.name)).toEqual(['101', '102', '103', '104']);
    expect(chart.counts.notCollected).toBe(144);

    const roomId = await roomOf(st, tree.building.id, '1单元', '1801');
    const room = await tree.call('collection.node', { id: roomId });
    expect(room.fullText).toBe('宁江区繁荣路18号繁荣小区3栋1单元1801室');
    expect(room.ancestors.map((a: any) => a.name)).toEqual(['宁江区', '繁荣路', '18号', '繁荣小区', '3栋', '1单元', '18层']);
    // grid from the 小区, police area from the division
    expect(room.effectiveGrid).toBe('第三网格');
    expect(room.effectivePoliceArea).toBe('繁荣警务区');
  });

  it('renaming a street keeps every id and corrects every address below it', async () => {
    const roomId = await roomOf(st, tree.building.id, '2单元', '502');
    const idsBefore = (await sql<{ id: string }>(st, `SELECT id FROM address_node ORDER BY id`)).map((r) => r.id);
    const street = await tree.call('collection.node', { id: tree.street.id });
    await tree.call('collection.updateNode', { id: street.id, version: street.version, name: '繁荣大路', code: '001', grid: null, policeArea: null });
    const idsAfter = (await sql<{ id: string }>(st, `SELECT id FROM address_node ORDER BY id`)).map((r) => r.id);
    expect(idsAfter).toEqual(idsBefore);
    expect((await tree.call('collection.node', { id: roomId })).fullText).toBe('宁江区繁荣大路18号繁荣小区3栋2单元502室');
    // a stale version is refused, not silently applied
    const stale = await st.core.call('collection.updateNode', { id: street.id, version: street.version, name: '繁荣路', code: null, grid: null, policeArea: null }, { token: st.token });
    expect(stale).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'staleVersion' } });
  });

  it('a grid set on a building applies to its rooms, and moving it under another door carries its rooms along', async () => {
    const building = await tree.call('collection.node', { id: tree.building.id });
    await tree.call('collection.updateNode', { id: building.id, version: building.version, name: '3栋', code: null, grid: '第四网格', policeArea: null });
    const roomId = await roomOf(st, tree.building.id, '1单元', '101');
    expect((await tree.call('collection.node', { id: roomId })).effectiveGrid).toBe('第四网格');

    const door2 = await tree.call('collection.addNode', { parentId: tree.street.id, kind: 'door', name: '20号' });
    const current = await tree.call('collection.node', { id: tree.building.id });
    await tree.call('collection.moveNode', { id: current.id, version: current.version, parentId: door2.id });
    const moved = await tree.call('collection.node', { id: roomId });
    expect(moved.id).toBe(roomId);
    expect(moved.fullText).toBe('宁江区繁荣大路20号3栋1单元101室');
    expect(moved.effectiveGrid).toBe('第四网格');
    // and back
    const again = await tree.call('collection.node', { id: tree.building.id });
    await tree.call('collection.moveNode', { id: again.id, version: again.version, parentId: tree.compound.id });
    expect((await tree.call('collection.node', { id: roomId })).fullText).toBe('宁江区繁荣大路18号繁荣小区3栋1单元101室');
  });

  it('refuses an address loop: a node cannot move under its own descendant', async () => {
    const street = await tree.call('collection.node', { id: tree.street.id });
    const r = await st.core.call('collection.moveNode', { id: street.id, version: street.version, parentId: tree.compound.id }, { token: st.token });
    expect(r).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'collection.addressLoop' } });
    const self = await st.core.call('collection.moveNode', { id: street.id, version: street.version, parentId: street.id }, { token: st.token });
    expect(self).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'collection.addressLoop' } });
  });

  it('keeps levels in order and names unique among siblings', async () => {
    const r = await st.core.call('collection.addNode', { parentId: tree.compound.id, kind: 'street', name: '小路' }, { token: st.token });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', key: 'collection.kindNotAllowed', field: 'kind' });
    const dup = await st.core.call('collection.addNode', { parentId: tree.compound.id, kind: 'building', name: '3栋' }, { token: st.token });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error).toMatchObject({ code: 'VALIDATION', key: 'collection.nameTaken', field: 'name' });
    const code = await st.core.call('collection.addNode', { parentId: null, kind: 'division', name: '扶余市', code: '2207' }, { token: st.token });
    expect(code.ok).toBe(false);
    if (!code.ok) expect(code.error).toMatchObject({ key: 'collection.divisionCode', field: 'code' });
  });

  it('finds GB/T 2260 divisions by code or name', async () => {
    const byCode = await tree.call('collection.divisions', { q: '2207' });
    expect(byCode.map((d: any) => d.code)).toEqual(['220700', '220702', '220721', '220722', '220723', '220781']);
    expect(byCode.find((d: any) => d.code === '220702').fullName).toBe('吉林省 松原市 宁江区');
    const byName = await tree.call('collection.divisions', { q: '延边' });
    expect(byName).toEqual([{ code: '222400', name: '延边朝鲜族自治州', fullName: '吉林省 延边朝鲜族自治州' }]);
    // every province-level division is there
    const provinces = (await tree.call('collection.divisions', { q: null })).filter((d: any) => d.code.endsWith('0000'));
    expect(provinces.length).toBeGreaterThan(0);
  });

  it('refuses to cancel a building with people in it, and cancels it once they moved out', async () => {
    const b = await tree.call('collection.addNode', { parentId: tree.compound.id, kind: 'building', name: '9栋' });
    await tree.call('collection.batchRooms', { buildingId: b.id, units: 0, floors: 2, roomsPerFloor: 2 });
    const roomId = await roomOf(st, b.id, null, '201');
    const p = await tree.call('collection.residentCreate', person({ name: '赵六', idNumber: idFor('220702', '19900101', 21), addressId: roomId }));
    const building = await tree.call('collection.node', { id: b.id });
    const refused = await st.core.call('collection.cancelNode', { id: b.id, version: building.version, reason: '拆迁' }, { token: st.token });
    expect(refused).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'collection.nodeHasResidents', params: { n: 1 } } });
    await tree.call('collection.moveOut', { id: p.id, version: p.version, date: '2026-11-27', reason: '搬迁' });
    expect(await tree.call('collection.cancelNode', { id: b.id, version: building.version, reason: '拆迁' })).toEqual({ cancelled: 7 });
    // cancelled, not deleted: the rows and the person's record stay
    expect((await sql(st, `SELECT COUNT(*) AS n FROM address_node WHERE cancelledAt IS NOT NULL`))[0]).toEqual({ n: 7 });
    expect((await tree.call('collection.residentGet', { id: p.id })).addressText).toBe('宁江区繁荣大路18号繁荣小区9栋201室');
  });
});

describe('collection: residents, houses, units', () => {
  let st: TestStation;
  let tree: Awaited<ReturnType<typeof buildTree>>;
  let room1801: string;
  let room1802: string;
  beforeAll(async () => {
    st = await setUpStation();
    tree = await buildTree(st);
    await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 2, floors: 18, roomsPerFloor: 4 });
    room1801 = await roomOf(st, tree.building.id, '1单元', '1801');
    room1802 = await roomOf(st, tree.building.id, '1单元', '1802');
  });
  afterAll(() => st.close());

  it('refuses a wrong ID number and takes birth date and sex from the corrected one', async () => {
    const good = idFor('220702', '19850312', 11);
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await st.core.call('collection.residentCreate', person({ idNumber: wrong, addressId: room1801 }), { token: st.token });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', key: 'idNumber.checksum', field: 'idNumber' });
    // typed with spaces and full-width digits: normalised, not rejected
    const typed = `${good.slice(0, 6)} ${[...good.slice(6, 14)].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('')} ${good.slice(14)}`;
    const p = await tree.call('collection.residentCreate', person({ idNumber: typed, addressId: room1801, sex: 'female', birthDate: '2000-01-01' }));
    expect(p).toMatchObject({ name: '张三', birthDate: '1985-03-12', sex: 'male', age: 41, addressText: '宁江区繁荣路18号繁荣小区3栋1单元1801室' });
    expect(p.idNumberMasked).toBe(`2207**********${good.slice(-4)}`);
    expect(p.phoneMasked).toBe('139****5678');
    expect(JSON.stringify(p)).not.toContain(good);
    expect(p.history).toHaveLength(1);
    expect(p.history[0].kind).toBe('create');
  });

  it('same ID number = same person: a second record with it is refused', async () => {
    const r = await st.core.call('collection.residentCreate', person({ name: '张叁', addressId: room1802 }), { token: st.token });
    expect(r).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'collection.duplicateId', field: 'idNumber', params: { name: '张三' }, fields: [{ field: 'idNumber', key: 'collection.duplicateId', params: { name: '张三' } }] },
    });
  });

  it('groups a household under its head, keeps every change in the history, masked', async () => {
    const [head] = await tree.call('collection.residents', { addressId: room1801 });
    const wife = await tree.call(
      'collection.residentCreate',
      person({ name: '李梅', idNumber: idFor('220702', '19870506', 22), addressId: room1801, householdHeadId: head.id, relationToHead: 'spouse', phone: null }),
    );
    expect(wife).toMatchObject({ sex: 'female', householdHeadName: '张三', relationToHead: 'spouse' });
    expect(wife.household.map((h: any) => h.name)).toEqual(['张三', '李梅']);

    const updated = await tree.call('collection.residentUpdate', { ...person({ name: '李梅', idNumber: idFor('220702', '19870506', 22), addressId: room1801, householdHeadId: head.id, relationToHead: 'spouse' }), phone: '13800001111', id: wife.id, version: wife.version });
    expect(updated.history[0].kind).toBe('update');
    expect(updated.history[0].changes).toEqual({ phone: [null, '138****1111'] });

    const moved = await tree.call('collection.moveOut', { id: wife.id, version: updated.version, date: '2026-11-20', reason: '迁往长春' });
    expect(moved).toMatchObject({ movedOutOn: '2026-11-20', moveOutReason: '迁往长春' });
    expect(moved.history[0]).toMatchObject({ kind: 'moveOut', changes: { movedOutOn: [null, '2026-11-20'], moveOutReason: [null, '迁往长春'] } });
    // not in the room's list any more, but the record is there
    expect((await tree.call('collection.residents', { addressId: room1801 })).map((r: any) => r.name)).toEqual(['张三']);
    expect((await tree.call('collection.residents', { addressId: room1801, includeMovedOut: true })).map((r: any) => r.name).sort()).toEqual(['张三', '李梅'].sort());
    const future = await st.core.call('collection.moveOut', { id: head.id, version: head.version, date: '2027-01-01', reason: 'x' }, { token: st.token });
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.error).toMatchObject({ key: 'collection.futureDate', field: 'date' });
  });

  it('an edit with the numbers left empty keeps them (forms only ever see them masked)', async () => {
    const [p] = await tree.call('collection.residents', { addressId: room1801 });
    const full = await tree.call('collection.residentGet', { id: p.id });
    const edited = await tree.call('collection.residentUpdate', {
      id: p.id, version: full.version, name: '张三', idType: 'resident', idNumber: '', phone: '', ethnicity: '汉族', hukouPlace: '吉林省松原市宁江区',
      addressId: room1801, category: 'registered', employer: '松原市第一中学',
    });
    expect(edited.history[0].changes).toEqual({ employer: [null, '松原市第一中学'] });
    expect(await tree.call('collection.reveal', { id: p.id, reason: '核对' })).toEqual({ idNumber: idFor('220702', '19850312', 11), phone: '13912345678' });
    // a new document type needs its number
    const r = await st.core.call('collection.residentUpdate', { ...person({ addressId: room1801 }), idType: 'passport', idNumber: '', id: p.id, version: edited.version }, { token: st.token });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ key: 'required', field: 'idNumber' });
  });

  it('unmasks only for head and officer, with a reason, on the audit log', async () => {
    const [p] = await tree.call('collection.residents', { addressId: room1801 });
    const aux = await addStaff(st, 'auxiliary');
    expect(await st.core.call('collection.reveal', { id: p.id, reason: '核对' }, { token: aux.token })).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    const shown = await tree.call('collection.reveal', { id: p.id, reason: '入户核对' });
    expect(shown).toEqual({ idNumber: idFor('220702', '19850312', 11), phone: '13912345678' });
    const entries = await sql<{ method: string; recordId: string; detail: string }>(st, `SELECT method, recordId, detail FROM audit_log WHERE method = 'collection.reveal' ORDER BY at, id`);
    expect(entries.at(-1)).toEqual({ method: 'collection.reveal', recordId: p.id, detail: '入户核对' });
  });

  it('beside a masked ID a grid worker sees the age, not the birth date, and an edit keeps the birth date on record', async () => {
    const grid = await addStaff(st, 'gridWorker');
    // a passport does not carry the birth date: it is typed, and kept apart from the number
    const created = await tree.call('collection.residentCreate', person({ name: '金秀', idType: 'passport', idNumber: 'M12345678', birthDate: '1990-06-01', sex: 'female', addressId: room1802 }));
    const seen = await ok<any>(st.core.call('collection.residentGet', { id: created.id }, { token: grid.token }));
    expect(seen).toMatchObject({ birthDate: null, idNumberMasked: 'M1*****78' });
    expect(seen.age).toBeGreaterThanOrEqual(35);
    expect(JSON.stringify(seen.history)).not.toContain('1990');
    const edited = await ok<any>(
      st.core.call('collection.residentUpdate', { ...person({ name: '金秀', idType: 'passport', idNumber: '', phone: '', sex: 'female', addressId: room1802 }), id: created.id, version: seen.version, employer: '繁荣超市' }, { token: grid.token }),
    );
    expect(edited.history[0].changes).toEqual({ employer: [null, '繁荣超市'] });
    expect((await tree.call('collection.residentGet', { id: created.id })).birthDate).toBe('1990-06-01');
  });

  it('a grid worker collects, but only the police mark a record verified', async () => {
    const grid = await addStaff(st, 'gridWorker');
    const input = person({ name: '王五', idNumber: idFor('220702', '19700101', 31), addressId: room1802, source: 'gridWorker', verification: 'verified' });
    const r = await st.core.call('collection.residentCreate', input, { token: grid.token });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ key: 'collection.verifyByPolice', field: 'verification' });
    const p = await ok<any>(st.core.call('collection.residentCreate', { ...input, verification: 'unverified' }, { token: grid.token }));
    expect(p).toMatchObject({ source: 'gridWorker', verification: 'unverified', collectedBy: { name: grid.name } });
    const mediator = await addStaff(st, 'mediator');
    expect(await st.core.call('collection.residents', {}, { token: mediator.token })).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
  });

  it('a rented flat links to its tenants; without any it is a fault on the worklist', async () => {
    const room = await roomOf(st, tree.building.id, '2单元', '301');
    const house = await tree.call('collection.houseSave', { addressId: room, use: 'residential', ownerName: '陈房东', ownerPhone: '13600000001', rented: true, landlordName: '陈房东', rentFrom: '2026-01-01', rentTo: '2026-12-31' });
    expect(house).toMatchObject({ rented: true, tenants: [], occupants: [], ownerPhoneMasked: '136****0001' });
    let c = await tree.call('collection.completeness', {});
    expect(c.faultCounts.rentedWithoutTenants).toBe(1);
    expect(c.worklist.find((f: any) => f.fault === 'rentedWithoutTenants')).toMatchObject({ addressId: room, title: '宁江区繁荣路18号繁荣小区3栋2单元301室' });

    await tree.call('collection.residentCreate', person({ name: '刘租客', idNumber: idFor('220781', '19950101', 41), addressId: room, category: 'floating', tenancy: 'tenant', arrivedOn: '2026-01-02' }));
    const after = await tree.call('collection.house', { addressId: room });
    expect(after.tenants.map((t: any) => t.name)).toEqual(['刘租客']);
    // saved again from the form, which has the owner's phone only masked: it is kept
    const again = await tree.call('collection.houseSave', { addressId: room, version: after.version, use: 'residential', ownerName: '陈房东', ownerPhone: '', rented: true, landlordName: '陈房东' });
    expect(again.ownerPhoneMasked).toBe('136****0001');
    c = await tree.call('collection.completeness', {});
    expect(c.faultCounts.rentedWithoutTenants).toBe(0);

    // rented and vacant at once is a contradiction
    const both = await st.core.call('collection.houseSave', { addressId: room, version: again.version, use: 'residential', rented: true, vacant: true }, { token: st.token });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.error).toMatchObject({ key: 'collection.rentedVacant', field: 'vacant' });
  });

  it('checks a unit’s credit code (GB 32100) and keeps one unit per code', async () => {
    const unit = {
      name: '繁荣超市',
      creditCode: '92220702MA0000000',
      category: 'shop',
      legalRepresentative: '孙老板',
      addressId: room1802,
    };
    const bad = await st.core.call('collection.unitSave', { ...unit, creditCode: '9144030071526726XH' }, { token: st.token });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'VALIDATION', key: 'creditCode.checksum', field: 'creditCode' });
    const saved = await tree.call('collection.unitSave', { ...unit, creditCode: '9144 0300 7152 6726 xg' });
    expect(saved).toMatchObject({ name: '繁荣超市', creditCode: '9144030071526726XG', securityOfficer: null });
    const dup = await st.core.call('collection.unitSave', { ...unit, name: '另一家', creditCode: '9144030071526726XG' }, { token: st.token });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error).toMatchObject({ code: 'CONFLICT', key: 'collection.duplicateCreditCode' });
    const c = await tree.call('collection.completeness', {});
    expect(c.faultCounts.unitMissingSecurity).toBe(1);
    await tree.call('collection.unitSave', { ...unit, creditCode: '9144030071526726XG', id: saved.id, version: saved.version, securityOfficer: '周保安' });
    expect((await tree.call('collection.completeness', {})).faultCounts.unitMissingSecurity).toBe(0);
  });

  it('colours the building chart by state', async () => {
    const vacant = await roomOf(st, tree.building.id, '1单元', '101');
    await tree.call('collection.houseSave', { addressId: vacant, use: 'residential', vacant: true });
    const verifiedRoom = await roomOf(st, tree.building.id, '1单元', '102');
    await tree.call('collection.residentCreate', person({ name: '钱七', idNumber: idFor('220702', '19600101', 51), addressId: verifiedRoom, verification: 'verified' }));
    const chart = await tree.call('collection.chart', { buildingId: tree.building.id });
    const state = (unit: string, name: string) => chart.units.find((u: any) => u.name === unit).floors.flatMap((f: any) => f.rooms).find((r: any) => r.name === name);
    expect(state('1单元', '101').state).toBe('vacant');
    expect(state('1单元', '102')).toMatchObject({ state: 'verified', names: ['钱七'], residents: 1, verified: 1 });
    expect(state('1单元', '1801')).toMatchObject({ state: 'collected', names: ['张三'] });
    expect(state('2单元', '301').state).toBe('rented');
    expect(state('2单元', '1804').state).toBe('notCollected');
    expect(chart.counts).toEqual({ verified: 1, collected: 2, rented: 1, vacant: 1, notCollected: 139 });
  });

  it('finds people by pinyin, initials, name, ID suffix and phone; addresses by text; units by name', async () => {
    const titles = async (q: string) => (await tree.call('collection.search', { q })).map((h: any) => `${h.type}:${h.title}`);
    expect(await titles('zs')).toContain('person:张三');
    expect(await titles('zhangsan')).toContain('person:张三');
    expect(await titles('ZhangS')).toContain('person:张三');
    expect(await titles('张')).toContain('person:张三');
    expect(await titles(idFor('220702', '19850312', 11).slice(-6))).toEqual(['person:张三']);
    expect(await titles('1391234')).toContain('person:张三');
    expect(await titles('1500000')).toEqual([]);
    expect(await titles('5678')).toContain('person:张三');
    expect(await titles('繁荣小区')).toContain('address:宁江区繁荣路18号繁荣小区');
    expect(await titles('3栋')).toContain('address:宁江区繁荣路18号繁荣小区3栋');
    expect(await titles('超市')).toContain('unit:繁荣超市');
    expect(await titles('陈房东')).toContain('house:宁江区繁荣路18号繁荣小区3栋2单元301室');
    expect(await titles('%')).toEqual([]);
    // a search by digits is on the audit log (it confirms a number), without the digits typed
    const logged = await sql<{ detail: string }>(st, `SELECT detail FROM audit_log WHERE method = 'collection.search'`);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(logged.map((l) => l.detail).join()).not.toContain('1391234');
  });

  it('books a door-to-door visit, lists the day, marks the chart and writes the message text', async () => {
    const [head] = await tree.call('collection.residents', { addressId: room1801 });
    const a = await tree.call('collection.appointmentCreate', {
      addressId: room1801,
      residentIds: [head.id],
      startAt: '2026-11-29T01:00:00Z',
      endAt: '2026-11-29T02:30:00Z',
      collectorId: (await sql<{ id: string }>(st, `SELECT id FROM staff WHERE username = 'wang'`))[0].id,
      note: '带身份证',
    });
    expect(a).toMatchObject({ localDate: '2026-11-29', status: 'booked', residentNames: ['张三'], collector: { name: '王所长' } });
    expect(a.messageText).toContain('2026-11-29 09:00–10:30');
    expect(a.messageText).toContain('宁江区繁荣路18号繁荣小区3栋1单元1801室');
    expect(a.messageText).toContain('0438-6123456');
    // the message and the door notice name who comes by what they are: the head is 社区民警, a grid worker 网格员
    expect(a).toMatchObject({ collectorTitle: '社区民警' });
    expect(a.messageText).toContain('社区民警将于');
    const grid = await addStaff(st, 'gridWorker', '李网格');
    const byGrid = await tree.call('collection.appointmentCreate', { addressId: room1802, startAt: '2026-11-30T01:00:00Z', endAt: '2026-11-30T02:00:00Z', collectorId: grid.id });
    expect(byGrid).toMatchObject({ collectorTitle: '网格员' });
    expect(byGrid.messageText).toContain('网格员将于');
    expect(byGrid.messageText).not.toContain('社区民警');
    expect((await tree.call('collection.appointments', { date: '2026-11-29' })).map((x: any) => x.id)).toEqual([a.id]);
    expect(await tree.call('collection.appointments', {})).toEqual([]);
    const chart = await tree.call('collection.chart', { buildingId: tree.building.id });
    expect(chart.units[0].floors[0].rooms[0]).toMatchObject({ name: '1801', appointments: 1 });
    const backwards = await st.core.call('collection.appointmentCreate', { addressId: room1801, startAt: '2026-11-29T03:00:00Z', endAt: '2026-11-29T02:00:00Z', collectorId: a.collector.id }, { token: st.token });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error).toMatchObject({ key: 'dateRange', field: 'endAt' });
  });

  it('counts completeness per grid and per building, and lists missing fields', async () => {
    await tree.call('collection.residentCreate', person({ name: '无地址', idNumber: idFor('220702', '19800101', 61), addressId: null, phone: null, ethnicity: null }));
    const c = await tree.call('collection.completeness', {});
    const grid = c.byGrid.find((g: any) => g.key === '第三网格');
    expect(grid).toMatchObject({ rooms: 144, roomsCollected: 5 });
    const building = c.byBuilding.find((b: any) => b.key === tree.building.id);
    expect(building).toMatchObject({ label: '宁江区繁荣路18号繁荣小区3栋', rooms: 144, roomsCollected: 5, peopleVerified: 1 });
    expect(c.faultCounts.noAddress).toBe(1);
    const faults = c.worklist.filter((f: any) => f.title === '无地址').map((f: any) => [f.fault, f.detail]);
    expect(faults).toEqual([
      ['noAddress', []],
      ['missingFields', ['phone', 'ethnicity']],
    ]);
  });

  it('writes every change to the sync outbox', async () => {
    const tables = (await sql<{ tableName: string }>(st, `SELECT DISTINCT tableName FROM sync_outbox`)).map((r) => r.tableName).sort();
    expect(tables).toEqual(expect.arrayContaining(['address_node', 'collection_appointment', 'collection_unit', 'house', 'resident', 'resident_change']));
    const [row] = await sql<{ payload: string }>(st, `SELECT payload FROM sync_outbox WHERE tableName = 'resident' ORDER BY seq LIMIT 1`);
    const columns = (await sql<{ name: string }>(st, `SELECT name FROM pragma_table_info('resident')`)).map((c) => c.name).sort();
    expect(Object.keys(JSON.parse(row.payload)).sort()).toEqual(columns);
  });
});

describe('collection: a room found by its address as people type it', () => {
  let st: TestStation;
  let tree: Awaited<ReturnType<typeof buildTree>>;
  const titles = async (q: string) => (await tree.call('collection.search', { q })).map((h: any) => `${h.type}:${h.title}`);
  beforeAll(async () => {
    st = await setUpStation();
    tree = await buildTree(st);
    await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 2, floors: 18, roomsPerFloor: 4 });
    // 13栋 ends in 3栋 as text: its rooms must not answer for 3栋's
    const b13 = await tree.call('collection.addNode', { parentId: tree.compound.id, kind: 'building', name: '13号楼' });
    await tree.call('collection.batchRooms', { buildingId: b13.id, units: 2, floors: 4, roomsPerFloor: 2 });
  });
  afterAll(() => st.close());

  it('lists the room first, typed with or without 号楼/栋/幢, 单元, 室, separators or the rest of its address', async () => {
    const room = await roomOf(st, tree.building.id, '1单元', '301');
    const full = '宁江区繁荣路18号繁荣小区3栋1单元301室';
    for (const q of [full, '宁江区繁荣路18号繁荣小区3栋1单元301', '繁荣小区3号楼1单元301', '3号楼1单元301', '3栋1单元301室', '3幢1单元301', '3-1-301', '3 1 301', '3#1-301', '３号楼１单元３０１', '3号楼1单元3层301', '18号繁荣小区3栋1-301']) {
      const hits = await tree.call('collection.search', { q });
      expect(hits[0], q).toEqual({ type: 'address', id: room, addressId: room, title: full, subtitle: null });
      expect(hits.filter((h: any) => h.title === full), q).toHaveLength(1);
    }
  });

  it('301室 finds the 301 of every unit and building; a whole number is not the end of a longer one', async () => {
    expect(await titles('301室')).toEqual([
      'address:宁江区繁荣路18号繁荣小区13号楼1单元301室',
      'address:宁江区繁荣路18号繁荣小区13号楼2单元301室',
      'address:宁江区繁荣路18号繁荣小区3栋1单元301室',
      'address:宁江区繁荣路18号繁荣小区3栋2单元301室',
    ]);
    expect(await titles('3栋2单元301')).toEqual(['address:宁江区繁荣路18号繁荣小区3栋2单元301室']);
    expect(await titles('13栋2单元301')).toEqual(['address:宁江区繁荣路18号繁荣小区13号楼2单元301室']);
    // no unit 2 in a 4-storey building has a room 1801; 3栋 has
    expect(await titles('13栋2单元1801')).toEqual([]);
    expect(await titles('3栋3单元301')).toEqual([]);
  });

  it('reads the rooms of the typed number through the index of room names, not every room', async () => {
    const [rooms] = searchStatements('3号楼1单元301', 20, true);
    const plan = await sql<{ detail: string }>(st, `EXPLAIN QUERY PLAN ${rooms.sql}`, rooms.params);
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/SEARCH address_node USING INDEX address_node_kind_name/);
  });

  it('a renamed street is found under its new name at once', async () => {
    const street = await tree.call('collection.node', { id: tree.street.id });
    await tree.call('collection.updateNode', { id: street.id, version: street.version, name: '繁荣大路', code: '001', grid: null, policeArea: null });
    expect(await titles('繁荣大路18号繁荣小区3栋1单元301室')).toEqual(['address:宁江区繁荣大路18号繁荣小区3栋1单元301室']);
    expect(await titles('繁荣路18号繁荣小区3栋1单元301室')).toEqual([]);
  });
});
