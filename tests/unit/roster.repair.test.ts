/**
 * Re-rostering after a sick call fills the gap with someone whose own rules all still hold,
 * counted over the whole month: a week's limit is dated at the week's start, which can lie before
 * the re-roster date while the shift that breaks it lies after.
 */
import { describe, expect, it } from 'vitest';
import { newRowBase } from '../../src/main/db/baseColumns.js';
import { repairFrom } from '../../src/main/roster/reroster.service.js';
import { ruleIssues, type MonthContext } from '../../src/main/roster/roster.service.js';
import { DEFAULT_SETTINGS } from '../../src/main/roster/settings.service.js';
import type { Absence, RosterCell } from '../../src/shared/roster/contract.js';

const person = (id: string) => ({ id, name: id, phone: '13700000000', loginRole: 'auxiliary' as const, role: 'auxiliary' as const, active: true });
const days = (id: string, dates: number[]): RosterCell[] => dates.map((d) => ({ staffId: id, date: `2026-12-${String(d).padStart(2, '0')}`, shiftId: 'D' }));

describe('re-roster after a sick call', () => {
  it('passes over someone a week limit dated before the re-roster date would stop', () => {
    // one 12-hour day duty, one person on it; at most 48 hours a week (four duties)
    const settings = {
      ...DEFAULT_SETTINGS,
      shiftTypes: [DEFAULT_SETTINGS.shiftTypes[0]],
      coverage: [{ shift: 'D', requirements: [{ min: 1 }] }],
      fairness: [],
      rules: { ...DEFAULT_SETTINGS.rules, maxConsecutiveWorkDays: 6 },
    };
    // the week of Monday the 7th: 甲 works the 7th to the 10th (48 h, the most), 乙 the 11th to
    // the 13th; 丙, with the most hours of the month, works four days of each other week
    const cells = [
      ...days('丙', [1, 2, 3, 4]),
      ...days('甲', [7, 8, 9, 10]),
      ...days('乙', [11, 12, 13]),
      ...days('丙', [14, 15, 16, 17]),
      ...days('甲', [18, 19, 20]),
      ...days('丙', [21, 22, 23, 24]),
      ...days('乙', [25, 26, 27]),
      ...days('丙', [28, 29, 30, 31]),
    ];
    const sick: Absence = { id: 's', staffId: '乙', staffName: '乙', kind: 'sick', from: '2026-12-11', to: '2026-12-11', shiftId: null, weight: null, note: null };
    const m: MonthContext = {
      month: '2026-12',
      today: '2026-12-11',
      timeZone: 'Asia/Shanghai',
      settings,
      settingsVersion: 1,
      peopleSettings: [],
      staff: [person('甲'), person('乙'), person('丙')],
      roster: {
        ...newRowBase('r', 'station', null, new Date('2026-12-01T00:00:00Z')),
        month: '2026-12',
        settingsVersion: 1,
        settings: '{}',
        generatedAt: null,
        generatedBy: null,
        objective: 0,
        optimal: false,
      },
      cells,
      absences: [sick],
      holidays: new Map(),
    };
    const { built, repair } = repairFrom(m, '2026-12-11');
    // 甲 has the fewest hours but a fifth duty would make 60 h in the week of the 7th
    expect(repair.cells.filter((c) => c.date === '2026-12-11').map((c) => c.staffId)).toEqual(['丙']);
    expect(ruleIssues(built, repair.cells).filter((i) => i.rule !== 'leave')).toEqual([]);
    expect(repair.remaining).toEqual([]);
  });
});
