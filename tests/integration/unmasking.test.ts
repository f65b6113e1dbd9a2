import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unmasking } from '../../src/shared/audit/contract.js';
import { addStaff, ok, setUpStation, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';
import { travel } from './mediation.helpers.js';

describe('the unmasking report: who looked at whose ID number, when and why', () => {
  let st: TestStation;
  let officer: TestStaff;
  let auxiliary: TestStaff;
  let walkInId: string;
  const report = (input: Record<string, unknown> = {}) =>
    ok<{ entries: Unmasking[]; nextBefore: string | null }>(st.core.call('audit.unmaskings', input, { token: st.token }));

  beforeAll(async () => {
    st = await setUpStation();
    officer = await addStaff(st, 'officer', '刘民警');
    auxiliary = await addStaff(st, 'auxiliary', '陈辅警');
    walkInId = (await ok(st.core.call('intake.register', walkIn({ visitorName: '张三' }), { token: st.token }))).id;
    await travel(st, '2026-11-28T03:00:00Z', officer, auxiliary);
    await ok(st.core.call('intake.reveal', { id: walkInId, reason: '核对身份开具证明' }, { token: officer.token }));
    await travel(st, '2026-11-29T03:00:00Z', officer, auxiliary);
    await ok(st.core.call('intake.search', { idNumber: '11010519491231002X' }, { token: auxiliary.token }));
    // an ordinary read is not an unmasking
    await ok(st.core.call('intake.board', {}, { token: auxiliary.token }));
  });
  afterAll(() => st.close());

  it('lists each unmasking with the staff member, the person (masked) and the reason, newest first', async () => {
    const { entries } = await report();
    expect(entries.map((e) => [e.method, e.staffName])).toEqual([
      ['intake.search', '陈辅警'],
      ['intake.reveal', '刘民警'],
    ]);
    expect(entries[1]).toMatchObject({
      at: '2026-11-28T03:00:00.000Z',
      recordId: walkInId,
      subjectName: '张三',
      subjectIdMasked: '1101**********002X',
      reason: '核对身份开具证明',
    });
    expect(JSON.stringify(entries)).not.toContain('11010519491231002X');
  });

  it('filters by staff, by day, by kind of unmasking and by the person', async () => {
    expect((await report({ staffId: officer.id })).entries.map((e) => e.method)).toEqual(['intake.reveal']);
    expect((await report({ from: '2026-11-29', to: '2026-11-29' })).entries.map((e) => e.staffName)).toEqual(['陈辅警']);
    expect((await report({ method: 'intake.reveal' })).entries).toHaveLength(1);
    expect((await report({ subject: '张' })).entries.map((e) => e.recordId)).toEqual([walkInId]);
    expect((await report({ subject: '李' })).entries).toEqual([]);
  });

  it('exports the report as CSV for Excel, and the export itself is on the record', async () => {
    const file = await ok<{ fileName: string; data: string }>(st.core.call('audit.unmaskingsCsv', { lang: 'zh' }, { token: st.token }));
    expect(file.fileName).toMatch(/^查看身份证号记录-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = Buffer.from(file.data, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF时间,人员,操作,对象')).toBe(true);
    expect(text).toContain('刘民警');
    expect(text).toContain('核对身份开具证明');
    expect(text).toContain('1101**********002X');
    expect(text).not.toContain('11010519491231002X');
    const log = await ok<{ entries: { method: string }[] }>(st.core.call('audit.list', { method: 'audit.unmaskingsCsv' }, { token: st.token }));
    expect(log.entries).toHaveLength(1);
  });

  it('names each action in the file’s language, as the screen does, never by its code', async () => {
    const rows = async (lang: 'zh' | 'en') => {
      const file = await ok<{ data: string }>(st.core.call('audit.unmaskingsCsv', { lang }, { token: st.token }));
      return Buffer.from(file.data, 'base64').toString('utf8').trim().split('\r\n').slice(1);
    };
    const [zh, en] = [await rows('zh'), await rows('en')];
    expect(zh.map((r) => r.split(',')[2])).toEqual(['查询来访记录', '查看完整证件号']);
    expect(en.map((r) => r.split(',')[2])).toEqual(['Searched the walk-in history', 'Revealed an ID number']);
    expect([...zh, ...en].join('\n')).not.toMatch(/intake\.(search|reveal)/);
  });

  it('is for the station head only', async () => {
    expect(await st.core.call('audit.unmaskings', {}, { token: officer.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
