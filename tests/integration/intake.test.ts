import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, VisitorMatch, WalkIn, WalkInPage } from '../../src/shared/intake/contract.js';
import { addStaff, ok, relogin, residentId, setUpStation, sql, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';

const ZHANG_ID = '11010519491231002X';
const ZHANG_LEGACY_ID = '110105491231002';
const ZHANG_PHONE = '13912345678';

describe('walk-ins: register, serve, refer', () => {
  let st: TestStation;
  let officer: TestStaff;
  let mediator: TestStaff;
  const call = (method: string, input: unknown, token = st.token) => st.core.call(method, input, { token });

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
    officer = await addStaff(st, 'officer', '刘警官');
    mediator = await addStaff(st, 'mediator', '陈调解');
  });
  afterAll(() => st.close());

  it('registers a walk-in as waiting, received by the caller, with age and sex from the ID (not the birth date)', async () => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ note: '邻里噪音' })));
    expect(w).toMatchObject({
      version: 1,
      localDate: '2026-11-28',
      route: 'mediation',
      queueNo: '调-001',
      arrivedAt: '2026-11-28T01:00:00.000Z',
      visitorName: '张三',
      idType: 'resident',
      age: 76,
      sex: 'female',
      purpose: 'dispute',
      note: '邻里噪音',
      status: 'waiting',
      receivedBy: { name: '王所长' },
      servedBy: null,
      servingStartedAt: null,
      finishedAt: null,
      referredFromId: null,
      referredToId: null,
    });
  });

  it('serves a walk-in: waiting → serving → done, recording who and when', async () => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '李四', route: 'office', purpose: 'certificate' })));
    st.setNow('2026-11-28T01:02:00Z');
    const serving = await ok<WalkIn>(call('intake.setStatus', { id: w.id, status: 'serving' }, officer.token));
    expect(serving).toMatchObject({
      status: 'serving',
      version: 2,
      servedBy: { id: officer.id, name: '刘警官' },
      servingStartedAt: '2026-11-28T01:02:00.000Z',
      finishedAt: null,
    });
    st.setNow('2026-11-28T01:04:00Z');
    const done = await ok<WalkIn>(call('intake.setStatus', { id: w.id, status: 'done' }, officer.token));
    expect(done).toMatchObject({ status: 'done', version: 3, finishedAt: '2026-11-28T01:04:00.000Z', servedBy: { id: officer.id } });
    // a finished walk-in stays finished
    expect(await call('intake.setStatus', { id: w.id, status: 'serving' }, officer.token)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'intake.statusTransition', params: { from: 'done', to: 'serving' } },
    });
    expect((await ok<WalkIn>(call('intake.get', { id: w.id }))).status).toBe('done');
  });

  it('puts a walk-in back in the queue (serving → waiting) and lets one leave', async () => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '王五', route: 'office' })));
    await ok(call('intake.setStatus', { id: w.id, status: 'serving' }));
    const back = await ok<WalkIn>(call('intake.setStatus', { id: w.id, status: 'waiting' }));
    expect(back).toMatchObject({ status: 'waiting', servedBy: null, servingStartedAt: null });
    const left = await ok<WalkIn>(call('intake.setStatus', { id: w.id, status: 'left' }));
    expect(left.status).toBe('left');
    expect(left.finishedAt).not.toBeNull();
  });

  it('refuses moves the board does not offer', async () => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '赵六', route: 'office' })));
    for (const status of ['done', 'referred'] as const) {
      expect(await call('intake.setStatus', { id: w.id, status })).toEqual({
        ok: false,
        error: { code: 'CONFLICT', key: 'intake.statusTransition', params: { from: 'waiting', to: status } },
      });
    }
    expect(await ok<WalkIn>(call('intake.get', { id: w.id }))).toMatchObject({ status: 'waiting', version: 1 });
    expect(await call('intake.setStatus', { id: '01900000-0000-7000-8000-000000000000', status: 'serving' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', key: 'intake.notFound' },
    });
  });

  it('refers a walk-in: the original is closed as referred, a new one waits in the target zone', async () => {
    st.setNow('2026-11-28T01:06:00Z');
    const original = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '孙七', route: 'duty', purpose: 'report', note: '丢失钱包' })));
    await ok(call('intake.setStatus', { id: original.id, status: 'serving' }, officer.token));
    st.setNow('2026-11-28T01:08:00Z');
    const referred = await ok<WalkIn>(call('intake.refer', { id: original.id, route: 'mediation', note: '涉及邻里纠纷' }, officer.token));
    expect(referred).toMatchObject({
      route: 'mediation',
      status: 'waiting',
      queueNo: '调-002',
      visitorName: '孙七',
      idNumberMasked: '1101**********002X',
      purpose: 'report',
      note: '涉及邻里纠纷',
      referredFromId: original.id,
      referredToId: null,
      receivedBy: { id: officer.id },
      arrivedAt: '2026-11-28T01:08:00.000Z',
    });
    expect(referred.id).not.toBe(original.id);
    const closed = await ok<WalkIn>(call('intake.get', { id: original.id }));
    expect(closed).toMatchObject({
      status: 'referred',
      referredToId: referred.id,
      finishedAt: '2026-11-28T01:08:00.000Z',
      servedBy: { id: officer.id },
      version: 3,
    });
    // the mediator takes it from there
    const taken = await ok<WalkIn>(call('intake.setStatus', { id: referred.id, status: 'serving' }, mediator.token));
    expect(taken.servedBy).toEqual({ id: mediator.id, name: '陈调解' });
  });

  it('keeps the note of the original when the referral gives none', async () => {
    const original = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '周八', route: 'office', note: '户口迁移' })));
    const referred = await ok<WalkIn>(call('intake.refer', { id: original.id, route: 'collection' }));
    expect(referred).toMatchObject({ route: 'collection', queueNo: '采-001', note: '户口迁移' });
  });

  it('will not refer a finished walk-in or to the zone it is already in', async () => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '吴九', route: 'office' })));
    expect(await call('intake.refer', { id: w.id, route: 'office' })).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'intake.sameRoute' } });
    await ok(call('intake.setStatus', { id: w.id, status: 'left' }));
    expect(await call('intake.refer', { id: w.id, route: 'mediation' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'intake.alreadyFinished' },
    });
  });

  it("shows the day's board, all zones or one, in order of arrival", async () => {
    const all = await ok<Board>(call('intake.board', {}));
    expect(all.localDate).toBe('2026-11-28');
    expect(all.walkIns.map((w) => w.visitorName)).toEqual(['张三', '李四', '王五', '赵六', '孙七', '孙七', '周八', '周八', '吴九']);
    // a mediator's board is the mediation zone's, the walk-in referred there included
    const mediators = await ok<Board>(call('intake.board', {}, mediator.token));
    expect(mediators.walkIns.map((w) => `${w.queueNo} ${w.visitorName}`)).toEqual(['调-001 张三', '调-002 孙七']);
    const mediation = await ok<Board>(call('intake.board', { route: 'mediation' }));
    expect(mediation.walkIns.map((w) => `${w.queueNo} ${w.visitorName} ${w.status}`)).toEqual(['调-001 张三 waiting', '调-002 孙七 serving']);
    const otherDay = await ok<Board>(call('intake.board', { date: '2026-11-27' }));
    expect(otherDay).toEqual({ localDate: '2026-11-27', walkIns: [] });
  });
});

describe('returning visitors, history search and masking', () => {
  let st: TestStation;
  let auxiliary: TestStaff;
  let officer: TestStaff;
  const call = (method: string, input: unknown, token = st.token) => st.core.call(method, input, { token });
  /** registers at a given instant, the head logged in for that day */
  const registerAt = async (at: string, over: Record<string, unknown>) => {
    st.setNow(at);
    await relogin(st);
    return ok<WalkIn>(call('intake.register', walkIn(over)));
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-20T02:00:00Z' });
    // 张三 comes three times over a week; others once
    ids.zhang1 = (await registerAt('2026-11-20T02:00:00Z', { visitorName: '张三', idNumber: ZHANG_ID, phone: ZHANG_PHONE })).id;
    ids.li = (await registerAt('2026-11-21T03:00:00Z', { visitorName: '李张', idNumber: residentId('22070219800101123'), phone: '13600000001' })).id;
    ids.zhang2 = (await registerAt('2026-11-22T04:00:00Z', { visitorName: '张三', idNumber: ZHANG_ID, phone: ZHANG_PHONE })).id;
    ids.zsf = (await registerAt('2026-11-23T05:00:00Z', { visitorName: '张三丰', idType: 'passport', idNumber: 'E12345678', phone: null })).id;
    ids.zhao = (await registerAt('2026-11-24T06:00:00Z', { visitorName: '赵敏', idType: 'none', idNumber: null, phone: '13700000002' })).id;
    ids.zhang3 = (await registerAt('2026-11-27T16:30:00Z', { visitorName: '张三', idNumber: ZHANG_ID, phone: ZHANG_PHONE })).id; // 00:30 on the 28th, local
    st.setNow('2026-11-28T02:00:00Z');
    await relogin(st);
    auxiliary = await addStaff(st, 'auxiliary');
    officer = await addStaff(st, 'officer');
  });
  afterAll(() => st.close());

  it('finds a returning visitor by the full ID number: the name to fill in, the phone masked', async () => {
    const match = await ok<VisitorMatch>(call('intake.findVisitor', { idNumber: ZHANG_ID }, auxiliary.token));
    expect(match).toEqual({
      visitorName: '张三',
      idType: 'resident',
      idNumber: ZHANG_ID,
      phone: null,
      idNumberMasked: '1101**********002X',
      phoneMasked: '139****5678',
      lastVisitAt: '2026-11-27T16:30:00.000Z',
      visits: 3,
    });
    // by phone, the ID stays masked: an auxiliary may not unmask, so a lookup must not either
    const byPhone = await ok<VisitorMatch>(call('intake.findVisitor', { phone: ZHANG_PHONE }, auxiliary.token));
    expect(byPhone).toMatchObject({ idNumber: null, phone: ZHANG_PHONE, idNumberMasked: '1101**********002X' });
    expect(JSON.stringify(byPhone)).not.toContain(ZHANG_ID);
  });

  it('gives the other identifier in full only to a role that may unmask (officer, head), and puts the lookup in the unmasking report', async () => {
    const byId = await ok<VisitorMatch>(call('intake.findVisitor', { idNumber: ZHANG_ID }, officer.token));
    expect(byId).toMatchObject({ visitorName: '张三', idNumber: ZHANG_ID, phone: ZHANG_PHONE });
    const byPhone = await ok<VisitorMatch>(call('intake.findVisitor', { phone: ZHANG_PHONE }, officer.token));
    expect(byPhone).toMatchObject({ idNumber: ZHANG_ID, phone: ZHANG_PHONE });
    const report = await ok<{ entries: { method: string; staffId: string }[] }>(call('audit.unmaskings', { limit: 50 }));
    expect(report.entries.filter((e) => e.method === 'intake.findVisitor' && e.staffId === officer.id)).toHaveLength(2);
  });

  it('finds the same visitor by the legacy 15-digit form and by a lower-case x', async () => {
    expect(await ok<VisitorMatch>(call('intake.findVisitor', { idNumber: ZHANG_LEGACY_ID }))).toMatchObject({ visitorName: '张三', idNumber: ZHANG_ID });
    expect(await ok<VisitorMatch>(call('intake.findVisitor', { idNumber: ZHANG_ID.toLowerCase() }))).toMatchObject({ visitorName: '张三' });
  });

  it('finds a returning visitor by mobile, with or without +86 and spaces', async () => {
    for (const phone of [ZHANG_PHONE, '+8613912345678', '+86 139 1234 5678', '0086-139-1234-5678']) {
      expect(await ok<VisitorMatch>(call('intake.findVisitor', { phone })), phone).toMatchObject({ visitorName: '张三', visits: 3 });
    }
    expect(await ok<VisitorMatch>(call('intake.findVisitor', { phone: '13700000002' }))).toMatchObject({ visitorName: '赵敏', idNumber: null });
  });

  it('answers null for someone who has not been here', async () => {
    expect(await ok(call('intake.findVisitor', { idNumber: residentId('11010519800101001') }))).toBeNull();
    expect(await ok(call('intake.findVisitor', { phone: '13811112222' }))).toBeNull();
  });

  it('audits each lookup, since it shows the number in full', async () => {
    const before = await sql(st, `SELECT * FROM audit_log WHERE method = 'intake.findVisitor'`);
    await ok(call('intake.findVisitor', { idNumber: ZHANG_ID }, auxiliary.token));
    const after = await sql<{ staffId: string; recordId: string }>(st, `SELECT * FROM audit_log WHERE method = 'intake.findVisitor' ORDER BY id`);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ staffId: auxiliary.id, recordId: ids.zhang3 });
  });

  const search = async (input: Record<string, unknown>, token = st.token) => ok<WalkInPage>(call('intake.search', input, token));
  const names = (page: WalkInPage) => page.walkIns.map((w) => w.visitorName);

  it('searches history by the start of a name, newest first', async () => {
    expect(names(await search({ name: '张' }))).toEqual(['张三', '张三丰', '张三', '张三']);
    expect(names(await search({ name: '张三丰' }))).toEqual(['张三丰']);
    expect(names(await search({ name: '李' }))).toEqual(['李张']);
    expect(names(await search({ name: '三' }))).toEqual([]);
  });

  it('searches by ID number (18 or 15 digits) and by phone (+86 too)', async () => {
    expect((await search({ idNumber: ZHANG_ID })).walkIns.map((w) => w.id)).toEqual([ids.zhang3, ids.zhang2, ids.zhang1]);
    expect((await search({ idNumber: ZHANG_LEGACY_ID })).walkIns.map((w) => w.id)).toEqual([ids.zhang3, ids.zhang2, ids.zhang1]);
    expect((await search({ idNumber: 'e12345678' })).walkIns.map((w) => w.id)).toEqual([ids.zsf]);
    expect((await search({ phone: '+86 137 0000 0002' })).walkIns.map((w) => w.id)).toEqual([ids.zhao]);
  });

  it('says a number must be whole instead of finding nobody by a part of it', async () => {
    expect(await call('intake.search', { idNumber: ZHANG_ID.slice(-6) })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'idNumber', key: 'intake.wholeIdNumber' } });
    expect(await call('intake.search', { phone: '1370000' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'phone', key: 'intake.wholePhone' } });
    // full-width digits from a Chinese input method are a whole number all the same
    const fullWidth = ZHANG_ID.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect((await search({ idNumber: fullWidth })).walkIns.map((w) => w.id)).toEqual([ids.zhang3, ids.zhang2, ids.zhang1]);
  });

  it('searches by a date range of local (station) dates, both ends included', async () => {
    expect(names(await search({ from: '2026-11-21', to: '2026-11-23' }))).toEqual(['张三丰', '张三', '李张']);
    // 2026-11-27T16:30Z is already the 28th in Shanghai
    expect((await search({ from: '2026-11-28', to: '2026-11-28' })).walkIns.map((w) => w.id)).toEqual([ids.zhang3]);
    expect((await search({ to: '2026-11-27' })).walkIns.map((w) => w.id)).not.toContain(ids.zhang3);
    expect(await call('intake.search', { from: '2026-11-23', to: '2026-11-21' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'dateRange', field: 'to' },
    });
  });

  it('combines criteria', async () => {
    expect((await search({ name: '张', from: '2026-11-22', to: '2026-11-22' })).walkIns.map((w) => w.id)).toEqual([ids.zhang2]);
    expect((await search({ name: '李', idNumber: ZHANG_ID })).walkIns).toEqual([]);
  });

  it('pages through history with nextBefore, without gaps or repeats', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await search(before ? { limit: 2, before } : { limit: 2 });
      pages += 1;
      expect(page.walkIns.length).toBeLessThanOrEqual(2);
      seen.push(...page.walkIns.map((w) => w.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([ids.zhang3, ids.zhao, ids.zsf, ids.zhang2, ids.li, ids.zhang1]);
    const all = await search({});
    expect(all.nextBefore).toBeNull();
    expect(all.walkIns.map((w) => w.id)).toEqual(seen);
  });

  it('masks ID and phone in board, search and get, and never sends them in full', async () => {
    const board = await ok<Board>(call('intake.board', { date: '2026-11-28' }, auxiliary.token));
    const page = await search({}, auxiliary.token);
    const one = await ok<WalkIn>(call('intake.get', { id: ids.zhang1 }, auxiliary.token));
    expect(one).toMatchObject({ idNumberMasked: '1101**********002X', phoneMasked: '139****5678' });
    expect(board.walkIns[0]).toMatchObject({ idNumberMasked: '1101**********002X', phoneMasked: '139****5678' });
    const passport = page.walkIns.find((w) => w.id === ids.zsf)!;
    expect(passport.idNumberMasked).toBe('E1*****78');
    for (const json of [JSON.stringify(board), JSON.stringify(page), JSON.stringify(one)]) {
      for (const secret of [ZHANG_ID, ZHANG_PHONE, '13600000001', '13700000002', 'E12345678', '19491231', '220702198001011']) {
        expect(json).not.toContain(secret);
      }
      expect(json).not.toMatch(/"idNumber"|"phone"/);
    }
  });

  it('reveals the full numbers to an officer, and audits who, which record and why', async () => {
    st.setNow('2026-11-28T02:05:00Z');
    const full = await ok(call('intake.reveal', { id: ids.zhang2, reason: '核实身份，办理证明' }, officer.token));
    expect(full).toEqual({ idNumber: ZHANG_ID, phone: ZHANG_PHONE });
    const rows = await sql(st, `SELECT * FROM audit_log WHERE method = 'intake.reveal'`);
    expect(rows).toEqual([
      {
        id: expect.any(String),
        at: '2026-11-28T02:05:00.000Z',
        staffId: officer.id,
        staffName: officer.name,
        method: 'intake.reveal',
        recordId: ids.zhang2,
        detail: '核实身份，办理证明',
      },
    ]);
  });

  it('reveal needs a reason', async () => {
    expect(await call('intake.reveal', { id: ids.zhang2, reason: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'required', field: 'reason' },
    });
  });

  it('an auxiliary (and a grid worker or mediator) may not reveal, and nothing is audited', async () => {
    const grid = await addStaff(st, 'gridWorker');
    const mediator = await addStaff(st, 'mediator');
    for (const token of [auxiliary.token, grid.token, mediator.token]) {
      expect(await call('intake.reveal', { id: ids.zhang2, reason: '好奇' }, token)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', key: 'role' },
      });
    }
    expect(await sql(st, `SELECT * FROM audit_log WHERE method = 'intake.reveal'`)).toHaveLength(1);
  });
});

describe('walk-ins: numbers typed in full width', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
  });
  afterAll(() => st.close());

  // what a Chinese input method in full-width mode types: digits, ｘ, ＋ and the ideographic space
  const fullWidth = (s: string) => s.replace(/[0-9A-Za-z+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('takes an ID number and a mobile typed in full width and stores them half-width', async () => {
    const input = walkIn({ idNumber: `${fullWidth(ZHANG_ID.slice(0, 6))}\u3000${fullWidth(ZHANG_ID.slice(6).toLowerCase())}`, phone: fullWidth('+86 139 1234 5678') });
    const w = await ok<WalkIn>(st.core.call('intake.register', input, { token: st.token }));
    expect(w).toMatchObject({ idNumberMasked: '1101**********002X', phoneMasked: '139****5678', age: 76 });
    const [row] = await sql<{ idNumber: string; phone: string }>(st, 'SELECT "idNumber", "phone" FROM walk_in WHERE id = ?', [w.id]);
    expect(row).toEqual({ idNumber: ZHANG_ID, phone: ZHANG_PHONE });
  });
});

describe('taking back an end', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
  });
  afterAll(() => st.close());
  const act = (method: string, input: unknown, token = st.token) => st.core.call(method, input, { token });

  it('puts a walk-in back as it was within seconds, by the one who ended it, and not later or by another', async () => {
    const served = await ok<WalkIn>(act('intake.register', walkIn({ visitorName: '王五' })));
    await ok(act('intake.setStatus', { id: served.id, status: 'serving' }));
    await ok(act('intake.setStatus', { id: served.id, status: 'done' }));
    // a click on 办结 meant for something else: back to being served, by the same person
    expect(await ok<WalkIn>(act('intake.undoFinish', { id: served.id }))).toMatchObject({ status: 'serving', finishedAt: null, servedBy: { name: expect.any(String) } });

    const waiting = await ok<WalkIn>(act('intake.register', walkIn({ visitorName: '赵六' })));
    await ok(act('intake.setStatus', { id: waiting.id, status: 'left' }));
    const other = await addStaff(st, 'auxiliary', '钱辅警');
    expect(await act('intake.undoFinish', { id: waiting.id }, other.token)).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.undoNotYours' } });
    expect(await ok<WalkIn>(act('intake.undoFinish', { id: waiting.id }))).toMatchObject({ status: 'waiting', finishedAt: null });

    // too late: past the few seconds the desk offers
    await ok(act('intake.setStatus', { id: waiting.id, status: 'left' }));
    st.setNow('2026-11-28T02:00:30Z');
    await relogin(st);
    expect(await act('intake.undoFinish', { id: waiting.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.undoLate' } });
    // a walk-in that is not ended has nothing to take back
    expect(await act('intake.undoFinish', { id: served.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.statusTransition' } });
  });
});
