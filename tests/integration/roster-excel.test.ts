import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RosterSettingsView } from '../../src/shared/roster/contract.js';
import { STATION_PROFILE, addStaff, ok, setUpStation, type TestStaff, type TestStation } from '../helpers/station.js';

/**
 * The month's Excel workbook in the language the reader asked for: its sheet, headers, weekdays,
 * marks, legend and the default shifts' names; only what users typed (the station's and people's
 * names) stays as typed.
 */
vi.setConfig({ testTimeout: 120_000 });

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

describe('the roster workbook in the reader’s language', () => {
  let st: TestStation;
  let people: TestStaff[];
  const call = <T = unknown>(method: string, input: unknown) => ok<T>(st.core.call(method, input, { token: st.token }));
  const workbook = async (lang?: 'zh' | 'en') => {
    const file = await call<{ fileName: string; base64: string }>('roster.exportXlsx', lang ? { month: '2026-12', lang } : { month: '2026-12' });
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const sheet = book.worksheets[0];
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
    return { fileName: file.fileName, sheet, cells };
  };

  beforeAll(async () => {
    st = await setUpStation();
    people = [await addStaff(st, 'officer', 'Liu Wei'), await addStaff(st, 'auxiliary', 'Chen Jing'), await addStaff(st, 'auxiliary', 'Zhao Min')];
    const view = await call<RosterSettingsView>('roster.settingsGet', {});
    await call('roster.settingsSave', { version: view.version, settings: view.settings, people: view.people.map((p) => ({ staffId: p.staffId, included: people.some((x) => x.id === p.staffId) })) });
    await call('roster.absenceAdd', { staffId: people[1].id, kind: 'sick', from: '2026-12-03', to: '2026-12-04' });
    await call('roster.absenceAdd', { staffId: people[2].id, kind: 'leave', from: '2026-12-10', to: '2026-12-10' });
  });
  afterAll(() => st.close());

  it('in English has no Chinese but the station’s name: headers, weekdays, marks, the default shifts, the legend', async () => {
    const { fileName, sheet, cells } = await workbook('en');
    expect(fileName).toBe(`${STATION_PROFILE.name}-roster-2026-12.xlsx`);
    expect(sheet.name).toBe('Roster 2026-12');
    expect(cells.map((c) => c.replace(STATION_PROFILE.name, '')).filter((c) => CJK.test(c))).toEqual([]);
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['Name', 'Post', 'Shifts', 'Hours', 'Nights', 'Weekends', 'Holidays']));
    const rowOf = (name: string) => {
      for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === name) return sheet.getRow(r);
      throw new Error(`no row for ${name}`);
    };
    expect(rowOf('Liu Wei').getCell(2).value).toBe('Officer');
    // column 3 is the 1st of the month
    expect([rowOf('Chen Jing').getCell(5).value, rowOf('Zhao Min').getCell(12).value]).toEqual(['S', 'L']);
    const legend = String(sheet.getRow(sheet.rowCount).getCell(1).value);
    expect(legend).toMatch(/^Legend: Day shift; Night shift; L = leave; T = training; S = sick$/);
  });

  it('in Chinese (and when no language is given) is as the wall chart has it', async () => {
    for (const book of [await workbook('zh'), await workbook()]) {
      expect(book.fileName).toBe(`${STATION_PROFILE.name}-排班-2026-12.xlsx`);
      expect(book.sheet.name).toBe('排班 2026-12');
      expect(book.cells).toEqual(expect.arrayContaining(['姓名', '岗位', '民警', '病', '假']));
      expect(String(book.sheet.getRow(book.sheet.rowCount).getCell(1).value)).toBe('图例：白班；夜班；假 = 请假；训 = 培训；病 = 病假');
    }
  });

  it('refuses a language it does not have', async () => {
    expect(await st.core.call('roster.exportXlsx', { month: '2026-12', lang: 'fr' }, { token: st.token })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
