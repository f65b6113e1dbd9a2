/**
 * Surplus duty: with a weight set, among rosters of the same other costs the engine picks the one
 * without duty nobody needs (beyond the larger of a requirement's minimum and the staffing the
 * head wants); the independent checker prices it the same way. And the race of the engine against
 * the plain full model answers with the better of the two, never worse than the plain model.
 */
import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { solveProblem } from '../../src/main/roster/engine/index.js';
import { startPlainSolve, startRosterSolve } from '../../src/main/roster/engine/runner.js';
import { parseRosterProblem, type RosterProblemInput } from '../../src/shared/roster/model.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/**
 * Ten days of day and night duty, 一警两辅 (by day the head wants a third auxiliary); everyone is
 * contracted for at least `minShifts` shifts, which may be more duty than cover needs.
 */
const post = (patch: Partial<RosterProblemInput> = {}, minShifts = 6): RosterProblemInput => ({
  startDate: '2027-03-01',
  days: 10,
  shiftTypes: [
    { id: 'D', start: '08:00', minutes: 720 },
    { id: 'N', start: '20:00', minutes: 720 },
  ],
  staff: [...['p1', 'p2', 'p3'].map((id) => ({ id, role: 'officer' as const })), ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map((id) => ({ id, role: 'auxiliary' as const }))],
  rules: { minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [], maxConsecutiveWorkDays: 4, maxConsecutiveNights: 2, minMinutesPerHorizon: minShifts * 720 },
  coverage: [
    { shift: 'D', requirements: [{ qualification: 'officer', min: 1 }, { qualification: 'auxiliary', min: 2, wanted: 3 }] },
    { shift: 'N', requirements: [{ qualification: 'officer', min: 1 }, { qualification: 'auxiliary', min: 2 }] },
  ],
  ...patch,
});

const onShift = (roster: { staff: string; day: number; shift: string }[], day: number, shift: string, role: string) =>
  roster.filter((a) => a.day === day && a.shift === shift && a.staff.startsWith(role)).length;

describe('surplus duty', () => {
  it('puts the duty beyond need where the head wants it, and the checker prices what the engine does', () => {
    // 8 auxiliaries × at least 6 shifts = 48 shifts; nights need 20, days 20 and want 30
    const problem = parseRosterProblem(post({ surplusWeight: 1 }));
    const r = solveProblem(highs, problem, { timeLimitSeconds: 60 });
    expect(r.status).toBe('optimal');
    expect(r.hardViolations).toBe(0);
    expect(checkRoster(problem, r.roster).objective).toBe(r.objective);
    // nothing beyond the wanted third auxiliary by day, nothing beyond the two by night
    expect(r.objective).toBe(0);
    for (let day = 0; day < 10; day++) {
      expect(onShift(r.roster, day, 'D', 'a')).toBeLessThanOrEqual(3);
      expect(onShift(r.roster, day, 'N', 'a')).toBe(2);
      expect(onShift(r.roster, day, 'N', 'p')).toBe(1);
    }
  });

  it('counts each person beyond need at the weight, and costs nothing at weight 0', () => {
    const problem = parseRosterProblem(post({ surplusWeight: 2 }, 7));
    const r = solveProblem(highs, problem, { timeLimitSeconds: 60 });
    expect(r.status).toBe('optimal');
    const check = checkRoster(problem, r.roster);
    expect(check.objective).toBe(r.objective);
    // 8 × 7 = 56 auxiliary shifts for 30 wanted by day and 20 needed by night: 6 beyond need;
    // 3 officers × 7 = 21 shifts for the 20 needed: 1 beyond
    expect(r.objective).toBe((6 + 1) * 2);
    expect(check.costs.filter((c) => c.kind === 'cover').reduce((a, c) => a + c.cost, 0)).toBe(14);
    const free = parseRosterProblem(post({}, 7));
    expect(checkRoster(free, r.roster).objective).toBe(0);
  });

  it('refuses a negative weight, naming the field', () => {
    expect(() => parseRosterProblem(post({ surplusWeight: -1 }))).toThrow(/roster\.negative/);
  });
});

describe('the engine raced against the plain model', () => {
  it('answers with a roster at least as good as the plain model alone, proven, and priced as the checker prices it', async () => {
    const problem = parseRosterProblem(post({ surplusWeight: 1 }));
    const [raced, plain] = [await startRosterSolve(problem, { timeLimitSeconds: 60 }).result, await startPlainSolve(problem, { timeLimitSeconds: 60 }).result];
    expect(plain.status).toBe('optimal');
    expect(raced.optimal).toBe(true);
    expect(raced.objective).toBeLessThanOrEqual(plain.objective!);
    expect(checkRoster(problem, raced.roster).objective).toBe(raced.objective);
    expect(checkRoster(problem, plain.roster).objective).toBe(plain.objective);
  }, 120_000);
});
