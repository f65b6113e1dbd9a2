/**
 * Column generation (Dantzig–Wolfe) for rosters: the strong formulation.
 *
 * Every hard rule except coverage concerns one person, so a roster is one personal schedule per
 * person, and the master problem only chooses among schedules: minimise schedule costs plus cover
 * penalties, subject to the cover rows and "one schedule per person". Its LP relaxation equals the
 * best convex combination of *feasible personal schedules*, far tighter than the compact MILP's
 * relaxation (on the benchmark the compact LP can sit 20 % or more below the optimum). It serves
 * twice: as a proof (the Lagrangian bound) and as a source of good rosters (the master MIP over the
 * generated schedules, "price and branch").
 *
 * Fairness ("equal nights, weekends, holidays within a role") couples people only through their
 * counts, which are linear in the schedule columns: the master holds, per group, a "most" and a
 * "fewest" column with rows most ≥ count(person) ≥ fewest for each member, so the duals of those
 * rows become per-person prices of a night, a holiday shift and a weekend worked in the pricing.
 *
 * The pricing itself (a labelling DP over one person's days) is in pricing.ts.
 */
import type { Highs, IndexSelection, Model } from 'highs';
import type { FairnessMetric } from '../../../shared/roster/model.js';
import type { Compiled } from './compile.js';
import { costOf, countOf, Pricer, type CountWindow, type Schedule } from './pricing.js';

/** HiGHS's time limit when a run is to be bounded by work alone (seconds; HiGHS's own default is infinite). */
export const NO_TIME_LIMIT = 1e30;
/** Branch-and-bound nodes of the master MIP in a deterministic solve (in place of its deadline). */
const DETERMINISTIC_MIP_NODES = 20_000;

/** Re-pricing rounds after a fixing in a dive: enough to converge (a safety cap only). */
export const DIVE_ROUNDS = 200;

/** Cost of a master column that stands for "no schedule yet": drives real schedules in. */
const ARTIFICIAL = 1e7;

/**
 * Column generation with its restricted master: `generate` prices until the LP is optimal (or
 * time runs out), keeping the best Lagrangian bound; `dive` turns the LP into a roster by fixing
 * the most decided schedules one round at a time, re-pricing briefly after each round; `mip`
 * solves the master as a MIP over all schedules generated, from a start.
 */
export class ColumnGeneration {
  readonly model: Model;
  /** Column j ≥ firstSchedule is schedules[j − firstSchedule]. */
  readonly schedules: Schedule[] = [];
  /** Lagrangian lower bound on the roster objective (offset included). */
  bound = -Infinity;
  lp = Infinity;
  /** Objective of the master LP solved last (in a dive or a neighbourhood too). */
  lastLp = Infinity;
  converged = false;
  iterations = 0;
  /** People with no feasible schedule at all under their own rules. */
  readonly impossible: number[] = [];
  private readonly nCover: number;
  /** The fairness rows each person appears in (the "most" row and the "fewest" row of a group). */
  private readonly fairRows: { metric: FairnessMetric; most: number; fewest: number }[][];
  private readonly firstSchedule: number;
  private readonly numRows: number;
  private readonly pricers: Pricer[];
  /** Per person: a schedule's shifts (joined) → its index in `schedules`. */
  private readonly seen: Map<string, number>[];
  private readonly fixed: Int32Array;
  /** Whether the search is narrowed to fairness windows (then no bound is taken, as in a dive). */
  private narrowed = false;
  /** The column values of the last LP solved before any fixing or narrowing. */
  private lastX: Float64Array | null = null;
  private readonly integral: boolean;

  constructor(
    private readonly highs: Highs,
    private readonly c: Compiled,
    private readonly options: {
      elasticPenalty: number;
      columnsPerPerson?: number;
      log?: (line: string) => void;
      /**
       * The clock the deadlines are read on, and whether HiGHS runs without its own time limit
       * (the master MIP then by nodes): a deterministic solve passes a clock that stands still.
       */
      clock?: () => number;
      deterministic?: boolean;
    },
  ) {
    const cost: number[] = [];
    const lower: number[] = [];
    const starts: number[] = [0];
    const index: number[] = [];
    const value: number[] = [];
    const rowLo: number[] = [];
    const rowHi: number[] = [];
    const column = (price: number, rows: number[], coef: number) => {
      cost.push(price);
      lower.push(0);
      for (const row of rows) {
        index.push(row);
        value.push(coef);
      }
      starts.push(index.length);
    };
    const slack = (row: number, coef: number, price: number) => column(price, [row], coef);
    c.covers.forEach((row, i) => {
      const min = row.min > 0 ? row.min : -Infinity;
      const max = row.max < row.cells.length ? row.max : Infinity;
      rowLo.push(min);
      rowHi.push(max);
      if (min > 0) slack(i, 1, row.underWeight ?? options.elasticPenalty);
      if (max < Infinity) slack(i, -1, row.overWeight ?? options.elasticPenalty);
    });
    this.nCover = c.covers.length;
    for (let e = 0; e < c.E; e++) {
      rowLo.push(1);
      rowHi.push(1);
      slack(this.nCover + e, 1, ARTIFICIAL);
    }
    // Fairness: per group a "most" column (most − count ≥ 0 for each member) and a "fewest"
    // column (fewest − count ≤ 0), costing weight × (most − fewest).
    this.fairRows = Array.from({ length: c.E }, () => []);
    for (const g of c.fairness) {
      const most: number[] = [];
      const fewest: number[] = [];
      for (const e of g.staff) {
        most.push(rowLo.length);
        rowLo.push(0);
        rowHi.push(Infinity);
        fewest.push(rowLo.length);
        rowLo.push(-Infinity);
        rowHi.push(0);
        this.fairRows[e].push({ metric: g.metric, most: most[most.length - 1], fewest: fewest[fewest.length - 1] });
      }
      column(g.weight, most, 1);
      column(-g.weight, fewest, 1);
    }
    this.firstSchedule = cost.length;
    const numRows = rowLo.length;
    this.numRows = numRows;
    this.model = highs.createModel({
      numCols: cost.length,
      numRows,
      offset: c.offset,
      colCost: Float64Array.from(cost),
      colLower: Float64Array.from(lower),
      colUpper: new Float64Array(cost.length).fill(Infinity),
      rowLower: Float64Array.from(rowLo),
      rowUpper: Float64Array.from(rowHi),
      matrix: { format: 'csc', numRows, numCols: cost.length, starts: Int32Array.from(starts), indices: Int32Array.from(index), values: Float64Array.from(value) },
    });
    this.model.options.set({ output_flag: false });
    this.pricers = Array.from({ length: c.E }, (_, e) => new Pricer(c, e));
    this.seen = Array.from({ length: c.E }, () => new Map<string, number>());
    this.fixed = new Int32Array(c.E).fill(-1);
    // Every term but the cells' own costs is a penalty (≥ 0): no roster costs less than the
    // offset plus every negative cell cost. Ends the pricing's slow tail once the LP gets there.
    this.bound = c.offset;
    c.cost.forEach((v, cell) => {
      if (v < 0 && c.allowed[cell]) this.bound += v;
    });
    this.integral =
      Array.from(c.cost).every(Number.isInteger) &&
      Number.isInteger(c.offset) &&
      c.covers.every((r) => Number.isInteger(r.underWeight ?? 0) && Number.isInteger(r.overWeight ?? 0));
  }

  dispose() {
    this.model.dispose();
  }

  /** Adds schedules not seen before; returns how many were new. */
  add(list: Schedule[]): number {
    let seenNow = 0;
    const fresh = list.filter((sch) => {
      const k = sch.shifts.join(',');
      if (this.seen[sch.staff].has(k)) return false;
      this.seen[sch.staff].set(k, this.schedules.length + seenNow++);
      return true;
    });
    if (fresh.length === 0) return 0;
    const { D, S } = this.c;
    const starts: number[] = [0];
    const index: number[] = [];
    const value: number[] = [];
    for (const sch of fresh) {
      const rows = new Map<number, number>();
      sch.shifts.forEach((s, d) => {
        if (s < 0) return;
        for (const r of this.c.coversOfCell[(sch.staff * D + d) * S + s]) rows.set(r, (rows.get(r) ?? 0) + 1);
      });
      rows.set(this.nCover + sch.staff, 1);
      for (const f of this.fairRows[sch.staff]) {
        const n = countOf(this.c, f.metric, sch.shifts);
        if (n === 0) continue;
        rows.set(f.most, -n);
        rows.set(f.fewest, -n);
      }
      for (const [r, v] of [...rows.entries()].sort((x, y) => x[0] - y[0])) {
        index.push(r);
        value.push(v);
      }
      starts.push(index.length);
      this.schedules.push(sch);
    }
    this.model.addCols({
      cost: Float64Array.from(fresh.map((x) => x.cost)),
      lower: new Float64Array(fresh.length),
      // No upper bound: "one schedule per person" implies it, and an explicit bound would carry
      // a dual of its own that the Lagrangian bound does not account for.
      upper: new Float64Array(fresh.length).fill(Infinity),
      matrix: {
        format: 'csc',
        numRows: this.numRows,
        numCols: fresh.length,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(index),
        values: Float64Array.from(value),
      },
    });
    return fresh.length;
  }

  /** The cheapest objective value a roster can have, as far as proven (integral when costs are). */
  provenBound(): number {
    return this.integral ? Math.ceil(this.bound - 1e-6) : this.bound;
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  /** HiGHS's time limit for a run ending by `deadline` (none when deterministic). */
  private timeLimit(deadline: number): number {
    return this.options.deterministic ? NO_TIME_LIMIT : Math.max(0.05, (deadline - this.now()) / 1000);
  }

  private solveLp(deadline: number): { objective: number; x: Float64Array; dual: Float64Array } | null {
    this.model.options.set({ time_limit: this.timeLimit(deadline) });
    // HiGHS counts time_limit against the run time summed over every run of the model
    this.model.zeroAllClocks();
    this.model.run();
    if (this.model.getModelStatus() !== 7) {
      this.options.log?.(`master LP: status ${this.model.getModelStatus()}`);
      return null;
    }
    const sol = this.model.getSolution();
    return { objective: this.model.getObjectiveValue(), x: sol.colValue, dual: sol.rowDual };
  }

  /**
   * Prices until no schedule of negative reduced cost is left, the bound meets the LP, or the
   * limits. Only people not fixed by a dive are priced; the bound is kept only while none is fixed.
   */
  generate(deadline: number, shouldStop: () => boolean, maxIterations = Infinity): boolean {
    const { E, D, S } = this.c;
    const prices = new Float64Array(D * S);
    const diving = this.narrowed || this.fixed.some((f) => f >= 0);
    for (let it = 0; it < maxIterations; it++) {
      if (this.now() >= deadline || shouldStop()) return false;
      const sol = this.solveLp(deadline);
      if (sol === null) return false;
      this.iterations++;
      this.lastLp = sol.objective;
      if (!diving) {
        this.lp = sol.objective;
        this.lastX = sol.x;
      } else if (sol.objective <= this.bound + 1e-6) return true; // no column can take it below the bound
      let lagrange = sol.objective;
      let added = 0;
      for (let e = 0; e < E; e++) {
        if (this.fixed[e] >= 0) continue;
        // A schedule's column holds −count in its fairness rows: each unit counted costs their duals.
        const unit = { nights: 0, weekends: 0, holidays: 0 };
        for (const f of this.fairRows[e]) unit[f.metric] += sol.dual[f.most] + sol.dual[f.fewest];
        for (let d = 0; d < D; d++)
          for (let s = 0; s < S; s++) {
            const cell = (e * D + d) * S + s;
            let p = this.c.cost[cell];
            for (const r of this.c.coversOfCell[cell]) p -= sol.dual[r];
            if (this.c.night[s]) p += unit.nights;
            if (this.c.holiday[d]) p += unit.holidays;
            prices[d * S + s] = p;
          }
        const mu = sol.dual[this.nCover + e];
        const found = this.pricers[e].best(prices, this.options.columnsPerPerson ?? 3, mu - 1e-6, unit.weekends);
        if (found.length === 0) continue;
        lagrange += Math.min(0, found[0].price - mu);
        added += this.add(found.map((b) => ({ staff: e, shifts: b.shifts, cost: costOf(this.c, e, b.shifts) })));
        if (this.now() >= deadline || shouldStop()) return false;
      }
      if (diving) this.options.log?.(`reprice ${it}: lp ${sol.objective.toFixed(3)} +${added}`);
      if (!diving) {
        this.bound = Math.max(this.bound, lagrange);
        this.options.log?.(`colgen ${this.iterations}: lp ${sol.objective.toFixed(3)} bound ${this.bound.toFixed(3)} +${added}`);
      }
      if (added === 0) {
        if (!diving) {
          this.converged = true;
          this.bound = Math.max(this.bound, sol.objective);
        }
        return true;
      }
      // The LP cannot go below the next integer above the bound: more columns prove nothing more.
      if (!diving && this.integral && Math.ceil(this.bound - 1e-6) >= Math.ceil(sol.objective - 1e-6)) return true;
    }
    return true;
  }

  /**
   * Each person's fairness count in the last LP (a convex mix of their schedules' counts), per
   * group; null before an LP was solved.
   */
  lpCounts(): number[][] | null {
    if (this.lastX === null) return null;
    const x = this.lastX;
    return this.c.fairness.map((g) => {
      const count = new Map(g.staff.map((e) => [e, 0]));
      this.schedules.forEach((sch, j) => {
        const v = x[this.firstSchedule + j];
        if (v > 1e-9 && count.has(sch.staff)) count.set(sch.staff, count.get(sch.staff)! + v * countOf(this.c, g.metric, sch.shifts));
      });
      return g.staff.map((e) => count.get(e)!);
    });
  }

  /**
   * Narrows the search to rosters whose fairness counts lie in the given windows (per person;
   * empty: none): the pricing keeps to them and schedules outside them are set aside. `widen`
   * undoes it. While narrowed no bound is taken: it would be about the narrowed problem.
   */
  narrow(windows: CountWindow[][]) {
    this.narrowed = true;
    this.pricers.forEach((p, e) => p.setWindow(windows[e]));
    this.schedules.forEach((sch, j) => {
      const inside = windows[sch.staff].every((w) => {
        const n = countOf(this.c, w.metric, sch.shifts);
        return n >= w.fewest && n <= w.most;
      });
      if (!inside) this.model.changeColBounds(this.firstSchedule + j, 0, 0);
    });
  }

  widen() {
    this.narrowed = false;
    this.pricers.forEach((p) => p.setWindow([]));
    this.model.changeColsBounds(
      { kind: 'range', from: this.firstSchedule, to: this.firstSchedule + this.schedules.length - 1 },
      new Float64Array(this.schedules.length),
      new Float64Array(this.schedules.length).fill(Infinity),
    );
  }

  /** Whether someone can have no schedule at all (checked with no price threshold). */
  findImpossible(): number[] {
    const prices = new Float64Array(this.c.D * this.c.S);
    this.impossible.length = 0;
    this.pricers.forEach((p, e) => {
      if (p.best(prices, 1).length === 0) this.impossible.push(e);
    });
    return this.impossible;
  }

  /**
   * Price-and-dive: repeatedly fix, for the people whose LP schedule is (nearly) decided, that
   * schedule, and at least the most decided of the rest; after each fixing re-price until the LP
   * is optimal again. Ends with one schedule per person. Leaves the master as it was (fixings
   * undone).
   *
   * The re-pricing must converge: with a few rounds only, the LP after a fixing lacks the
   * schedules that fit it, looks worse than it is, and the dive then fixes the wrong people
   * (benchmark Instance 8: 1516 after 12 rounds a fixing, 1304 when converged, bound 1297).
   * When `deadline` comes first, the master MIP picks the open people's schedules among those
   * generated, by `mipDeadline`.
   */
  dive(deadline: number, shouldStop: () => boolean, mipDeadline: number): Schedule[] | null {
    const { E } = this.c;
    const first = this.firstSchedule;
    // A fixing after which the LP needs cover slack (or someone has no schedule left) would wreck
    // the roster: it is undone. A single schedule is then set aside; after a fixing of several at
    // once, the dive goes on one at a time until the next fixing holds.
    const setAside: number[] = [];
    let lastFixed: number[] = [];
    let before = Infinity;
    let oneAtATime = false;
    try {
      for (;;) {
        const sol = this.now() >= deadline || shouldStop() ? null : this.solveLp(deadline);
        if (sol === null) {
          if (shouldStop()) return null;
          this.options.log?.(`dive: out of time, master MIP for the ${E - this.fixed.filter((f) => f >= 0).length} people left`);
          return this.mip(mipDeadline, shouldStop, null);
        }
        if (lastFixed.length > 0 && sol.objective >= before + this.options.elasticPenalty / 2 && setAside.length < E) {
          for (const e of lastFixed) {
            const j = this.fixed[e];
            this.fixed[e] = -1;
            this.model.changeColBounds(first + j, 0, lastFixed.length === 1 ? 0 : Infinity);
            if (lastFixed.length === 1) setAside.push(j);
          }
          this.options.log?.(`dive: undid a fixing of ${lastFixed.length} (lp ${sol.objective.toFixed(2)})`);
          oneAtATime = true;
          lastFixed = [];
          this.generate(deadline, shouldStop, DIVE_ROUNDS);
          continue;
        }
        if (lastFixed.length === 1) oneAtATime = false;
        before = sol.objective;
        const best = new Float64Array(E).fill(-1);
        const arg = new Int32Array(E).fill(-1);
        this.schedules.forEach((sch, j) => {
          const v = sol.x[first + j];
          if (this.fixed[sch.staff] < 0 && v > best[sch.staff]) {
            best[sch.staff] = v;
            arg[sch.staff] = j;
          }
        });
        const open = [...Array(E).keys()].filter((e) => this.fixed[e] < 0);
        this.options.log?.(`dive: lp ${sol.objective.toFixed(2)}, ${E - open.length} of ${E} fixed`);
        if (open.length === 0) break;
        lastFixed = [];
        let top = -1;
        for (const e of open) {
          if (arg[e] < 0) continue;
          if (best[e] > 0.99 && !oneAtATime) {
            this.fixColumn(e, arg[e]);
            lastFixed.push(e);
          } else if (top < 0 || best[e] > best[top]) top = e;
        }
        if (lastFixed.length === 0) {
          if (top < 0) return null;
          this.fixColumn(top, arg[top]);
          lastFixed.push(top);
        }
        this.generate(deadline, shouldStop, DIVE_ROUNDS);
      }
      return [...this.fixed].map((j) => this.schedules[j]);
    } finally {
      this.unfixAll();
      for (const j of setAside) this.model.changeColBounds(first + j, 0, Infinity);
    }
  }

  /** Holds these people to these schedules (added when new) until `release`, as a dive fixes them. */
  hold(schedules: Schedule[]) {
    this.add(schedules);
    for (const sch of schedules) this.fixColumn(sch.staff, this.seen[sch.staff].get(sch.shifts.join(','))!);
  }

  release() {
    this.unfixAll();
  }

  private fixColumn(e: number, j: number) {
    this.fixed[e] = j;
    this.model.changeColBounds(this.firstSchedule + j, 1, Infinity);
  }

  private unfixAll() {
    this.fixed.forEach((j, e) => {
      if (j >= 0) this.model.changeColBounds(this.firstSchedule + j, 0, Infinity);
      this.fixed[e] = -1;
    });
  }

  /** The master as a MIP over every schedule generated, from `start` (one schedule per person). */
  mip(deadline: number, shouldStop: () => boolean, start: Schedule[] | null, nodes?: number): Schedule[] | null {
    const total = this.firstSchedule + this.schedules.length;
    const types = new Int32Array(total);
    for (let j = this.firstSchedule; j < total; j++) types[j] = 1;
    const all: IndexSelection = { kind: 'range', from: 0, to: total - 1 };
    this.model.changeColsIntegrality(all, types);
    this.model.options.set({
      time_limit: this.timeLimit(deadline),
      mip_max_nodes: nodes ?? (this.options.deterministic ? DETERMINISTIC_MIP_NODES : 2147483647),
      mip_rel_gap: 0,
      mip_abs_gap: this.integral ? 0.999 : 1e-6,
    });
    try {
      if (start !== null) {
        const indices = start.flatMap((sch) => {
          const j = this.seen[sch.staff].get(sch.shifts.join(','));
          return j === undefined ? [] : [this.firstSchedule + j];
        });
        // Only the schedule columns are given; HiGHS completes the slacks.
        if (indices.length === this.c.E) {
          indices.sort((a, b) => a - b);
          this.model.setSolution({ indices: Int32Array.from(indices), values: new Float64Array(indices.length).fill(1) });
        }
      }
      const cb = this.highs.constants.callbackType;
      this.model.zeroAllClocks();
      this.model.run({
        [cb.mipInterrupt]: (ev) => {
          if (shouldStop()) ev.interrupt();
        },
      });
      if (Number(this.model.info.get('primal_solution_status')) !== 2) return null;
      const x = this.model.getSolution().colValue;
      return this.schedules.filter((_, j) => x[this.firstSchedule + j] > 0.5);
    } finally {
      this.model.changeColsIntegrality(all, new Int32Array(total));
    }
  }
}
