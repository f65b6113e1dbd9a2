/**
 * The plain model: HiGHS's branch and bound on the full MILP of the same rules, from scratch. The
 * runner races it against the column engine (solver.ts) in a second worker, because on some shapes
 * (long horizons with many wishes) HiGHS proves the optimum before the column phase has finished;
 * the benchmark measures the engine against it. It knows no elastic cover: when no roster meets the
 * hard rules it says only "infeasible", and the engine's own answer explains why.
 */
import type { Highs } from 'highs';
import type { RosterProblem } from '../../../shared/roster/model.js';
import { checkRoster } from './checker.js';
import { compile } from './compile.js';
import type { RosterSolveResult } from './index.js';
import { buildMilp, rosterOf } from './milp.js';
import type { EngineOptions } from './solver.js';

/** HiGHS model status codes used here. */
const OPTIMAL = 7;
const INFEASIBLE = 8;

export const solvePlain = (highs: Highs, problem: RosterProblem, options: EngineOptions = {}): RosterSolveResult => {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const compiled = compile(problem);
  const milp = buildMilp(compiled, { runs: 'rows' });
  const costs = Array.from(milp.model.colCost as ArrayLike<number>);
  const integral = costs.every((v) => Number.isInteger(v)) && Number.isInteger(milp.model.offset ?? 0);
  const model = highs.createModel(milp.model);
  // What a roster costs by the rules. HiGHS's own objective value overstates it until the search
  // ends: the auxiliary columns (fairness extremes, weekend indicators) need not be tight in a
  // solution that is not optimal.
  const costOf = (roster: ReturnType<typeof rosterOf>) => Math.round(checkRoster(problem, roster).objective * 1e6) / 1e6 + 0;
  let stopped = false;
  let objective = Infinity;
  let bound = -Infinity;
  const progress = () => {
    if (objective === Infinity) return options.onProgress?.({ phase: 'prove', seconds: seconds(), integral });
    const p = { phase: 'prove' as const, seconds: seconds(), objective, integral, bound: Number.isFinite(bound) ? bound : undefined };
    options.onProgress?.({ ...p, gap: p.bound === undefined ? undefined : objective === 0 ? 0 : Math.max(0, (objective - p.bound) / Math.abs(objective)) });
  };
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, options.timeLimitSeconds ?? 60),
      random_seed: 0,
      mip_rel_gap: 0,
      mip_abs_gap: integral ? 0.999 : 1e-6,
    });
    const cb = highs.constants.callbackType;
    model.run({
      [cb.mipInterrupt]: (ev) => {
        if (!stopped && options.shouldStop?.()) stopped = true;
        if (stopped) ev.interrupt();
      },
      [cb.mipImprovingSolution]: (ev) => {
        const x = ev.data.mip_solution;
        if (x === undefined || x.length !== milp.model.numCols) return;
        const cost = costOf(rosterOf(compiled, milp, x));
        if (cost < objective) {
          objective = cost;
          progress();
        }
      },
      [cb.mipLogging]: (ev) => {
        const b = ev.data.mip_dual_bound;
        if (b !== undefined && Number.isFinite(b) && b > bound) {
          bound = b;
          progress();
        }
      },
    });
    const status = model.getModelStatus();
    const hasSolution = Number(model.info.get('primal_solution_status')) === 2;
    const roster = hasSolution ? rosterOf(compiled, milp, model.getSolution().colValue) : [];
    const finalBound = Number(model.info.get('mip_dual_bound'));
    const optimal = status === OPTIMAL && hasSolution;
    const check = checkRoster(problem, roster);
    const value = hasSolution ? costOf(roster) : null;
    return {
      status: optimal ? 'optimal' : status === INFEASIBLE ? 'infeasible' : hasSolution ? 'feasible' : 'noSolution',
      optimal,
      objective: value,
      bound: optimal ? value : hasSolution && Number.isFinite(finalBound) ? finalBound : null,
      roster,
      seconds: seconds(),
      stopped,
      hardViolations: roster.length === 0 ? 0 : check.violations.length,
      violations: check.violations,
    };
  } finally {
    model.dispose();
  }
};
