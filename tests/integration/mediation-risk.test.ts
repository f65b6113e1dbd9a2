import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alerts, MediationCase, MediationSettings, Mediator, RiskAssessment, Stats } from '../../src/shared/mediation/contract.js';
import { DEFAULT_RISK_RULES, type RiskRules } from '../../src/shared/mediation/risk.js';
import { addStaff, ok, setUpStation, sql, type TestStaff, type TestStation } from '../helpers/station.js';
import { buildTree } from './collection.helpers.js';
import { caseApi, freshId, party, travel } from './mediation.helpers.js';

const rulesOf = (c: MediationCase) => c.risk.reasons.map((r) => r.rule);

describe('early warning (民转刑): each rule on real cases', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;
  let officer: TestStaff;

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-05-01T02:00:00Z' });
    api = caseApi(st);
    officer = await addStaff(st, 'officer');
  });
  afterAll(() => st.close());

  it('a plain dispute has no reasons and a low score', async () => {
    const c = await api.open({ place: '平安小区1栋' });
    expect(c.risk).toEqual({ score: 0, level: 'low', reasons: [], computedAt: '2026-05-01T02:00:00.000Z', peakLevel: 'low' });
  });

  it('repeatParties: the same ID number in a dispute within 90 days before fires; other people do not', async () => {
    const li = freshId();
    const first = await api.open({ place: '甲地', parties: [party({ idNumber: li })] });
    await travel(st, '2026-06-15T02:00:00Z');
    const again = await api.open({ place: '乙地', parties: [party({ idNumber: li, name: '李明' })] });
    expect(again.risk.reasons).toEqual([
      { rule: 'repeatParties', weight: 30, cases: [{ caseId: first.id, caseNo: first.caseNo }], people: ['李明'] },
    ]);
    expect(again.risk).toMatchObject({ score: 30, level: 'medium' });
    // the earlier case is not the repeat: it keeps its score
    expect((await ok<MediationCase>(api.call('mediation.get', { id: first.id }))).risk.score).toBe(0);
    const stranger = await api.open({ place: '丙地' });
    expect(stranger.risk.reasons).toEqual([]);
    // beyond the window: 91 days later
    await travel(st, '2026-09-14T02:00:01Z');
    expect(rulesOf(await api.open({ place: '丁地', parties: [party({ idNumber: li })] }))).not.toContain('repeatParties');
  });

  it('repeatPlace: the same place (as written, or the same address id) within 30 days fires, not later', async () => {
    await travel(st, '2026-10-01T02:00:00Z');
    // a standard address of the collection zone; an id it does not know is refused by name
    const { door } = await buildTree(st);
    const addressId: string = door.id;
    const unknown = await api.call('mediation.openCase', { source: 'direct', type: 'neighbour', place: '某地', addressId: '0190c000-0000-7000-8000-00000000a001', facts: '口角', parties: [party({ idNumber: freshId() })] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'addressId', key: 'mediation.addressUnknown' } });
    const first = await api.open({ place: '繁荣路18号', addressId });
    const same = await api.open({ place: ' 繁荣路 18号。' });
    expect(same.risk.reasons).toEqual([{ rule: 'repeatPlace', weight: 15, cases: [{ caseId: first.id, caseNo: first.caseNo }] }]);
    const byAddress = await api.open({ place: '繁荣路十八号', addressId });
    expect(rulesOf(byAddress)).toEqual(['repeatPlace']);
    expect(rulesOf(await api.open({ place: '繁荣路20号' }))).toEqual([]);
    await travel(st, '2026-11-01T02:00:00Z', officer);
    expect(rulesOf(await api.open({ place: '繁荣路19号' }))).toEqual([]);
    expect(rulesOf(await api.open({ place: '繁荣路20号' }))).toEqual([]); // 31 days after the first 20号
  });

  it('threats and violence in the facts, claims and minutes; escalation in the minutes', async () => {
    const threat = await api.open({ place: 'A1', facts: '王强扬言要报复，说“走着瞧”。' });
    expect(threat.risk).toMatchObject({ score: 35, level: 'medium', reasons: [{ rule: 'threats', hits: [{ keyword: '报复', where: 'facts' }, { keyword: '走着瞧', where: 'facts' }] }] });
    const claim = await api.open({ place: 'A2', parties: [party({ idNumber: freshId(), claim: '他再敢来我就动刀' })] });
    expect(claim.risk.reasons).toEqual([
      { rule: 'violence', weight: 35, hits: [{ keyword: '动刀', where: 'claim', ref: '李明', excerpt: '他再敢来我就动刀' }] },
    ]);
    const calm = await api.open({ place: 'A3', facts: '双方心平气和，愿意协商。' });
    expect(calm.risk.reasons).toEqual([]);

    // the minutes are read as they come: violence and escalation raise the score of a case under way
    let c = await api.mediating({ place: 'A4' });
    expect(c.risk.score).toBe(0);
    c = await api.session(c, { minutes: '被申请人情绪激动，拍桌子，称要动手打人。' });
    expect(rulesOf(c)).toEqual(['violence', 'escalation']);
    expect(c.risk).toMatchObject({ score: 55, level: 'medium' });
    expect(c.risk.reasons[1].hits).toEqual([
      { keyword: '情绪激动', where: 'minutes', ref: '2', excerpt: '被申请人情绪激动，拍桌子，称要动手打人。' },
      { keyword: '拍桌', where: 'minutes', ref: '2', excerpt: '被申请人情绪激动，拍桌子，称要动手打人。' },
    ]);
    // facts corrected with a threat: now high, flagged to the duty officer
    c = await api.act('mediation.update', c, { type: c.type, place: c.place, facts: '被申请人威胁对方。' });
    expect(c.risk).toMatchObject({ score: 90, level: 'high', peakLevel: 'high' });
    expect((await ok<Alerts>(api.call('mediation.alerts', {}, officer.token))).highRisk.map((x) => x.id)).toContain(c.id);
    // mediation.risk explains the same, with the rules in force
    const fresh = await ok<RiskAssessment>(api.call('mediation.risk', { id: c.id }, officer.token));
    expect(fresh).toMatchObject({ caseId: c.id, score: 90, level: 'high', rules: ['repeatParties', 'repeatPlace', 'priorFailure', 'partyUnderCare', 'threats', 'violence', 'escalation'] });
    expect(fresh.reasons).toEqual(c.risk.reasons);
  });

  it('priorFailure: a failed mediation warns on the parties’ other open cases at once, and on later ones', async () => {
    const wang = freshId();
    const open = await api.accepted({ place: 'B1', parties: [party({ idNumber: freshId() }), party({ name: '王强', idNumber: wang, role: 'respondent' })] });
    const failing = await api.mediating({ place: 'B2', parties: [party({ idNumber: freshId() }), party({ name: '王强', idNumber: wang, role: 'respondent' })] });
    const unrelated = await api.accepted({ place: 'B3' });
    const before = await ok<MediationCase>(api.call('mediation.get', { id: open.id }));
    const failed = await api.act('mediation.recordFailure', failing, { feedback: '王强拒不到场' });

    const after = await ok<MediationCase>(api.call('mediation.get', { id: open.id }));
    expect(after.version).toBe(before.version + 1);
    expect(after.risk.reasons).toContainEqual({ rule: 'priorFailure', weight: 25, cases: [{ caseId: failed.id, caseNo: failed.caseNo }], people: ['王强'] });
    expect((await ok<MediationCase>(api.call('mediation.get', { id: unrelated.id }))).version).toBe(unrelated.version);

    await travel(st, '2026-12-01T02:00:00Z', officer);
    const later = await api.open({ place: 'B4', parties: [party({ name: '王强', idNumber: wang, role: 'respondent' })] });
    // a month after the other two: a repeat as well
    expect(rulesOf(later)).toEqual(['repeatParties', 'priorFailure']);
  });

  it('partyUnderCare: a party the police keep under care in the collection zone; set and seen by the police only', async () => {
    const zhao = freshId();
    const grid = await addStaff(st, 'gridWorker');
    const resident = await ok<{ id: string; version: number; careReason: string | null }>(
      st.core.call('collection.residentCreate', { name: '赵六', idType: 'resident', idNumber: zhao, category: 'resident' }, { token: st.token }),
    );
    const open = await api.accepted({ place: 'D1', parties: [party({ idNumber: freshId() }), party({ name: '赵六', idNumber: zhao, role: 'respondent' })] });
    expect(rulesOf(open)).toEqual([]);

    // a grid worker may not put a person under care
    const refused = await st.core.call(
      'collection.residentUpdate',
      { id: resident.id, version: resident.version, name: '赵六', idType: 'resident', category: 'resident', careReason: '多次扬言报复' },
      { token: grid.token },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'careReason', key: 'collection.careByPolice' } });

    // the head does: the open case is re-scored at once, naming the party and not why
    const marked = await ok<{ version: number; careReason: string | null }>(
      st.core.call(
        'collection.residentUpdate',
        { id: resident.id, version: resident.version, name: '赵六', idType: 'resident', category: 'resident', careReason: '多次扬言报复' },
        { token: st.token },
      ),
    );
    expect(marked.careReason).toBe('多次扬言报复');
    const rescored = await ok<MediationCase>(api.call('mediation.get', { id: open.id }));
    expect(rescored.risk.reasons).toEqual([{ rule: 'partyUnderCare', weight: 30, people: ['赵六'] }]);
    expect(JSON.stringify(rescored)).not.toContain('扬言报复');
    const later = await api.open({ place: 'D2', parties: [party({ name: '赵六', idNumber: zhao })] });
    expect(rulesOf(later)).toContain('partyUnderCare');

    // a grid worker's form leaves the mark alone, and their screen does not show why
    const seenByGrid = await ok<{ version: number; careReason: string | null; history: { changes: Record<string, unknown> }[] }>(
      st.core.call('collection.residentGet', { id: resident.id }, { token: grid.token }),
    );
    expect(seenByGrid.careReason).toBeNull();
    expect(JSON.stringify(seenByGrid.history)).not.toContain('扬言报复');
    await ok(
      st.core.call(
        'collection.residentUpdate',
        { id: resident.id, version: seenByGrid.version, name: '赵六', idType: 'resident', category: 'resident', employer: '松原粮库' },
        { token: grid.token },
      ),
    );
    expect(rulesOf(await ok<MediationCase>(api.call('mediation.get', { id: open.id })))).toEqual(['partyUnderCare']);

    // moved out: no longer the station's to watch, and the warning goes
    await ok(st.core.call('collection.moveOut', { id: resident.id, version: seenByGrid.version + 1, date: '2026-05-01', reason: '迁往长春' }, { token: st.token }));
    expect(rulesOf(await ok<MediationCase>(api.call('mediation.get', { id: open.id })))).toEqual([]);
  });

  it('a mediation that failed at high risk stays on 预警 after its failure is acknowledged, until someone records a visit', async () => {
    const highRisk = async () => (await ok<Alerts>(api.call('mediation.alerts', {}, officer.token))).highRisk.map((x) => x.id);
    let c = await api.mediating({ place: 'D1', facts: '王强扬言要报复，持刀威胁李明。' });
    expect(c.risk.level).toBe('high');
    c = await api.act('mediation.recordFailure', c, { feedback: '王强拒不让步，仍称要报复。' });
    expect(await highRisk()).toContain(c.id);
    c = await api.act('mediation.acknowledgeFailure', c, { note: '已告知值班民警' }, officer.token);
    // the duty officer has it, but the threat has not gone away: still flagged, and not archived yet
    expect(await highRisk()).toContain(c.id);
    expect(c.next).toEqual(['scheduleFollowUp', 'recordFollowUp', 'cancel']);
    expect(await api.call('mediation.archive', { id: c.id, version: c.version }, officer.token)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.riskVisitFirst' },
    });
    // a visit after a failure has no agreement to check: performance is not asked
    c = await api.act('mediation.scheduleFollowUp', c, { date: '2026-12-10' });
    expect(await highRisk()).toContain(c.id);
    c = await api.act('mediation.recordFollowUp', c, { followUpId: c.followUps[0].id, notes: '走访双方，情绪平稳，已嘱咐社区网格员关注。' }, officer.token);
    expect(c.followUps).toMatchObject([{ scheduledDate: '2026-12-10', performance: null, notes: '走访双方，情绪平稳，已嘱咐社区网格员关注。' }]);
    expect(c.status).toBe('failed');
    expect(await highRisk()).not.toContain(c.id);
    expect(c.next).toContain('archive');
    c = await api.act('mediation.archive', c, {}, officer.token);
    expect(c).toMatchObject({ status: 'archived', outcome: 'failed' });

    // a failure at lower risk leaves 预警 with its acknowledgement, as before
    let calm = await api.failed({ place: 'D2' });
    calm = await api.act('mediation.acknowledgeFailure', calm, { note: null }, officer.token);
    expect(await highRisk()).not.toContain(calm.id);
    expect(calm.next).toContain('archive');
    // after an agreement a visit still says how it was carried out
    const agreed = await api.agreed({ place: 'D3' });
    expect(await api.call('mediation.recordFollowUp', { id: agreed.id, version: agreed.version, notes: '已回访。' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'performance', key: 'required' },
    });
  });

  it('the head tunes the rules; open cases are re-scored at once; a case once high stays "was high"', async () => {
    const c = await api.open({ place: 'C1', facts: '对方扬言要讨说法。' });
    expect(c.risk.score).toBe(0);
    const highBefore = (await ok<Alerts>(api.call('mediation.alerts', {}))).highRisk;
    expect(highBefore.length).toBeGreaterThan(0);

    const current = await ok<MediationSettings>(api.call('mediation.settingsGet', {}, officer.token));
    const tuned: RiskRules = structuredClone(current.riskRules);
    tuned.threats.keywords = [...tuned.threats.keywords, '讨说法'];
    tuned.threats.weight = 65;
    tuned.violence.enabled = false;
    tuned.highThreshold = 95;
    expect(await api.call('mediation.settingsUpdate', { version: current.version, startLimitHours: 24, riskRules: tuned }, officer.token)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', key: 'role' },
    });
    const saved = await ok<MediationSettings>(api.call('mediation.settingsUpdate', { version: current.version, startLimitHours: 24, riskRules: tuned }));
    expect(saved.riskRules.threats.keywords).toContain('讨说法');

    const rescored = await ok<MediationCase>(api.call('mediation.get', { id: c.id }));
    expect(rescored.risk).toMatchObject({ score: 65, level: 'medium', reasons: [{ rule: 'threats', weight: 65, hits: [{ keyword: '讨说法' }] }] });
    // with the threshold raised nothing open is high now, but the high ones keep their peak
    expect((await ok<Alerts>(api.call('mediation.alerts', {}))).highRisk).toEqual([]);
    const wasHigh = await ok<MediationCase>(api.call('mediation.get', { id: highBefore[0].id }));
    expect(wasHigh.risk).toMatchObject({ level: 'medium', peakLevel: 'high' });

    // the settings row syncs like any other
    const [row] = await sql<{ op: string; payload: string }>(st, `SELECT op, payload FROM sync_outbox WHERE "tableName" = 'mediation_settings' ORDER BY seq DESC LIMIT 1`);
    expect(JSON.parse(JSON.parse(row.payload).riskRules).threats.weight).toBe(65);
    // and the change is audited
    expect(await sql(st, `SELECT detail FROM audit_log WHERE method = 'mediation.settingsUpdate'`)).toEqual([
      { detail: expect.stringMatching(/^\{"kind":"mediationSettings","startLimitHours":24,"rescored":\d+\}$/) },
    ]);
    await ok(api.call('mediation.settingsUpdate', { version: saved.version, startLimitHours: 24, riskRules: DEFAULT_RISK_RULES }));
  });
});

describe('the mediator pool and statistics', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;
  let officer: TestStaff;

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-01-05T02:00:00Z' });
    api = caseApi(st);
    officer = await addStaff(st, 'officer');
  });
  afterAll(() => st.close());

  it('keeps the pool: station entries are edited, HQ entries only for availability; bad input is refused', async () => {
    expect(await api.call('mediation.poolCreate', { name: '', specialties: [] })).toMatchObject({ ok: false, error: { field: 'name', key: 'required' } });
    expect(await api.call('mediation.poolCreate', { name: '甲', specialties: ['cooking'] })).toMatchObject({ ok: false, error: { field: 'specialties.0', key: 'invalidOption' } });
    expect(await api.call('mediation.poolCreate', { name: '甲', specialties: [], phone: '123' })).toMatchObject({ ok: false, error: { field: 'phone', key: 'phone.mobile' } });

    const zhou = await ok<Mediator>(api.call('mediation.poolCreate', { name: '周律师', specialties: ['labour', 'labour', 'debt'], phone: '13700000021' }, officer.token));
    expect(zhou).toMatchObject({ version: 1, origin: 'station', specialties: ['labour', 'debt'], availability: 'available', active: true, load: 0, successRate: null });
    const updated = await ok<Mediator>(
      api.call('mediation.poolUpdate', { id: zhou.id, version: 1, name: '周律师', specialties: ['labour'], availability: 'busy', active: true, organisation: '法律援助中心' }),
    );
    expect(updated).toMatchObject({ version: 2, availability: 'busy', organisation: '法律援助中心', phone: null });
    expect(await api.call('mediation.poolUpdate', { id: zhou.id, version: 1, name: 'x', specialties: [], active: true })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'staleVersion' },
    });

    // an entry as HQ's sync will write it
    const hqId = '0190c000-0000-7000-8000-00000000b001';
    const [{ id: stationId }] = await sql<{ id: string }>(st, 'SELECT id FROM station');
    await sql(
      st,
      `INSERT INTO mediator (id, "stationId", "createdAt", "updatedAt", version, name, specialties, availability, origin, active)
       VALUES (?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, '市调委 孙主任', '["family"]', 'available', 'hq', 1)`,
      [hqId, stationId],
    );
    const hq = { id: hqId, version: 1, name: '市调委 孙主任', specialties: ['family'], active: true };
    expect(await api.call('mediation.poolUpdate', { ...hq, name: '孙主任' })).toEqual({ ok: false, error: { code: 'CONFLICT', key: 'mediation.hqManaged' } });
    expect(await ok<Mediator>(api.call('mediation.poolUpdate', { ...hq, availability: 'unavailable', note: '休假至月底' }))).toMatchObject({
      origin: 'hq',
      availability: 'unavailable',
      note: '休假至月底',
    });
    // unavailable: not suggested and not assignable
    const c = await api.accepted();
    expect((await ok<{ name: string }[]>(api.call('mediation.suggestMediators', { id: c.id }))).map((s) => s.name)).not.toContain('市调委 孙主任');
    expect(await api.call('mediation.assign', { id: c.id, version: c.version, mediatorIds: [hqId] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'mediatorIds.0', key: 'mediation.mediatorUnavailable', params: { name: '市调委 孙主任' } },
    });
    expect(await api.call('mediation.assign', { id: c.id, version: c.version, mediatorIds: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'mediatorIds', key: 'mediation.mediatorsRequired' },
    });

    await ok(api.call('mediation.poolUpdate', { id: zhou.id, version: 2, name: '周律师', specialties: ['labour'], active: false }));
    expect((await ok<Mediator[]>(api.call('mediation.poolList', {}))).map((m) => m.name)).not.toContain('周律师');
    expect((await ok<Mediator[]>(api.call('mediation.poolList', { includeInactive: true }))).map((m) => m.name)).toContain('周律师');
  });

  it('counts by month of the event and by type; success per mediator; high-risk cases defused', async () => {
    const chen = await api.poolMediator();
    // January: accepted (agreed in February), accepted and high-risk (agreed: defused), declined, one to start late
    const a = await api.mediating({ type: 'neighbour' });
    const b = await api.mediating({ type: 'family', facts: '丈夫扬言要动手打人，威胁离家。' });
    expect(b.risk.level).toBe('high');
    await api.declined({ type: 'family' });
    const late = await api.assigned({ type: 'debt' });
    await api.cancelled({ type: 'debt' });

    // within the month of the January acceptances: only the starts are late
    await travel(st, '2026-02-03T02:00:00Z', officer);
    await api.act('mediation.recordAgreement', await ok<MediationCase>(api.call('mediation.get', { id: a.id })), { terms: '和解' });
    await api.act('mediation.recordAgreement', await ok<MediationCase>(api.call('mediation.get', { id: b.id })), { terms: '和解' });
    await api.session(await ok<MediationCase>(api.call('mediation.get', { id: late.id })), { heldAt: '2026-02-03T02:00:00Z' });
    await api.failed({ type: 'neighbour' });

    const stats = await ok<Stats>(api.call('mediation.stats', { from: '2026-01', to: '2026-02' }, officer.token));
    const row = (month: string, type: string) => stats.rows.find((r) => r.month === month && r.type === type);
    // with the case of the first test, accepted on 5 January and never started
    expect(row('2026-01', 'neighbour')).toMatchObject({ registered: 2, accepted: 2, resolved: 0, failed: 0, declined: 0, overdueStart: 1 });
    expect(row('2026-01', 'family')).toMatchObject({ registered: 2, accepted: 1, declined: 1 });
    expect(row('2026-01', 'debt')).toMatchObject({ registered: 1, accepted: 1, overdueStart: 1 });
    expect(row('2026-02', 'neighbour')).toMatchObject({ registered: 1, accepted: 1, resolved: 1, failed: 1 });
    expect(row('2026-02', 'family')).toMatchObject({ resolved: 1 });
    expect(stats.totals).toEqual({ registered: 6, accepted: 5, declined: 1, resolved: 2, failed: 1, overdueStart: 2, overdueConclude: 0 });
    expect(stats.mediators).toEqual([{ mediatorId: chen.id, name: '陈调解', concluded: 3, agreed: 2, failed: 1, successRate: 2 / 3 }]);
    expect(stats.highRisk).toEqual({ flagged: 1, defused: 1 });

    const feb = await ok<Stats>(api.call('mediation.stats', { from: '2026-02', to: '2026-02' }));
    expect(feb.totals).toMatchObject({ registered: 1, accepted: 1, resolved: 2, failed: 1, declined: 0 });
    expect(feb.highRisk).toEqual({ flagged: 0, defused: 0 });
    expect(await api.call('mediation.stats', { from: '2026-13' })).toMatchObject({ ok: false, error: { field: 'from', key: 'mediation.month' } });
    expect(await api.call('mediation.stats', { from: '2026-03', to: '2026-02' })).toMatchObject({ ok: false, error: { field: 'to', key: 'dateRange' } });

    // the pool shows the same record, and the load of open cases
    const pool = await ok<Mediator[]>(api.call('mediation.poolList', {}));
    expect(pool.find((m) => m.id === chen.id)).toMatchObject({ agreed: 2, failed: 1, successRate: 2 / 3, load: 1 });
  });

  it('a login is one mediator: linked to one pool entry at most, from creation or from an edit', async () => {
    const login = await addStaff(st, 'mediator');
    const sun = await ok<Mediator>(api.call('mediation.poolCreate', { name: '孙调解', specialties: ['family'], staffId: login.id }));
    expect(sun).toMatchObject({ staffId: login.id });
    expect(await api.call('mediation.poolCreate', { name: '孙调解', specialties: [], staffId: login.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'staffId', key: 'mediation.staffLinked', params: { name: '孙调解' } },
    });
    const other = await ok<Mediator>(api.call('mediation.poolCreate', { name: '钱调解', specialties: [] }));
    expect(await api.call('mediation.poolUpdate', { id: other.id, version: other.version, name: '钱调解', specialties: [], active: true, staffId: login.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'staffId', key: 'mediation.staffLinked' },
    });
    // the linked entry itself is edited as before, its login kept
    expect(await ok<Mediator>(api.call('mediation.poolUpdate', { id: sun.id, version: sun.version, name: '孙调解', specialties: ['family', 'neighbour'], active: true, staffId: login.id }))).toMatchObject({
      version: 2,
      staffId: login.id,
    });
    // the mediator finds their cases by their entry
    const c = await api.act('mediation.assign', await api.accepted(), { mediatorIds: [sun.id] });
    const mine = await ok<{ cases: { id: string; matchesFilter: boolean }[] }>(api.call('mediation.queue', { mediatorId: sun.id }, login.token));
    expect(mine.cases.filter((x) => x.matchesFilter).map((x) => x.id)).toEqual([c.id]);
  });
});
