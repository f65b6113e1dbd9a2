/**
 * Large neighbourhood search on the column generation's master, for when the dive and the master
 * MIP have stalled a few units above the bound: hold everyone but a few people to the incumbent's
 * schedules, price the freed people's schedules until the master LP is optimal again, and solve the
 * master MIP over their schedules from the incumbent.
 *
 * Why on the master and not on the compact model: a neighbourhood's LP there is as tight as the
 * column bound, so most neighbourhoods are settled by the LP alone (it cannot go below the
 * incumbent: nothing to find there) in a fraction of a second, and the rest are small set-partitioning
 * MIPs HiGHS solves quickly. The compact model's sub-MIPs of the same people start from a weak LP and
 * seldom finish within their node limit.
 *
 * The freed people are drawn from a seeded generator: either at random, or, every other step,
 * among those who can work a cover row the incumbent leaves short or over (a penalty there needs
 * one of them to move). The neighbourhood grows by one person after a round of steps that found
 * nothing, and starts again small after an improvement or once it is two thirds of the staff.
 */
import type { ColumnGeneration } from './colgen.js';
import type { Compiled } from './compile.js';
import type { Schedule } from './pricing.js';

/** Re-pricing rounds of one neighbourhood (a safety cap: it usually converges in a few). */
const NEIGHBOURHOOD_ROUNDS = 60;
/** Branch-and-bound nodes of one neighbourhood's master MIP. */
export const NEIGHBOURHOOD_NODES = 2000;
/** Safety time limit of one neighbourhood (seconds). */
const NEIGHBOURHOOD_SECONDS = 10;
/**
 * People freed in the first neighbourhoods: a quarter of the staff, at least 3. The column bound is
 * tight, so smaller neighbourhoods of a roster near it are nearly always settled by their LP.
 */
export const firstSize = (E: number) => Math.min(E, Math.max(3, Math.ceil(E / 4)));
/** Steps without improvement before the neighbourhood grows by one person. */
const PATIENCE = 6;

export interface ColumnSearchOptions {
  /** The roster to improve, one schedule per person, and its objective. */
  incumbent: () => { schedules: Schedule[]; objective: number };
  /** Offers a better roster; true when it was taken (checked on the compact model). */
  adopt: (schedules: Schedule[]) => boolean;
  /** Clock-reading deadline (ms) and stop request. */
  until: number;
  clock: () => number;
  shouldStop: () => boolean;
  /** At most this many neighbourhoods (a deterministic budget). */
  maxSteps: number;
  random: () => number;
  /** Every objective is a whole number. */
  integral: boolean;
  /** Cover rows the incumbent pays a penalty on (short or over). */
  penalisedRows: () => number[];
  log?: (line: string) => void;
}

export interface ColumnSearchOutcome {
  steps: number;
  /** Neighbourhoods the LP alone showed to hold nothing better. */
  settledByLp: number;
  improvements: number;
}

/** Draws `k` distinct people, `focus` of them among `able` (when given). */
export const drawPeople = (E: number, k: number, random: () => number, able: number[] = [], focus = 0): number[] => {
  const free = new Set<number>();
  const pool = [...new Set(able)];
  const want = Math.min(pool.length, focus, k);
  while (free.size < want) free.add(pool[Math.floor(random() * pool.length)]);
  while (free.size < Math.min(k, E)) free.add(Math.floor(random() * E));
  return [...free].sort((a, b) => a - b);
};

/** People who can work some cell of cover row `row`. */
const ableFor = (c: Compiled, row: number): number[] => c.covers[row].cells.map((cell) => Math.floor(cell / (c.D * c.S)));

export const searchColumns = (cg: ColumnGeneration, c: Compiled, o: ColumnSearchOptions): ColumnSearchOutcome => {
  const out: ColumnSearchOutcome = { steps: 0, settledByLp: 0, improvements: 0 };
  const { E } = c;
  let k = firstSize(E);
  let stall = 0;
  // gaps below this are closed: a neighbourhood whose LP comes within it of the incumbent holds nothing better
  const closed = o.integral ? 1 - 1e-6 : 1e-6;
  while (out.steps < o.maxSteps && o.clock() < o.until && !o.shouldStop()) {
    out.steps++;
    const { schedules, objective } = o.incumbent();
    const rows = out.steps % 2 === 0 ? o.penalisedRows() : [];
    const able = rows.length > 0 ? ableFor(c, rows[Math.floor(o.random() * rows.length)]) : [];
    const free = drawPeople(E, k, o.random, able, Math.ceil(k / 2));
    const freed = new Set(free);
    const deadline = Math.min(o.until, o.clock() + NEIGHBOURHOOD_SECONDS * 1000);
    let better: Schedule[] | null = null;
    cg.add(schedules);
    cg.hold(schedules.filter((sch) => !freed.has(sch.staff)));
    try {
      const converged = cg.generate(deadline, o.shouldStop, NEIGHBOURHOOD_ROUNDS);
      if (converged && cg.lastLp > objective - closed) out.settledByLp++;
      else {
        const found = cg.mip(deadline, o.shouldStop, schedules, NEIGHBOURHOOD_NODES);
        if (found !== null && found.length === E) better = found;
      }
    } finally {
      cg.release();
    }
    if (better !== null && o.adopt(better)) {
      out.improvements++;
      o.log?.(`column neighbourhood of ${k} (${free.join(',')}): ${o.incumbent().objective}`);
      k = firstSize(E);
      stall = 0;
    } else if (++stall >= PATIENCE) {
      // a round of steps found nothing: larger neighbourhoods, up to two thirds of the staff (the
      // master MIP of more is slow), then small ones again (drawn afresh, on more columns)
      k = k >= Math.max(firstSize(E), Math.ceil((2 * E) / 3)) ? firstSize(E) : k + 1;
      stall = 0;
    }
  }
  o.log?.(`column neighbourhoods: ${out.steps} steps, ${out.settledByLp} settled by the LP, ${out.improvements} improvements, last size ${k}`);
  return out;
};
