/**
 * Masked numbers stay masked: a role that may not unmask (auxiliary, grid worker, mediator) learns
 * no hidden digit of an ID or phone number by any route over the station LAN — not by searching
 * one digit more at a time, not from a person's record, an import preview, an export, a print or
 * an error.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { maskIdNumber } from '../../src/shared/checks/idNumber.js';
import { maskPhone } from '../../src/shared/checks/phone.js';
import { addStaff, ok, walkIn, type TestStaff } from '../helpers/station.js';
import { buildTree, idFor, person } from '../integration/collection.helpers.js';
import { caseApi, party } from '../integration/mediation.helpers.js';
import { lanAddress, lanStation, securitySuite, type Answer, type LanStation } from './harness.js';

const ID = idFor('220702', '19850312', 11);
const PHONE = '13912345678';
const BIRTH = ['19850312', '1985-03-12'];
/** the hidden middle of each number: none of it may appear anywhere a masked reader gets */
const HIDDEN = [ID.slice(4, 14), PHONE.slice(3, 7)];

/** 40 searches over HTTPS on a loaded machine */
const SLOW = 180_000;

const base64 = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');

/** Every cell of a workbook (base64), as one text. */
const workbookText = async (data: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data, 'base64') as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
  return cells.join('\n');
};

const carriesNothingHidden = (text: string) => {
  expect(text).not.toContain(ID);
  expect(text).not.toContain(PHONE);
  for (const part of [...HIDDEN, ...BIRTH]) expect(text).not.toContain(part);
};

/**
 * The numbers the other views hold (a house owner, a walk-in, a mediation party, a property's
 * guard, a volunteer; the property company's own working phone is not personal and shows in full): none may show more than its mask. Checked by the hidden middle
 * together with a visible end, which nothing else in an answer (ids, times) can spell by chance.
 */
const OTHERS = {
  ownerId: idFor('220702', '19620214', 31),
  ownerPhone: '13643218765',
  walkInId: idFor('220702', '19771003', 42),
  walkInPhone: '15887654321',
  partyId: idFor('220702', '19881111', 53),
  partyPhone: '18611223344',
  guardPhone: '17799001122',
  volunteerPhone: '15066778899',
};
const carriesNoOtherHidden = (text: string) => {
  for (const n of Object.values(OTHERS)) {
    const shownEnd = n.length === 18 ? 4 : 3;
    expect(text).not.toContain(n.slice(0, n.length - 4));
    expect(text).not.toContain(n.slice(shownEnd));
    if (n.length === 18) expect(text).not.toContain(n.slice(6, 14));
  }
};

describe.skipIf(!lanAddress)('masked numbers (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('masking');
  let lan: LanStation;
  let residentId: string;
  let roomId: string;
  const readers: Record<'auxiliary' | 'gridWorker', TestStaff> = {} as never;
  let mediator: TestStaff;
  const sameEnd: string[] = [];
  const result = (a: Answer) => {
    expect(a.json, a.body).toMatchObject({ ok: true });
    return a.json.result;
  };
  const search = async (who: TestStaff, q: string) => lan.call('collection.search', { q }, who.token);

  beforeAll(async () => {
    lan = await lanStation();
    const tree = await buildTree(lan.st);
    await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 1, floors: 2, roomsPerFloor: 2 });
    const chart = await tree.call('collection.chart', { buildingId: tree.building.id });
    roomId = chart.units[0].floors[0].rooms[0].id;
    residentId = (await tree.call('collection.residentCreate', person({ idNumber: ID, phone: PHONE, addressId: roomId }))).id;
    // a change of the birth-date-bearing number, so the history has one to show
    const r = await tree.call('collection.residentGet', { id: residentId });
    await tree.call('collection.residentUpdate', { ...person({ idNumber: '', phone: null, addressId: roomId }), id: residentId, version: r.version, employer: '松原市第一中学' });
    // three people whose ID numbers share the last 4 (the check character repeats every so often)
    const byEnd = new Map<string, string[]>();
    for (let day = 1; !sameEnd.length; day++) {
      const id = idFor('220702', `1970${String(1 + Math.floor(day / 28)).padStart(2, '0')}${String(1 + (day % 28)).padStart(2, '0')}`, 11);
      const group = [...(byEnd.get(id.slice(-4)) ?? []), id];
      byEnd.set(id.slice(-4), group);
      // in the order of the search index: the reversed number
      if (group.length === 3) sameEnd.push(...group.sort((a, b) => ([...a].reverse().join('') < [...b].reverse().join('') ? -1 : 1)));
    }
    // by name the reverse of that order (丙 < 乙 < 甲 as text)
    for (const [i, name] of ['同尾甲', '同尾乙', '同尾丙'].entries())
      await tree.call('collection.residentCreate', person({ name, idNumber: sameEnd[i], phone: null, addressId: roomId }));
    readers.auxiliary = await addStaff(lan.st, 'auxiliary', '赵辅警');
    readers.gridWorker = await addStaff(lan.st, 'gridWorker', '钱网格员');
    mediator = await addStaff(lan.st, 'mediator', '孙调解员');
  }, 180_000);
  afterAll(async () => {
    await lan?.close();
  });

  for (const role of ['auxiliary', 'gridWorker'] as const) {
    attack(`${role}: recovers an ID number by adding one digit at a time to the visible end (40 searches)`, async () => {
      const who = readers[role];
      // the mask shows the last 4; each round tries the 10 digits before what is known, and would
      // keep the one that still finds the person. Told the right digit anyway, 4 rounds learn nothing.
      let known = ID.slice(-4);
      let calls = 0;
      for (let round = 0; round < 4; round++) {
        const answers = new Set<string>();
        let found: string | null = null;
        for (let d = 0; d <= 9; d++) {
          const a = await search(who, `${d}${known}`);
          calls += 1;
          answers.add(JSON.stringify(result(a)));
          if (result(a).some((h: { id: string }) => h.id === residentId)) found = String(d);
        }
        expect(found, `round ${round}: a hidden digit showed`).toBeNull();
        expect(answers.size, `round ${round}: the answers differ by the hidden digit`).toBe(1);
        known = ID.slice(-5 - round);
      }
      expect(calls).toBe(40);
      // a mask typed with one hidden digit filled in finds nothing either
      const guessed = `${ID.slice(0, 5)}${'*'.repeat(9)}${ID.slice(-4)}`;
      expect(result(await search(who, guessed))).toEqual([]);
    }, SLOW);

    attack(`${role}: recovers a mobile number by its start, one digit at a time`, async () => {
      const who = readers[role];
      let known = PHONE.slice(0, 3);
      let calls = 0;
      for (let round = 0; round < 4; round++) {
        const answers = new Set<string>();
        for (let d = 0; d <= 9; d++) {
          const hits = result(await search(who, `${known}${d}`));
          calls += 1;
          answers.add(JSON.stringify(hits));
          expect(hits.some((h: { id: string }) => h.id === residentId)).toBe(false);
        }
        expect(answers.size, `round ${round}: the answers differ by the hidden digit`).toBe(1);
        known = PHONE.slice(0, 4 + round);
      }
      expect(calls).toBe(40);
      // from the other end, past the 4 digits the mask shows
      const tails = new Set<string>();
      for (let d = 0; d <= 9; d++) tails.add(JSON.stringify(result(await search(who, `${d}${PHONE.slice(-4)}`))));
      expect(tails.size).toBe(1);
    }, SLOW);

    attack(`${role}: reads the order of hidden digits from the order of the hits`, async () => {
      // people whose ID numbers end alike, named so that by name they come in the reverse order of
      // their hidden digits: the hits must not come in the digits' order, nor the limit pick by them
      const hits = result(await search(readers[role], sameEnd[0].slice(-4)));
      const ours = hits.filter((h: { title: string }) => h.title.startsWith('同尾'));
      expect(ours.map((h: { title: string }) => h.title)).toEqual(['同尾甲', '同尾乙', '同尾丙'].sort());
      const two = result(await lan.call('collection.search', { q: sameEnd[0].slice(-4), limit: 2 }, readers[role].token));
      expect(two.map((h: { title: string }) => h.title)).toEqual(['同尾甲', '同尾乙', '同尾丙'].sort().slice(0, 2));
    }, SLOW);

    attack(`${role}: what the mask shows, or the whole number, still finds the person`, async () => {
      const who = readers[role];
      const finds = async (q: string) => result(await search(who, q)).some((h: { id: string }) => h.id === residentId);
      expect(await finds(ID)).toBe(true);
      expect(await finds(`${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14).toLowerCase()}`)).toBe(true);
      expect(await finds(PHONE)).toBe(true);
      expect(await finds(ID.slice(-4))).toBe(true);
      expect(await finds(PHONE.slice(-4))).toBe(true);
      expect(await finds(maskIdNumber(ID)!)).toBe(true);
      expect(await finds(maskPhone(PHONE)!)).toBe(true);
      // full-width digits, as a Chinese input method types them
      expect(await finds([...PHONE].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''))).toBe(true);
    }, SLOW);

    attack(`${role}: reads the birth date (8 digits of the ID) from the person's record`, async () => {
      const a = await lan.call('collection.residentGet', { id: residentId }, readers[role].token);
      const r = result(a);
      expect(r.birthDate).toBeNull();
      expect(r.age).toBeGreaterThanOrEqual(40);
      expect(r.idNumberMasked).toBe(maskIdNumber(ID));
      carriesNothingHidden(a.body);
      // the list and the address's people
      carriesNothingHidden((await lan.call('collection.residents', { addressId: roomId }, readers[role].token)).body);
    }, SLOW);

    attack(`${role}: exports the people as a workbook`, async () => {
      const file = result(await lan.call('collection.export', { list: 'residents', addressId: null }, readers[role].token));
      const text = await workbookText(file.data);
      expect(text).toContain(maskIdNumber(ID));
      carriesNothingHidden(text);
    }, SLOW);

    attack(`${role}: a duplicate ID number's error tells more than the name`, async () => {
      const a = await lan.call('collection.residentCreate', person({ name: '冒名', idNumber: ID, phone: null, addressId: roomId }), readers[role].token);
      expect(a.json.ok).toBe(false);
      expect(a.json.error.key).toBe('collection.duplicateId');
      expect(a.body).not.toContain(PHONE);
      for (const part of BIRTH) expect(a.body).not.toContain(part);
    }, SLOW);
  }

  attack('auxiliary and grid worker: read every view that holds a number (houses, walk-ins, parties, properties, guards, volunteers)', async () => {
    const head = <T = any>(method: string, input: unknown) => ok<T>(lan.st.core.call(method, input, { token: lan.st.token }));
    await head('collection.houseSave', { addressId: roomId, use: 'residential', ownerName: '房主甲', ownerIdNumber: OTHERS.ownerId, ownerPhone: OTHERS.ownerPhone });
    const visit = await head('intake.register', walkIn({ visitorName: '来访乙', idNumber: OTHERS.walkInId, phone: OTHERS.walkInPhone, route: 'mediation' }));
    const c = await caseApi(lan.st).open({ parties: [party({ name: '当事人丙', idNumber: OTHERS.partyId, phone: OTHERS.partyPhone }), party({ name: '当事人丁', idNumber: idFor('220702', '19900101', 61), role: 'respondent' })] });
    const property = await head('patrol.propertySave', { name: '繁荣小区物业', addressId: null, company: '繁荣物业公司', contactName: '经理戊', contactPhone: '13355667788', nightGuards: 2, patrolPoints: 4, passScore: 60 });
    await head('patrol.guardSave', { propertyId: property.id, name: '保安己', phone: OTHERS.guardPhone });
    const volunteer = await head('patrol.volunteerSave', { name: '义巡庚', phone: OTHERS.volunteerPhone, note: null });
    const day = visit.localDate;
    const views: [string, unknown][] = [
      ['collection.house', { addressId: roomId }],
      ['collection.search', { q: '房主甲' }],
      ['intake.board', {}],
      ['intake.get', { id: visit.id }],
      ['intake.search', { name: '来访', from: day, to: day }],
      ['mediation.get', { id: c.id }],
      ['mediation.queue', {}],
      ['patrol.propertiesList', {}],
      ['patrol.volunteers', {}],
      ['patrol.volunteerGet', { id: volunteer.id }],
      ['office.taskLinkOptions', { kind: 'walkIn', q: '来访' }],
      ['office.taskLinkOptions', { kind: 'resident', q: null }],
    ];
    let read = 0;
    for (const who of [readers.auxiliary, readers.gridWorker]) {
      for (const [method, input] of views) {
        const a = await lan.call(method, input, who.token);
        // a view the role may not open is refused outright; one it may, shows masks only
        if (!a.json.ok) expect(a.json.error.code, `${who.role} ${method}: ${a.body}`).toBe('FORBIDDEN');
        else read += 1;
        carriesNoOtherHidden(a.body);
        carriesNothingHidden(a.body);
      }
    }
    // the sweep read something: the auxiliary at least works the front desk, mediation and patrol
    expect(read).toBeGreaterThanOrEqual(views.length);
  }, SLOW);

  attack('grid worker: uploads a sheet with a resident’s ID number and another phone to read the phone on record', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('实有人口');
    ws.addRow(['姓名', '公民身份号码', '联系电话', '现住址', '人员类别']);
    ws.addRow(['张三', ID, '13800001111', '繁荣小区3栋1单元201室', '户籍']);
    const file = { fileName: '第三网格.xlsx', data: await base64(wb), source: '第三网格' };
    const a = await lan.call('collection.importPreview', file, readers.gridWorker.token);
    const preview = result(a);
    const phone = preview.conflicts[0]?.fields.find((f: { field: string }) => f.field === 'phone');
    expect(phone).toEqual({ field: 'phone', current: maskPhone(PHONE), incoming: maskPhone('13800001111') });
    carriesNothingHidden(a.body);
    expect(a.body).not.toContain('13800001111');
    // matching a sheet's ID numbers with the records confirms them: it is on the unmasking report
    const report = result(await lan.call('audit.unmaskings', { method: 'collection.importPreview' }, lan.st.token));
    expect(report.entries).toEqual(expect.arrayContaining([expect.objectContaining({ staffId: readers.gridWorker.id, method: 'collection.importPreview' })]));
    // the refused rows' workbook and the commit say nothing more
    const rejects = result(await lan.call('collection.importRejects', file, readers.gridWorker.token));
    carriesNothingHidden(await workbookText(rejects.data));
    const commit = await lan.call('collection.importCommit', file, readers.gridWorker.token);
    carriesNothingHidden(commit.body);
  }, SLOW);

  attack('auxiliary: a task’s link options show a resident’s birth year', async () => {
    const a = await lan.call('office.taskLinkOptions', { kind: 'resident', q: '张' }, readers.auxiliary.token);
    // the label names the person by name and age
    const age = result(await lan.call('collection.residentGet', { id: residentId }, readers.auxiliary.token)).age;
    expect(result(a).map((o: { label: string }) => o.label)).toContain(`张三（${age}）`);
    carriesNothingHidden(a.body);
    expect(a.body).not.toContain('1985');
  }, SLOW);

  attack('mediator: prints an agreement to read the parties’ numbers in full', async () => {
    const c = await caseApi(lan.st).agreed({ parties: [party({ name: '张三', idNumber: ID, phone: PHONE }), party({ name: '李四', idNumber: idFor('220702', '19700101', 21), role: 'respondent' })] });
    const a = await lan.call('mediation.agreementDocument', { id: c.id }, mediator.token);
    const doc = result(a);
    expect(doc.parties[0]).toMatchObject({ name: '张三', idNumber: maskIdNumber(ID), phone: maskPhone(PHONE) });
    carriesNothingHidden(a.body);
  }, SLOW);
});
