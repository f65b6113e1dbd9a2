import { afterEach, describe, expect, it } from 'vitest';
import standardFile from '../../resources/task-standard.json';
import type { Assessment, Awards, PersonScore } from '../../src/shared/office/assessment.js';
import type { ShiftLog } from '../../src/shared/office/contract.js';
import type { NoticeTemplate, PrintedNotice } from '../../src/shared/office/notices.js';
import type { OverdueTasks, Task, TaskStandard } from '../../src/shared/office/tasks.js';
import { nextDueDate } from '../../src/main/office/tasks.service.js';
import { addStaff, ok, setUpStation, sql, walkIn, type TestStation } from '../helpers/station.js';
import { person } from './collection.helpers.js';
import { caseApi, travel } from './mediation.helpers.js';
import { linkLabel } from '../../src/renderer/office/taskLabels.js';

/**
 * The office's routine on a real station database: the standard task list and its replacement,
 * tasks assigned, completed with evidence and recurring, overdue on the home screen; the notice
 * library and printing (with its duty-log entry); the double-hundred assessment with its data and
 * manual items, and the yearly awards with "three times in a row".
 */
let st: TestStation | undefined;
afterEach(async () => {
  await st?.close();
  st = undefined;
});

const call = <T = any>(s: TestStation, method: string, input: unknown, token = s.token) => ok<T>(s.core.call(method, input, { token }));
const attempt = (s: TestStation, method: string, input: unknown, token = s.token) => s.core.call(method, input, { token });

// 10:00 in Shanghai on 28 November 2026
const MORNING = '2026-11-28T02:00:00Z';

const station = async () => {
  const s = await setUpStation({ now: MORNING });
  st = s;
  const officer = await addStaff(s, 'officer', '李警官');
  const aux = await addStaff(s, 'auxiliary', '赵辅警');
  return { s, officer, aux };
};

describe('the standard task list', () => {
  it('ships four functions of twelve tasks as the default, and a published list replaces it through the same service', async () => {
    const { s, aux } = await station();
    const std = await call<TaskStandard>(s, 'office.taskStandard', {}, aux.token);
    expect(std.source).toBe('default');
    expect(std.tasks).toHaveLength(48);
    for (const f of ['population', 'security', 'information', 'mediation']) expect(std.tasks.filter((t) => t.function === f)).toHaveLength(12);
    expect(std.tasks.find((t) => t.code === 'ZA-01')).toMatchObject({ zh: '社区治安巡逻', recurrence: 'daily' });
    expect(standardFile.tasks).toHaveLength(48);

    const published = {
      listId: 'hq-2027',
      title: '2027年度标准化任务清单',
      publishedAt: '2026-11-20',
      tasks: [
        { code: 'RK-01', function: 'population', zh: '实有人口核查', en: 'Check the resident population', recurrence: 'monthly' },
        { code: 'ZA-01', function: 'security', zh: '夜间巡逻', en: 'Night patrol', recurrence: 'daily' },
        { code: 'XX-01', function: 'information', zh: '社情民意收集', en: 'Collect public opinion' },
        { code: 'TJ-01', function: 'mediation', zh: '矛盾纠纷排查', en: 'Screen for disputes', recurrence: 'weekly' },
      ],
    };
    // only the head applies one
    expect(await attempt(s, 'office.taskStandardReplace', published, aux.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // a list missing a function, or with a code twice, is refused and the standard stays
    const missing = await attempt(s, 'office.taskStandardReplace', { ...published, tasks: published.tasks.slice(0, 3) });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'office.standard.functionMissing', field: 'tasks' } });
    const twice = await attempt(s, 'office.taskStandardReplace', { ...published, tasks: [...published.tasks, published.tasks[0]] });
    expect(twice).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'office.standard.duplicateCode', field: 'tasks.4.code' } });
    expect((await call<TaskStandard>(s, 'office.taskStandard', {})).source).toBe('default');

    const applied = await call<TaskStandard>(s, 'office.taskStandardReplace', published);
    expect(applied).toMatchObject({ source: 'hq', listId: 'hq-2027', appliedAt: '2026-11-28T02:00:00.000Z' });
    expect(applied.tasks.map((t) => t.code)).toEqual(['RK-01', 'ZA-01', 'XX-01', 'TJ-01']);
    expect(applied.tasks[2].recurrence).toBe('none');
    // a task assigned from the old list keeps its title; the new list's codes are what can be assigned now
    expect(await attempt(s, 'office.taskAssign', { standardCode: 'ZA-05', assigneeId: aux.id, dueDate: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { key: 'office.task.standardUnknown', field: 'standardCode' },
    });
    const t = await call<Task>(s, 'office.taskAssign', { standardCode: 'ZA-01', assigneeId: aux.id, dueDate: '2026-11-30' });
    expect(t).toMatchObject({ title: '夜间巡逻', function: 'security' });
    // the list before is kept, retired with the reason
    const rows = await sql<{ listId: string; cancelReason: string | null }>(s, `SELECT "listId", "cancelReason" FROM "office_task_standard" ORDER BY "createdAt"`);
    expect(rows).toEqual([{ listId: 'hq-2027', cancelReason: null }]);
    await call(s, 'office.taskStandardReplace', { ...published, listId: 'hq-2027b' });
    const again = await sql<{ listId: string; cancelReason: string | null }>(s, `SELECT "listId", "cancelReason" FROM "office_task_standard" ORDER BY "listId"`);
    expect(again).toEqual([
      { listId: 'hq-2027', cancelReason: 'replaced by hq-2027b' },
      { listId: 'hq-2027b', cancelReason: null },
    ]);
  });
});

describe('tasks', () => {
  it('refuses a task due before it was created, on the due-date field', async () => {
    const { s, aux } = await station();
    const r = await attempt(s, 'office.taskAssign', { standardCode: 'RK-01', assigneeId: aux.id, dueDate: '2026-11-27' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'office.task.dueBeforeCreated', field: 'dueDate', params: { today: '2026-11-28' } } });
    expect(await attempt(s, 'office.taskAssign', { standardCode: 'RK-01', assigneeId: aux.id, dueDate: '2026-02-30' })).toMatchObject({ ok: false, error: { field: 'dueDate', key: 'date' } });
    // a task typed by hand needs its function
    expect(await attempt(s, 'office.taskAssign', { title: '清点警务室灭火器', assigneeId: aux.id, dueDate: '2026-11-28' })).toMatchObject({ ok: false, error: { field: 'function' } });
    expect(await sql(s, `SELECT 1 FROM "office_task"`)).toEqual([]);
    // due today is fine
    await call(s, 'office.taskAssign', { title: '清点警务室灭火器', function: 'security', assigneeId: aux.id, dueDate: '2026-11-28' });
  });

  it('is completed by its assignee with evidence; a recurring task makes its next occurrence', async () => {
    const { s, officer, aux } = await station();
    const daily = await call<Task>(s, 'office.taskAssign', { standardCode: 'ZA-01', assigneeId: aux.id, dueDate: '2026-11-28', recurrence: 'daily', note: '重点：繁荣小区' });
    expect(daily).toMatchObject({ title: '社区治安巡逻', status: 'open', overdue: false, assignee: { name: '赵辅警' }, assignedOn: '2026-11-28', recurrence: 'daily' });
    // the officer sees their own tasks only, and cannot complete someone else's
    expect(await call<Task[]>(s, 'office.taskList', { scope: 'all' }, officer.token)).toEqual([]);
    expect(await attempt(s, 'office.taskComplete', { id: daily.id, version: 1, note: '已巡' }, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'office.task.notYours' } });
    // evidence is required: a note or a record
    expect(await attempt(s, 'office.taskComplete', { id: daily.id, version: 1 }, aux.token)).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'office.task.evidenceRequired', field: 'note' } });

    // a walk-in the auxiliary received is the evidence, with a note
    const w = await call<{ id: string; queueNo: string }>(s, 'intake.register', walkIn({ route: 'office', visitorName: '钱多多' }), aux.token);
    const options = await call<{ id: string; label: string }[]>(s, 'office.taskLinkOptions', { kind: 'walkIn', q: '钱多' }, aux.token);
    expect(options).toEqual([{ id: w.id, label: `2026-11-28 ${w.queueNo} 钱多多`, queueNo: w.queueNo }]);
    // in English the number reads with its zone's letter, the visitor's name as typed
    expect(linkLabel(options[0], 'en')).toBe('2026-11-28 O-001 钱多多');
    // the number is found as either language shows it
    for (const q of ['O-001', 'o001', '办-001'])
      expect((await call<{ id: string }[]>(s, 'office.taskLinkOptions', { kind: 'walkIn', q }, aux.token)).map((o) => o.id), q).toEqual([w.id]);
    expect(await call(s, 'office.taskLinkOptions', { kind: 'walkIn', q: 'M-001' }, aux.token)).toEqual([]);
    const bogus = await attempt(s, 'office.taskComplete', { id: daily.id, version: 1, note: '巡逻一圈', link: { kind: 'mediationCase', id: w.id } }, aux.token);
    expect(bogus).toMatchObject({ ok: false, error: { key: 'office.task.linkNotFound', field: 'link.id' } });
    const done = await call<{ task: Task; next: Task }>(s, 'office.taskComplete', { id: daily.id, version: 1, note: '巡逻一圈，接待群众一人', link: { kind: 'walkIn', id: w.id } }, aux.token);
    expect(done.task).toMatchObject({ status: 'done', doneBy: '赵辅警', evidenceNote: '巡逻一圈，接待群众一人', evidenceLink: { kind: 'walkIn', label: `2026-11-28 ${w.queueNo} 钱多多` }, doneLate: false });
    expect(done.next).toMatchObject({ title: '社区治安巡逻', dueDate: '2026-11-29', status: 'open', recurrence: 'daily', note: '重点：繁荣小区' });
    expect(done.task.nextTaskId).toBe(done.next.id);
    // done is done: a second completion (a stale screen) is refused
    expect(await attempt(s, 'office.taskComplete', { id: daily.id, version: 2, note: 'again' }, aux.token)).toMatchObject({ ok: false, error: { key: 'office.task.alreadyDone' } });
    expect(await attempt(s, 'office.taskComplete', { id: done.next.id, version: 7, note: 'x' }, aux.token)).toMatchObject({ ok: false, error: { key: 'staleVersion' } });

    const mine = await call<Task[]>(s, 'office.taskList', {}, aux.token);
    expect(mine.map((t) => t.dueDate)).toEqual(['2026-11-29']);
    expect((await call<Task[]>(s, 'office.taskList', { status: 'done' }, aux.token)).map((t) => t.id)).toEqual([daily.id]);
  });

  it('computes the next due date in the task rhythm, skipping occurrences already past', () => {
    expect(nextDueDate('2026-11-28', 'daily', '2026-11-28')).toBe('2026-11-29');
    expect(nextDueDate('2026-11-20', 'daily', '2026-11-28')).toBe('2026-11-28');
    expect(nextDueDate('2026-11-20', 'weekly', '2026-11-28')).toBe('2026-12-04');
    expect(nextDueDate('2026-01-31', 'monthly', '2026-01-31')).toBe('2026-02-28');
    expect(nextDueDate('2026-01-31', 'monthly', '2026-03-01')).toBe('2026-03-31');
    expect(nextDueDate('2028-01-31', 'monthly', '2028-01-01')).toBe('2028-02-29');
  });

  it('shows overdue tasks: the head all of them, others their own; done late still counts as late', async () => {
    const { s, officer, aux } = await station();
    const a = await call<Task>(s, 'office.taskAssign', { standardCode: 'RK-02', assigneeId: aux.id, dueDate: '2026-11-29' });
    await call<Task>(s, 'office.taskAssign', { standardCode: 'XX-05', assigneeId: officer.id, dueDate: '2026-11-30' });
    await call<Task>(s, 'office.taskAssign', { standardCode: 'TJ-01', assigneeId: officer.id, dueDate: '2026-12-31' });
    expect((await call<OverdueTasks>(s, 'office.taskOverdue', {})).total).toBe(0);

    await travel(s, '2026-12-01T02:00:00Z', officer, aux);
    const all = await call<OverdueTasks>(s, 'office.taskOverdue', {});
    expect(all.total).toBe(2);
    expect(all.tasks.map((t) => [t.assignee.name, t.dueDate, t.overdue])).toEqual([
      ['赵辅警', '2026-11-29', true],
      ['李警官', '2026-11-30', true],
    ]);
    expect((await call<OverdueTasks>(s, 'office.taskOverdue', {}, aux.token)).tasks.map((t) => t.id)).toEqual([a.id]);
    const late = await call<{ task: Task }>(s, 'office.taskComplete', { id: a.id, version: 1, note: '补登完成' }, aux.token);
    expect(late.task).toMatchObject({ overdue: false, doneLate: true });
    expect((await call<OverdueTasks>(s, 'office.taskOverdue', {}, aux.token)).total).toBe(0);

    // cancelled by the head with a reason; kept, never deleted
    const [left] = (await call<OverdueTasks>(s, 'office.taskOverdue', {})).tasks;
    expect(await attempt(s, 'office.taskCancel', { id: left.id, version: 1, reason: '重复派发' }, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const cancelled = await call<Task>(s, 'office.taskCancel', { id: left.id, version: 1, reason: '重复派发' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '重复派发', overdue: false });
    expect((await call<OverdueTasks>(s, 'office.taskOverdue', {})).total).toBe(0);
    expect(await sql(s, `SELECT "id" FROM "office_task" WHERE "id" = ?`, [left.id])).toHaveLength(1);
  });
});

describe('notices', () => {
  const values = { station: '宁江区繁荣社区警务室', address: '繁荣路18号', officer: '李警官', phone: '13912345678', dutyPhone: '0438-6123456', duties: '人口管理、治安防范', date: '2026年11月28日', time: null, place: null };

  it('ships default templates; the head edits one (the station’s version) and adds one; others may not', async () => {
    const { s, officer } = await station();
    const list = await call<NoticeTemplate[]>(s, 'office.noticeTemplates', {}, officer.token);
    expect(list.map((t) => t.kind)).toEqual(['board', 'safety', 'safety', 'appointment']);
    const board = list[0];
    expect(board).toMatchObject({ name: '社区民警公示牌', version: 0, source: 'default', qr: 'tel:{{phone}}', pageSize: 'A4' });
    expect(board.fields).toEqual(expect.arrayContaining(['station', 'officer', 'phone', 'dutyPhone', 'duties', 'date']));

    const edit = { id: board.id, version: 0, kind: 'board', name: board.name, title: '社区民警公示', body: `${board.body}\n服务时间：全天`, footer: board.footer, qr: board.qr, pageSize: 'A4' };
    expect(await attempt(s, 'office.noticeTemplateSave', edit, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // a placeholder the printing form cannot fill is refused, naming it
    expect(await attempt(s, 'office.noticeTemplateSave', { ...edit, body: '民警：{{offcer}}' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'office.notice.unknownField', field: 'body', params: { name: 'offcer' } },
    });
    const edited = await call<NoticeTemplate>(s, 'office.noticeTemplateSave', edit);
    expect(edited).toMatchObject({ id: board.id, version: 1, source: 'default', title: '社区民警公示' });
    // the edit was based on version 0: a second one from the same stale screen is refused
    expect(await attempt(s, 'office.noticeTemplateSave', edit)).toMatchObject({ ok: false, error: { key: 'staleVersion' } });

    const added = await call<NoticeTemplate>(s, 'office.noticeTemplateSave', { kind: 'safety', name: '防盗提示', title: '防盗提示', body: '出门请锁好门窗。联系{{officer}}。', pageSize: 'A5' });
    expect(added).toMatchObject({ source: 'station', version: 1, fields: ['officer'], qr: null });
    const after = await call<NoticeTemplate[]>(s, 'office.noticeTemplates', {});
    expect(after).toHaveLength(5);
    expect(after.find((t) => t.id === board.id)?.title).toBe('社区民警公示');

    // a shipped template retired is gone from the library, kept with the reason
    const fire = after.find((t) => t.name === '冬季防火安全提示')!;
    await call(s, 'office.noticeTemplateRetire', { id: fire.id, version: 0, reason: '换季' });
    expect((await call<NoticeTemplate[]>(s, 'office.noticeTemplates', {})).map((t) => t.name)).not.toContain('冬季防火安全提示');
  });

  it('reads and prints the shipped templates in the reader’s language; an edited one is the station’s own words', async () => {
    const { s, aux } = await station();
    const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
    const english = await call<NoticeTemplate[]>(s, 'office.noticeTemplates', { lang: 'en' });
    expect(english.map((t) => t.name)).toEqual(['Community officer board', 'Telecom and online fraud warning', 'Winter fire safety', 'Home visit for registration']);
    expect(english.filter((t) => CJK.test([t.name, t.title, t.body, t.footer].join(' ')))).toEqual([]);
    // the same fields to fill in either language
    const chinese = await call<NoticeTemplate[]>(s, 'office.noticeTemplates', { lang: 'zh' });
    const fieldsById = (list: NoticeTemplate[]) => Object.fromEntries(list.map((t) => [t.id, [...t.fields].sort()]));
    expect(fieldsById(english)).toEqual(fieldsById(chinese));
    const latin = { station: 'Harmony Station', address: '18 Harmony Road', officer: 'Officer Li', phone: '13912345678', dutyPhone: '0438-6123456', duties: 'Patrols', date: '28 Nov 2026', time: null, place: null };
    const printed = await call<PrintedNotice>(s, 'office.noticePrint', { templateId: english[1].id, templateVersion: 0, pageSize: 'A4', values: latin, lang: 'en' }, aux.token);
    expect(printed.title).toBe('Beware of telecom and online fraud');
    expect(CJK.test(`${printed.title} ${printed.body} ${printed.footer}`)).toBe(false);
    // once the head edits a shipped template it is theirs, shown as written in both languages
    const board = chinese.find((t) => t.kind === 'board')!;
    await call(s, 'office.noticeTemplateSave', { id: board.id, version: 0, kind: 'board', name: board.name, title: '社区民警公示', body: board.body, footer: board.footer, qr: board.qr, pageSize: 'A4' });
    expect((await call<NoticeTemplate[]>(s, 'office.noticeTemplates', { lang: 'en' })).find((t) => t.id === board.id)).toMatchObject({ name: '社区民警公示牌', title: '社区民警公示' });
    expect(await attempt(s, 'office.noticeTemplates', { lang: 'fr' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('prints a filled notice; while a shift is open the duty log gets a "notice printed" entry', async () => {
    const { s, officer, aux } = await station();
    const [board] = await call<NoticeTemplate[]>(s, 'office.noticeTemplates', {});
    // no shift open: printed, no log entry
    const first = await call<PrintedNotice>(s, 'office.noticePrint', { templateId: board.id, templateVersion: 0, pageSize: 'A4', values }, aux.token);
    expect(first).toMatchObject({ title: '社区民警公示栏', qr: 'tel:13912345678', printedBy: '赵辅警', logEntryId: null, pageSize: 'A4' });
    expect(first.body).toContain('社区民警：李警官');
    expect(first.body).toContain('24小时值班电话：0438-6123456');

    // the QR code's number cannot be left blank
    expect(await attempt(s, 'office.noticePrint', { templateId: board.id, templateVersion: 0, pageSize: 'A4', values: { ...values, phone: null } }, aux.token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'office.notice.qrFieldRequired', field: 'values.phone' },
    });
    // an appointment notice with its time and place left blank prints blanks to write on
    const appointment = (await call<NoticeTemplate[]>(s, 'office.noticeTemplates', {})).find((t) => t.kind === 'appointment')!;

    const log = await call<ShiftLog>(s, 'office.shiftOpen', { source: 'manual', name: '白班', startsAt: '2026-11-28T00:00:00Z', endsAt: '2026-11-28T12:00:00Z', staffIds: [officer.id, aux.id] }, officer.token);
    const second = await call<PrintedNotice>(s, 'office.noticePrint', { templateId: appointment.id, templateVersion: 0, pageSize: 'A5', values }, aux.token);
    expect(second.body).toContain('定于 ________ 到 ________ 上门采集');
    expect(second.logEntryId).not.toBeNull();
    const after = await call<ShiftLog>(s, 'office.shiftGet', { id: log.shift.id }, aux.token);
    const entry = after.entries.find((e) => e.type === 'noticePrinted');
    expect(entry).toMatchObject({ id: second.logEntryId, action: '《上门采集预约通知》A5', state: 'done', recordedBy: '赵辅警' });
    expect(entry?.composed).toEqual({ kind: 'noticePrinted', title: '上门采集预约通知', pageSize: 'A5' });

    expect((await call<PrintedNotice[]>(s, 'office.noticeHistory', {})).map((n) => n.id)).toEqual([second.id, first.id]);
    expect(await call<PrintedNotice>(s, 'office.noticeGet', { id: second.id })).toEqual(second);
    // a template edited since the form was filled is not printed unseen
    await call(s, 'office.noticeTemplateSave', { id: board.id, version: 0, kind: 'board', name: board.name, title: board.title, body: board.body, footer: board.footer, qr: board.qr, pageSize: 'A4' });
    expect(await attempt(s, 'office.noticePrint', { templateId: board.id, templateVersion: 0, pageSize: 'A4', values }, aux.token)).toMatchObject({ ok: false, error: { key: 'office.notice.templateChanged' } });
  });
});

describe('the double-hundred assessment', () => {
  const scoreOf = (a: Assessment, name: string): PersonScore => a.people.find((p) => p.name === name)!;
  const line = (p: PersonScore, side: 'police' | 'community', key: string) => p[side].lines.find((l) => l.key === key)!;

  it('deducts overdue tasks, data-quality faults and overdue mediations from data, adds manual items, and shows the breakdown', async () => {
    const { s, officer, aux } = await station();
    const grid = await addStaff(s, 'gridWorker', '周网格');
    // three tasks the auxiliary lets fall due, one done late
    for (const due of ['2026-11-28', '2026-11-29', '2026-11-30']) await call(s, 'office.taskAssign', { standardCode: 'RK-03', assigneeId: aux.id, dueDate: due });
    // a record the officer collected: found wrong, and without its standard address
    await call(s, 'collection.residentCreate', person({ verification: 'disputed' }), officer.token);
    // the auxiliary mediates (the pool's entry is theirs); the case never starts
    const cases = caseApi(s);
    const med = await ok<{ id: string }>(cases.call('mediation.poolCreate', { name: '赵辅警', specialties: ['neighbour'], staffId: aux.id }));
    const c = await cases.accepted();
    await cases.act('mediation.assign', c, { mediatorIds: [med.id] });

    await travel(s, '2026-12-02T02:00:00Z', officer, aux, grid);
    const tasks = await call<Task[]>(s, 'office.taskList', {}, aux.token);
    await call(s, 'office.taskComplete', { id: tasks[0].id, version: 1, note: '补办' }, aux.token);

    const nov = await call<Assessment>(s, 'office.assessment', { period: '2026-11' });
    expect(nov).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(nov.people.map((p) => p.name)).toEqual(['李警官', '赵辅警', '周网格']);
    const auxScore = scoreOf(nov, '赵辅警');
    expect(line(auxScore, 'police', 'overdueTask')).toMatchObject({ source: 'data', count: 3, pointsEach: 2, points: -6 });
    expect(auxScore.police.score).toBe(94);
    expect(line(auxScore, 'community', 'overdueMediation')).toMatchObject({ count: 1, points: -3 });
    expect(auxScore.community.score).toBe(97);
    expect(auxScore.total).toBe(191);
    const officerScore = scoreOf(nov, '李警官');
    expect(line(officerScore, 'community', 'disputedRecord')).toMatchObject({ count: 1, pointsEach: 1, points: -1 });
    expect(line(officerScore, 'community', 'incompleteRecord')).toMatchObject({ count: 1, pointsEach: 0.5, points: -0.5 });
    expect(officerScore.community.score).toBe(98.5);
    expect(officerScore.police).toEqual({ score: 100, lines: [expect.objectContaining({ key: 'overdueTask', count: 0, points: 0 })] });
    expect(scoreOf(nov, '周网格')).toMatchObject({ total: 200 });

    // manual items: with a reason, at most a side's 100 points, never negative
    const bad = [
      [{ points: 200 }, 'office.assessment.pointsTooMany'],
      [{ points: -5 }, 'office.assessment.pointsPositive'],
      [{ points: 0 }, 'office.assessment.pointsPositive'],
      [{ points: 1.3 }, 'office.assessment.pointsHalf'],
      [{ reason: ' ' }, 'required'],
    ] as const;
    const item = { staffId: grid.id, period: '2026-11', side: 'community', effect: 'deduct', points: 5, reason: '网格走访台账缺失' };
    for (const [over, key] of bad) {
      const r = await attempt(s, 'office.assessmentItemAdd', { ...item, ...over });
      expect(r, key).toMatchObject({ ok: false, error: { code: 'VALIDATION', key } });
    }
    expect(await attempt(s, 'office.assessmentItemAdd', item, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const [head] = await sql<{ id: string }>(s, `SELECT "id" FROM "staff" WHERE "role" = 'head'`);
    expect(await attempt(s, 'office.assessmentItemAdd', { ...item, staffId: head.id })).toMatchObject({
      ok: false,
      error: { key: 'office.assessment.notAssessed', field: 'staffId' },
    });
    expect(await attempt(s, 'office.assessmentItemAdd', { ...item, period: '2027-01' })).toMatchObject({ ok: false, error: { key: 'office.assessment.futurePeriod', field: 'period' } });
    expect(await attempt(s, 'office.assessmentItemAdd', { ...item, period: '2026-13' })).toMatchObject({ ok: false, error: { key: 'office.assessment.period', field: 'period' } });
    const added = await call<{ itemId: string }>(s, 'office.assessmentItemAdd', item);
    await call(s, 'office.assessmentItemAdd', { ...item, side: 'police', effect: 'add', points: 10, reason: '协助破案' });
    const withManual = scoreOf(await call<Assessment>(s, 'office.assessment', { period: '2026-11' }), '周网格');
    expect(withManual.community).toMatchObject({ score: 95 });
    expect(withManual.community.lines.find((l) => l.source === 'manual')).toMatchObject({ points: -5, reason: '网格走访台账缺失', recordedBy: '王所长' });
    // an addition cannot lift a side above its 100
    expect(withManual.police.score).toBe(100);

    // the month's items count in its quarter and year; the year counts every task due in it
    const year = scoreOf(await call<Assessment>(s, 'office.assessment', { period: '2026' }), '周网格');
    expect(year.community.lines.find((l) => l.source === 'manual')).toMatchObject({ reason: '2026-11 网格走访台账缺失' });
    const q4 = scoreOf(await call<Assessment>(s, 'office.assessment', { period: '2026-Q4' }), '赵辅警');
    expect(line(q4, 'police', 'overdueTask').count).toBe(3);

    // cancelled with a reason: the score is back
    await call(s, 'office.assessmentItemCancel', { id: added.itemId, version: 1, reason: '核实后已补齐' });
    expect(scoreOf(await call<Assessment>(s, 'office.assessment', { period: '2026-11' }), '周网格').community.score).toBe(100);

    // others than the head see their own score only
    const own = await call<Assessment>(s, 'office.assessment', { period: '2026-11' }, aux.token);
    expect(own.people.map((p) => p.name)).toEqual(['赵辅警']);
  });

  it('caps a data item at its limit', async () => {
    const { s, aux } = await station();
    for (let i = 0; i < 20; i++) await call(s, 'office.taskAssign', { standardCode: 'ZA-01', assigneeId: aux.id, dueDate: '2026-11-28' });
    await travel(s, '2026-11-30T02:00:00Z');
    const a = scoreOf(await call<Assessment>(s, 'office.assessment', { period: '2026-11' }), '赵辅警');
    expect(line(a, 'police', 'overdueTask')).toMatchObject({ count: 20, points: -30, capped: true });
    expect(a.police.score).toBe(70);
  });

  it('ranks the year, records nominations and winners, and recognises three times in a row', async () => {
    const { s, officer, aux } = await station();
    const other = await addStaff(s, 'officer', '钱警官');
    await call(s, 'office.taskAssign', { standardCode: 'ZA-01', assigneeId: other.id, dueDate: '2026-11-28' });
    await travel(s, '2026-12-30T02:00:00Z', officer, aux);

    const ranking = await call<Awards>(s, 'office.awards', { year: 2026 });
    const officers = ranking.titles.find((t) => t.title === 'excellentOfficer')!;
    expect(officers.ranking.map((r) => [r.rank, r.name, r.total])).toEqual([
      [1, '李警官', 200],
      [2, '钱警官', 198],
    ]);
    expect(ranking.titles.find((t) => t.title === 'excellentAuxiliary')!.ranking.map((r) => r.name)).toEqual(['赵辅警']);

    // an award goes to the role it is for, and not for a year to come
    expect(await attempt(s, 'office.awardRecord', { year: 2026, title: 'excellentOfficer', staffId: aux.id, status: 'nominated' })).toMatchObject({ ok: false, error: { key: 'office.award.wrongRole', field: 'staffId' } });
    expect(await attempt(s, 'office.awardRecord', { year: 2027, title: 'excellentOfficer', staffId: officer.id, status: 'winner' })).toMatchObject({ ok: false, error: { key: 'office.award.futureYear', field: 'year' } });
    expect(await attempt(s, 'office.awardRecord', { year: 2026, title: 'excellentOfficer', staffId: officer.id, status: 'winner' }, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const nominated = await call<{ status: string; streak: number }>(s, 'office.awardRecord', { year: 2026, title: 'excellentOfficer', staffId: officer.id, status: 'nominated', note: '年度排名第一' });
    expect(nominated).toMatchObject({ status: 'nominated', streak: 0 });
    // two years before, won already
    await call(s, 'office.awardRecord', { year: 2024, title: 'excellentOfficer', staffId: officer.id, status: 'winner' });
    await call(s, 'office.awardRecord', { year: 2025, title: 'excellentOfficer', staffId: officer.id, status: 'winner' });
    // a win of another award does not make a run
    await call(s, 'office.awardRecord', { year: 2026, title: 'excellentAuxiliary', staffId: aux.id, status: 'winner' });
    expect((await call<Awards>(s, 'office.awards', { year: 2026 })).honours).toEqual([]);

    const won = await call<{ status: string; streak: number }>(s, 'office.awardRecord', { year: 2026, title: 'excellentOfficer', staffId: officer.id, status: 'winner', note: '年度排名第一' });
    expect(won).toMatchObject({ status: 'winner', streak: 3 });
    const after = await call<Awards>(s, 'office.awards', { year: 2026 });
    expect(after.honours).toEqual([{ staffId: officer.id, name: '李警官', title: 'excellentOfficer', years: [2024, 2025, 2026] }]);
    // seen from 2025 the run is not yet three
    expect((await call<Awards>(s, 'office.awards', { year: 2025 })).honours).toEqual([]);
    // one row per person, year and award: the nomination became the win
    expect(await sql(s, `SELECT "status" FROM "office_award" WHERE "year" = 2026 AND "title" = 'excellentOfficer'`)).toEqual([{ status: 'winner' }]);
  });
});
