/**
 * The independent rule checker on hand-made rosters: every hard rule, broken and kept, and the
 * objective's parts.
 */
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { parseRosterProblem, type Assignment, type RosterProblemInput } from '../../src/shared/roster/model.js';

// 2025-03-03 is a Monday: days 5/6 and 12/13 are weekends.
const station = (patch: Partial<RosterProblemInput> = {}): RosterProblemInput => ({
  startDate: '2025-03-03',
  days: 14,
  shiftTypes: [
    { id: 'E', start: '06:00', minutes: 480 },
    { id: 'D', start: '08:00', minutes: 720 },
    { id: 'N', start: '20:00', minutes: 720 },
  ],
  staff: [
    { id: 'p1', role: 'officer' },
    { id: 'a1', role: 'auxiliary' },
    { id: 'a2', role: 'auxiliary' },
  ],
  ...patch,
});

const as = (staff: string, shift: string, ...days: number[]): Assignment[] => days.map((day) => ({ staff, day, shift }));

const rules = (input: RosterProblemInput, roster: Assignment[]) =>
  checkRoster(parseRosterProblem(input), roster)
    .violations.map((v) => v.rule)
    .sort();

const withRules = (r: Record<string, unknown>) => station({ rules: r as RosterProblemInput['rules'] });

describe('roster checker: hard rules', () => {
  it('leave and fixed assignments', () => {
    expect(rules(station({ leave: [{ staff: 'p1', day: 2 }] }), as('p1', 'D', 2))).toEqual(['leave']);
    expect(rules(station({ leave: [{ staff: 'p1', day: 2 }] }), as('p1', 'D', 3))).toEqual([]);
    expect(rules(station({ fixed: [{ staff: 'p1', day: 1, shift: 'D' }] }), [])).toEqual(['fixed']);
    expect(rules(station({ fixed: [{ staff: 'p1', day: 1, shift: 'D' }] }), as('p1', 'N', 1))).toEqual(['fixed']);
    expect(rules(station({ fixed: [{ staff: 'p1', day: 1, shift: 'D' }] }), as('p1', 'D', 1))).toEqual([]);
  });

  it('one shift a day, known people, shifts and days', () => {
    expect(rules(station(), [...as('p1', 'E', 1), ...as('p1', 'N', 1)])).toEqual(['oneShiftPerDay']);
    expect(rules(station(), [...as('zz', 'D', 1), ...as('p1', 'Q', 1), ...as('p1', 'D', 14)])).toEqual([
      'unknownAssignment',
      'unknownAssignment',
      'unknownAssignment',
    ]);
  });

  it('forbidden successions (shifts without clock times)', () => {
    const p = station({
      shiftTypes: [
        { id: 'E', minutes: 480 },
        { id: 'L', minutes: 480 },
      ],
      rules: { forbiddenSuccessions: [{ from: 'L', to: 'E' }] } as RosterProblemInput['rules'],
    });
    expect(rules(p, [...as('p1', 'L', 0), ...as('p1', 'E', 1)])).toEqual(['forbiddenSuccession']);
    expect(rules(p, [...as('p1', 'E', 0), ...as('p1', 'L', 1)])).toEqual([]);
    expect(rules(p, [...as('p1', 'L', 0), ...as('p1', 'E', 2)])).toEqual([]);
  });

  it('rest between shifts, 12 h after a night, no day shift after a night, overlaps', () => {
    // Night 20:00–08:00 then day 08:00: no rest at all, and a day straight after a night.
    const v = checkRoster(parseRosterProblem(station()), [...as('p1', 'N', 0), ...as('p1', 'D', 1)]).violations;
    expect(v.map((x) => x.rule).sort()).toEqual(['dayAfterNight', 'minRest']);
    const rest = v.find((x) => x.rule === 'minRest')!;
    expect(rest).toMatchObject({ staff: 'p1', day: 1, date: '2025-03-04', shift: 'D', params: { restHours: 0, needHours: 12 } });
    // Day 08:00–20:00 then early 06:00: 10 h < 11 h.
    expect(rules(station(), [...as('p1', 'D', 0), ...as('p1', 'E', 1)])).toEqual(['minRest']);
    expect(rules(withRules({ minRestHours: 10, noDayAfterNight: false, minRestAfterNightHours: 0 }), [...as('p1', 'D', 0), ...as('p1', 'E', 1)])).toEqual([]);
    // Day then night: 24 h; night then night: 12 h — both fine.
    expect(rules(station(), [...as('p1', 'D', 0), ...as('p1', 'N', 1), ...as('p1', 'N', 2)])).toEqual([]);
    // A 24-hour shift 08:00–08:00 overlaps an early shift at 06:00 the next day.
    const long = station({ shiftTypes: [{ id: 'X', start: '08:00', minutes: 1440, night: false }, { id: 'E', start: '06:00', minutes: 480 }] });
    expect(rules(long, [...as('p1', 'X', 0), ...as('p1', 'E', 1)])).toEqual(['overlap']);
  });

  it('shifts per type, minutes per horizon and per week', () => {
    expect(rules(withRules({ maxShiftsPerType: { N: 1 } }), as('p1', 'N', 0, 3))).toEqual(['maxShiftsPerType']);
    // A station-wide minimum holds for everyone: p1 has 2 of 3 nights, a1 and a2 none.
    expect(rules(withRules({ minShiftsPerType: { N: 3 } }), as('p1', 'N', 0, 3))).toEqual(['minShiftsPerType', 'minShiftsPerType', 'minShiftsPerType']);
    expect(rules(withRules({ maxMinutesPerHorizon: 1440 }), as('p1', 'D', 0, 1, 2))).toEqual(['maxMinutes']);
    expect(rules(withRules({ minMinutesPerHorizon: 1440 }), as('p1', 'D', 0))).toContain('minMinutes');
    // 48 h a week: five 12 h days in one week break it, spread over two weeks they do not.
    expect(rules(withRules({ maxMinutesPerWeek: 2880 }), as('p1', 'D', 0, 1, 2, 3, 4))).toEqual(['maxMinutesPerWeek']);
    expect(rules(withRules({ maxMinutesPerWeek: 2880 }), as('p1', 'D', 3, 4, 5, 6, 7))).toEqual([]);
  });

  it('consecutive work days, days off and nights, with runs at the edges exempt from minimums', () => {
    expect(rules(withRules({ maxConsecutiveWorkDays: 3 }), as('p1', 'D', 0, 1, 2, 3))).toEqual(['maxConsecutiveWorkDays']);
    expect(rules(withRules({ maxConsecutiveWorkDays: 3 }), as('p1', 'D', 0, 1, 2, 4))).toEqual([]);
    expect(rules(withRules({ minConsecutiveWorkDays: 2 }), as('p1', 'D', 3))).toEqual(['minConsecutiveWorkDays']);
    expect(rules(withRules({ minConsecutiveWorkDays: 2 }), as('p1', 'D', 0, 13))).toEqual([]);
    expect(rules(withRules({ minConsecutiveDaysOff: 2 }), as('p1', 'D', 0, 1, 3, 4))).toEqual(['minConsecutiveDaysOff']);
    expect(rules(withRules({ minConsecutiveDaysOff: 2 }), as('p1', 'D', 1, 2, 3))).toEqual([]);
    expect(rules(withRules({ maxConsecutiveNights: 2 }), as('p1', 'N', 0, 1, 2))).toEqual(['maxConsecutiveNights']);
    expect(rules(withRules({ maxConsecutiveNights: 2 }), as('p1', 'N', 0, 1, 3))).toEqual([]);
  });

  it('weekends worked: Saturday or Sunday counts the weekend once', () => {
    expect(rules(withRules({ maxWeekendsWorked: 1 }), as('p1', 'D', 5, 13))).toEqual(['maxWeekendsWorked']);
    expect(rules(withRules({ maxWeekendsWorked: 1 }), as('p1', 'D', 5, 6))).toEqual([]);
  });

  it('a hard rotation pattern', () => {
    const p = station({ days: 4, patterns: [{ id: '24-48', cycle: 'D--' }], staff: [{ id: 'p1', role: 'officer', pattern: { id: '24-48', offset: 0 } }] });
    expect(rules(p, as('p1', 'D', 0, 3))).toEqual([]);
    expect(rules(p, as('p1', 'D', 0, 1))).toEqual(['pattern', 'pattern']);
  });

  it('hard coverage by role, naming date, shift, shortfall and who could work', () => {
    const p = station({ coverage: [{ shift: 'D', days: [0], requirements: [{ qualification: 'officer', min: 1 }, { qualification: 'auxiliary', max: 1 }] }] });
    const v = checkRoster(parseRosterProblem(p), as('a1', 'D', 0)).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'coverUnder', date: '2025-03-03', shift: 'D', params: { qualification: 'officer', short: 1 } });
    expect(v[0].message).toContain('could work: p1');
    expect(rules(p, [...as('p1', 'D', 0), ...as('a1', 'D', 0), ...as('a2', 'D', 0)])).toEqual(['coverOver']);
    expect(rules(p, [...as('p1', 'D', 0), ...as('a1', 'D', 0)])).toEqual([]);
  });

  it('window coverage counts shifts covering the whole window, also from the night before', () => {
    const p = station({ windowCoverage: [{ from: '07:00', to: '08:30', days: [1], requirements: [{ qualification: 'auxiliary', min: 1 }] }] });
    expect(rules(p, as('a1', 'N', 0))).toEqual(['coverUnder']); // the night ends at 08:00
    expect(rules(p, as('a1', 'E', 1))).toEqual([]);
    const overnight = station({ windowCoverage: [{ from: '02:00', to: '04:00', days: [1], requirements: [{ min: 1 }] }] });
    expect(rules(overnight, as('a1', 'N', 0))).toEqual([]);
  });
});

describe('roster checker: objective', () => {
  it('adds request, cover and fairness penalties', () => {
    const p = station({
      days: 7,
      requests: [
        { staff: 'p1', day: 0, kind: 'on', shift: 'D', weight: 3 },
        { staff: 'p1', day: 1, kind: 'off', weight: 2 },
        { staff: 'a1', day: 2, kind: 'off', shift: 'N', weight: 5 },
      ],
      coverage: [{ shift: 'N', days: [2], requirements: [{ min: 2, max: 2, underWeight: 100, overWeight: 1 }] }],
      fairness: [{ metric: 'nights', weight: 10 }],
    });
    const r = checkRoster(parseRosterProblem(p), [...as('p1', 'E', 0), ...as('p1', 'D', 1), ...as('a1', 'N', 2)]);
    expect(r.violations).toEqual([]);
    // on-request missed 3 + day-off wish 2 + unwanted night 5; one short on N 100; nights a1 1 vs a2 0 → 10.
    expect(r.breakdown).toEqual({ requests: 10, patterns: 0, cover: 100, fairness: 10 });
    expect(r.objective).toBe(120);
  });
});
