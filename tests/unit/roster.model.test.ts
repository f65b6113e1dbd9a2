import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { isNightShift, parseRosterProblem, rosterProblemSchema, weekdayOf, type RosterProblemInput } from '../../src/shared/roster/model.js';

const base = (): RosterProblemInput => ({
  startDate: '2025-03-03',
  days: 7,
  shiftTypes: [
    { id: 'D', start: '08:00', minutes: 720 },
    { id: 'N', start: '20:00', minutes: 720 },
  ],
  staff: [
    { id: 'p1', role: 'officer' },
    { id: 'a1', role: 'auxiliary' },
  ],
});

/** The issues of a rejected problem as "path: key". */
const issues = (input: unknown): string[] => {
  const r = rosterProblemSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('roster rule model', () => {
  it('accepts a station problem and fills in the defaults', () => {
    const p = parseRosterProblem(base());
    expect(p.rules.minRestHours).toBe(11);
    expect(p.rules.minRestAfterNightHours).toBe(12);
    expect(p.rules.noDayAfterNight).toBe(true);
    expect(p.leave).toEqual([]);
  });

  it('rejects a shift of 0 minutes and one of more than 24 hours', () => {
    const p = base();
    p.shiftTypes[0].minutes = 0;
    p.shiftTypes[1].minutes = 30 * 60;
    expect(issues(p)).toEqual(['shiftTypes.0.minutes: roster.shiftTooShort', 'shiftTypes.1.minutes: roster.shiftTooLong']);
  });

  it('rejects a pattern with unknown letters, naming letter and position', () => {
    const p = { ...base(), patterns: [{ id: 'p', cycle: 'DDN-X-' }] };
    const r = rosterProblemSchema.safeParse(p);
    expect(r.success).toBe(false);
    const issue = (r.error as ZodError).issues.find((i) => i.message === 'roster.patternLetterUnknown')!;
    expect(issue.path).toEqual(['patterns', 0, 'cycle']);
    expect((issue as unknown as { params: unknown }).params).toEqual({ letter: 'X', position: 4 });
  });

  it('rejects two shift types that are the same shift under two names, and duplicate ids', () => {
    const p = base();
    p.shiftTypes.push({ id: 'Day', start: '08:00', minutes: 720 }, { id: 'D', start: '07:00', minutes: 60 });
    expect(issues(p)).toEqual(expect.arrayContaining(['shiftTypes.2.start: roster.shiftOverlapsIdentically', 'shiftTypes.3.id: roster.shiftDuplicate']));
  });

  it('rejects references to unknown staff, shifts, days and bad clock times', () => {
    const p = {
      ...base(),
      start: undefined,
      leave: [{ staff: 'nobody', day: 1 }],
      requests: [{ staff: 'p1', day: 9, kind: 'on', shift: 'X', weight: 1 }],
      coverage: [{ shift: 'D', requirements: [{ qualification: 'officer', min: 2, max: 1 }] }],
      windowCoverage: [{ from: '7:00', to: '08:30', requirements: [{ min: 1 }] }],
    };
    delete (p as { start?: unknown }).start;
    expect(issues(p)).toEqual(
      expect.arrayContaining([
        'leave.0.staff: roster.staffUnknown',
        'requests.0.day: roster.dayOutOfHorizon',
        'requests.0.shift: roster.shiftUnknown',
        'coverage.0.requirements.0.max: roster.minAboveMax',
        'windowCoverage.0.from: roster.clock',
      ]),
    );
  });

  it('knows nights and weekdays', () => {
    expect(isNightShift({ start: '20:00', minutes: 720 })).toBe(true);
    expect(isNightShift({ start: '08:00', minutes: 720 })).toBe(false);
    expect(isNightShift({ start: '08:00', minutes: 1440 })).toBe(true);
    expect(isNightShift({ minutes: 480 })).toBe(false);
    expect(isNightShift({ start: '08:00', minutes: 480, night: true })).toBe(true);
    expect(weekdayOf('2025-03-03', 0)).toBe(1);
    expect(weekdayOf('2025-03-03', 6)).toBe(7);
    expect(weekdayOf('2025-03-03', 7)).toBe(1);
  });
});
