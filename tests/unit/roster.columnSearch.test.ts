/**
 * The neighbourhoods on the column generation's master (columnSearch.ts), apart from the engine:
 * started from a poor roster of benchmark Instance 1 — each person's cheapest schedule on their own,
 * with no thought for cover — they must reach the proven optimum 607, every roster they hand over
 * meeting every hard rule by the independent checker and costing less than the one before; and the
 * people they free are distinct, as many as asked, with the focused share among those able to help.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { ColumnGeneration } from '../../src/main/roster/engine/colgen.js';
import { drawPeople, searchColumns } from '../../src/main/roster/engine/columnSearch.js';
import { compile } from '../../src/main/roster/engine/compile.js';
import { parseCurtois } from '../../src/main/roster/engine/curtois.js';
import { costOf, Pricer, type Schedule } from '../../src/main/roster/engine/pricing.js';
import { rng } from '../../src/main/roster/engine/solver.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'roster', name), 'utf8');

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

describe('column neighbourhoods', () => {
  it('take a poor roster of Instance 1 to its optimum 607, one better roster at a time', () => {
    const problem = parseCurtois(fixture('Instance1.txt'), 'Instance1');
    const c = compile(problem);
    const rosterOf = (schedules: Schedule[]) =>
      schedules.flatMap((sch) => [...sch.shifts].flatMap((s, day) => (s < 0 ? [] : [{ staff: c.staffIds[sch.staff], day, shift: c.shiftIds[s] }])));
    // each person's cheapest schedule under their own rules, cover ignored
    let schedules: Schedule[] = Array.from({ length: c.E }, (_, e) => {
      const shifts = new Pricer(c, e).best(Float64Array.from(c.cost), 1)[0].shifts;
      return { staff: e, shifts, cost: costOf(c, e, shifts) };
    });
    let objective = checkRoster(problem, rosterOf(schedules)).objective;
    expect(objective).toBeGreaterThan(1000);
    const taken: number[] = [objective];
    const cg = new ColumnGeneration(highs, c, { elasticPenalty: 100_000 });
    try {
      const out = searchColumns(cg, c, {
        incumbent: () => ({ schedules, objective }),
        adopt: (next) => {
          const check = checkRoster(problem, rosterOf(next));
          expect(check.violations).toEqual([]);
          if (check.objective >= objective) return false;
          schedules = next;
          objective = check.objective;
          taken.push(objective);
          return true;
        },
        until: Infinity,
        clock: () => Date.now(),
        shouldStop: () => objective <= 607,
        maxSteps: 400,
        random: rng(1),
        integral: true,
        penalisedRows: () => [],
      });
      expect(objective).toBe(607);
      expect(out.improvements).toBe(taken.length - 1);
      for (let i = 1; i < taken.length; i++) expect(taken[i]).toBeLessThan(taken[i - 1]);
    } finally {
      cg.dispose();
    }
  }, 120_000);

  it('free distinct people, as many as asked, the focused ones among those able to help', () => {
    const random = rng(7);
    for (let step = 0; step < 200; step++) {
      const k = 1 + (step % 6);
      const able = [2, 5, 5, 9];
      const free = drawPeople(10, k, random, able, Math.ceil(k / 2));
      expect(new Set(free).size).toBe(k);
      expect(free.every((e) => Number.isInteger(e) && e >= 0 && e < 10)).toBe(true);
      expect([...free].sort((a, b) => a - b)).toEqual(free);
      expect(free.filter((e) => able.includes(e)).length).toBeGreaterThanOrEqual(Math.min(3, Math.ceil(k / 2)));
    }
    // never more than there are people
    expect(drawPeople(4, 9, random)).toEqual([0, 1, 2, 3]);
  });
});
