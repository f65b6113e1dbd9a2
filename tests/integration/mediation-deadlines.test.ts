import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alerts, MediationCase, MediationSettings, Queue } from '../../src/shared/mediation/contract.js';
import { DEFAULT_RISK_RULES } from '../../src/shared/mediation/risk.js';
import type { StationProfile } from '../../src/shared/station/contract.js';
import { STATION_PROFILE, ok, setUpStation, type TestStation } from '../helpers/station.js';
import { caseApi, travel } from './mediation.helpers.js';

describe('deadlines: start within the limit, conclude within a calendar month, in the station time zone', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;
  const queue = (input: Record<string, unknown> = {}) => ok<Queue>(api.call('mediation.queue', input));
  const alerts = () => ok<Alerts>(api.call('mediation.alerts', {}));
  const get = (c: { id: string }) => ok<MediationCase>(api.call('mediation.get', { id: c.id }));
  const ids = (cases: { id: string }[]) => cases.map((c) => c.id);

  // accepted at 23:30 on 31 January, Shanghai time
  let lateJan: MediationCase;
  // accepted an hour later: already 1 February in Shanghai
  let firstFeb: MediationCase;

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-01-31T15:30:00Z' });
    api = caseApi(st);
  });
  afterAll(() => st.close());

  it('accepted 2026-01-31 (local) → start by +24 h, conclude by the end of 2026-02-28 local', async () => {
    lateJan = await api.accepted();
    expect(lateJan.clocks).toMatchObject({
      acceptedAt: '2026-01-31T15:30:00.000Z',
      startDueAt: '2026-02-01T15:30:00.000Z',
      concludeDueDate: '2026-02-28',
      concludeDueAt: '2026-02-28T16:00:00.000Z',
    });
  });

  it('an hour later it is 1 February in Shanghai: conclude by 2026-03-01', async () => {
    await travel(st, '2026-01-31T16:30:00Z');
    firstFeb = await api.accepted();
    expect(firstFeb.clocks).toMatchObject({ concludeDueDate: '2026-03-01', concludeDueAt: '2026-03-01T16:00:00.000Z' });
  });

  it('the start limit is a station setting (head only); it applies to cases accepted after the change', async () => {
    const defaults = await ok<MediationSettings>(api.call('mediation.settingsGet', {}));
    expect(defaults).toEqual({ version: 0, startLimitHours: 24, riskRules: DEFAULT_RISK_RULES });
    const saved = await ok<MediationSettings>(api.call('mediation.settingsUpdate', { version: 0, startLimitHours: 48, riskRules: DEFAULT_RISK_RULES }));
    expect(saved).toMatchObject({ version: 1, startLimitHours: 48 });
    expect(await api.call('mediation.settingsUpdate', { version: 0, startLimitHours: 12, riskRules: DEFAULT_RISK_RULES })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'staleVersion' },
    });
    expect(await api.call('mediation.settingsUpdate', { version: 1, startLimitHours: 0, riskRules: DEFAULT_RISK_RULES })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'startLimitHours', key: 'mediation.startLimit' },
    });
    const later = await api.accepted();
    expect(later.clocks.startDueAt).toBe('2026-02-02T16:30:00.000Z');
    expect((await get(lateJan)).clocks.startDueAt).toBe('2026-02-01T15:30:00.000Z');
    await ok(api.call('mediation.settingsUpdate', { version: 1, startLimitHours: 24, riskRules: DEFAULT_RISK_RULES }));
  });

  it('a start is overdue from its due instant until the first session', async () => {
    await travel(st, '2026-02-01T15:29:59Z');
    expect((await get(lateJan)).clocks.startOverdue).toBe(false);
    expect(ids((await alerts()).overdueStart)).not.toContain(lateJan.id);
    await travel(st, '2026-02-01T15:30:00Z');
    expect((await get(lateJan)).clocks.startOverdue).toBe(true);
    expect(ids((await alerts()).overdueStart)).toContain(lateJan.id);
    const q = await queue();
    expect(q.now).toBe('2026-02-01T15:30:00.000Z');
    expect(q.cases[0]).toMatchObject({ id: lateJan.id, startOverdue: true, matchesFilter: true });

    // the first session, held (and recorded) ten minutes late
    await travel(st, '2026-02-01T15:45:00Z');
    lateJan = await api.session(await api.act('mediation.assign', await get(lateJan), { mediatorIds: [(await api.poolMediator()).id] }), {
      heldAt: '2026-02-01T23:40:00+08:00',
    });
    expect(lateJan.clocks).toMatchObject({ startedAt: '2026-02-01T15:40:00.000Z', startOverdue: false, concludeOverdue: false });
    expect(ids((await alerts()).overdueStart)).not.toContain(lateJan.id);
  });

  it('a conclusion is overdue from local midnight after its due date', async () => {
    await travel(st, '2026-02-28T15:59:59Z');
    expect((await get(lateJan)).clocks.concludeOverdue).toBe(false);
    await travel(st, '2026-02-28T16:00:00Z');
    expect((await get(lateJan)).clocks.concludeOverdue).toBe(true);
    expect((await get(firstFeb)).clocks.concludeOverdue).toBe(false);
    expect(ids((await alerts()).overdueConclude)).toEqual([lateJan.id]);
  });

  it('no filter hides an overdue case: it comes first, marked as not matching', async () => {
    const family = await api.open({ type: 'family' });
    const q = await queue({ type: 'family' });
    const overdue = q.cases.filter((c) => !c.matchesFilter);
    expect(ids(q.cases)).toContain(family.id);
    expect(ids(overdue)).toContain(lateJan.id);
    expect(ids(overdue)).toContain(firstFeb.id);
    // overdue first, then the rest by their next deadline
    expect(q.cases.findIndex((c) => c.id === family.id)).toBeGreaterThan(q.cases.findIndex((c) => c.id === lateJan.id));
    expect(q.overdue).toBe(overdue.length);
    expect(q.total).toBe(q.cases.length);
    for (const filter of [{ status: 'registered' }, { mediatorId: '01900000-0000-7000-8000-000000000000' }, { minRisk: 'high' }, { limit: 1 }]) {
      expect(ids((await queue(filter)).cases), JSON.stringify(filter)).toEqual(expect.arrayContaining([lateJan.id, firstFeb.id]));
    }
    expect((await queue({ status: 'registered', limit: 1 })).cases.filter((c) => c.matchesFilter)).toHaveLength(1);
    // the lines carry what a countdown needs
    expect(q.cases.find((c) => c.id === lateJan.id)).toMatchObject({
      caseNo: lateJan.caseNo,
      status: 'mediating',
      partyNames: ['李明', '王强'],
      mediatorNames: ['陈调解'],
      startDueAt: '2026-02-01T15:30:00.000Z',
      concludeDueDate: '2026-02-28',
      concludeDueAt: '2026-02-28T16:00:00.000Z',
      concludeOverdue: true,
      startOverdue: false,
    });
    expect(await api.call('mediation.queue', { status: 'archived' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'status', key: 'invalidOption' } });
  });

  it('extends once, with the consent of every applicant and respondent, up to a second month from acceptance', async () => {
    let c = await get(lateJan);
    const [applicant, respondent] = c.parties;
    const extend = (extra: Record<string, unknown>) => api.call('mediation.extend', { id: c.id, version: c.version, reason: '需补充证据', ...extra });
    // who has not consented, as a list: each language joins the names its own way
    expect(await extend({ consentPartyIds: [] })).toMatchObject({
      ok: false,
      error: { key: 'mediation.consentsMissing', params: { names: ['李明', '王强'] } },
    });
    expect(await extend({ consentPartyIds: [applicant.id] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'consentPartyIds', key: 'mediation.consentsMissing', params: { names: ['王强'] } },
    });
    expect(await extend({ consentPartyIds: [applicant.id, respondent.id], until: '2026-04-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'until', key: 'mediation.extensionRange', params: { after: '2026-02-28', latest: '2026-03-31' } },
    });
    expect(await extend({ consentPartyIds: [applicant.id, respondent.id], until: '2026-02-27' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'until', key: 'mediation.pastDate' },
    });
    // third parties are not asked
    c = await api.act('mediation.addParty', c, { party: { name: '物业公司', idType: 'none', role: 'thirdParty' } });
    c = await api.act('mediation.extend', c, { reason: '需补充证据', consentPartyIds: [applicant.id, respondent.id], consentNote: '双方在第1次笔录中签字同意' });
    expect(c.clocks).toMatchObject({
      concludeDueDate: '2026-03-31',
      concludeDueAt: '2026-03-31T16:00:00.000Z',
      concludeOverdue: false,
      extension: { reason: '需补充证据', fromDate: '2026-02-28', consentPartyIds: [applicant.id, respondent.id], consentNote: '双方在第1次笔录中签字同意' },
    });
    expect(c.next).not.toContain('extend');
    expect(await api.call('mediation.extend', { id: c.id, version: c.version, reason: '再延', consentPartyIds: [applicant.id, respondent.id] })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', key: 'mediation.alreadyExtended' },
    });
    expect(ids((await alerts()).overdueConclude)).not.toContain(c.id);
  });

  it('a follow-up visit past its day is overdue, and shown whatever the filter', async () => {
    const agreed = await api.agreed();
    // it is 1 March in Shanghai now
    const scheduled = await api.act('mediation.scheduleFollowUp', agreed, { date: '2026-03-02' });
    expect((await alerts()).followUpsDue.map((c) => c.id)).not.toContain(agreed.id);
    await travel(st, '2026-03-01T16:00:00Z'); // 2 March, local: due today
    expect((await alerts()).followUpsDue.map((c) => c.id)).toContain(agreed.id);
    await travel(st, '2026-03-02T16:00:00Z'); // 3 March: overdue
    const line = (await queue({ type: 'family' })).cases.find((c) => c.id === agreed.id);
    expect(line).toMatchObject({ followUpDate: '2026-03-02', followUpOverdue: true, matchesFilter: false });
    expect((await get(scheduled)).followUps[0].overdue).toBe(true);
  });

  it('follows the station time zone when it changes (a zone without summer time, UTC−3)', async () => {
    const profile = await ok<StationProfile>(api.call('station.get', {}));
    await ok(api.call('station.update', { ...STATION_PROFILE, timeZone: 'America/Sao_Paulo', version: profile.version }));
    // 23:30 on 31 January in São Paulo is 02:30Z on 1 February
    await travel(st, '2026-02-01T02:30:00Z');
    const c = await api.accepted();
    expect(c.clocks).toMatchObject({ concludeDueDate: '2026-02-28', concludeDueAt: '2026-03-01T03:00:00.000Z' });
    expect(c.caseNo.startsWith('2026-')).toBe(true);
  });
});
