import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type {
  CameraRoundView,
  CameraView,
  FeedbackSheet,
  MonthlyScore,
  NightCheckView,
  PostDay,
  PostView,
  PropertyView,
  SchoolView,
  TermReport,
  TermView,
} from '../../src/shared/patrol/prevention.contract.js';
import type { RosterSettingsView } from '../../src/shared/roster/contract.js';
import { addStaff, ok, relogin, setUpStation, sql, type TestStaff, type TestStation } from '../helpers/station.js';

/**
 * Prevention on a real station database: properties and the station's night checks of their
 * guards with the scoring rule and the monthly score, school guard posts from the roster's
 * school-day windows with attendance and the term view, and the video channels' check rounds.
 */
let st: TestStation | undefined;
afterEach(async () => {
  await st?.close();
  st = undefined;
});

const call = <T = any>(s: TestStation, method: string, input: unknown, token = s.token) => ok<T>(s.core.call(method, input, { token }));
const attempt = (s: TestStation, method: string, input: unknown, token = s.token) => s.core.call(method, input, { token });

// 23:30 in Shanghai on 28 November 2026
const NIGHT = '2026-11-28T15:30:00.000Z';

const station = async (now = NIGHT) => {
  const s = await setUpStation({ now });
  st = s;
  return s;
};

const property = (over: Record<string, unknown> = {}) => ({
  name: '繁荣小区',
  company: '松原市安居物业服务有限公司',
  contactName: '刘经理',
  contactPhone: '13904381234',
  nightGuards: 2,
  patrolPoints: 8,
  passScore: 80,
  ...over,
});

describe('properties and their guards', () => {
  it('keeps a property linked to its 小区 in the address tree, with guards whose phones lists mask', async () => {
    const s = await station();
    const division = await call<{ id: string }>(s, 'collection.addNode', { parentId: null, kind: 'division', name: '宁江区', code: '220702' });
    const street = await call<{ id: string }>(s, 'collection.addNode', { parentId: division.id, kind: 'street', name: '繁荣路' });
    const door = await call<{ id: string }>(s, 'collection.addNode', { parentId: street.id, kind: 'door', name: '18号' });
    const compound = await call<{ id: string }>(s, 'collection.addNode', { parentId: door.id, kind: 'compound', name: '繁荣小区' });
    const options = await call<{ id: string; fullText: string }[]>(s, 'patrol.compounds', { q: '繁荣' });
    expect(options.map((o) => o.id)).toEqual([compound.id]);

    const p = await call<PropertyView>(s, 'patrol.propertySave', property({ addressId: compound.id }));
    expect(p).toMatchObject({ name: '繁荣小区', addressId: compound.id, contactPhone: '13904381234', guards: [] });
    expect(p.addressText).toContain('繁荣小区');
    const withGuard = await call<PropertyView>(s, 'patrol.guardSave', { propertyId: p.id, name: '张保安', phone: '13800001111' });
    expect(withGuard.guards).toEqual([expect.objectContaining({ name: '张保安', phoneMasked: '138****1111' })]);
    const [listed] = await call<PropertyView[]>(s, 'patrol.propertiesList', {});
    expect(JSON.stringify(listed)).not.toContain('13800001111');

    // unmasking is for head and officer, with a reason, on the record
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    const guardId = withGuard.guards[0].id;
    expect(await attempt(s, 'patrol.guardReveal', { id: guardId, reason: '夜查联系' }, aux.token)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    expect(await call(s, 'patrol.guardReveal', { id: guardId, reason: '夜查联系' })).toEqual({ phone: '13800001111' });
    const [audit] = await sql<{ method: string; detail: string }>(s, `SELECT "method", "detail" FROM "audit_log" WHERE "method" = 'patrol.guardReveal'`);
    expect(audit.detail).toBe('夜查联系');

    // a guard who left is cancelled with the reason, not deleted
    const after = await call<PropertyView>(s, 'patrol.guardCancel', { id: guardId, version: withGuard.guards[0].version, reason: '离职' });
    expect(after.guards).toEqual([]);
    expect(await sql(s, `SELECT "cancelReason" FROM "prevention_guard"`)).toEqual([{ cancelReason: '离职' }]);
  });

  it('refuses a pass mark outside 0–100, a name already registered and an unknown address, naming the field', async () => {
    const s = await station();
    expect(await attempt(s, 'patrol.propertySave', property({ passScore: 120 }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.score', field: 'passScore' },
    });
    expect(await attempt(s, 'patrol.propertySave', property({ passScore: -1 }))).toMatchObject({ ok: false, error: { field: 'passScore' } });
    await call(s, 'patrol.propertySave', property());
    expect(await attempt(s, 'patrol.propertySave', property())).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'prevention.property.nameTaken', field: 'name' } });
    expect(await attempt(s, 'patrol.propertySave', property({ name: '别处', addressId: uuidv7() }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.addressUnknown', field: 'addressId' },
    });
    const officer = await addStaff(s, 'officer');
    const aux = await addStaff(s, 'auxiliary');
    const grid = await addStaff(s, 'gridWorker');
    expect((await attempt(s, 'patrol.propertySave', property({ name: '民警登记的小区' }), officer.token)).ok).toBe(true);
    expect(await attempt(s, 'patrol.propertySave', property({ name: '辅警登记的小区' }), aux.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await attempt(s, 'patrol.propertiesList', {}, grid.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('night checks and their scores', () => {
  it('scores a check as 100 less the rule\'s deductions, keeps the property\'s figures of that night, and never goes below 0', async () => {
    const s = await station();
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    const p = await call<PropertyView>(s, 'patrol.propertySave', property());
    const perfect = await call<NightCheckView>(s, 'patrol.nightCheckAdd', { propertyId: p.id, onRound: true, guardsSeen: 2, pointsChecked: 8 }, aux.token);
    expect(perfect).toMatchObject({ score: 100, deductions: [], checkedAt: NIGHT, checkedBy: '赵辅警', guardsExpected: 2, pointsTotal: 8 });

    // not on the round (−30), one guard of two (−10), 6 points of 8 (−2 × 5), a blocked fire lane (−10)
    const poor = await call<NightCheckView>(s, 'patrol.nightCheckAdd', {
      propertyId: p.id,
      checkedAt: '2026-11-28T23:10:00+08:00',
      onRound: false,
      guardsSeen: 1,
      pointsChecked: 6,
      problems: [{ text: '消防通道堵塞', points: 10 }],
    });
    expect(poor.score).toBe(40);
    expect(poor.deductions).toEqual([
      { item: 'notOnRound', count: 1, points: 30 },
      { item: 'missingGuards', count: 1, points: 10 },
      { item: 'missedPoints', count: 2, points: 10 },
      { item: 'problem', count: 1, points: 10, text: '消防通道堵塞' },
    ]);
    const zero = await call<NightCheckView>(s, 'patrol.nightCheckAdd', {
      propertyId: p.id,
      checkedAt: '2026-11-28T22:00:00+08:00',
      onRound: false,
      guardsSeen: 0,
      pointsChecked: 0,
      problems: [{ text: '监控室无人', points: 50 }],
    });
    expect(zero.score).toBe(0);

    // a later change of the property does not rescore a check already made
    await call(s, 'patrol.propertySave', { ...property({ nightGuards: 4 }), id: p.id, version: p.version });
    const [again] = (await call<NightCheckView[]>(s, 'patrol.nightChecks', { month: '2026-11', propertyId: p.id })).filter((c) => c.id === perfect.id);
    expect(again).toMatchObject({ score: 100, guardsExpected: 2 });
  });

  it('refuses a check time in the future, a problem worth more than 100 and more points than the round has, naming the field; nothing is kept', async () => {
    const s = await station();
    const p = await call<PropertyView>(s, 'patrol.propertySave', property());
    const base = { propertyId: p.id, onRound: true, guardsSeen: 2, pointsChecked: 8 };
    expect(await attempt(s, 'patrol.nightCheckAdd', { ...base, checkedAt: '2026-11-29T01:00:00+08:00' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.future', field: 'checkedAt' },
    });
    expect(await attempt(s, 'patrol.nightCheckAdd', { ...base, problems: [{ text: '岗亭脏乱', points: 200 }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.score', field: 'problems.0.points' },
    });
    expect(await attempt(s, 'patrol.nightCheckAdd', { ...base, problems: [{ text: '岗亭脏乱', points: -5 }] })).toMatchObject({ ok: false, error: { field: 'problems.0.points' } });
    expect(await attempt(s, 'patrol.nightCheckAdd', { ...base, pointsChecked: 9 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.check.morePoints', field: 'pointsChecked', params: { max: 8 } },
    });
    expect(await attempt(s, 'patrol.nightCheckAdd', { ...base, checkedAt: '2026-02-30T22:00:00+08:00' })).toMatchObject({ ok: false, error: { key: 'prevention.dateTime', field: 'checkedAt' } });
    expect(await sql(s, `SELECT COUNT(*) AS n FROM "prevention_night_check"`)).toEqual([{ n: 0 }]);
  });

  it('gives each property a monthly score: the mean of the local month\'s checks, without cancelled ones, against its pass mark', async () => {
    const s = await station('2026-12-02T02:00:00Z');
    const a = await call<PropertyView>(s, 'patrol.propertySave', property());
    const b = await call<PropertyView>(s, 'patrol.propertySave', property({ name: '江南花园', company: '江南物业', passScore: 90 }));
    await call<PropertyView>(s, 'patrol.propertySave', property({ name: '未检查小区', company: '某物业' }));
    const check = (propertyId: string, checkedAt: string, over: object = {}) =>
      call<NightCheckView>(s, 'patrol.nightCheckAdd', { propertyId, checkedAt, onRound: true, guardsSeen: 2, pointsChecked: 8, ...over });
    await check(a.id, '2026-11-03T23:00:00+08:00');
    await check(a.id, '2026-11-17T23:00:00+08:00', { guardsSeen: 1, pointsChecked: 7 }); // 85
    const wrong = await check(a.id, '2026-11-20T23:00:00+08:00', { onRound: false, guardsSeen: 0 }); // 50, recorded against the wrong property
    // 00:30 on 1 December in Shanghai is still 30 November in UTC: it counts for December
    await check(a.id, '2026-11-30T16:30:00Z', { onRound: false }); // 70
    await check(b.id, '2026-11-10T22:30:00+08:00', { pointsChecked: 6 }); // 90
    await call(s, 'patrol.nightCheckCancel', { id: wrong.id, version: wrong.version, reason: '误录，应为江南花园' });

    const november = await call<MonthlyScore[]>(s, 'patrol.monthlyScores', { month: '2026-11' });
    expect(november.map((m) => [m.propertyName, m.checks, m.score, m.lowest, m.notOnRound, m.passed])).toEqual([
      ['未检查小区', 0, null, null, 0, null],
      ['江南花园', 1, 90, 90, 0, true],
      ['繁荣小区', 2, 92.5, 85, 0, true],
    ]);
    const december = await call<MonthlyScore[]>(s, 'patrol.monthlyScores', { month: '2026-12' });
    expect(december.find((m) => m.propertyId === a.id)).toMatchObject({ checks: 1, score: 70, notOnRound: 1, passed: false });

    const sheet = await call<FeedbackSheet>(s, 'patrol.feedbackSheet', { propertyId: a.id, month: '2026-11' });
    expect(sheet).toMatchObject({ stationName: '宁江区繁荣社区警务室', dutyPhone: '0438-6123456', month: '2026-11', monthly: { score: 92.5 } });
    expect(sheet.checks.map((c) => c.score)).toEqual([100, 85]);
    expect(await attempt(s, 'patrol.monthlyScores', { month: '2026-13' })).toMatchObject({ ok: false, error: { key: 'prevention.month', field: 'month' } });
  });
});

// ───────────────────────────── school guard posts ─────────────────────────────

/** The roster's 护学岗 windows on school days: the patrol zone's posts come from these. */
const schoolWindows = async (s: TestStation, officer: TestStaff) => {
  const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
  await call(s, 'roster.settingsSave', {
    version: view.version,
    people: view.people.map((p) => ({ staffId: p.staffId, included: p.staffId === officer.id, qualifications: [] })),
    settings: {
      ...view.settings,
      windowCoverage: [
        { name: '早护学岗', from: '07:00', to: '08:30', schoolDaysOnly: true, requirements: [{ qualification: 'officer', min: 1 }] },
        { name: '晚护学岗', from: '16:30', to: '17:30', schoolDaysOnly: true, requirements: [{ min: 2 }] },
      ],
    },
  });
};

/** Roster cells as the roster zone stores them (the engine is tested on its own). */
const rosterCells = async (s: TestStation, month: string, cells: { staffId: string; date: string; shiftId: 'D' | 'N' }[]) => {
  const [{ id: stationId }] = await sql<{ id: string }>(s, `SELECT "id" FROM "station"`);
  const rosterId = uuidv7();
  const at = new Date().toISOString();
  const base = (id: string) => [id, stationId, at, at, 1];
  await sql(s, `INSERT INTO "roster" ("id", "stationId", "createdAt", "updatedAt", "version", "month", "settingsVersion", "settings") VALUES (?, ?, ?, ?, ?, ?, 0, '{}')`, [...base(rosterId), month]);
  for (const c of cells)
    await sql(
      s,
      `INSERT INTO "roster_assignment" ("id", "stationId", "createdAt", "updatedAt", "version", "rosterId", "staffId", "date", "shiftId") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...base(uuidv7()), rosterId, c.staffId, c.date, c.shiftId],
    );
};

const school = (over: Record<string, unknown> = {}) => ({
  name: '繁荣小学',
  contactName: '陈老师',
  morningFrom: '07:20',
  morningTo: '08:00',
  afternoonFrom: '16:30',
  afternoonTo: '17:10',
  ...over,
});

// Thursday 24 September 2026, 18:00 in Shanghai: today's posts are over
const THURSDAY_EVENING = '2026-09-24T10:00:00Z';

const schoolSetup = async () => {
  const s = await station(THURSDAY_EVENING);
  const officer = await addStaff(s, 'officer', '李警官');
  const aux = await addStaff(s, 'auxiliary', '赵辅警');
  await schoolWindows(s, officer);
  const sc = await call<SchoolView>(s, 'patrol.schoolSave', school());
  return { s, officer, aux, school: sc };
};

describe('school guard posts', () => {
  it('says why a day has no posts: no school, not a school day, or no guard window in the roster settings', async () => {
    const s = await station(THURSDAY_EVENING);
    const officer = await addStaff(s, 'officer', '李警官');
    expect(await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-24' })).toMatchObject({ posts: [], noPostsBecause: 'noSchools' });
    await call<SchoolView>(s, 'patrol.schoolSave', school());
    // a school Thursday, but the roster settings set no guard window yet: that is the cause to fix
    expect(await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-24' })).toMatchObject({ posts: [], noPostsBecause: 'noWindows' });
    await schoolWindows(s, officer);
    expect(await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-26' })).toMatchObject({ posts: [], noPostsBecause: 'notSchoolDay' });
    expect(await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-24' })).toMatchObject({ noPostsBecause: null });
  });

  it('puts posts on school days only — weekdays and make-up working days (调休), not weekends or holidays — at the school\'s gate times', async () => {
    const { s, officer, school: sc } = await schoolSetup();
    await rosterCells(s, '2026-09', [{ staffId: officer.id, date: '2026-09-24', shiftId: 'D' }]);
    const thursday = await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-24' });
    // the roster's windows as a list, for each language to join its own way
    expect(thursday.posts.map((p) => [p.schoolName, p.period, p.from, p.to, p.required, p.windowNames])).toEqual([
      ['繁荣小学', 'morning', '07:20', '08:00', 1, ['早护学岗 07:00–08:30']],
      ['繁荣小学', 'afternoon', '16:30', '17:10', 2, ['晚护学岗 16:30–17:30']],
    ]);
    // the day shift 08:00–20:00 covers the afternoon window, not the morning one
    expect(thursday.posts[0].rostered).toEqual([]);
    expect(thursday.posts[1].rostered).toEqual([{ staffId: officer.id, name: '李警官' }]);

    // Sunday 20 September is a make-up working day; Saturday 19th and Friday 25th (中秋节) are not school days
    const sunday = await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-20' });
    expect(sunday).toMatchObject({ holidayName: '国庆节调休' });
    expect(sunday.posts).toHaveLength(2);
    expect((await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-19' })).posts).toEqual([]);
    expect((await call<PostDay>(s, 'patrol.schoolPosts', { date: '2026-09-25' })).posts).toEqual([]);
    expect(sc.morningFrom).toBe('07:20');
  });

  it('records who stood, when they came and left, and who was absent; a post over with too few present is a gap', async () => {
    const { s, officer, aux, school: sc } = await schoolSetup();
    const stood = await call<PostView>(
      s,
      'patrol.attendanceAdd',
      { schoolId: sc.id, date: '2026-09-24', period: 'morning', staffId: officer.id, arrivedAt: '2026-09-24T07:15:00+08:00', leftAt: '2026-09-24T08:05:00+08:00' },
      aux.token,
    );
    expect(stood).toMatchObject({ present: 1, absent: 0, state: 'covered' });
    expect(stood.attendance[0]).toMatchObject({ personName: '李警官', arrivedAt: '2026-09-23T23:15:00.000Z', leftAt: '2026-09-24T00:05:00.000Z', recordedBy: '赵辅警' });

    await call(s, 'patrol.attendanceAdd', { schoolId: sc.id, date: '2026-09-24', period: 'afternoon', staffId: aux.id, absent: true, note: '病假未到岗' });
    const volunteer = await call<PostView>(s, 'patrol.attendanceAdd', {
      schoolId: sc.id,
      date: '2026-09-24',
      period: 'afternoon',
      personName: '王大爷（义巡）',
      arrivedAt: '2026-09-24T16:25:00+08:00',
    });
    // two asked for, one stood, one absent: flagged
    expect(volunteer).toMatchObject({ required: 2, present: 1, absent: 1, state: 'gap' });
    expect(volunteer.attendance.find((a) => a.absent)).toMatchObject({ personName: '赵辅警', arrivedAt: null, note: '病假未到岗' });

    expect(await attempt(s, 'patrol.attendanceAdd', { schoolId: sc.id, date: '2026-09-24', period: 'morning', staffId: officer.id, arrivedAt: '2026-09-24T07:20:00+08:00' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.attendance.twice', field: 'staffId' },
    });
  });

  it('refuses a leave time before arrival, an arrival in the future or on another day, and a post on a day without one, naming the field', async () => {
    const { s, officer, school: sc } = await schoolSetup();
    const post = { schoolId: sc.id, date: '2026-09-24', period: 'afternoon', staffId: officer.id };
    expect(await attempt(s, 'patrol.attendanceAdd', { ...post, arrivedAt: '2026-09-24T16:30:00+08:00', leftAt: '2026-09-24T16:00:00+08:00' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.attendance.leftBeforeArrived', field: 'leftAt' },
    });
    expect(await attempt(s, 'patrol.attendanceAdd', { ...post, date: '2026-09-24', arrivedAt: '2026-09-24T19:00:00+08:00' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.future', field: 'arrivedAt' },
    });
    expect(await attempt(s, 'patrol.attendanceAdd', { ...post, arrivedAt: '2026-09-23T16:30:00+08:00' })).toMatchObject({
      ok: false,
      error: { key: 'prevention.attendance.otherDay', field: 'arrivedAt' },
    });
    expect(await attempt(s, 'patrol.attendanceAdd', { ...post, date: '2026-09-19', arrivedAt: '2026-09-19T16:30:00+08:00' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.post.none', field: 'date' },
    });
    expect(await attempt(s, 'patrol.attendanceAdd', { ...post, staffId: null })).toMatchObject({ ok: false, error: { key: 'prevention.attendance.who', field: 'staffId' } });
    expect(await attempt(s, 'patrol.attendanceAdd', { ...post })).toMatchObject({ ok: false, error: { key: 'required', field: 'arrivedAt' } });
    expect(await sql(s, `SELECT COUNT(*) AS n FROM "prevention_attendance"`)).toEqual([{ n: 0 }]);
    expect(await attempt(s, 'patrol.schoolSave', school({ name: '倒置小学', morningFrom: '08:00', morningTo: '07:20' }))).toMatchObject({
      ok: false,
      error: { key: 'prevention.school.windowEmpty', field: 'morningTo' },
    });
    // a school's office answers on a landline: taken like the station's own duty phones
    expect(await call<SchoolView>(s, 'patrol.schoolSave', school({ name: '繁荣二小', contactPhone: '0438-6100200' }))).toMatchObject({ contactPhone: '0438-6100200' });
    expect(await attempt(s, 'patrol.schoolSave', school({ name: '繁荣三小', contactPhone: '6100' }))).toMatchObject({ ok: false, error: { field: 'contactPhone' } });
  });

  it('shows a term: each school day with its posts and attendance, the gaps counted and the future not', async () => {
    const { s, officer, school: sc } = await schoolSetup();
    // the term entered before it began, as a station does at the start of September
    s.setNow('2026-09-01T01:00:00Z');
    await relogin(s);
    const term = await call<TermView>(s, 'patrol.termSave', { name: '2026年秋季学期', startDate: '2026-09-19', endDate: '2026-09-28' });
    s.setNow(THURSDAY_EVENING);
    await relogin(s);
    expect(await attempt(s, 'patrol.termSave', { name: '颠倒', startDate: '2026-09-28', endDate: '2026-09-01' })).toMatchObject({
      ok: false,
      error: { key: 'prevention.term.endBeforeStart', field: 'endDate' },
    });
    for (const date of ['2026-09-21', '2026-09-22', '2026-09-23'])
      for (const period of ['morning', 'afternoon'])
        await call(s, 'patrol.attendanceAdd', { schoolId: sc.id, date, period, personName: '李警官', arrivedAt: `${date}T${period === 'morning' ? '07:15' : '16:25'}:00+08:00` });
    await call(s, 'patrol.attendanceAdd', { schoolId: sc.id, date: '2026-09-23', period: 'afternoon', staffId: officer.id, arrivedAt: '2026-09-23T16:20:00+08:00' });

    const report = await call<TermReport>(s, 'patrol.termView', { termId: term.id });
    // Sun 20 (调休), Mon 21 – Thu 24; Fri 25 中秋节, Sat 26, Sun 27 off; Mon 28 still to come
    expect(report.days.map((d) => d.date)).toEqual(['2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24', '2026-09-28']);
    const states = Object.fromEntries(report.days.map((d) => [d.date, d.posts.map((p) => p.state).join(' ')]));
    expect(states).toEqual({
      '2026-09-20': 'gap gap',
      '2026-09-21': 'covered gap',
      '2026-09-22': 'covered gap',
      '2026-09-23': 'covered covered',
      '2026-09-24': 'gap gap',
      '2026-09-28': 'future future',
    });
    expect(report.totals).toEqual({ posts: 12, covered: 4, gaps: 6, absences: 0 });
  });

  it('counts a term entered mid-term from the day it was entered: the school days before it are not gaps', async () => {
    const { s } = await schoolSetup();
    // entered on Thursday the 24th for a term that began on the 19th
    const term = await call<TermView>(s, 'patrol.termSave', { name: '2026年秋季学期', startDate: '2026-09-19', endDate: '2026-09-28' });
    const report = await call<TermReport>(s, 'patrol.termView', { termId: term.id });
    const states = Object.fromEntries(report.days.map((d) => [d.date, d.posts.map((p) => p.state).join(' ')]));
    expect(states).toMatchObject({ '2026-09-20': 'untracked untracked', '2026-09-23': 'untracked untracked', '2026-09-24': 'gap gap' });
    expect(report.totals).toMatchObject({ gaps: 2 });
  });
});

// ───────────────────────────── video channels ─────────────────────────────

describe('video channels', () => {
  const camera = (over: Record<string, unknown> = {}) => ({ code: '22070200001320000001', place: '繁荣路18号东门', facing: '朝东', ownerUnit: '繁荣社区居委会', ...over });

  it('refuses a channel code already registered (as typed or in lower case), naming the field; a retired camera\'s code may be reused', async () => {
    const s = await station();
    const c = await call<CameraView>(s, 'patrol.cameraAdd', camera({ code: 'fr-gate-01' }));
    expect(c).toMatchObject({ code: 'FR-GATE-01', status: 'unchecked', lastCheckedAt: null });
    expect(await attempt(s, 'patrol.cameraAdd', camera({ code: 'FR-GATE-01', place: '别处' }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.camera.codeTaken', field: 'code', params: { code: 'FR-GATE-01', place: '繁荣路18号东门' } },
    });
    expect(await attempt(s, 'patrol.cameraAdd', camera({ code: ' fr-gate-01 ' }))).toMatchObject({ ok: false, error: { field: 'code' } });
    const other = await call<CameraView>(s, 'patrol.cameraAdd', camera({ code: 'FR-GATE-02' }));
    expect(await attempt(s, 'patrol.cameraUpdate', { ...camera({ code: 'FR-GATE-01' }), id: other.id, version: other.version })).toMatchObject({ ok: false, error: { field: 'code' } });
    expect(await attempt(s, 'patrol.cameraAdd', camera({ code: '东门一号' }))).toMatchObject({ ok: false, error: { key: 'prevention.camera.codeCharacters', field: 'code' } });
    await call(s, 'patrol.cameraRetire', { id: c.id, version: c.version, reason: '拆除' });
    expect((await attempt(s, 'patrol.cameraAdd', camera({ code: 'FR-GATE-01', place: '东门新装' }))).ok).toBe(true);
  });

  it('a check round records each camera ok or at fault with a note; a fault sets the status, the next ok clears it', async () => {
    const s = await station();
    const aux = await addStaff(s, 'auxiliary', '赵辅警');
    const east = await call<CameraView>(s, 'patrol.cameraAdd', camera({ code: 'CAM-01' }));
    const west = await call<CameraView>(s, 'patrol.cameraAdd', camera({ code: 'CAM-02', place: '繁荣路18号西门', facing: '朝西' }));
    // a fault is written down
    expect(await attempt(s, 'patrol.cameraRound', { results: [{ cameraId: east.id, ok: false }] }, aux.token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.round.faultNote', field: 'results.0.note' },
    });
    expect(await attempt(s, 'patrol.cameraRound', { checkedAt: '2026-11-29T09:00:00+08:00', results: [{ cameraId: east.id, ok: true }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'prevention.future', field: 'checkedAt' },
    });

    const first = await call<CameraRoundView>(
      s,
      'patrol.cameraRound',
      { checkedAt: '2026-11-28T21:00:00+08:00', results: [{ cameraId: east.id, ok: true }, { cameraId: west.id, ok: false, note: '画面黑屏' }] },
      aux.token,
    );
    expect(first).toMatchObject({ faults: 1, checkedBy: '赵辅警' });
    let cams = await call<CameraView[]>(s, 'patrol.camerasList', {});
    expect(cams.map((c) => [c.code, c.status, c.faultNote, c.lastCheckedAt])).toEqual([
      ['CAM-01', 'ok', null, '2026-11-28T13:00:00.000Z'],
      ['CAM-02', 'fault', '画面黑屏', '2026-11-28T13:00:00.000Z'],
    ]);
    expect(cams[1].faultSince).toBe('2026-11-28T13:00:00.000Z');

    // still at fault an hour later: the fault keeps its start
    await call(s, 'patrol.cameraRound', { checkedAt: '2026-11-28T22:00:00+08:00', results: [{ cameraId: west.id, ok: false, note: '仍黑屏，已报修' }] });
    cams = await call<CameraView[]>(s, 'patrol.camerasList', {});
    expect(cams[1]).toMatchObject({ status: 'fault', faultNote: '仍黑屏，已报修', faultSince: '2026-11-28T13:00:00.000Z' });

    // a round entered late does not overturn what the newer one found
    await call(s, 'patrol.cameraRound', { checkedAt: '2026-11-28T20:00:00+08:00', results: [{ cameraId: west.id, ok: true }] });
    expect((await call<CameraView[]>(s, 'patrol.camerasList', {}))[1]).toMatchObject({ status: 'fault' });

    await call(s, 'patrol.cameraRound', { results: [{ cameraId: west.id, ok: true }] });
    cams = await call<CameraView[]>(s, 'patrol.camerasList', {});
    expect(cams[1]).toMatchObject({ status: 'ok', faultNote: null, faultSince: null, lastCheckedAt: NIGHT });
    const rounds = await call<CameraRoundView[]>(s, 'patrol.cameraRounds', {});
    expect(rounds.map((r) => r.faults)).toEqual([0, 1, 1, 0]);
    expect(rounds[2].results).toEqual([
      { cameraId: east.id, code: 'CAM-01', place: '繁荣路18号东门', ok: true, note: null },
      { cameraId: west.id, code: 'CAM-02', place: '繁荣路18号西门', ok: false, note: '画面黑屏' },
    ]);
  });
});

describe('cancelling a record', () => {
  it('cancels a property, a school, an attendance and a camera alike: a stale version refused, the reason kept and audited, the row never deleted', async () => {
    const { s, officer, school: sc } = await schoolSetup();
    const p = await call<PropertyView>(s, 'patrol.propertySave', property());
    const post = await call<PostView>(s, 'patrol.attendanceAdd', {
      schoolId: sc.id,
      date: '2026-09-24',
      period: 'morning',
      staffId: officer.id,
      arrivedAt: '2026-09-24T07:15:00+08:00',
    });
    const c = await call<CameraView>(s, 'patrol.cameraAdd', { code: 'FR-GATE-09', place: '繁荣路18号东门', ownerUnit: '繁荣社区居委会' });
    const records: [string, string, { id: string; version: number }][] = [
      ['patrol.propertyCancel', 'prevention_property', p],
      ['patrol.schoolCancel', 'prevention_school', sc],
      ['patrol.attendanceCancel', 'prevention_attendance', post.attendance[0]],
      ['patrol.cameraRetire', 'prevention_camera', c],
    ];
    for (const [method, table, record] of records) {
      expect(await attempt(s, method, { id: record.id, version: record.version + 1, reason: '录入错误' }), method).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'staleVersion' } });
      expect(await call(s, method, { id: record.id, version: record.version, reason: '录入错误' }), method).toEqual({ ok: true });
      const [row] = await sql<{ cancelReason: string; version: number }>(s, `SELECT "cancelReason", "version" FROM "${table}" WHERE "id" = ?`, [record.id]);
      expect(row, method).toEqual({ cancelReason: '录入错误', version: record.version + 1 });
      const [audit] = await sql<{ recordId: string; detail: string }>(s, `SELECT "recordId", "detail" FROM "audit_log" WHERE "method" = ?`, [method]);
      expect(audit, method).toEqual({ recordId: record.id, detail: '录入错误' });
      // once cancelled it is gone from the station's lists: a second cancel finds nothing
      expect(await attempt(s, method, { id: record.id, version: record.version + 1, reason: '再次' }), method).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await call(s, 'patrol.propertiesList', {})).toEqual([]);
    expect(await call(s, 'patrol.schoolsList', {})).toEqual([]);
    expect(await call(s, 'patrol.camerasList', {})).toEqual([]);
  });
});
