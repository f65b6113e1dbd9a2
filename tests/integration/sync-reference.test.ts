import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediationCase, MediationSettings } from '../../src/shared/mediation/contract.js';
import { DEFAULT_RISK_RULES, type RiskRules } from '../../src/shared/mediation/risk.js';
import type { NoticeTemplate, PrintedNotice } from '../../src/shared/office/notices.js';
import type { TaskStandard } from '../../src/shared/office/tasks.js';
import { enrol, hqStaffToken, newStore, startHq, type Dialect, type HqStore, type TestHq } from '../helpers/hq.js';
import { addStaff, ok, setUpStation, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

const withThreats = (weight: number, over: Partial<RiskRules> = {}): RiskRules => ({
  ...DEFAULT_RISK_RULES,
  threats: { ...DEFAULT_RISK_RULES.threats, weight },
  ...over,
});

describe('risk-warning rules pushed by HQ', () => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let admin: string;

  beforeAll(async () => {
    store = await newStore('sqlite');
    hq = await startHq(store);
    st = await setUpStation();
    await enrol(st, hq);
    admin = await hqStaffToken(hq, 'admin', 'Admin-2026-hq', 'admin');
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  const publish = (payload: unknown) =>
    fetch(`${hq.url}/api/reference/riskRules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ payload }),
    });
  const settings = () => ok<MediationSettings>(st.core.call('mediation.settingsGet', {}, { token: st.token }));
  const caseNow = (id: string) => ok<MediationCase>(st.core.call('mediation.get', { id }, { token: st.token }));

  it('a rule set HQ publishes replaces the station’s and re-scores open cases; a head’s later edit stays until HQ publishes again', async () => {
    const c = await caseApi(st).open({ facts: '对方扬言要报复，双方为漏水赔偿争执。' });
    expect(c.risk).toMatchObject({ score: 35, level: 'medium' });

    expect((await publish(withThreats(70))).status).toBe(200);
    await st.core.sync.round();
    expect((await settings()).riskRules.threats.weight).toBe(70);
    expect((await caseNow(c.id)).risk).toMatchObject({ score: 70, level: 'high' });

    // the head tunes it here; the next rounds bring nothing new, so the edit stands
    const mine = await settings();
    await ok(st.core.call('mediation.settingsUpdate', { version: mine.version, startLimitHours: 48, riskRules: withThreats(20) }, { token: st.token }));
    await st.core.sync.round();
    await st.core.sync.round();
    expect(await settings()).toMatchObject({ startLimitHours: 48, riskRules: { threats: { weight: 20 } } });
    expect((await caseNow(c.id)).risk).toMatchObject({ score: 20, level: 'low' });

    // HQ publishes a new version: it wins again; the start limit stays the station's
    expect((await publish(withThreats(40, { mediumThreshold: 20, highThreshold: 40 }))).status).toBe(200);
    await st.core.sync.round();
    expect(await settings()).toMatchObject({ startLimitHours: 48, riskRules: { mediumThreshold: 20, highThreshold: 40, threats: { weight: 40 } } });
    expect((await caseNow(c.id)).risk).toMatchObject({ score: 40, level: 'high' });
  });

  it('HQ refuses a rule set the station’s own form would refuse, and a station refuses one that reaches it anyway', async () => {
    const bad = withThreats(30, { mediumThreshold: 70, highThreshold: 60 });
    const res = await publish(bad);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid', field: 'highThreshold', reason: 'mediation.risk.thresholds' });

    // published past the API (an older HQ, a hand-edited database): the station checks it the same way
    const before = await settings();
    await hq.service.publish('riskRules', undefined, { ...bad }, 'test');
    await hq.service.publish('riskRules', undefined, { ...DEFAULT_RISK_RULES, threats: { enabled: true, weight: 500, keywords: [] } }, 'test');
    await st.core.sync.round();
    expect(await settings()).toEqual(before);
  });
});

/** A standard list as HQ publishes it: every function has a task. */
const hqList = (listId: string, patrol = '夜间巡逻') => ({
  listId,
  title: `${listId} 标准化任务清单`,
  titleEn: `Standard task list ${listId}`,
  publishedAt: '2026-11-20',
  tasks: [
    { code: 'RK-01', function: 'population', zh: '实有人口核查', en: 'Check the resident population', recurrence: 'monthly' },
    { code: 'ZA-01', function: 'security', zh: patrol, en: 'Night patrol', recurrence: 'daily' },
    { code: 'XX-01', function: 'information', zh: '社情民意收集', en: 'Collect public opinion' },
    { code: 'TJ-01', function: 'mediation', zh: '矛盾纠纷排查', en: 'Screen for disputes', recurrence: 'weekly' },
  ],
});

/** A template as HQ publishes it: the fields of the head's template form. */
const hqTemplate = (body = '近期冒充快递客服诈骗多发，请勿点击陌生链接。\n如有疑问请联系社区民警{{officer}}（{{phone}}）。') => ({
  kind: 'safety',
  name: '防范冒充客服诈骗',
  title: '防范冒充客服诈骗告示',
  body,
  footer: '{{station}}\n{{date}}',
  qr: 'tel:96110',
  pageSize: 'A4',
});

describe.each<Dialect>(['sqlite', 'postgres'])('the office’s standard task list and notice templates published by HQ (HQ on %s)', (dialect) => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let admin: string;

  beforeAll(async () => {
    store = await newStore(dialect);
    hq = await startHq(store);
    st = await setUpStation();
    await enrol(st, hq);
    admin = await hqStaffToken(hq, 'admin', 'Admin-2026-hq', 'admin');
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  const publish = (bucket: string, payload: unknown, id?: string) =>
    fetch(`${hq.url}/api/reference/${bucket}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ payload, ...(id ? { id } : {}) }),
    });
  const call = <T = any>(method: string, input: unknown, token = st.token) => ok<T>(st.core.call(method, input, { token }));
  const standard = (token?: string) => call<TaskStandard>('office.taskStandard', {}, token);
  const templates = (token?: string) => call<NoticeTemplate[]>('office.noticeTemplates', {}, token);

  let hqTemplateId: string;
  let ownTemplateId: string;

  it('HQ’s list becomes the station’s standard and HQ’s template joins the library, beside the station’s own', async () => {
    const own = await call<NoticeTemplate>('office.noticeTemplateSave', { kind: 'safety', name: '防盗提示', title: '防盗提示', body: '出门请锁好门窗。联系{{officer}}。', pageSize: 'A5' });
    ownTemplateId = own.id;
    expect((await standard()).source).toBe('default');

    const list = await publish('taskList', hqList('hq-2027'));
    expect(list.status).toBe(200);
    const tpl = await publish('noticeTemplates', hqTemplate());
    expect(tpl.status).toBe(200);
    hqTemplateId = (await tpl.json()).id;
    await st.core.sync.round();

    // what the officer sees on the tasks tab and in the notice library
    const officer = await addStaff(st, 'officer', '李警官');
    expect(await standard(officer.token)).toMatchObject({
      source: 'hq',
      listId: 'hq-2027',
      title: 'hq-2027 标准化任务清单',
      publishedAt: '2026-11-20',
      tasks: [
        { code: 'RK-01', function: 'population', recurrence: 'monthly' },
        { code: 'ZA-01', zh: '夜间巡逻' },
        { code: 'XX-01', recurrence: 'none' },
        { code: 'TJ-01', recurrence: 'weekly' },
      ],
    });
    const library = await templates(officer.token);
    const fromHq = library.find((t) => t.id === hqTemplateId);
    expect(fromHq).toMatchObject({ source: 'hq', version: 1, kind: 'safety', name: '防范冒充客服诈骗', qr: 'tel:96110', fields: ['officer', 'phone', 'station', 'date'] });
    expect(library.find((t) => t.id === ownTemplateId)).toMatchObject({ source: 'station', name: '防盗提示' });
    expect(library.filter((t) => t.source === 'default')).toHaveLength(4);

    // a task is assigned from HQ's list, and HQ's notice prints filled in
    const task = await call('office.taskAssign', { standardCode: 'ZA-01', assigneeId: officer.id, dueDate: '2026-11-29' });
    expect(task).toMatchObject({ standardCode: 'ZA-01', title: '夜间巡逻', function: 'security' });
    const printed = await call<PrintedNotice>(
      'office.noticePrint',
      { templateId: hqTemplateId, templateVersion: 1, pageSize: 'A4', values: { station: '繁荣社区警务室', officer: '李警官', phone: '13912345678', date: '2026年11月28日' } },
      officer.token,
    );
    expect(printed.body).toContain('请联系社区民警李警官（13912345678）');
  });

  it('each version is applied once: the head’s edits stand until HQ publishes again; HQ’s new template keeps the head’s wording beside it', async () => {
    // the head words HQ's template for this community, and applies a list of its own
    const mine = (await templates()).find((t) => t.id === hqTemplateId)!;
    const edited = await call<NoticeTemplate>('office.noticeTemplateSave', { ...hqTemplate(), id: hqTemplateId, version: mine.version, body: '繁荣社区居民：请勿点击陌生链接。联系{{officer}}。' });
    expect(edited).toMatchObject({ source: 'hq', version: 2 });
    await call('office.taskStandardReplace', hqList('station-2027', '楼院巡查'));
    await st.core.sync.round();
    await st.core.sync.round();
    expect((await templates()).find((t) => t.id === hqTemplateId)).toMatchObject({ version: 2, body: '繁荣社区居民：请勿点击陌生链接。联系{{officer}}。' });
    expect(await standard()).toMatchObject({ listId: 'station-2027', tasks: expect.arrayContaining([expect.objectContaining({ code: 'ZA-01', zh: '楼院巡查' })]) });

    // HQ publishes new versions of both
    expect((await publish('noticeTemplates', hqTemplate('新版：请勿向陌生人转账。联系{{officer}}（{{phone}}）。'), hqTemplateId)).status).toBe(200);
    expect((await publish('taskList', hqList('hq-2027b'))).status).toBe(200);
    await st.core.sync.round();
    const library = await templates();
    expect(library.find((t) => t.id === hqTemplateId)).toMatchObject({ source: 'hq', version: 3, body: '新版：请勿向陌生人转账。联系{{officer}}（{{phone}}）。' });
    // the head's wording is still in the library, now as the station's own template
    expect(library.filter((t) => t.body === '繁荣社区居民：请勿点击陌生链接。联系{{officer}}。')).toEqual([
      expect.objectContaining({ source: 'station', name: '防范冒充客服诈骗', version: 1 }),
    ]);
    expect(library.find((t) => t.id === ownTemplateId)).toMatchObject({ source: 'station', name: '防盗提示', version: 1 });
    expect(await standard()).toMatchObject({ source: 'hq', listId: 'hq-2027b' });

    // HQ's next version of a template nobody here edited simply replaces it: no copy this time
    expect((await publish('noticeTemplates', hqTemplate('第三版。联系{{officer}}。'), hqTemplateId)).status).toBe(200);
    await st.core.sync.round();
    const after = await templates();
    expect(after.find((t) => t.id === hqTemplateId)).toMatchObject({ version: 4, body: '第三版。联系{{officer}}。' });
    expect(after).toHaveLength(library.length);
  });

  it('HQ refuses an item the office would refuse, naming the field; one that reaches the station anyway changes nothing there', async () => {
    const noMediation = { ...hqList('bad'), tasks: hqList('bad').tasks.filter((t) => t.function !== 'mediation') };
    let res = await publish('taskList', noMediation);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid', field: 'tasks', reason: 'office.standard.functionMissing' });
    res = await publish('noticeTemplates', hqTemplate('民警：{{offcer}}'));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid', field: 'body', reason: 'office.notice.unknownField' });
    // exactly the form's fields: the station decides what is built in, not HQ
    res = await publish('noticeTemplates', { ...hqTemplate(), builtin: 1 });
    expect(res.status).toBe(400);
    expect((await hq.service.listBucket('taskList')).map((i) => i.payload.listId)).not.toContain('bad');

    // published past the API (an older HQ, a hand-edited database): the station checks it the same way
    const before = { standard: await standard(), templates: await templates() };
    await hq.service.publish('taskList', undefined, noMediation, 'test');
    await hq.service.publish('noticeTemplates', undefined, { ...hqTemplate(), pageSize: 'A3' }, 'test');
    await hq.service.publish('noticeTemplates', hqTemplateId, hqTemplate('民警：{{offcer}}'), 'test');
    await st.core.sync.round();
    expect(await standard()).toEqual(before.standard);
    expect(await templates()).toEqual(before.templates);
  });
});

describe.each<Dialect>(['sqlite', 'postgres'])('the holiday calendar HQ publishes, and who may publish (HQ on %s)', (dialect) => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    store = await newStore(dialect);
    hq = await startHq(store);
    st = await setUpStation();
    await enrol(st, hq);
    admin = await hqStaffToken(hq, 'admin', 'Admin-2026-hq', 'admin');
    viewer = await hqStaffToken(hq, 'viewer', 'Viewer-2026-hq', 'viewer');
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  const publish = (bucket: string, payload: unknown, token = admin) =>
    fetch(`${hq.url}/api/reference/${bucket}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ payload }),
    });
  const list = async (bucket: string, token = viewer) => (await fetch(`${hq.url}/api/reference/${bucket}`, { headers: { authorization: `Bearer ${token}` } })).json();
  const atStation = async () =>
    ((await st.core.dataSource.query(`SELECT "id", "version", "payload" FROM "sync_reference" WHERE "bucket" = 'holidays' ORDER BY "id"`)) as { id: string; version: number; payload: string }[]).map(
      (r) => ({ id: r.id, version: Number(r.version), ...JSON.parse(r.payload) }),
    );

  it('a date is one entry: publishing it again makes a new version of it; a date published by mistake is withdrawn; the station keeps the newest', async () => {
    const first = await (await publish('holidays', { date: '2026-10-01', name: '国庆节' })).json();
    expect(first).toMatchObject({ version: 1 });
    expect((await publish('holidays', { date: '2026-10-11', name: '国庆节调休', workday: true })).status).toBe(200);
    // the name corrected: the same item, version 2
    expect(await (await publish('holidays', { date: '2026-10-01', name: '国庆节 中秋节' })).json()).toMatchObject({ id: first.id, version: 2 });
    expect((await list('holidays')).map((i: { payload: Record<string, unknown> }) => i.payload)).toEqual([
      expect.objectContaining({ date: '2026-10-01', name: '国庆节 中秋节', workday: false, version: 2 }),
      expect.objectContaining({ date: '2026-10-11', name: '国庆节调休', workday: true }),
    ]);
    await st.core.sync.round();
    expect(await atStation()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: first.id, version: 2, date: '2026-10-01', name: '国庆节 中秋节', workday: false }),
        expect.objectContaining({ date: '2026-10-11', workday: true }),
      ]),
    );

    // the roster's calendar has HQ's days: its own entry for the date replaced, the rest kept
    const calendar = async () => (await ok<{ days: { date: string; kind: string; name: string }[] }>(st.core.call('roster.holidaysGet', { year: 2026 }, { token: st.token }))).days;
    const days = await calendar();
    expect(days.filter((d) => d.date === '2026-10-01')).toEqual([{ date: '2026-10-01', kind: 'holiday', name: '国庆节 中秋节' }]);
    expect(days.find((d) => d.date === '2026-10-11')).toEqual({ date: '2026-10-11', kind: 'workday', name: '国庆节调休' });
    expect(days.find((d) => d.date === '2026-01-01')).toBeDefined();

    expect(await (await publish('holidays', { date: '2026-10-11', name: '国庆节调休', workday: true, withdrawn: true })).json()).toMatchObject({ version: 2 });
    await st.core.sync.round();
    expect((await atStation()).find((h) => h.date === '2026-10-11')).toMatchObject({ version: 2, withdrawn: true });
    expect((await calendar()).find((d) => d.date === '2026-10-11')).toBeUndefined();
  });

  it('refuses a day the calendar cannot hold, naming the field', async () => {
    const refused = async (payload: unknown) => {
      const res = await publish('holidays', payload);
      expect(res.status).toBe(400);
      return res.json();
    };
    expect(await refused({ date: '2026-02-30', name: '不存在的日子' })).toMatchObject({ error: 'invalid', field: 'date', reason: 'date' });
    expect(await refused({ date: '2026-05-01', name: ' ' })).toMatchObject({ field: 'name', reason: 'required' });
    expect(await refused({ date: '2026-05-01', name: '劳动节'.repeat(20) })).toMatchObject({ field: 'name', reason: 'tooLong', params: { max: 20 } });
    expect(await refused({ date: '2026-05-01', name: '劳动节', workday: 'yes' })).toMatchObject({ field: 'workday', reason: 'invalidType' });
    expect(await refused({ date: '2026-05-01', name: '劳动节', kind: 'holiday' })).toMatchObject({ field: 'kind', reason: 'unknownField' });
    // an unknown field deep in a task list is named by its path
    const tasks = hqList('x').tasks.map((t, i) => (i === 2 ? { ...t, colour: 'red' } : t));
    expect(await (await publish('taskList', { ...hqList('x'), tasks })).json()).toMatchObject({ field: 'tasks.2.colour', reason: 'unknownField' });
    expect((await list('holidays')).map((i: { payload: { date: string } }) => i.payload.date)).not.toContain('2026-05-01');
  });

  it('a viewer sees every published bucket and can publish none of them', async () => {
    const items: Record<string, unknown> = {
      mediators: { name: '周调解', specialties: ['neighbour'] },
      directives: { title: '通知', body: '内容' },
      taskList: hqList('viewer-try'),
      noticeTemplates: hqTemplate(),
      holidays: { date: '2026-01-01', name: '元旦' },
      riskRules: DEFAULT_RISK_RULES,
    };
    for (const [bucket, payload] of Object.entries(items)) {
      const before = await list(bucket);
      expect(Array.isArray(before)).toBe(true);
      const res = await publish(bucket, payload, viewer);
      expect([bucket, res.status, (await res.json()).error]).toEqual([bucket, 403, 'forbidden']);
      expect(await list(bucket)).toEqual(before);
    }
    // without a session nobody reads them either
    expect((await fetch(`${hq.url}/api/reference/holidays`)).status).toBe(401);
  });
});
