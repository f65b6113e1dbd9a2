import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/shared/checks/idNumber.js';
import type { WalkIn } from '../../src/shared/intake/contract.js';
import type { AgreementDocument } from '../../src/shared/mediation/agreement.js';
import type { MediationCase, Mediator, Suggestion } from '../../src/shared/mediation/contract.js';
import { CASE_ACTIONS, CASE_STATUSES, type CaseAction, type CaseStatus } from '../../src/shared/mediation/model.js';
import { addStaff, ok, setUpStation, sql, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';
import { LI_ID, WANG_ID, ZHAO_ID, caseApi, directCase, freshId, party, travel } from './mediation.helpers.js';

const NO_SUCH_ID = '01900000-0000-7000-8000-000000000000';

describe('opening a case', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;
  let auxiliary: TestStaff;
  let officer: TestStaff;
  let grid: TestStaff;

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
    api = caseApi(st);
    auxiliary = await addStaff(st, 'auxiliary', '赵辅警');
    officer = await addStaff(st, 'officer', '刘警官');
    grid = await addStaff(st, 'gridWorker');
  });
  afterAll(() => st.close());

  it('opens a case from a walk-in routed to mediation: the visitor is the first party, the walk-in is served', async () => {
    const w = await ok<WalkIn>(api.call('intake.register', walkIn({ visitorName: '张三', note: '邻居噪音' }), auxiliary.token));
    const c = await ok<MediationCase>(
      api.call(
        'mediation.openCase',
        {
          source: 'walkIn',
          walkInId: w.id,
          walkInParty: { role: 'applicant', address: '繁荣小区1栋101', claim: '要求对方晚上十点后停止装修' },
          type: 'neighbour',
          place: '繁荣小区1栋',
          facts: '楼上夜间装修噪音。',
          parties: [party({ name: '王强', idNumber: WANG_ID, role: 'respondent' })],
        },
        auxiliary.token,
      ),
    );
    expect(c).toMatchObject({
      version: 1,
      caseNo: '2026-0001',
      status: 'registered',
      source: 'walkIn',
      walkInId: w.id,
      registeredBy: { id: auxiliary.id, name: '赵辅警' },
      registeredAt: '2026-11-28T02:00:00.000Z',
      outcome: null,
      clocks: { acceptedAt: null, startDueAt: null, concludeDueDate: null, startOverdue: false, concludeOverdue: false },
      next: ['update', 'addParty', 'accept', 'decline', 'cancel'],
    });
    expect(c.parties.map((p) => [p.seq, p.name, p.role, p.idNumberMasked, p.phoneMasked, p.claim])).toEqual([
      [1, '张三', 'applicant', '1101**********002X', '139****5678', '要求对方晚上十点后停止装修'],
      [2, '王强', 'respondent', '2207**********' + WANG_ID.slice(-4), '136****0001', null],
    ]);
    // numbers are masked in the case as in every list
    expect(JSON.stringify(c)).not.toContain('11010519491231002X');
    expect(JSON.stringify(c)).not.toContain('13912345678');
    // stored in full, for the agreement
    const [stored] = await sql<{ idNumber: string; phone: string }>(st, `SELECT "idNumber", "phone" FROM mediation_party WHERE "caseId" = ? AND seq = 1`, [c.id]);
    expect(stored).toEqual({ idNumber: '11010519491231002X', phone: '13912345678' });
    // the desk's board shows the walk-in as served, by the one who opened the case
    expect(await ok<WalkIn>(api.call('intake.get', { id: w.id }))).toMatchObject({ status: 'done', servedBy: { id: auxiliary.id } });

    // one walk-in, one case
    expect(await api.call('mediation.openCase', { source: 'walkIn', walkInId: w.id, type: 'neighbour', place: 'x', facts: 'y' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.walkInTaken', params: { caseNo: '2026-0001' } },
    });
  });

  it('opens from a walk-in that is being served, and refuses walk-ins of other zones or handed on', async () => {
    const serving = await ok<WalkIn>(api.call('intake.register', walkIn({ visitorName: '孙七' })));
    await ok(api.call('intake.setStatus', { id: serving.id, status: 'serving' }, officer.token));
    await ok(api.call('mediation.openCase', { source: 'walkIn', walkInId: serving.id, type: 'family', place: '家中', facts: '家庭矛盾' }, officer.token));
    expect(await ok<WalkIn>(api.call('intake.get', { id: serving.id }))).toMatchObject({ status: 'done', servedBy: { id: officer.id } });

    const office = await ok<WalkIn>(api.call('intake.register', walkIn({ route: 'office', purpose: 'certificate' })));
    expect(await api.call('mediation.openCase', { source: 'walkIn', walkInId: office.id, type: 'other', place: 'x', facts: 'y' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.walkInRoute' },
    });
    const duty = await ok<WalkIn>(api.call('intake.register', walkIn({ route: 'duty', purpose: 'report' })));
    await ok(api.call('intake.refer', { id: duty.id, route: 'mediation' }));
    expect(await api.call('mediation.openCase', { source: 'walkIn', walkInId: duty.id, type: 'other', place: 'x', facts: 'y' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.walkInReferred' },
    });
    expect(await api.call('mediation.openCase', { source: 'walkIn', walkInId: NO_SUCH_ID, type: 'other', place: 'x', facts: 'y' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', key: 'intake.notFound' },
    });
  });

  it("records the duty officer's referral (Art. 18) with who and when", async () => {
    const c = await api.open({ source: 'referral', referredById: officer.id, referredAt: '2026-11-28T09:30:00+08:00', investigation: '已初步调查，双方均在场。' });
    expect(c).toMatchObject({ source: 'referral', referredBy: { id: officer.id, name: '刘警官' }, referredAt: '2026-11-28T01:30:00.000Z', investigation: '已初步调查，双方均在场。' });
    expect(await api.call('mediation.openCase', directCase({ source: 'referral', referredById: NO_SUCH_ID, referredAt: '2026-11-28T09:30:00+08:00' }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'mediation.staffUnknown', field: 'referredById' },
    });
    expect(await api.call('mediation.openCase', directCase({ source: 'referral', referredById: officer.id, referredAt: '2026-11-29T09:30:00+08:00' }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'mediation.futureTime', field: 'referredAt' },
    });
  });

  it('refuses bad input with the field and a precise key, and writes nothing', async () => {
    const [{ n: before }] = await sql<{ n: number }>(st, 'SELECT COUNT(*) AS n FROM mediation_case');
    const expectInvalid = async (input: Record<string, unknown>, field: string, key: string) =>
      expect(await api.call('mediation.openCase', input), `${field} ${key}`).toMatchObject({ ok: false, error: { code: 'VALIDATION', field, key } });

    await expectInvalid(directCase({ parties: [] }), 'parties', 'mediation.partiesRequired');
    await expectInvalid(directCase({ parties: [party({ name: '  ' })] }), 'parties.0.name', 'required');
    await expectInvalid(directCase({ parties: [party(), party({ idNumber: '220702198001011234' })] }), 'parties.1.idNumber', 'idNumber.checksum');
    await expectInvalid(directCase({ parties: [party(), party({ role: 'judge' })] }), 'parties.1.role', 'invalidOption');
    await expectInvalid(directCase({ parties: [party(), party({ name: '李明二' })] }), 'parties.1.idNumber', 'mediation.duplicateParty');
    await expectInvalid(directCase({ facts: '   ' }), 'facts', 'required');
    await expectInvalid(directCase({ type: 'murder' }), 'type', 'invalidOption');
    await expectInvalid(directCase({ tags: [{ kind: 'mood', label: 'x' }] }), 'tags.0.kind', 'invalidOption');
    await expectInvalid({ ...directCase(), source: undefined }, 'source', 'required');
    await expectInvalid(directCase({ source: 'walkIn' }), 'walkInId', 'required');
    await expectInvalid(directCase({ walkInId: NO_SUCH_ID }), 'walkInId', 'mediation.walkInSource');
    await expectInvalid(directCase({ source: 'referral' }), 'referredById', 'required');
    await expectInvalid(directCase({ referredAt: 'yesterday', referredById: NO_SUCH_ID }), 'referredAt', 'mediation.dateTime');
    await expectInvalid(directCase({ facts: 'x'.repeat(4001) }), 'facts', 'tooLong');
    const [{ n: after }] = await sql<{ n: number }>(st, 'SELECT COUNT(*) AS n FROM mediation_case');
    expect(after).toBe(before);
  });

  it('stores HTML-looking text verbatim (it is printed as text, never interpreted)', async () => {
    const html = '<script>alert("x")</script><b>漏水</b> & 1 < 2';
    const c = await api.open({ facts: html, investigation: '<img src=x onerror=alert(1)>' });
    expect(c.facts).toBe(html);
    expect(c.investigation).toBe('<img src=x onerror=alert(1)>');
    const m = await api.mediating({ facts: html });
    const withMinutes = await api.act('mediation.addSession', m, { heldAt: m.clocks.acceptedAt, place: '<i>调解室</i>', minutes: '<p>笔录</p>' });
    expect(withMinutes.sessions[1]).toMatchObject({ place: '<i>调解室</i>', minutes: '<p>笔录</p>' });
  });

  it('lets an auxiliary open cases only from a walk-in, and a grid worker nothing at all', async () => {
    expect(await api.call('mediation.openCase', directCase(), auxiliary.token)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', key: 'mediation.auxiliaryWalkInOnly' },
    });
    const c = await api.open();
    for (const [method, input] of [
      ['mediation.get', { id: c.id }],
      ['mediation.queue', {}],
      ['mediation.openCase', directCase()],
    ] as const) {
      expect(await api.call(method, input, grid.token), method).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    }
    // reading is fine for an auxiliary; deciding is not
    expect((await ok<MediationCase>(api.call('mediation.get', { id: c.id }, auxiliary.token))).id).toBe(c.id);
    expect(await api.call('mediation.accept', { id: c.id, version: c.version }, auxiliary.token)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
  });

  it('numbers cases per local year and answers NOT_FOUND for an unknown case', async () => {
    const nos = (await sql<{ caseNo: string }>(st, 'SELECT "caseNo" FROM mediation_case ORDER BY "caseSeq"')).map((r) => r.caseNo);
    expect(nos.slice(0, 3)).toEqual(['2026-0001', '2026-0002', '2026-0003']);
    // 2026-12-31T16:30Z is already 2027 in Shanghai
    await travel(st, '2026-12-31T16:30:00Z');
    expect((await api.open()).caseNo).toBe('2027-0001');
    expect(await api.call('mediation.get', { id: NO_SUCH_ID })).toEqual({ ok: false, error: { code: 'NOT_FOUND', key: 'mediation.notFound' } });
  });
});

describe('on one station: a case from registration to archive, concurrent changes, the state machine', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;
  let officer: TestStaff;
  let mediatorStaff: TestStaff;
  let auxiliary: TestStaff;

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-03-02T02:00:00Z' });
    api = caseApi(st);
    officer = await addStaff(st, 'officer', '刘警官');
    mediatorStaff = await addStaff(st, 'mediator', '陈调解');
    auxiliary = await addStaff(st, 'auxiliary');
  });
  afterAll(() => st.close());

  it('goes registered → accepted → mediating → agreed → followed up → archived, each step audited and in the outbox', async () => {
    // the mediator's session as of now: travel() below starts a new one for the next days
    let m = mediatorStaff.token;
    let c = await api.open({ parties: directCase().parties, matters: '修缮费用如何分担', tags: [{ kind: 'place', label: '繁荣小区' }, { kind: 'event', label: '漏水' }] });
    expect(c.tags).toEqual([{ kind: 'place', label: '繁荣小区' }, { kind: 'event', label: '漏水' }]);

    c = await api.act('mediation.accept', c, {}, m);
    expect(c).toMatchObject({
      status: 'accepted',
      version: 2,
      decidedBy: { id: mediatorStaff.id },
      clocks: {
        acceptedAt: '2026-03-02T02:00:00.000Z',
        startDueAt: '2026-03-03T02:00:00.000Z',
        concludeDueDate: '2026-04-02',
        concludeDueAt: '2026-04-02T16:00:00.000Z',
        startOverdue: false,
        concludeOverdue: false,
        extension: null,
      },
    });
    expect(c.next).toEqual(['update', 'addParty', 'assign', 'addSession', 'recordFailure', 'extend', 'cancel']);

    // the pool: suggestions put the neighbour specialist first
    const chen = await ok<Mediator>(api.call('mediation.poolCreate', { name: '陈调解', specialties: ['neighbour'], organisation: '繁荣社区人民调解委员会', phone: '13700000011', staffId: mediatorStaff.id }));
    const zhou = await ok<Mediator>(api.call('mediation.poolCreate', { name: '周律师', specialties: ['labour', 'debt'], organisation: '某律师事务所' }));
    const suggestions = await ok<Suggestion[]>(api.call('mediation.suggestMediators', { id: c.id }, m));
    expect(suggestions.map((s) => [s.name, s.specialtyMatch, s.alreadyAssigned])).toEqual([
      ['陈调解', true, false],
      ['周律师', false, false],
    ]);

    // sessions need a mediator on the case
    expect(await api.call('mediation.addSession', { id: c.id, version: c.version, heldAt: '2026-03-02T02:30:00Z', place: '调解室', minutes: '…' }, m)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.noMediator' },
    });
    c = await api.act('mediation.assign', c, { mediatorIds: [chen.id, zhou.id], chosenByParties: true }, m);
    expect(c.assignments.map((a) => [a.name, a.chosenByParties])).toEqual([
      ['陈调解', true],
      ['周律师', true],
    ]);
    // re-assigning keeps the one still named and unassigns the other (kept, cancelled)
    c = await api.act('mediation.assign', c, { mediatorIds: [chen.id], chosenByParties: true }, m);
    expect(c.assignments.map((a) => a.name)).toEqual(['陈调解']);
    expect(await sql(st, `SELECT "cancelReason" FROM mediation_assignment WHERE "mediatorId" = ?`, [zhou.id])).toEqual([{ cancelReason: 'reassigned' }]);
    expect((await ok<Suggestion[]>(api.call('mediation.suggestMediators', { id: c.id }, m)))[0]).toMatchObject({ name: '陈调解', alreadyAssigned: true, load: 1 });

    const [li, wang] = c.parties;
    c = await api.act(
      'mediation.addSession',
      c,
      {
        heldAt: '2026-03-02T10:00:00+08:00',
        place: '警务室调解室',
        attendeePartyIds: [li.id, wang.id],
        otherAttendees: '物业经理 孙某',
        minutes: '双方陈述；王强同意承担修缮费用。',
        signedPartyIds: [li.id],
      },
      m,
    );
    expect(c).toMatchObject({ status: 'mediating', clocks: { startedAt: '2026-03-02T02:00:00.000Z', startOverdue: false } });
    expect(c.sessions).toEqual([
      {
        id: expect.any(String),
        seq: 1,
        heldAt: '2026-03-02T02:00:00.000Z',
        place: '警务室调解室',
        attendeePartyIds: [li.id, wang.id],
        otherAttendees: '物业经理 孙某',
        minutes: '双方陈述；王强同意承担修缮费用。',
        signedPartyIds: [li.id],
        mediatorSigned: false,
        recordedBy: { id: mediatorStaff.id, name: '陈调解' },
      },
    ]);
    // the other party signs the minutes later; a signature is never taken back
    c = await api.act('mediation.signSession', c, { sessionId: c.sessions[0].id, signedPartyIds: [li.id, wang.id], mediatorSigned: true }, m);
    expect(c.sessions[0]).toMatchObject({ signedPartyIds: [li.id, wang.id], mediatorSigned: true });
    expect(await api.call('mediation.signSession', { id: c.id, version: c.version, sessionId: c.sessions[0].id, signedPartyIds: [li.id], mediatorSigned: true }, m)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.signatureWithdrawn' },
    });

    // an agreement needs terms, and a performance date not in the past
    expect(await api.call('mediation.recordAgreement', { id: c.id, version: c.version, terms: '  ' }, m)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'terms', key: 'required' },
    });
    expect(await api.call('mediation.recordAgreement', { id: c.id, version: c.version, terms: '赔偿', performanceDueDate: '2026-03-01' }, m)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'performanceDueDate', key: 'mediation.pastDate' },
    });
    await travel(st, '2026-03-10T02:00:00Z', mediatorStaff, officer, auxiliary);
    m = mediatorStaff.token;
    c = await api.act(
      'mediation.recordAgreement',
      c,
      {
        liability: '王强负主要责任',
        terms: '王强于三月底前赔偿李明修缮费2000元。',
        performanceMethod: '现金一次付清',
        performancePlace: '繁荣社区警务室',
        performanceDueDate: '2026-03-31',
      },
      m,
    );
    expect(c).toMatchObject({
      status: 'agreed',
      outcome: 'agreed',
      concludedAt: '2026-03-10T02:00:00.000Z',
      agreement: { agreedDate: '2026-03-10', judicialDeadline: '2026-04-09', performanceDueDate: '2026-03-31', recordedBy: { id: mediatorStaff.id } },
      next: ['scheduleFollowUp', 'recordFollowUp', 'cancel'],
    });

    // the printable agreement: one copy per party and one for the file; reading it is audited. The
    // mediator may not unmask: the identities come masked, as on screen; the officer's copy has them in full
    const doc = await ok<AgreementDocument>(api.call('mediation.agreementDocument', { id: c.id }, m));
    expect(doc).toMatchObject({
      title: '人民调解协议书',
      caseNo: c.caseNo,
      committee: '繁荣社区人民调解委员会',
      agreedDate: '2026-03-10',
      judicialConfirmation: { days: 30, deadline: '2026-04-09' },
      performance: { method: '现金一次付清', place: '繁荣社区警务室', dueDate: '2026-03-31' },
    });
    expect(doc.parties.map((p) => [p.roleLabel, p.name, p.idNumber])).toEqual([
      ['申请人', '李明', maskIdNumber(LI_ID)],
      ['被申请人', '王强', maskIdNumber(WANG_ID)],
    ]);
    const officersCopy = await ok<AgreementDocument>(api.call('mediation.agreementDocument', { id: c.id }, officer.token));
    expect(officersCopy.parties.map((p) => p.idNumber)).toEqual([LI_ID, WANG_ID]);
    expect(doc.copies.map((x) => x.label)).toEqual(['申请人李明收执', '被申请人王强收执', '调解委员会存档']);
    expect(doc.signatures.map((s) => [s.kind, s.name])).toEqual([
      ['party', '李明'],
      ['party', '王强'],
      ['mediator', '陈调解'],
    ]);
    expect(doc.sections.find((s) => s.heading === '经调解，自愿达成如下协议')?.text).toBe('王强于三月底前赔偿李明修缮费2000元。');
    expect(await sql(st, `SELECT "staffId", "recordId" FROM audit_log WHERE method = 'mediation.agreementDocument' ORDER BY "at"`)).toEqual([
      { staffId: mediatorStaff.id, recordId: c.id },
      { staffId: officer.id, recordId: c.id },
    ]);

    // archive only after the follow-up visit
    expect(await api.call('mediation.archive', { id: c.id, version: c.version }, officer.token)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.followUpFirst' },
    });
    expect(await api.call('mediation.scheduleFollowUp', { id: c.id, version: c.version, date: '2026-03-09' }, auxiliary.token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'date', key: 'mediation.pastDate' },
    });
    c = await api.act('mediation.scheduleFollowUp', c, { date: '2026-04-01' }, auxiliary.token);
    expect(c.followUps).toEqual([
      { id: expect.any(String), scheduledDate: '2026-04-01', doneAt: null, doneDate: null, performance: null, notes: null, overdue: false },
    ]);
    // visited before the appointed day: it counts, and the appointment is kept as made
    c = await api.act('mediation.recordFollowUp', c, { followUpId: c.followUps[0].id, performance: 'full', notes: '已按时赔偿，双方满意。' }, auxiliary.token);
    expect(c).toMatchObject({ status: 'followedUp', followUps: [{ scheduledDate: '2026-04-01', doneDate: '2026-03-10', performance: 'full', notes: '已按时赔偿，双方满意。' }] });
    expect(await api.call('mediation.recordFollowUp', { id: c.id, version: c.version, followUpId: c.followUps[0].id, performance: 'full', notes: '再次' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.followUpDone' },
    });
    c = await api.act('mediation.archive', c, {}, officer.token);
    expect(c).toMatchObject({ status: 'archived', outcome: 'agreed', archivedAt: '2026-03-10T02:00:00.000Z', next: [] });

    // every step is in the audit log, against the case
    const audited = await sql<{ method: string }>(st, `SELECT method FROM audit_log WHERE "recordId" = ? ORDER BY at, id`, [c.id]);
    expect(audited.map((a) => a.method)).toEqual([
      'mediation.openCase',
      'mediation.accept',
      'mediation.assign',
      'mediation.assign',
      'mediation.addSession',
      'mediation.signSession',
      'mediation.recordAgreement',
      'mediation.agreementDocument',
      'mediation.agreementDocument',
      'mediation.scheduleFollowUp',
      'mediation.recordFollowUp',
      'mediation.archive',
    ]);
    // the steps as kinds with their values, for the audit screen to word
    const details = await sql<{ method: string; detail: string }>(st, `SELECT method, detail FROM audit_log WHERE "recordId" = ? AND method IN ('mediation.accept', 'mediation.recordAgreement', 'mediation.archive') ORDER BY at, id`, [c.id]);
    expect(details.map((d) => JSON.parse(d.detail))).toEqual([{ kind: 'caseStep', step: 'accepted' }, { kind: 'caseStep', step: 'agreed' }, { kind: 'caseStep', step: 'archived' }]);

    // and every row is in the outbox, each version of the case once
    const outbox = await sql<{ tableName: string; op: string; version: number }>(
      st,
      `SELECT "tableName", op, version FROM sync_outbox WHERE "rowId" = ? ORDER BY seq`,
      [c.id],
    );
    expect(outbox.map((r) => r.version)).toEqual(Array.from({ length: c.version }, (_, i) => i + 1));
    expect(outbox[0]).toMatchObject({ tableName: 'mediation_case', op: 'insert' });
    const tables = (await sql<{ tableName: string }>(st, `SELECT DISTINCT "tableName" FROM sync_outbox WHERE "tableName" LIKE 'mediat%' ORDER BY 1`)).map((r) => r.tableName);
    expect(tables).toEqual(['mediation_agreement', 'mediation_assignment', 'mediation_case', 'mediation_follow_up', 'mediation_party', 'mediation_session', 'mediator']);
    const [last] = await sql<{ payload: string }>(st, `SELECT payload FROM sync_outbox WHERE "rowId" = ? ORDER BY seq DESC LIMIT 1`, [c.id]);
    expect(JSON.parse(last.payload)).toMatchObject({ status: 'archived', version: c.version, caseNo: c.caseNo });
  });

  it('a failure goes back to the duty officer and stays flagged until acknowledged; only then is it archived', async () => {
    let c = await api.mediating();
    expect(await api.call('mediation.recordFailure', { id: c.id, version: c.version, feedback: '' }, mediatorStaff.token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'feedback', key: 'required' },
    });
    c = await api.act('mediation.recordFailure', c, { feedback: '被申请人拒不赔偿，调解终止。', refusingPartyId: c.parties[1].id }, mediatorStaff.token);
    expect(c).toMatchObject({
      status: 'failed',
      outcome: 'failed',
      refusingPartyId: c.parties[1].id,
      failure: { feedback: '被申请人拒不赔偿，调解终止。', reportedBy: { id: mediatorStaff.id }, acknowledgedAt: null },
      next: ['acknowledgeFailure', 'scheduleFollowUp', 'recordFollowUp', 'cancel'],
    });
    const alerts = await ok<{ failuresPending: { id: string }[] }>(api.call('mediation.alerts', {}, officer.token));
    expect(alerts.failuresPending.map((x) => x.id)).toContain(c.id);
    expect(await api.call('mediation.archive', { id: c.id, version: c.version }, officer.token)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.acknowledgeFirst' },
    });
    // the mediator reports; the duty side acknowledges
    expect(await api.call('mediation.acknowledgeFailure', { id: c.id, version: c.version }, mediatorStaff.token)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', key: 'role' },
    });
    c = await api.act('mediation.acknowledgeFailure', c, { note: '已转治安处理' }, officer.token);
    expect(c.failure).toMatchObject({ acknowledgedAt: '2026-03-10T02:00:00.000Z', acknowledgedBy: { id: officer.id, name: '刘警官' }, acknowledgeNote: '已转治安处理' });
    expect(c.next).toEqual(['scheduleFollowUp', 'recordFollowUp', 'archive', 'cancel']);
    expect((await ok<{ failuresPending: { id: string }[] }>(api.call('mediation.alerts', {}))).failuresPending.map((x) => x.id)).not.toContain(c.id);
    c = await api.act('mediation.archive', c, {}, officer.token);
    expect(c).toMatchObject({ status: 'archived', outcome: 'failed' });
  });

  it('a refusing party means the case is declined, with the reason; a declined case is archived as such', async () => {
    let c = await api.open();
    expect(await api.call('mediation.decline', { id: c.id, version: c.version, reason: '' })).toMatchObject({ ok: false, error: { field: 'reason', key: 'required' } });
    expect(await api.call('mediation.decline', { id: c.id, version: c.version, reason: '拒绝', refusingPartyId: NO_SUCH_ID })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'refusingPartyId.0', key: 'mediation.partyUnknown' },
    });
    c = await api.act('mediation.decline', c, { reason: '王强拒绝调解', refusingPartyId: c.parties[1].id });
    expect(c).toMatchObject({ status: 'declined', outcome: 'declined', declineReason: '王强拒绝调解', refusingPartyId: c.parties[1].id, clocks: { acceptedAt: null } });
    c = await api.act('mediation.archive', c, {}, officer.token);
    expect(c).toMatchObject({ status: 'archived', outcome: 'declined' });
  });

  it('is cancelled, never deleted, with a reason; a cancelled case stays readable', async () => {
    let c = await api.accepted();
    expect(await api.call('mediation.cancel', { id: c.id, version: c.version, reason: ' ' }, officer.token)).toMatchObject({ ok: false, error: { key: 'required', field: 'reason' } });
    c = await api.act('mediation.cancel', c, { reason: '重复登记' }, officer.token);
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: '重复登记', cancelledAt: '2026-03-10T02:00:00.000Z', next: [] });
    expect(await sql(st, 'SELECT COUNT(*) AS n FROM mediation_case WHERE id = ?', [c.id])).toEqual([{ n: 1 }]);
    expect(await api.call('mediation.cancel', { id: c.id, version: c.version, reason: '再次' }, officer.token)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.transition', params: { from: 'cancelled', action: 'cancel' } },
    });
  });

  it('corrects facts and parties while the case is handled, not after', async () => {
    let c = await api.accepted({ parties: directCase().parties });
    c = await api.act('mediation.update', c, { type: 'property', place: '繁荣小区车库', facts: '车位被占。', tags: [{ kind: 'object', label: '车位' }] });
    expect(c).toMatchObject({ type: 'property', place: '繁荣小区车库', facts: '车位被占。', matters: null, tags: [{ kind: 'object', label: '车位' }] });
    c = await api.act('mediation.addParty', c, { party: party({ name: '物业公司', idType: 'none', idNumber: null, phone: null, role: 'thirdParty' }) });
    expect(c.parties.map((p) => [p.seq, p.name, p.role])).toEqual([
      [1, '李明', 'applicant'],
      [2, '王强', 'respondent'],
      [3, '物业公司', 'thirdParty'],
    ]);
    expect(await api.call('mediation.addParty', { id: c.id, version: c.version, party: party({ name: '李明明' }) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'party.idNumber', key: 'mediation.duplicateParty' },
    });
    c = await api.act('mediation.updateParty', c, { partyId: c.parties[1].id, party: party({ name: '王强', idNumber: ZHAO_ID, phone: '+86 136 0000 0009', role: 'respondent' }) });
    expect(c.parties[1]).toMatchObject({ name: '王强', version: 2, phoneMasked: '136****0009', idNumberMasked: `2207**********${ZHAO_ID.slice(-4)}` });

    c = await api.act('mediation.recordFailure', await api.act('mediation.assign', c, { mediatorIds: [(await api.poolMediator()).id] }), { feedback: '无法联系' });
    expect(await api.call('mediation.update', { id: c.id, version: c.version, type: 'other', place: 'x', facts: 'y' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.transition', params: { from: 'failed', action: 'update' } },
    });
    expect(await api.call('mediation.updateParty', { id: c.id, version: c.version, partyId: c.parties[0].id, party: party({ idNumber: freshId() }) })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.transition', params: { from: 'failed', action: 'updateParty' } },
    });
  });

  describe('two people changing one case', () => {
    // the same station as above: setting up staff costs password hashing, which is slow by design

    it('of two people closing the same case at once, one wins and the other is told', async () => {
      const [m1, m2] = [mediatorStaff, officer];
      const c = await api.mediating();
      const [agree, fail] = await Promise.all([
        st.core.call('mediation.recordAgreement', { id: c.id, version: c.version, terms: '和解' }, { token: m1.token }),
        st.core.call('mediation.recordFailure', { id: c.id, version: c.version, feedback: '失败' }, { token: m2.token }),
      ]);
      expect(agree).toMatchObject({ ok: true, result: { status: 'agreed', version: c.version + 1 } });
      expect(fail).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'staleVersion' } });
      const now = await ok<MediationCase>(api.call('mediation.get', { id: c.id }));
      expect(now).toMatchObject({ status: 'agreed', failure: null, version: c.version + 1 });
      // the loser wrote nothing: no audit entry, no outbox row beyond the winner's
      expect(await sql(st, `SELECT "staffId" FROM audit_log WHERE method IN ('mediation.recordAgreement', 'mediation.recordFailure') AND "recordId" = ?`, [c.id])).toEqual([
        { staffId: m1.id },
      ]);
      expect(await sql(st, `SELECT COUNT(*) AS n FROM sync_outbox WHERE "rowId" = ? AND version = ?`, [c.id, c.version + 1])).toEqual([{ n: 1 }]);
    });

    it('refuses any change based on an old version', async () => {
      const c = await api.accepted();
      const newer = await api.act('mediation.update', c, { type: 'debt', place: '菜市场', facts: '欠款未还' });
      for (const [method, extra] of [
        ['mediation.accept', {}],
        ['mediation.assign', { mediatorIds: [(await api.poolMediator()).id] }],
        ['mediation.cancel', { reason: '重复' }],
        ['mediation.extend', { reason: '复杂', consentPartyIds: c.parties.map((p) => p.id) }],
      ] as const) {
        expect(await api.call(method, { id: c.id, version: c.version, ...extra }), method).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'staleVersion' } });
      }
      expect((await ok<MediationCase>(api.call('mediation.get', { id: c.id }))).version).toBe(newer.version);
    });
  });

  describe('the state machine, through the real calls', () => {

    /** The input each action needs besides id and version, given the case. */
    const inputFor = async (action: CaseAction, c: MediationCase): Promise<Record<string, unknown>> => {
      const parties = c.parties.map((p) => p.id);
      switch (action) {
        case 'update':
          return { type: c.type, place: c.place, facts: c.facts };
        case 'addParty':
          return { party: party({ name: '第三人', idType: 'none', idNumber: null, role: 'thirdParty' }) };
        case 'decline':
          return { reason: '拒绝调解' };
        case 'assign':
          return { mediatorIds: [(await api.poolMediator()).id] };
        case 'addSession':
          return { heldAt: c.clocks.acceptedAt ?? '2026-06-01T02:00:00Z', place: '调解室', minutes: '笔录' };
        case 'recordAgreement':
          return { terms: '和解' };
        case 'recordFailure':
          return { feedback: '失败' };
        case 'acknowledgeFailure':
          return {};
        case 'extend':
          return { reason: '案情复杂', consentPartyIds: parties };
        case 'scheduleFollowUp':
          return { date: '2026-06-30' };
        case 'recordFollowUp':
          return { performance: 'full', notes: '已履行' };
        case 'cancel':
          return { reason: '登记错误' };
        default:
          return {};
      }
    };

    /** Where each action leads when it is allowed (null: the state does not change). */
    const EXPECTED: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus | null>>> = {
      registered: { update: null, addParty: null, accept: 'accepted', decline: 'declined', cancel: 'cancelled' },
      accepted: { update: null, addParty: null, assign: null, addSession: 'mediating', recordFailure: 'failed', extend: null, cancel: 'cancelled' },
      declined: { archive: 'archived', cancel: 'cancelled' },
      mediating: {
        update: null,
        addParty: null,
        assign: null,
        addSession: null,
        recordAgreement: 'agreed',
        recordFailure: 'failed',
        extend: null,
        cancel: 'cancelled',
      },
      agreed: { scheduleFollowUp: null, recordFollowUp: 'followedUp', cancel: 'cancelled' },
      // archiving a failure needs the acknowledgement first, and after a high risk a visit (tested apart)
      failed: { acknowledgeFailure: null, scheduleFollowUp: null, recordFollowUp: null, cancel: 'cancelled' },
      followedUp: { scheduleFollowUp: null, recordFollowUp: null, archive: 'archived', cancel: 'cancelled' },
      archived: {},
      cancelled: {},
    };

    it.each(CASE_STATUSES.map((s) => [s] as const))('from %s: every action is allowed or refused as the table says', async (status) => {
      const expectations = CASE_ACTIONS.map((action) => [action, EXPECTED[status][action]] as const);
      // refused first, on a case as it comes: each answers CONFLICT and leaves the case untouched
      const pristine = await api.inState[status]();
      expect(pristine.status).toBe(status);
      for (const [action] of expectations.filter(([, e]) => e === undefined)) {
        const r = await api.call(`mediation.${action}`, { id: pristine.id, version: pristine.version, ...(await inputFor(action, pristine)) });
        expect(r.ok, `${status} → ${action}: ${JSON.stringify(r)}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code, `${status} → ${action}`).toBe('CONFLICT');
          expect(['mediation.transition', 'mediation.followUpFirst', 'mediation.acknowledgeFirst']).toContain(r.error.key);
        }
      }
      expect((await ok<MediationCase>(api.call('mediation.get', { id: pristine.id }))).version, `${status}: refusals wrote nothing`).toBe(pristine.version);
      // allowed moves that keep the state, one after the other on the same case
      let c = pristine;
      for (const [action] of expectations.filter(([, e]) => e === null)) {
        const r = await api.call(`mediation.${action}`, { id: c.id, version: c.version, ...(await inputFor(action, c)) });
        expect(r, `${status} → ${action}`).toMatchObject({ ok: true, result: { status } });
        if (r.ok) c = r.result as MediationCase;
      }
      // allowed moves to another state, each on a case of its own
      for (const [action, to] of expectations.filter(([, e]) => typeof e === 'string')) {
        let fresh = await api.inState[status]();
        // sessions need a mediator on the case
        if (action === 'addSession' && fresh.assignments.length === 0) fresh = await api.act('mediation.assign', fresh, { mediatorIds: [(await api.poolMediator()).id] });
        const r = await api.call(`mediation.${action}`, { id: fresh.id, version: fresh.version, ...(await inputFor(action, fresh)) });
        expect(r, `${status} → ${action}`).toMatchObject({ ok: true, result: { status: to } });
      }
    });

    it('lists in `next` exactly the actions the table allows', async () => {
      for (const status of CASE_STATUSES) {
        const c = await api.inState[status]();
        expect(c.next.sort(), status).toEqual(Object.keys(EXPECTED[status]).sort());
      }
    });
  });
});

describe('a session recorded in the minute the case was accepted', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;

  // the core stamps acceptance to the millisecond; the form gives the session's time to the minute
  beforeAll(async () => {
    st = await setUpStation({ now: '2026-03-02T02:00:35.512Z' });
    api = caseApi(st);
  });
  afterAll(() => st.close());

  it('is taken when given to the minute, and a minute earlier is refused as before acceptance', async () => {
    const c = await api.assigned();
    expect(c.clocks.acceptedAt).toBe('2026-03-02T02:00:35.512Z');
    const earlier = await api.call('mediation.addSession', { id: c.id, version: c.version, heldAt: '2026-03-02T09:59:00+08:00', place: '调解室', minutes: '…' });
    expect(earlier).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'heldAt', key: 'mediation.beforeAcceptance' } });
    const sameMinute = await api.act('mediation.addSession', c, { heldAt: '2026-03-02T10:00:00+08:00', place: '调解室', minutes: '双方陈述意见。' });
    expect(sameMinute).toMatchObject({ status: 'mediating', clocks: { startedAt: '2026-03-02T02:00:00.000Z' } });
  });
});
