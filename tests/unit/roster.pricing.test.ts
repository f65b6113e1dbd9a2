/**
 * The column generation's pricing against brute force: for one person over nine days, every
 * schedule is enumerated, the independent checker keeps those that break none of the person's
 * rules, and the cheapest under random prices must be what the pricing returns — with and without
 * a fairness window (nights and weekends held to a range) and a price per weekend worked. The
 * pricing drops labels by dominance; a wrong dominance shows up here as a cheaper schedule missed
 * or a schedule returned that breaks a rule or leaves the window.
 */
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { countOf, Pricer, type CountWindow } from '../../src/main/roster/engine/pricing.js';
import { compile } from '../../src/main/roster/engine/compile.js';
import { rng } from '../../src/main/roster/engine/solver.js';
import { parseRosterProblem, type RosterProblemInput, type StationRules } from '../../src/shared/roster/model.js';

const DAYS = 9;

const onePerson = (rules: Partial<StationRules>): RosterProblemInput => ({
  // a Thursday: the nine days hold one whole weekend and the Saturday of the next
  startDate: '2027-03-04',
  days: DAYS,
  shiftTypes: [
    { id: 'D', start: '08:00', minutes: 720 },
    { id: 'N', start: '20:00', minutes: 720 },
  ],
  staff: [{ id: 'p', role: 'officer' }],
  rules: { minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [], ...rules },
  coverage: [],
});

/** Every schedule (−1 off, 0 D, 1 N per day) the checker finds no fault with. */
const feasibleSchedules = (input: RosterProblemInput): Int16Array[] => {
  const problem = parseRosterProblem(input);
  const out: Int16Array[] = [];
  const shifts = new Int16Array(DAYS);
  const walk = (d: number) => {
    if (d === DAYS) {
      const roster = [...shifts].flatMap((s, day) => (s < 0 ? [] : [{ staff: 'p', day, shift: s === 0 ? 'D' : 'N' }]));
      if (checkRoster(problem, roster).violations.length === 0) out.push(shifts.slice());
      return;
    }
    for (const s of [-1, 0, 1]) {
      shifts[d] = s;
      walk(d + 1);
    }
  };
  walk(0);
  return out;
};

const cases: { name: string; rules: Partial<StationRules> }[] = [
  { name: 'rest, nights in a row and days in a row', rules: { maxConsecutiveWorkDays: 3, maxConsecutiveNights: 2 } },
  { name: 'a weekly maximum of hours', rules: { maxConsecutiveWorkDays: 5, maxMinutesPerWeek: 36 * 60 } },
  { name: 'a maximum of hours over the horizon', rules: { maxConsecutiveWorkDays: 4, maxMinutesPerHorizon: 60 * 60 } },
  { name: 'a minimum and a maximum of hours over the horizon', rules: { maxConsecutiveWorkDays: 4, minMinutesPerHorizon: 48 * 60, maxMinutesPerHorizon: 72 * 60 } },
  { name: 'at most one weekend and a night limit', rules: { maxConsecutiveWorkDays: 4, maxWeekendsWorked: 1, maxShiftsPerType: { N: 3 } } },
];

const windows: { name: string; window: CountWindow[]; weekendPrice: number }[] = [
  { name: 'no window', window: [], weekendPrice: 0 },
  { name: 'nights 2–3', window: [{ metric: 'nights', fewest: 2, most: 3 }], weekendPrice: 0 },
  { name: 'nights exactly 2, one weekend, weekends priced', window: [{ metric: 'nights', fewest: 2, most: 2 }, { metric: 'weekends', fewest: 1, most: 1 }], weekendPrice: -6 },
  { name: 'weekends 0–1 priced dear', window: [{ metric: 'weekends', fewest: 0, most: 1 }], weekendPrice: 9 },
];

describe('roster pricing against brute force', () => {
  for (const { name, rules } of cases)
    it(`finds the cheapest schedule allowed: ${name}`, () => {
      const input = onePerson(rules);
      const c = compile(parseRosterProblem(input));
      const all = feasibleSchedules(input);
      expect(all.length).toBeGreaterThan(10);
      const pricer = new Pricer(c, 0);
      const next = rng(name.length * 7919); // seeded: the same prices on every run
      for (const w of windows)
        for (let round = 0; round < 6; round++) {
          const prices = Float64Array.from({ length: DAYS * 2 }, () => Math.round(next() * 20 - 12));
          const priceOf = (sch: Int16Array) => {
            let p = countOf(c, 'weekends', sch) * w.weekendPrice;
            sch.forEach((s, d) => {
              if (s >= 0) p += prices[d * 2 + s];
            });
            return p;
          };
          const inside = all.filter((sch) => w.window.every((x) => countOf(c, x.metric, sch) >= x.fewest && countOf(c, x.metric, sch) <= x.most));
          pricer.setWindow(w.window);
          const found = pricer.best(prices, 3, Infinity, w.weekendPrice);
          const label = `${w.name}, round ${round}`;
          if (inside.length === 0) {
            expect(found, label).toEqual([]);
            continue;
          }
          const cheapest = Math.min(...inside.map(priceOf));
          expect(found.length, label).toBeGreaterThan(0);
          expect(found[0].price, label).toBe(cheapest);
          for (const f of found) {
            // each one returned is allowed, inside the window, and priced as the brute force prices it
            expect(inside.some((sch) => sch.every((s, d) => s === f.shifts[d])), label).toBe(true);
            expect(priceOf(f.shifts), label).toBe(f.price);
          }
        }
      pricer.setWindow([]);
    });
});
