/**
 * The roster engine's search, on one thread (HiGHS in WebAssembly is single-threaded and blocks the
 * thread it runs on: call this inside a worker, see worker.ts / runner.ts).
 *
 * Why not just hand the compact MILP to HiGHS: its LP relaxation is weak on rostering (on the
 * benchmark 904 against an optimum of 1143), so branch and bound alone finds good rosters slowly
 * and proves little. The engine instead
 *   1. runs column generation (colgen.ts): the per-person convex hull relaxation, whose bound is
 *      usually within a few units of the optimum, then a price-and-dive (re-pricing to
 *      convergence after every fixing) and a short master MIP over the generated schedules for a
 *      first roster — often proven optimal by that bound, else usually within a few units (with
 *      fairness terms the dive first runs inside each group's fairness window, see fairDive);
 *   2. otherwise tries to prove it optimal on the compact MILP for a short slice (branch and
 *      bound with cuts closes gaps the column bound leaves, e.g. benchmark Instance 1);
 *   3. improves it by large neighbourhood search on the column master (columnSearch.ts): hold
 *      all but a few people to their schedules, re-price and re-solve the freed ones exactly;
 *   4. then the same on the compact MILP: free a few people's whole horizon, fix everyone else,
 *      and let HiGHS re-optimise that sub-MIP from the incumbent (never worse);
 *   5. gives the rest of the time to the proof on the compact MILP from the incumbent.
 * Hard coverage bounds are elastic (very expensive slack) until a roster meeting them is found;
 * from then on they are hard again, so "optimal" is always about the station's real rules, and a
 * roster that still needs slack when the bound says it must is the proof that no roster exists.
 *
 * Deterministic: the neighbourhoods come from a seeded generator and every HiGHS run is limited by
 * nodes, not time, except for the phases' shares of the deadline; the same input gives the same
 * roster whenever the search ends by itself (proven optimal, or the LNS budget spent). A
 * wall-clock stop returns the best roster of that same trajectory so far. Under a starved thread
 * the time shares can end a phase early: with `deterministic` no clock is read at all (see now()).
 */
import type { Highs, Model } from 'highs';
import type { Assignment, RosterProblem } from '../../../shared/roster/model.js';
import { compile, type Compiled } from './compile.js';
import { ColumnGeneration, DIVE_ROUNDS, NO_TIME_LIMIT } from './colgen.js';
import { drawPeople, searchColumns } from './columnSearch.js';
import { incumbentSchedules, penalisedRows, personCols, shortfalls, shortRows } from './incumbent.js';
import { MS, runModel, type RunOutcome } from './highsRun.js';
import { buildMilp, rosterOf, type Milp } from './milp.js';
import { DETERMINISTIC_ITERATIONS, DETERMINISTIC_PROOF_NODES, elasticPenaltyFor, rng, SMALL_MODEL_CELLS, SUB_MIP_NODES, SUB_MIP_SECONDS, type EngineOptions, type EngineProgress, type EngineResult } from './options.js';
import { fairnessWindows, type Schedule } from './pricing.js';

// the engine's options, progress and result live in options.ts; importers of the engine find them here too
export { elasticPenaltyFor, rng, type EngineOptions, type EngineProgress, type EngineResult, type EngineStatus } from './options.js';

export class RosterEngine {
  readonly compiled: Compiled;
  readonly milp: Milp;
  private readonly model: Model;
  private readonly lower0: Float64Array;
  private readonly upper0: Float64Array;
  private readonly started = Date.now();
  private readonly deadline: number;
  private stopped = false;
  private bestX: Float64Array | null = null;
  private bestObj = Infinity;
  private bound = -Infinity;
  private elasticOn: boolean;
  /** All cost coefficients are integers: objectives are integral, gaps below 1 are closed. */
  private readonly integral: boolean;
  private iterations = 0;
  /** People who cannot have any schedule under their own rules (found by the pricing). */
  private impossible: string[] = [];
  /** Current LNS neighbourhood size (people freed per step). */
  private k = 3;
  private readonly random: () => number;
  private readonly elasticPenalty: number;
  /** The column generation, kept after its phase for the neighbourhoods on its master. */
  private cg: ColumnGeneration | null = null;

  constructor(
    private readonly highs: Highs,
    readonly problem: RosterProblem,
    private readonly options: EngineOptions = {},
  ) {
    this.compiled = compile(problem);
    // Run rules as rows, not as the automaton flow: the flow's tighter LP is not needed once the
    // column bound exists, and HiGHS proves benchmark Instance 1 about 3× faster on the rows.
    this.elasticPenalty = elasticPenaltyFor(this.compiled);
    this.milp = buildMilp(this.compiled, { elasticPenalty: this.elasticPenalty, runs: 'rows' });
    this.elasticOn = this.milp.elasticCols.length > 0;
    this.model = highs.createModel(this.milp.model);
    this.lower0 = Float64Array.from(this.milp.model.colLower as ArrayLike<number>);
    this.upper0 = Float64Array.from(this.milp.model.colUpper as ArrayLike<number>);
    this.deadline = this.started + (options.timeLimitSeconds ?? 60) * 1000;
    const costs = this.milp.model.colCost as ArrayLike<number>;
    this.random = rng(options.seed ?? 1);
    this.integral = Array.from(costs).every((v) => Number.isInteger(v)) && Number.isInteger(this.milp.model.offset ?? 0);
  }

  dispose() {
    this.model.dispose();
    this.cg?.dispose();
  }

  private seconds() {
    return (Date.now() - this.started) / 1000;
  }

  /**
   * The clock every phase's deadline is read on. A deterministic solve's clock stands still at the
   * start: each phase then ends by its work budget alone (its deadline, a share of the time limit
   * after the start, never comes).
   */
  private now() {
    return this.options.deterministic ? this.started : Date.now();
  }

  private timeLeft() {
    return (this.deadline - this.now()) / 1000;
  }

  private mustStop() {
    if (!this.stopped && this.options.shouldStop?.()) this.stopped = true;
    return this.stopped || this.now() >= this.deadline;
  }

  private log(line: string) {
    this.options.log?.(`[${this.seconds().toFixed(1)}s] ${line}`);
  }

  /** The objective without elastic slack (what the station's rules say a roster costs). */
  private realObjective(x: Float64Array, objective: number) {
    return objective - this.elasticUse(x) * this.elasticPenalty;
  }

  private elasticUse(x: Float64Array) {
    let sum = 0;
    for (const col of this.milp.elasticCols) sum += x[col];
    return Math.round(sum * 1e6) / 1e6;
  }

  private progress(phase: EngineProgress['phase']) {
    if (this.options.onProgress === undefined) return;
    const p: EngineProgress = { phase, seconds: this.seconds(), integral: this.integral };
    // Shown from the root LP on: the elastic model (cover with slack) relaxes the real one.
    if (this.bound > -Infinity) p.bound = this.bound;
    if (this.meetsHardRules()) {
      p.objective = this.bestObj;
      if (p.bound !== undefined) p.gap = this.bestObj === 0 ? 0 : Math.max(0, (this.bestObj - this.bound) / Math.abs(this.bestObj));
    }
    this.options.onProgress(p);
  }

  /** Runs HiGHS on the current bounds, optionally from a start, with a node and time limit. */
  private run(limits: { nodes?: number; seconds: number; start?: Float64Array | null; watch?: boolean }): RunOutcome {
    const deterministic = this.options.deterministic === true;
    return runModel(this.highs, this.model, {
      numCols: this.milp.model.numCols,
      timeLimit: deterministic ? NO_TIME_LIMIT : Math.max(0.05, Math.min(limits.seconds, this.timeLeft())),
      nodes: limits.nodes ?? (deterministic ? DETERMINISTIC_PROOF_NODES : 2147483647),
      integral: this.integral,
      start: limits.start,
      interrupt: () => this.mustStop(),
      ...(limits.watch === true
        ? {
            onSolution: (x: Float64Array, objective: number) => {
              if (this.better(objective)) this.accept(x, objective, 'prove');
            },
            onBound: (b: number) => {
              if (b > this.bound) {
                this.bound = b;
                this.progress('prove');
              }
            },
          }
        : {}),
    });
  }

  /** Objective differences below this are solver noise (objectives are integral when all costs are). */
  private tolerance() {
    return this.integral ? 0.5 : 1e-6 * Math.max(1, Math.abs(this.bestObj === Infinity ? 1 : this.bestObj));
  }

  private better(objective: number) {
    return objective < this.bestObj - this.tolerance();
  }

  /** Takes a solution as the incumbent; once it meets every hard cover bound, they become hard. */
  private accept(x: Float64Array, objective: number, phase: EngineProgress['phase']) {
    if (this.elasticOn && this.elasticUse(x) === 0) {
      this.elasticOn = false;
      // From here on hard means hard: the slack of hard bounds is fixed at zero.
      for (const col of this.milp.elasticCols) this.upper0[col] = 0;
      this.log('every hard rule met');
    }
    this.bestX = x;
    this.bestObj = this.integral ? Math.round(objective) : objective;
    this.progress(phase);
  }

  private setBounds(lower: Float64Array, upper: Float64Array) {
    this.model.changeColsBounds({ kind: 'range', from: 0, to: lower.length - 1 }, lower, upper);
  }

  /**
   * First roster, one person at a time in a fixed order: the person's own rules are hard, those
   * not yet placed are kept off duty with their minimums switched off, cover is as it stands.
   */
  private construct(): boolean {
    const { E } = this.compiled;
    const ranges = personCols(this.compiled, this.milp);
    const rowLo = Float64Array.from(this.milp.model.rowLower as ArrayLike<number>);
    const rowHi = Float64Array.from(this.milp.model.rowUpper as ArrayLike<number>);
    const minRows: number[][] = Array.from({ length: E }, () => []);
    this.milp.rowKinds.forEach((k, r) => {
      if (k.staff !== undefined && (k.rule === 'minutesPerHorizon' || k.rule === 'shiftsPerType') && rowLo[r] > -Infinity) minRows[k.staff].push(r);
    });
    const relax = (e: number, on: boolean) => {
      for (const r of minRows[e]) this.model.changeRowBounds(r, on ? -Infinity : rowLo[r], rowHi[r]);
    };
    for (let e = 0; e < E; e++) relax(e, true);
    const lower = this.lower0.slice();
    const upper = this.upper0.slice();
    for (let col = 0; col < this.milp.numX; col++) upper[col] = 0;
    let x: Float64Array | null = null;
    for (let e = 0; e < E; e++) {
      if (this.mustStop()) break;
      const r = ranges[e];
      for (let col = r.from; col <= r.to; col++) {
        lower[col] = this.lower0[col];
        upper[col] = this.upper0[col];
      }
      relax(e, false);
      this.setBounds(lower, upper);
      const out = this.run({ nodes: SUB_MIP_NODES, seconds: SUB_MIP_SECONDS, start: null });
      if (out.x === null) {
        this.log(`construction: no schedule for ${this.compiled.staffIds[e]} (status ${out.status})`);
        for (let f = e + 1; f < E; f++) relax(f, false);
        this.setBounds(this.lower0, this.upper0);
        return false;
      }
      x = out.x;
      for (let col = r.from; col <= r.to; col++) {
        const v = Math.round(x[col]);
        lower[col] = v;
        upper[col] = v;
      }
    }
    this.setBounds(this.lower0, this.upper0);
    if (x === null || this.mustStop()) return false;
    // Re-solve with everyone fixed to get consistent auxiliary columns and the full objective.
    for (let col = 0; col < this.milp.numX; col++) lower[col] = upper[col] = Math.round(x[col]);
    this.setBounds(lower, upper);
    const full = this.run({ seconds: SUB_MIP_SECONDS, start: x });
    this.setBounds(this.lower0, this.upper0);
    if (full.x === null || !this.better(full.objective)) return false;
    this.accept(full.x, full.objective, 'initial');
    this.log(`constructed: ${this.realObjective(full.x, full.objective)} (elastic ${this.elasticUse(full.x)})`);
    return true;
  }

  /**
   * Large neighbourhood search: re-optimise k people's whole horizon at a time, the others fixed.
   * k grows (up to maxK) when `patience` steps in a row bring nothing; the search ends at maxK.
   */
  private improve(budget: { until: number; maxIterations: number; maxK: number }): void {
    const { E, D, S } = this.compiled;
    const ranges = personCols(this.compiled, this.milp);
    const maxK = Math.min(E, budget.maxK);
    let stall = 0;
    const patience = Math.max(8, E);
    while (this.iterations < budget.maxIterations && this.now() < budget.until && !this.mustStop()) {
      this.iterations++;
      const k = Math.min(this.k, E);
      const lower = this.lower0.slice();
      const upper = this.upper0.slice();
      // Every other step is focused: half the people are drawn from those who could fill a
      // requirement the incumbent leaves short (fixing a shortfall needs one of them to move).
      const short = this.iterations % 2 === 0 ? shortRows(this.milp, this.bestX!) : [];
      const able = short.length > 0 ? this.compiled.covers[short[Math.floor(this.random() * short.length)]].cells.map((cell) => Math.floor(cell / (D * S))) : [];
      const free = new Set(drawPeople(E, k, this.random, able, Math.ceil(k / 2)));
      for (let e = 0; e < E; e++) if (!free.has(e)) for (let col = ranges[e].from; col <= ranges[e].to; col++) lower[col] = upper[col] = Math.round(this.bestX![col]);
      this.setBounds(lower, upper);
      const out = this.run({ nodes: SUB_MIP_NODES, seconds: SUB_MIP_SECONDS, start: this.bestX });
      if (out.x !== null && this.better(out.objective)) {
        this.accept(out.x, out.objective, 'improve');
        this.log(`lns k=${k}: ${this.realObjective(out.x, out.objective)}`);
        stall = 0;
      } else {
        // An equally good, different roster is taken too: it moves the search along plateaus.
        if (out.x !== null && !this.better(out.objective) && !(out.objective > this.bestObj + this.tolerance())) this.bestX = out.x;
        if (++stall >= patience) {
          if (k >= maxK) break;
          this.k++;
          stall = 0;
        }
      }
    }
    this.setBounds(this.lower0, this.upper0);
  }

  /** The full model from the incumbent: proves optimality (or that no roster exists) or improves, for `seconds`. */
  private prove(seconds: number): boolean {
    const status = this.fullModel(seconds, this.bestX);
    return status === MS.infeasible || status === MS.optimal;
  }

  /**
   * Whether the incumbent is within the proven bound. (The bounds hold for the elastic objective
   * too: an incumbent that needs slack and meets the bound means no roster meets every hard rule.)
   */
  private provenByBound(): boolean {
    if (this.bestX === null || !Number.isFinite(this.bound)) return false;
    return this.bestObj - this.bound < (this.integral ? 1 - 1e-6 : 1e-6);
  }

  /** Takes a roster given as one schedule per person if it is better than the incumbent. */
  private adopt(schedules: Schedule[], phase: EngineProgress['phase']): boolean {
    const { D, S } = this.compiled;
    const lower = this.lower0.slice();
    const upper = this.upper0.slice();
    for (let col = 0; col < this.milp.numX; col++) lower[col] = upper[col] = 0;
    for (const sch of schedules)
      sch.shifts.forEach((s, d) => {
        if (s < 0) return;
        const col = this.milp.colOfCell[(sch.staff * D + d) * S + s];
        if (col >= 0) lower[col] = upper[col] = 1;
      });
    // With every shift fixed HiGHS only fills in the auxiliary columns (flows, slacks).
    this.setBounds(lower, upper);
    const out = this.run({ seconds: SUB_MIP_SECONDS, start: null });
    this.setBounds(this.lower0, this.upper0);
    if (out.x === null || !this.better(out.objective)) return false;
    this.accept(out.x, out.objective, phase);
    return true;
  }

  /**
   * The column generation phase: bound, dive, master MIP. Returns false when someone cannot have
   * any schedule under their own rules (then no roster exists).
   */
  private columnPhase(total: number): boolean {
    const cg = (this.cg = new ColumnGeneration(this.highs, this.compiled, {
      elasticPenalty: this.elasticPenalty,
      log: (l) => this.log(l),
      clock: () => this.now(),
      deterministic: this.options.deterministic,
    }));
    if (cg.findImpossible().length > 0) {
      this.impossible = cg.impossible.map((e) => this.compiled.staffIds[e]);
      return false;
    }
    const stop = () => this.mustStop();
    cg.generate(this.started + 0.35 * total, stop);
    if (cg.converged || Number.isFinite(cg.bound)) {
      this.bound = Math.max(this.bound, cg.provenBound());
      this.log(`column generation: bound ${cg.provenBound()} (lp ${cg.lp.toFixed(3)}, ${cg.iterations} rounds, ${cg.schedules.length} schedules)`);
      this.progress('initial');
    }
    if (this.compiled.fairness.length > 0) {
      // Then the dive runs inside fairness windows, and whatever it gives, the compact model
      // takes over: the master MIP over the schedules at hand crawls with fairness columns
      // (station month: 30 s from 164 to 144) while the compact model's proof and
      // neighbourhoods find the fair roster in seconds.
      this.fairDive(cg, total);
      return true;
    }
    // The dive gets most of the time: a finished dive is usually within a few units of the
    // optimum, while the compact model's proof and neighbourhoods rarely add to it.
    const dived = cg.dive(this.started + 0.8 * total, stop, this.started + 0.85 * total);
    if (dived !== null && this.adopt(dived, 'initial')) this.log(`dive: ${this.bestObj}`);
    if (this.provenByBound() || this.mustStop()) return true;
    // A short slice only: once it stalls, the neighbourhoods on the master (searchColumns) do better.
    const best = cg.mip(Math.min(this.started + 0.55 * total, this.now() + 0.15 * total), stop, this.bestX === null ? null : incumbentSchedules(this.compiled, this.milp, this.bestX));
    if (best !== null && this.adopt(best, 'improve')) this.log(`master MIP: ${this.bestObj}`);
    return true;
  }

  /**
   * A dive narrowed to fairness windows. Unnarrowed, fixing one person's schedule fixes their
   * counts while the LP still shares the nights out evenly in fractions, and every later fixing
   * pays for it: the dive drifts far from the bound. So each group's counts are held to the LP's
   * range rounded outwards, the pricing keeps to it, and the dive runs inside. A roster found
   * there that meets the bound is proven optimal.
   */
  private fairDive(cg: ColumnGeneration, total: number) {
    const counts = cg.lpCounts();
    if (counts === null || this.mustStop()) return;
    const windows = fairnessWindows(this.compiled, counts);
    this.log(`fairness windows: ${windows.map((w) => w.map((x) => `${x.metric} ${x.fewest}–${x.most}`).join(', ')).join('; ')}`);
    const stop = () => this.mustStop();
    const until = this.started + 0.5 * total;
    cg.narrow(windows);
    try {
      cg.generate(until, stop, DIVE_ROUNDS);
      const dived = cg.dive(until, stop, until + 0.05 * total);
      if (dived !== null && this.adopt(dived, 'initial')) this.log(`dive in the fairness windows: ${this.bestObj}`);
    } finally {
      cg.widen();
    }
  }

  /**
   * A post's month (a few people, one shift a day) with fairness terms is so small that HiGHS on
   * the full model proves it in a fraction of a second, before the column generation would have
   * priced its way to a roster. True when that settled it.
   */
  private fullModelFirst(total: number): boolean {
    if (this.compiled.fairness.length === 0 || this.milp.numX > SMALL_MODEL_CELLS) return false;
    return this.fullModel(Math.min(2, (0.2 * total) / 1000)) === MS.optimal && this.meetsHardRules();
  }

  /** HiGHS on the full model (from scratch, or from `start`) for `seconds`: keeps a better roster and the bound; returns the status. */
  private fullModel(seconds: number, start: Float64Array | null = null): number {
    this.setBounds(this.lower0, this.upper0);
    const out = this.run({ seconds, start, watch: true });
    this.log(`full model${start === null ? '' : ' from the incumbent'}: status ${out.status}, objective ${out.objective}, bound ${out.bound}`);
    if (out.x !== null && this.better(out.objective)) this.accept(out.x, out.objective, 'prove');
    if (Number.isFinite(out.bound)) this.bound = Math.max(this.bound, out.bound);
    return out.status;
  }

  /** Neighbourhoods on the column generation's master (columnSearch.ts) until `until`; true when that proved the roster. */
  private searchColumns(until: number, maxSteps: number): boolean {
    if (this.cg === null) return false;
    const out = searchColumns(this.cg, this.compiled, {
      incumbent: () => ({ schedules: incumbentSchedules(this.compiled, this.milp, this.bestX!), objective: this.bestObj }),
      adopt: (schedules) => this.adopt(schedules, 'improve'),
      until,
      clock: () => this.now(),
      shouldStop: () => this.mustStop() || this.provenByBound(),
      maxSteps: maxSteps - this.iterations,
      random: this.random,
      integral: this.integral,
      penalisedRows: () => penalisedRows(this.milp, this.bestX!),
      log: (l) => this.log(l),
    });
    this.iterations += out.steps;
    return this.provenByBound();
  }

  /** Whether the best roster so far meets every hard rule. */
  private meetsHardRules(): boolean {
    return this.bestX !== null && this.elasticUse(this.bestX) === 0;
  }

  solve(): EngineResult {
    let proven: boolean;
    this.progress('initial');
    const maxIterations = this.options.maxIterations ?? (this.options.deterministic ? DETERMINISTIC_ITERATIONS : Infinity);
    const total = this.deadline - this.started;
    if (this.fullModelFirst(total)) proven = true;
    else if (!this.columnPhase(total)) proven = true;
    else {
      // No roster meeting every hard rule yet: one built person by person (quick; the
      // neighbourhoods then even out the fairness terms), else HiGHS on the full model.
      if (!this.meetsHardRules() && !this.mustStop()) this.construct();
      if (!this.meetsHardRules() && !this.mustStop() && this.compiled.fairness.length > 0) this.fullModel(Math.min(0.5 * this.timeLeft(), 20));
      proven = this.provenByBound();
      // A first proof attempt on the full model (settles cases where the column bound is not
      // tight), then large neighbourhood search, then a last proof attempt with what is left.
      if (!proven && !this.mustStop()) proven = this.prove(Math.min(0.25 * this.timeLeft(), Math.max(10, (0.1 * total) / 1000))) || this.provenByBound();
      // (with fairness terms the master crawls, see columnPhase: the compact model's neighbourhoods do better)
      if (!proven && this.meetsHardRules() && this.compiled.fairness.length === 0 && !this.mustStop()) proven = this.searchColumns(this.started + 0.85 * total, maxIterations);
      if (!proven && this.bestX !== null && !this.mustStop()) {
        this.improve({ until: this.started + 0.92 * total, maxIterations, maxK: 8 });
        proven = this.provenByBound();
        if (!proven && !this.mustStop()) proven = this.prove(this.timeLeft()) || this.provenByBound();
      }
    }
    let optimal = proven && this.bestX !== null;
    let infeasible = proven && this.bestX === null;
    const iterations = this.iterations;
    const x = this.bestX;
    const meets = x !== null && this.elasticUse(x) === 0;
    if (x !== null && !meets && optimal) {
      // The cheapest roster with elastic slack needs slack: no roster meets every hard rule.
      infeasible = true;
      optimal = false;
    }
    // (+ 0 turns a rounded −0 into 0)
    const objective = meets ? Math.round(this.realObjective(x, this.bestObj) * 1e6) / 1e6 + 0 : null;
    return {
      status: infeasible ? 'infeasible' : meets ? (optimal ? 'optimal' : 'feasible') : 'noSolution',
      optimal: meets && optimal,
      objective,
      bound: meets && Number.isFinite(this.bound) ? (optimal ? objective : this.bound) : null,
      roster: x === null ? [] : this.toRoster(x),
      seconds: this.seconds(),
      stopped: this.stopped,
      coverShortfalls: x === null ? [] : shortfalls(this.compiled, this.milp, x),
      impossibleStaff: this.impossible,
      iterations,
    };
  }

  toRoster(x: Float64Array): Assignment[] {
    return rosterOf(this.compiled, this.milp, x);
  }
}

/** Solves a validated problem on the calling thread (use runner.ts to keep a thread free). */
export const solveOnThisThread = (highs: Highs, problem: RosterProblem, options: EngineOptions = {}): EngineResult => {
  const engine = new RosterEngine(highs, problem, options);
  try {
    return engine.solve();
  } finally {
    engine.dispose();
  }
};
